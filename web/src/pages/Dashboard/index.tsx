import type { Session } from '../../auth';
import { EventsChart } from './EventsChart';
import { LatestFailures } from './LatestFailures';
import { UserCounts } from './UserCounts';
import { ActiveFlows, ConnectionsByStatus } from './WorkflowsCounts';

/**
 * The first page after sign-in: the org at a glance. Each panel asks its own question of the org and
 * shows its own loading state or error, so a slow or refused call never holds up the others.
 */
export function Dashboard({ session }: { session: Session }) {
  return (
    <main className="page">
      <h1>Dashboard</h1>
      <div className="dashboard">
        <UserCounts session={session} />
        <ActiveFlows session={session} />
        <ConnectionsByStatus session={session} />
        <EventsChart session={session} />
        <LatestFailures session={session} />
      </div>
    </main>
  );
}
