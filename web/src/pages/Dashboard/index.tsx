import { useEffect, useState } from 'react';
import { ApiCallError, apiGet, apiGetAll } from '../../api';
import { startOver, type Session } from '../../auth';

interface User {
  id: string;
  status: string;
  profile: { firstName?: string; lastName?: string; login: string };
}

interface Role {
  type: string;
  label?: string;
}

/** Okta's user statuses, in the order the Admin Console lists them. */
const STATUSES = ['ACTIVE', 'STAGED', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;

const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  ACTIVE: 'Active',
  STAGED: 'Staged',
  PROVISIONED: 'Pending activation',
  RECOVERY: 'Password reset',
  PASSWORD_EXPIRED: 'Password expired',
  LOCKED_OUT: 'Locked out',
  SUSPENDED: 'Suspended',
  DEPROVISIONED: 'Deactivated',
};

type Load<T> = { kind: 'loading' } | { kind: 'error'; message: string; signedOut: boolean } | { kind: 'done'; value: T };

function useLoad<T>(load: () => Promise<T>): Load<T> {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ kind: 'done', value }),
      (err: unknown) => live && setState({ kind: 'error', message: err instanceof Error ? err.message : 'Something went wrong.', signedOut: err instanceof ApiCallError && err.status === 401 }),
    );
    return () => {
      live = false;
    };
  }, []); // once per mount: the page loads its data when shown
  return state;
}

/** The first page after sign-in: who is signed in, and the directory at a glance. */
export function Dashboard({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const me = useLoad(async () => {
    const { body: user } = await apiGet<User>(session, '/api/v1/users/me');
    const { body: roles } = await apiGet<Role[]>(session, `/api/v1/users/${encodeURIComponent(user.id)}/roles`);
    return { user, roles };
  });
  const counts = useLoad(async () => {
    // Okta leaves deactivated users out of an unfiltered list: ask for them separately.
    const [listed, deactivated] = await Promise.all([
      apiGetAll<User>(session, '/api/v1/users?limit=200'),
      apiGetAll<User>(session, `/api/v1/users?limit=200&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`),
    ]);
    const byStatus = new Map<string, number>();
    const seen = new Set<string>();
    for (const user of [...listed, ...deactivated]) {
      if (seen.has(user.id)) continue;
      seen.add(user.id);
      byStatus.set(user.status, (byStatus.get(user.status) ?? 0) + 1);
    }
    return { total: seen.size, byStatus };
  });

  return (
    <>
      <header className="topbar">
        <span className="brand">Keyflow Console</span>
        <div className="who" aria-live="polite">
          {me.kind === 'loading' && <span>Loading your profile…</span>}
          {me.kind === 'error' && <span role="alert">{me.message}</span>}
          {me.kind === 'done' && (
            <>
              <span className="name" data-testid="admin-name">{displayName(me.value.user)}</span>
              <span className="role" data-testid="admin-role">{me.value.roles.map((r) => r.label ?? r.type).join(', ') || 'No admin role'}</span>
            </>
          )}
        </div>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="page">
        <h1>Dashboard</h1>
        {(me.kind === 'error' && me.signedOut) || (counts.kind === 'error' && counts.signedOut) ? (
          <p className="notice">
            <button type="button" onClick={startOver}>
              Sign in again
            </button>
          </p>
        ) : null}
        <section aria-labelledby="users-heading" className="panel">
          <h2 id="users-heading">Users by status</h2>
          {counts.kind === 'loading' && <p role="status">Counting users…</p>}
          {counts.kind === 'error' && <p role="alert">{counts.message}</p>}
          {counts.kind === 'done' && (
            <>
              <p>
                <strong data-testid="user-total">{counts.value.total}</strong> {counts.value.total === 1 ? 'user' : 'users'} in the org
              </p>
              <dl className="counts" data-testid="user-counts">
                {STATUSES.map((status) => (
                  <div key={status} className="count">
                    <dt>{STATUS_LABELS[status]}</dt>
                    <dd data-status={status}>{counts.value.byStatus.get(status) ?? 0}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </section>
      </main>
    </>
  );
}

function displayName(user: User): string {
  const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
  return name || user.profile.login;
}
