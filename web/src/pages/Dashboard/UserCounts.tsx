import { apiGetAll } from '../../api';
import type { Session } from '../../auth';
import { useLoad } from '../../load';
import type { User } from '../../Shell';
import { Panel } from './Panel';

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

/** A service account: a user whose Keyflow profile attribute `keyflowServiceAccount` is true. */
const isServiceAccount = (user: User) => user.profile.keyflowServiceAccount === true;

/** People by status; service accounts, which are users too, counted on their own. */
export function UserCounts({ session }: { session: Session }) {
  const counts = useLoad(async () => {
    // Okta leaves deactivated users out of an unfiltered list: ask for them separately.
    const [listed, deactivated] = await Promise.all([
      apiGetAll<User>(session, '/api/v1/users?limit=200'),
      apiGetAll<User>(session, `/api/v1/users?limit=200&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`),
    ]);
    const byStatus = new Map<string, number>();
    const seen = new Set<string>();
    let people = 0;
    let serviceAccounts = 0;
    for (const user of [...listed, ...deactivated]) {
      if (seen.has(user.id)) continue;
      seen.add(user.id);
      if (isServiceAccount(user)) {
        serviceAccounts += 1;
        continue;
      }
      people += 1;
      byStatus.set(user.status, (byStatus.get(user.status) ?? 0) + 1);
    }
    return { people, serviceAccounts, byStatus };
  });

  return (
    <Panel title="People by status" load={counts} loading="Counting users…" className="dash-users" testId="panel-users">
      {({ people, serviceAccounts, byStatus }) => (
        <>
          <p>
            <strong data-testid="user-total">{people}</strong> {people === 1 ? 'person' : 'people'} in the org, and <strong data-testid="service-account-total">{serviceAccounts}</strong>{' '}
            {serviceAccounts === 1 ? 'service account' : 'service accounts'}
          </p>
          <dl className="counts" data-testid="user-counts">
            {STATUSES.map((status) => (
              <div key={status} className="count">
                <dt>{STATUS_LABELS[status]}</dt>
                <dd data-status={status}>{byStatus.get(status) ?? 0}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </Panel>
  );
}
