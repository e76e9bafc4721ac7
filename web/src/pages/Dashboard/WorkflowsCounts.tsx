import { ApiCallError, apiGetAll } from '../../api';
import { errorWords } from '../../errors';
import type { Session } from '../../auth';
import { useLoad } from '../../load';
import { Panel } from './Panel';

/** A Workflows call the org refused with 403 is said as what it means: the admin's role lacks Workflows. */
async function workflowsCall<T>(session: Session, path: string): Promise<T[]> {
  try {
    return await apiGetAll<T>(session, path);
  } catch (err) {
    if (err instanceof ApiCallError && err.status === 403) {
      throw new Error(`You may not see Workflows: it needs a Super Admin or Workflows Administrator role, and the org refused the call (${errorWords(err)})`);
    }
    throw err;
  }
}

/** The flows that run (on) among all the org's flows (`GET /workflows/api/v1/flows`, every page). */
export function ActiveFlows({ session }: { session: Session }) {
  const flows = useLoad(async () => {
    const all = await workflowsCall<{ id: string; active: boolean }>(session, '/workflows/api/v1/flows?limit=200');
    return { active: all.filter((f) => f.active).length, total: all.length };
  });
  return (
    <Panel title="Active flows" load={flows} loading="Counting flows…" className="dash-small dash-flows" testId="panel-flows">
      {({ active, total }) => (
        <p className="big-number">
          <strong data-testid="active-flows">{active}</strong> <span className="muted">of {total} {total === 1 ? 'flow' : 'flows'} on</span>
        </p>
      )}
    </Panel>
  );
}

/** Workflows connection statuses (docs/workflows.md, Connections). */
const CONNECTION_STATUSES = [
  { status: 'ACTIVE', label: 'Active' },
  { status: 'PENDING', label: 'Pending consent' },
  { status: 'ERROR', label: 'Error' },
  { status: 'REVOKED', label: 'Revoked' },
] as const;

/** Workflows connections by status (`GET /workflows/api/v1/connections`, every page). */
export function ConnectionsByStatus({ session }: { session: Session }) {
  const counts = useLoad(async () => {
    const all = await workflowsCall<{ id: string; status: string }>(session, '/workflows/api/v1/connections?limit=200');
    const byStatus = new Map<string, number>();
    for (const c of all) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
    return byStatus;
  });
  return (
    <Panel title="Workflows connections" load={counts} loading="Counting connections…" className="dash-small dash-connections" testId="panel-connections">
      {(byStatus) => (
        <dl className="counts counts-4" data-testid="connection-counts">
          {CONNECTION_STATUSES.map(({ status, label }) => (
            <div key={status} className="count">
              <dt>{label}</dt>
              <dd data-connection-status={status}>{byStatus.get(status) ?? 0}</dd>
            </div>
          ))}
        </dl>
      )}
    </Panel>
  );
}
