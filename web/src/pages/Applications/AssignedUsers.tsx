import { useEffect, useId, useState, type FormEvent } from 'react';
import { apiGet, apiGetAll, apiSend } from '../../api';
import { errorWords } from '../../errors';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { ServiceAccountBadge } from '../../components/ServiceAccountBadge';
import { displayName, type User } from '../../Shell';
import { appPath } from './app';
import { useChange } from '../../use-change';

/** A direct assignment as `/api/v1/apps/{id}/users` shows it (Okta's AppUser): `id` is the person's. */
interface AppUser {
  id: string;
  scope: string;
  credentials?: { userName?: string };
}

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; users: AppUser[] };
type Found = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; users: User[] };

/**
 * The people assigned to an app (only they may sign in to it): the list, unassign, and assign someone
 * found by name, login or email (`GET /api/v1/users?q=`).
 */
export function AssignedUsers({ session, appId, consoleApp }: { session: Session; appId: string; consoleApp: boolean }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ kind: 'idle' });
  const { busy, message, change } = useChange(reload);
  const ids = useId();

  async function reload(): Promise<void> {
    try {
      setState({ kind: 'done', users: await apiGetAll<AppUser>(session, `${appPath(appId)}/users?limit=200`) });
    } catch (err) {
      setState({ kind: 'error', message: errorWords(err) });
    }
  }
  useEffect(() => {
    void reload();
  }, [appId]); // once per app

  async function search(event: FormEvent): Promise<void> {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    setFound({ kind: 'loading' });
    try {
      const { body } = await apiGet<User[]>(session, `/api/v1/users?limit=10&q=${encodeURIComponent(q)}`);
      setFound({ kind: 'done', users: body });
    } catch (err) {
      setFound({ kind: 'error', message: errorWords(err) });
    }
  }

  const assigned = state.kind === 'done' ? new Set(state.users.map((u) => u.id)) : new Set<string>();
  return (
    <section className="panel" aria-labelledby={`${ids}-h`} data-testid="app-users">
      <h2 id={`${ids}-h`}>Assigned people</h2>
      <p className="muted">
        Only people assigned to the app can sign in to it{consoleApp ? ' (this is the console itself: unassigning someone stops their next sign-in to the console)' : ''}.
      </p>
      <div aria-live="polite">
        {state.kind === 'loading' && <p role="status">Loading the assigned people…</p>}
        {state.kind === 'error' && <p role="alert">{state.message}</p>}
        {state.kind === 'done' && state.users.length === 0 && <p>Nobody is assigned to this app.</p>}
        {state.kind === 'done' && state.users.length > 0 && (
          <ul className="item-list" data-testid="assigned-list">
            {state.users.map((u) => {
              const name = u.credentials?.userName ?? u.id;
              return (
                <li key={u.id} data-user-id={u.id}>
                  <ConsoleLink to={`/console/users/${encodeURIComponent(u.id)}`}>{name}</ConsoleLink>
                  <button type="button" className="secondary" disabled={busy} aria-label={`Unassign ${name}`} onClick={() => void change(() => apiSend(session, 'DELETE', `${appPath(appId)}/users/${encodeURIComponent(u.id)}`), `Unassigned ${name}.`)}>
                    Unassign
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <form className="inline-form" role="search" onSubmit={(e) => void search(e)}>
        <div className="field">
          <label htmlFor={`${ids}-q`}>Assign a person</label>
          <input id={`${ids}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, login or email" />
        </div>
        <button type="submit" className="secondary" disabled={query.trim() === ''}>
          Find
        </button>
      </form>
      <div aria-live="polite">
        {found.kind === 'loading' && <p role="status">Searching people…</p>}
        {found.kind === 'error' && <p role="alert">{found.message}</p>}
        {found.kind === 'done' && found.users.length === 0 && <p>No people match.</p>}
        {found.kind === 'done' && found.users.length > 0 && (
          <ul className="item-list" data-testid="assign-candidates">
            {found.users.map((user) => (
              <li key={user.id} data-user-id={user.id}>
                <span>
                  {displayName(user)} <ServiceAccountBadge user={user} /> <span className="muted">{user.profile.login}</span>
                </span>
                {assigned.has(user.id) ? (
                  <span className="muted">Assigned</span>
                ) : (
                  <button type="button" disabled={busy} aria-label={`Assign ${user.profile.login}`} onClick={() => void change(() => apiSend(session, 'POST', `${appPath(appId)}/users`, { id: user.id, scope: 'USER' }), `Assigned ${user.profile.login}.`)}>
                    Assign
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error form-message' : 'form-message'} data-testid="users-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
