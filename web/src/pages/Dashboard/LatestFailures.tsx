import { apiGet } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { useLoad } from '../../load';
import { shortTime } from '../../logEvents';
import { Panel } from './Panel';

const FAILURES = 'outcome.result eq "FAILURE"';

interface FailedEvent {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage?: string | null;
  actor?: { displayName?: string | null; alternateId?: string | null } | null;
  outcome?: { reason?: string | null } | null;
}

/** Who acted, as the System Log names them: an unknown login is displayName "unknown" with the login typed as alternateId. */
function actorOf(e: FailedEvent): string {
  const { displayName, alternateId } = e.actor ?? {};
  if (displayName && alternateId && displayName !== alternateId) return `${displayName} (${alternateId})`;
  return displayName || alternateId || 'unknown actor';
}

/** Where the System Log page shows `filter` over the last 7 days (the window this panel reads). */
const logsLink = (filter: string) => `/console/logs?${new URLSearchParams({ filter, since: '7d' })}`;

/** The 10 newest failed events of the last 7 days (the API's default window), each opening in the System Log. */
export function LatestFailures({ session }: { session: Session }) {
  const failures = useLoad(async () => {
    const params = new URLSearchParams({ filter: FAILURES, sortOrder: 'DESCENDING', limit: '10' });
    return (await apiGet<FailedEvent[]>(session, `/api/v1/logs?${params}`)).body;
  });
  return (
    <Panel title="Latest failures" load={failures} loading="Reading the latest failures…" className="dash-failures" testId="panel-failures">
      {(events) => (
        <>
          {events.length === 0 ? (
            <p>No event failed in the last 7 days.</p>
          ) : (
            <ol className="failures" data-testid="failure-list">
              {events.map((e) => (
                <li key={e.uuid} data-uuid={e.uuid}>
                  <ConsoleLink to={logsLink(`uuid eq "${e.uuid}"`)} className="failure-message">
                    {e.displayMessage || e.eventType}
                  </ConsoleLink>
                  <span className="muted failure-meta">
                    {shortTime(Date.parse(e.published))} · {actorOf(e)}
                    {e.outcome?.reason ? ` · ${e.outcome.reason}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
          <p className="more">
            <ConsoleLink to={logsLink(FAILURES)} data-testid="all-failures">
              All failures in the System Log
            </ConsoleLink>
          </p>
        </>
      )}
    </Panel>
  );
}
