import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api';
import type { Session } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConsoleLink } from '../../components/ConsoleLink';
import { Loaded } from '../../components/Loaded';
import { errorWords } from '../../errors';
import { useLoad } from '../../load';
import { displayName, type User } from '../../Shell';
import { formatTime } from '../../format-time';
import type { ApiToken } from './api-token';
import { NewToken } from './NewToken';

/** A token expires after `tokenWindow` (P30D) without use, so its last use is that long before `expiresAt`. */
const WINDOW_MS = 30 * 24 * 60 * 60_000;
const lastUsed = (t: ApiToken) => (t.tokenWindow === 'P30D' ? new Date(Date.parse(t.expiresAt) - WINDOW_MS).toISOString() : undefined);

/**
 * /console/api-tokens: the org's SSWS API tokens (`GET /api/v1/api-tokens`; an admin without
 * `apiTokens.manage` sees their own), creating one (`POST`, Keyflow's extension: the value is in that
 * answer only) and revoking one (`DELETE /api/v1/api-tokens/{id}`).
 */
export function ApiTokens({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const tokens = useLoad(async () => {
    const { body } = await apiGet<ApiToken[]>(session, '/api/v1/api-tokens');
    // Owners by name; a deleted owner's id is shown as it is.
    const owners = new Map<string, string>();
    await Promise.all(
      [...new Set(body.map((t) => t.userId))].map(async (id) => {
        try {
          owners.set(id, displayName((await apiGet<User>(session, `/api/v1/users/${encodeURIComponent(id)}`)).body));
        } catch {
          owners.set(id, id);
        }
      }),
    );
    return body.map((t) => ({ ...t, owner: owners.get(t.userId) ?? t.userId }));
  }, [version]);
  const [created, setCreated] = useState<ApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function revoke(token: ApiToken): Promise<void> {
    setRevoking(null);
    setMessage(null);
    try {
      await apiSend(session, 'DELETE', `/api/v1/api-tokens/${encodeURIComponent(token.id)}`);
      setMessage({ kind: 'ok', text: `${token.name}: revoked.` });
      if (created?.id === token.id) setCreated(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setMessage({ kind: 'error', text: errorWords(err) });
    }
  }

  return (
    <main className="page">
      <h1>API tokens</h1>
      <p className="muted">
        An API token (<code>Authorization: SSWS …</code>) acts with its owner's admin roles. It expires after 30 days without use and ends when its owner is deactivated.
      </p>
      <CreateToken
        session={session}
        onCreated={(token) => {
          setCreated(token);
          setMessage(null);
          setVersion((v) => v + 1);
        }}
      />
      {created && <NewToken token={created} onDismiss={() => setCreated(null)} />}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={`result ${message.kind === 'error' ? 'error' : ''}`} data-testid="tokens-result">
          {message.text}
        </p>
      )}
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        <Loaded state={tokens} loading="Loading API tokens…">
          {(list) =>
            list.length === 0 ? (
              <p className="muted" data-testid="tokens-empty">
                No API tokens.
              </p>
            ) : (
              <table className="users stacked" data-testid="tokens-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expires</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((t) => {
                    const used = lastUsed(t);
                    return (
                      <tr key={t.id} data-token-id={t.id}>
                        <td data-label="Name">{t.name}</td>
                        <td data-label="Owner">
                          <ConsoleLink to={`/console/users/${t.userId}`}>{t.owner}</ConsoleLink>
                        </td>
                        <td data-label="Created">{formatTime(t.created)}</td>
                        <td data-label="Last used">{used ? formatTime(used) : ''}</td>
                        <td data-label="Expires">{formatTime(t.expiresAt)}</td>
                        <td>
                          <button type="button" className="secondary" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                            Revoke
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
      {revoking && (
        <ConfirmDialog
          title="Revoke token"
          text={`Are you sure you want to revoke the token ${revoking.name}? Any application using it will no longer be able to call the org's API. This cannot be undone.`}
          confirmLabel="Revoke token"
          onCancel={() => setRevoking(null)}
          onConfirm={() => void revoke(revoking)}
        />
      )}
    </main>
  );
}

function CreateToken({ session, onCreated }: { session: Session; onCreated: (token: ApiToken) => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const token = await apiSend<ApiToken>(session, 'POST', '/api/v1/api-tokens', { name: name.trim() });
      if (token) onCreated(token);
      setName('');
    } catch (err) {
      setError(errorWords(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel inline-form" onSubmit={(e) => void create(e)} noValidate>
      <label>
        Token name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'token-error' : undefined} />
      </label>
      <button type="submit" disabled={busy}>
        Create token
      </button>
      {error && (
        <p role="alert" id="token-error" className="search-error">
          {error}
        </p>
      )}
    </form>
  );
}
