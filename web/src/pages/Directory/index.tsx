import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { ApiCallError, apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ServiceAccountBadge } from '../../components/ServiceAccountBadge';
import { isPlainClick, navigate } from '../../router';
import { displayName, type User } from '../../Shell';

const STATUSES = ['ACTIVE', 'STAGED', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;

/** Okta's words for an error: errorSummary and causes when the org sent them, else the call's message. */
export function errorWords(err: unknown): string {
  if (err instanceof ApiCallError && err.status !== 401 && err.oktaMessages.length > 0) return err.oktaMessages.join(' ');
  return err instanceof Error ? err.message : 'Something went wrong.';
}

function follow(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (!isPlainClick(event)) return;
  event.preventDefault();
  navigate(to);
}

/** /console/users: the directory, searchable by name or login, filtered by status, 50 a page. */
export function Directory({ session, search }: { session: Session; search: URLSearchParams }) {
  const q = search.get('q') ?? '';
  const status = search.get('status') ?? '';
  const [query, setQuery] = useState(q);
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; users: User[]; next: string | undefined }>({ kind: 'loading' });
  const [more, setMore] = useState(false);

  useEffect(() => {
    let live = true;
    setQuery(q);
    setState({ kind: 'loading' });
    const params = new URLSearchParams({ limit: '50' });
    if (q && status) {
      // q= ignores filter=: both together are an Okta search expression (prefix on name, login, email).
      const value = JSON.stringify(q);
      const fields = ['profile.firstName', 'profile.lastName', 'profile.login', 'profile.email'].map((f) => `${f} sw ${value}`).join(' or ');
      params.set('search', `(${fields}) and status eq "${status}"`);
    } else if (q) params.set('q', q);
    else if (status) params.set('filter', `status eq "${status}"`);
    apiGet<User[]>(session, `/api/v1/users?${params}`).then(
      ({ body, next }) => live && setState({ kind: 'done', users: body, next }),
      (err: unknown) => live && setState({ kind: 'error', message: errorWords(err) }),
    );
    return () => {
      live = false;
    };
  }, [session, q, status]);

  function go(nextQ: string, nextStatus: string): void {
    const params = new URLSearchParams();
    if (nextQ) params.set('q', nextQ);
    if (nextStatus) params.set('status', nextStatus);
    const qs = params.toString();
    navigate(`/console/users${qs ? `?${qs}` : ''}`);
  }

  async function loadMore(): Promise<void> {
    if (state.kind !== 'done' || !state.next) return;
    setMore(true);
    try {
      const { body, next } = await apiGet<User[]>(session, state.next);
      setState({ kind: 'done', users: [...state.users, ...body], next });
    } catch (err) {
      setState({ kind: 'error', message: errorWords(err) });
    } finally {
      setMore(false);
    }
  }

  return (
    <main className="page">
      <h1>Directory</h1>
      <p>
        <a className="button-link" href="/console/users/new" onClick={(e) => follow(e, '/console/users/new')}>
          Create user
        </a>
      </p>
      <form
        className="panel directory-search"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          go(query.trim(), status);
        }}
      >
        <label>
          Search people
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, login or email" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => go(query.trim(), e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <section className="panel" aria-live="polite">
        {state.kind === 'loading' && <p role="status">Loading people…</p>}
        {state.kind === 'error' && <p role="alert">{state.message}</p>}
        {state.kind === 'done' && state.users.length === 0 && <p data-testid="users-empty">No people match.</p>}
        {state.kind === 'done' && state.users.length > 0 && (
          <table className="users" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Login</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {state.users.map((user) => (
                <tr key={user.id} data-user-id={user.id}>
                  <td>
                    <a href={`/console/users/${user.id}`} onClick={(e) => follow(e, `/console/users/${user.id}`)}>
                      {displayName(user)}
                    </a>{' '}
                    <ServiceAccountBadge user={user} />
                  </td>
                  <td>{user.profile.login}</td>
                  <td data-testid="user-status">{user.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state.kind === 'done' && state.next && (
          <button type="button" className="secondary" disabled={more} onClick={() => void loadMore()}>
            {more ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </main>
  );
}

type Action = 'suspend' | 'unsuspend' | 'deactivate' | 'delete' | 'clearSessions';

/** The lifecycle actions Okta offers for a status. */
function actionsFor(status: string): Action[] {
  switch (status) {
    case 'SUSPENDED':
      return ['unsuspend', 'deactivate', 'clearSessions'];
    case 'STAGED':
    case 'PROVISIONED':
      return ['deactivate'];
    case 'DEPROVISIONED':
      return ['delete'];
    default:
      return ['suspend', 'deactivate', 'clearSessions'];
  }
}

const ACTION_LABELS: Record<Action, string> = {
  suspend: 'Suspend',
  unsuspend: 'Unsuspend',
  deactivate: 'Deactivate',
  delete: 'Delete',
  clearSessions: 'Clear sessions',
};

/** Okta's confirmation wording for each action that needs one. */
function confirmation(action: Action, name: string): { title: string; text: string } {
  switch (action) {
    case 'suspend':
      return { title: 'Suspend person', text: `Are you sure you want to suspend ${name}? Suspended users cannot sign in, but keep their group and app assignments.` };
    case 'deactivate':
      return { title: 'Deactivate person', text: `Are you sure you want to deactivate ${name}? Deactivating a person removes them from all assigned apps and their access to them; their sessions end.` };
    case 'delete':
      return { title: 'Delete person', text: `Are you sure you want to permanently delete ${name}? This action cannot be undone.` };
    default:
      return { title: 'Clear user sessions', text: `Are you sure you want to clear all active sessions of ${name}? They will be signed out of Okta and will have to sign in again.` };
  }
}

interface Connection {
  id: string;
  nickname: string;
  status: string;
  usage?: { flows: { id: string; name: string; active: boolean }[] };
}

type Impact = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; connections: Connection[] };

/** /console/users/{id}: a person's profile, status and the lifecycle actions valid in it. */
export function UserDetail({ session, userId }: { session: Session; userId: string }) {
  const [user, setUser] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; value: User }>({ kind: 'loading' });
  const [pending, setPending] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function reload(): Promise<void> {
    try {
      const { body } = await apiGet<User>(session, `/api/v1/users/${encodeURIComponent(userId)}`);
      setUser({ kind: 'done', value: body });
    } catch (err) {
      setUser({ kind: 'error', message: errorWords(err) });
    }
  }
  useEffect(() => {
    void reload();
  }, [userId]); // reloads when the person changes

  async function run(action: Action, oauthTokens: boolean): Promise<void> {
    setPending(null);
    setBusy(true);
    setMessage(null);
    const base = `/api/v1/users/${encodeURIComponent(userId)}`;
    try {
      if (action === 'delete') await apiSend(session, 'DELETE', base);
      else if (action === 'clearSessions') await apiSend(session, 'DELETE', `${base}/sessions${oauthTokens ? '?oauthTokens=true' : ''}`);
      else await apiSend(session, 'POST', `${base}/lifecycle/${action}`);
      if (action === 'delete') {
        setMessage({ kind: 'ok', text: 'The person was deleted.' });
        setUser({ kind: 'error', message: 'This person no longer exists.' });
      } else {
        setMessage({ kind: 'ok', text: `${ACTION_LABELS[action]}: done.` });
        await reload();
      }
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page">
      <p>
        <a href="/console/users" onClick={(e) => follow(e, '/console/users')}>
          ← Directory
        </a>
      </p>
      {user.kind === 'loading' && <p role="status">Loading the person…</p>}
      {user.kind === 'error' && <p role="alert">{user.message}</p>}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} data-testid="action-result" className={message.kind === 'error' ? 'error' : undefined}>
          {message.text}
        </p>
      )}
      {user.kind === 'done' && (
        <>
          <h1>
            {displayName(user.value)} <ServiceAccountBadge user={user.value} />
          </h1>
          <section className="panel">
            <h2>Profile</h2>
            <dl className="profile">
              <dt>Status</dt>
              <dd data-testid="detail-status">{user.value.status}</dd>
              {Object.entries(user.value.profile).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value == null ? '' : String(value)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="panel">
            <h2>Actions</h2>
            <div className="actions">
              {actionsFor(user.value.status).map((action) => (
                <button key={action} type="button" className={action === 'unsuspend' ? undefined : 'secondary'} disabled={busy} onClick={() => (action === 'unsuspend' ? void run(action, false) : setPending(action))}>
                  {ACTION_LABELS[action]}
                </button>
              ))}
            </div>
          </section>
          {pending && <ConfirmDialog session={session} action={pending} user={user.value} onCancel={() => setPending(null)} onConfirm={(oauthTokens) => void run(pending, oauthTokens)} />}
        </>
      )}
    </main>
  );
}

/**
 * The confirmation before an action that would break a Workflows connection this person authorized:
 * Okta's wording, then the connections and the active flows that use them.
 */
function ConfirmDialog({ session, action, user, onCancel, onConfirm }: { session: Session; action: Action; user: User; onCancel: () => void; onConfirm: (oauthTokens: boolean) => void }) {
  const [impact, setImpact] = useState<Impact>({ kind: 'loading' });
  const [oauthTokens, setOauthTokens] = useState(true);
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  const { title, text } = confirmation(action, displayName(user));

  useEffect(() => {
    opener.current = document.activeElement;
    cancel.current?.focus();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);

  useEffect(() => {
    let live = true;
    apiGet<Connection[]>(session, `/workflows/api/v1/connections?authorizedBy=${encodeURIComponent(user.id)}`).then(
      ({ body }) => live && setImpact({ kind: 'done', connections: body }),
      (err: unknown) => live && setImpact({ kind: 'error', message: errorWords(err) }),
    );
    return () => {
      live = false;
    };
  }, [session, user.id]);

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    // Keep Tab inside the dialog.
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button, a[href], input')].filter((e) => !e.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const affected = impact.kind === 'done' ? impact.connections.filter((c) => c.status !== 'DELETED') : [];
  return (
    <div className="backdrop">
      <div className="dialog panel" role="dialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text" ref={dialog} onKeyDown={onKeyDown} data-testid="confirm-dialog">
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-text">{text}</p>
        {action === 'clearSessions' && (
          <label className="check">
            <input type="checkbox" checked={oauthTokens} onChange={(e) => setOauthTokens(e.target.checked)} /> Also revoke OAuth tokens
          </label>
        )}
        <section aria-live="polite" className="impact" data-testid="impact">
          {impact.kind === 'loading' && <p role="status">Checking the Workflows connections this person authorized…</p>}
          {impact.kind === 'error' && <p data-testid="impact-error">Could not check the Workflows connections this person authorized ({impact.message}). You can still go ahead.</p>}
          {impact.kind === 'done' && affected.length === 0 && <p data-testid="impact-none">This person authorized no Workflows connections.</p>}
          {impact.kind === 'done' && affected.length > 0 && (
            <div className="warning" role="alert">
              <p>
                <strong>
                  {affected.length === 1 ? 'A Workflows connection' : `${affected.length} Workflows connections`} authorized by this person will stop working
                </strong>{' '}
                (the org will refuse their tokens with 401 or 403), and so will the active flows that use {affected.length === 1 ? 'it' : 'them'}:
              </p>
              <ul data-testid="impact-list">
                {affected.map((c) => {
                  const active = (c.usage?.flows ?? []).filter((f) => f.active);
                  return (
                    <li key={c.id} data-connection-id={c.id}>
                      <strong className="connection-nickname">{c.nickname}</strong> ({c.status})
                      {active.length > 0 ? (
                        <ul>
                          {active.map((f) => (
                            <li key={f.id} className="flow-name">
                              {f.name}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <> — no active flow uses it.</>
                      )}
                    </li>
                  );
                })}
              </ul>
              <p>
                Reauthorize {affected.length === 1 ? 'it' : 'them'} with a service account first: <a href={`/console/workflows/connections?authorizedBy=${encodeURIComponent(user.id)}`}>Reauthorize with a service account</a>.
              </p>
            </div>
          )}
        </section>
        <div className="actions">
          <button type="button" className="secondary" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => onConfirm(oauthTokens)}>
            {ACTION_LABELS[action]}
          </button>
        </div>
      </div>
    </div>
  );
}
