import { useEffect, useState, type FormEvent } from 'react';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { ServiceAccountBadge } from '../../components/ServiceAccountBadge';
import { usePagedList } from '../../paged-list';
import { navigate } from '../../router';
import { displayName, type User } from '../../Shell';

export { UserDetail } from './UserDetail';
export { UserEdit } from './UserEdit';

const STATUSES = ['ACTIVE', 'STAGED', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;

/** /console/users: the directory, searchable by name or login, filtered by status, 50 a page. */
export function Directory({ session, search }: { session: Session; search: URLSearchParams }) {
  const q = search.get('q') ?? '';
  const status = search.get('status') ?? '';
  const [query, setQuery] = useState(q);
  const params = new URLSearchParams({ limit: '50' });
  if (q && status) {
    // q= ignores filter=: both together are an Okta search expression (prefix on name, login, email).
    const value = JSON.stringify(q);
    const fields = ['profile.firstName', 'profile.lastName', 'profile.login', 'profile.email'].map((f) => `${f} sw ${value}`).join(' or ');
    params.set('search', `(${fields}) and status eq "${status}"`);
  } else if (q) params.set('q', q);
  else if (status) params.set('filter', `status eq "${status}"`);
  const { state, more, loadMore } = usePagedList<User>(session, `/api/v1/users?${params}`);
  useEffect(() => setQuery(q), [q]);

  function go(nextQ: string, nextStatus: string): void {
    const params = new URLSearchParams();
    if (nextQ) params.set('q', nextQ);
    if (nextStatus) params.set('status', nextStatus);
    const qs = params.toString();
    navigate(`/console/users${qs ? `?${qs}` : ''}`);
  }

  return (
    <main className="page">
      <h1>Directory</h1>
      <p>
        <ConsoleLink className="button-link" to="/console/users/new">
          Create user
        </ConsoleLink>
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
        {state.kind === 'done' && state.items.length === 0 && <p data-testid="users-empty">No people match.</p>}
        {state.kind === 'done' && state.items.length > 0 && (
          <table className="users" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Login</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((user) => (
                <tr key={user.id} data-user-id={user.id}>
                  <td>
                    <ConsoleLink to={`/console/users/${user.id}`}>{displayName(user)}</ConsoleLink>{' '}
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
