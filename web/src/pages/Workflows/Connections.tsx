import { useEffect, useState, type FormEvent } from 'react';
import { ApiCallError, apiGet } from '../../api';
import type { Session } from '../../auth';
import { errorWords } from '../../errors';
import { followLink } from '../../router';
import { displayName, type User } from '../../Shell';
import { ConnectionCard, type Authorizer, type CardAction } from './ConnectionCard';
import { CREATE_SERVICE_ACCOUNT, DeleteDialog, IdentityWarning, ReauthorizeDialog, RenameDialog, goToConsent } from './ConnectionDialogs';
import { createConnection, listConnections, type Connection } from './connection-api';
import { WorkflowsNav } from './WorkflowsNav';

const PAGE = '/console/workflows/connections';

type List = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; connections: Connection[] };

/**
 * /console/workflows/connections: the Workflows engine's Okta connections (docs/workflows.md), each
 * with its status in words, the person it acts as (marked when a service account), its scopes and the
 * flows using it; New connection, Test, Reauthorize, Rename, Delete. `?authorizedBy=<userId>` shows
 * only the connections that person authorized (the Directory's impact dialog links here that way).
 */
export function Connections({ session, search }: { session: Session; search: URLSearchParams }) {
  const authorizedBy = search.get('authorizedBy') ?? '';
  const [list, setList] = useState<List>({ kind: 'loading' });
  const [authorizers, setAuthorizers] = useState<Record<string, Authorizer>>({});
  const [dialog, setDialog] = useState<{ action: CardAction; connection: Connection } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setList({ kind: 'loading' });
    listConnections(session, authorizedBy || undefined).then(
      (connections) => live && setList({ kind: 'done', connections }),
      (err: unknown) => live && setList({ kind: 'error', message: errorWords(err) }),
    );
    return () => {
      live = false;
    };
  }, [session, authorizedBy]);

  // The people connections act as (and the filter's person), for names and service-account badges.
  // Only connections to this org: another org's users are not in this directory.
  const userIds = new Set<string>(authorizedBy ? [authorizedBy] : []);
  if (list.kind === 'done') for (const c of list.connections) if (c.authorizedBy && sameOrg(c.orgUrl)) userIds.add(c.authorizedBy.userId);
  const wanted = [...userIds].filter((id) => !(id in authorizers)).sort().join(',');
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void Promise.all(
      wanted.split(',').map(async (id): Promise<[string, Authorizer]> => {
        try {
          return [id, (await apiGet<User>(session, `/api/v1/users/${encodeURIComponent(id)}`)).body];
        } catch (err) {
          return [id, err instanceof ApiCallError && err.status === 404 ? 'missing' : undefined];
        }
      }),
    ).then((found) => live && setAuthorizers((known) => ({ ...known, ...Object.fromEntries(found) })));
    return () => {
      live = false;
    };
  }, [session, wanted]);

  function replace(updated: Connection): void {
    setList((l) => (l.kind === 'done' ? { kind: 'done', connections: l.connections.map((c) => (c.id === updated.id ? updated : c)) } : l));
  }

  const person = authorizers[authorizedBy];
  const personName = person && person !== 'missing' ? displayName(person) : authorizedBy;

  return (
    <main className="page">
      <h1>Workflows</h1>
      <WorkflowsNav current={PAGE} />
      <NewConnection session={session} />
      <section className="panel" aria-labelledby="connections-heading">
        <div className="results-head">
          <h2 id="connections-heading">{authorizedBy ? `Connections authorized by ${personName}` : 'Connections'}</h2>
          <div className="actions">
            <a className="button-link" href={CREATE_SERVICE_ACCOUNT} onClick={(e) => followLink(e, CREATE_SERVICE_ACCOUNT)}>
              Create a service account
            </a>
          </div>
        </div>
        {authorizedBy && (
          <p className="filter-note" data-testid="authorized-by-filter">
            Only the connections {personName} authorized: the ones that stop working if they are suspended, deactivated or deleted.
            Reauthorize each as a service account to move it off them.{' '}
            <a href={PAGE} onClick={(e) => followLink(e, PAGE)}>
              Show all connections
            </a>
          </p>
        )}
        {notice && (
          <p role="status" data-testid="connections-notice">
            {notice}
          </p>
        )}
        <div aria-live="polite">
          {list.kind === 'loading' && <p role="status">Loading connections…</p>}
          {list.kind === 'error' && <p role="alert">{list.message}</p>}
          {list.kind === 'done' && list.connections.length === 0 && (
            <p data-testid="connections-empty">{authorizedBy ? `${personName} authorized no connections.` : 'No connections yet. Create one above.'}</p>
          )}
        </div>
      </section>
      {list.kind === 'done' &&
        list.connections.map((c) => (
          <ConnectionCard
            key={c.id}
            session={session}
            connection={c}
            authorizer={c.authorizedBy ? authorizers[c.authorizedBy.userId] : undefined}
            onChanged={replace}
            onAction={(action) => {
              setNotice(null);
              setDialog({ action, connection: c });
            }}
          />
        ))}
      {dialog?.action === 'reauthorize' && <ReauthorizeDialog session={session} connection={dialog.connection} onClose={() => setDialog(null)} />}
      {dialog?.action === 'rename' && (
        <RenameDialog
          session={session}
          connection={dialog.connection}
          onClose={() => setDialog(null)}
          onRenamed={(c) => {
            replace(c);
            setDialog(null);
            setNotice(`Renamed to ${c.nickname}.`);
          }}
        />
      )}
      {dialog?.action === 'delete' && (
        <DeleteDialog
          session={session}
          connection={dialog.connection}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            const gone = dialog.connection;
            setList((l) => (l.kind === 'done' ? { kind: 'done', connections: l.connections.filter((c) => c.id !== gone.id) } : l));
            setDialog(null);
            setNotice(`${gone.nickname} was deleted.`);
          }}
        />
      )}
    </main>
  );
}

/** New connection: a nickname, then the org's sign-in and consent in this tab. */
function NewConnection({ session }: { session: Session }) {
  const [nickname, setNickname] = useState('');
  const [signInAgain, setSignInAgain] = useState(false);
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setState({ busy: true });
    try {
      const created = await createConnection(session, nickname);
      goToConsent(created.authorizeUrl, signInAgain);
    } catch (err) {
      setState({ busy: false, error: errorWords(err) });
    }
  }

  return (
    <form className="panel new-connection" onSubmit={(e) => void submit(e)} aria-labelledby="new-connection-heading">
      <h2 id="new-connection-heading">New connection</h2>
      <IdentityWarning />
      <div className="field new-connection-nickname">
        <label htmlFor="connection-nickname">Nickname</label>
        <input id="connection-nickname" value={nickname} maxLength={100} placeholder="Okta (svc-workflows)" onChange={(e) => setNickname(e.target.value)} aria-invalid={state.error ? true : undefined} aria-describedby={state.error ? 'new-connection-error' : undefined} />
      </div>
      {state.error && (
        <p role="alert" id="new-connection-error" className="field-error">
          {state.error}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={signInAgain} onChange={(e) => setSignInAgain(e.target.checked)} /> Sign in as another account (a
        service account) rather than as you
      </label>
      <button type="submit" disabled={state.busy}>
        {state.busy ? 'Creating…' : 'Create and authorize'}
      </button>
    </form>
  );
}

/** Whether a connection points at this org (its authorizer is then in this directory). */
function sameOrg(orgUrl: string): boolean {
  try {
    return new URL(orgUrl).origin === location.origin;
  } catch {
    return false;
  }
}
