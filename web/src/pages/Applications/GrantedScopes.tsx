import { useEffect, useId, useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api';
import { errorWords } from '../../errors';
import type { Session } from '../../auth';
import { appPath } from './app';
import { useChange } from '../../use-change';

interface ScopeGrant {
  id: string;
  scopeId: string;
  created: string;
}

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; grants: ScopeGrant[] };

/**
 * The `okta.*` (and `keyflow.workflows.*`) scopes granted to an app (`/api/v1/apps/{id}/grants`): a
 * token of the app can carry only these. Grant one by its id, revoke one. `suggestions` fill the
 * field's list (the scopes the console itself uses); any other scope id may be typed.
 */
export function GrantedScopes({ session, appId, issuer, suggestions }: { session: Session; appId: string; issuer: string; suggestions: readonly string[] }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [scopeId, setScopeId] = useState('');
  const { busy, message, change } = useChange(reload);
  const ids = useId();

  async function reload(): Promise<void> {
    try {
      const { body } = await apiGet<ScopeGrant[]>(session, `${appPath(appId)}/grants`);
      setState({ kind: 'done', grants: [...body].sort((a, b) => a.scopeId.localeCompare(b.scopeId)) });
    } catch (err) {
      setState({ kind: 'error', message: errorWords(err) });
    }
  }
  useEffect(() => {
    void reload();
  }, [appId]); // once per app

  function grant(event: FormEvent): void {
    event.preventDefault();
    const id = scopeId.trim();
    if (!id) return;
    void change(() => apiSend(session, 'POST', `${appPath(appId)}/grants`, { scopeId: id, issuer }), `Granted ${id}.`).then((ok) => ok && setScopeId(''));
  }

  const granted = state.kind === 'done' ? new Set(state.grants.map((g) => g.scopeId)) : new Set<string>();
  return (
    <section className="panel" aria-labelledby={`${ids}-h`} data-testid="app-scopes">
      <h2 id={`${ids}-h`}>Granted scopes</h2>
      <p className="muted">A token of this app can carry only the Okta API scopes granted here; what it may do is still bounded by the signed-in person's admin roles.</p>
      <div aria-live="polite">
        {state.kind === 'loading' && <p role="status">Loading the granted scopes…</p>}
        {state.kind === 'error' && <p role="alert">{state.message}</p>}
        {state.kind === 'done' && state.grants.length === 0 && <p>No Okta API scope is granted to this app.</p>}
        {state.kind === 'done' && state.grants.length > 0 && (
          <ul className="item-list" data-testid="scope-list">
            {state.grants.map((g) => (
              <li key={g.id} data-scope={g.scopeId}>
                <code>{g.scopeId}</code>
                <button type="button" className="secondary" disabled={busy} aria-label={`Revoke ${g.scopeId}`} onClick={() => void change(() => apiSend(session, 'DELETE', `${appPath(appId)}/grants/${encodeURIComponent(g.id)}`), `Revoked ${g.scopeId}.`)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form className="inline-form" onSubmit={grant}>
        <div className="field">
          <label htmlFor={`${ids}-scope`}>Grant a scope</label>
          <input id={`${ids}-scope`} list={`${ids}-scopes`} value={scopeId} onChange={(e) => setScopeId(e.target.value)} placeholder="okta.users.read" autoComplete="off" spellCheck={false} aria-describedby={message ? `${ids}-msg` : undefined} />
          <datalist id={`${ids}-scopes`}>
            {suggestions
              .filter((s) => !granted.has(s))
              .map((s) => (
                <option key={s} value={s} />
              ))}
          </datalist>
        </div>
        <button type="submit" disabled={busy || scopeId.trim() === ''}>
          Grant
        </button>
      </form>
      {message && (
        <p id={`${ids}-msg`} role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error form-message' : 'form-message'} data-testid="scopes-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
