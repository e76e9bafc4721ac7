import { apiGetAll } from '../../api';
import type { Session } from '../../auth';
import { useLoad } from '../../load';
import type { User } from '../../Shell';

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

/** The first page after sign-in: who is signed in, and the directory at a glance. */
export function Dashboard({ session }: { session: Session }) {
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
    <main className="page">
      <h1>Dashboard</h1>
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
  );
}
