import { apiGet } from '../../api';
import type { Session } from '../../auth';
import { ConsoleLink } from '../../components/ConsoleLink';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../load';
import { formatTime } from '../../format-time';
import { who, type LogEvent } from '../SystemLog';

/** The System Log filter for everything done by or to a person. */
export const byOrTo = (userId: string) => `target.id eq ${JSON.stringify(userId)} or actor.id eq ${JSON.stringify(userId)}`;

/**
 * The person's latest System Log events matching `filter`, newest first (`GET /api/v1/logs`), with a
 * link to the System Log page running the same search over the last 7 days. Read again when `refresh`
 * changes.
 */
export function UserEvents({ session, title, filter, limit, empty, testId, refresh }: { session: Session; title: string; filter: string; limit: number; empty: string; testId: string; refresh: number }) {
  const params = new URLSearchParams({ filter, sortOrder: 'DESCENDING', limit: String(limit) });
  const events = useLoad(async () => (await apiGet<LogEvent[]>(session, `/api/v1/logs?${params}`)).body, [refresh]);
  const headingId = `${testId}-title`;
  return (
    <section className="panel" aria-labelledby={headingId} data-testid={testId}>
      <div className="section-head">
        <h2 id={headingId}>{title}</h2>
        <ConsoleLink to={`/console/logs?${new URLSearchParams({ filter, since: '7d' })}`}>Open in the System Log</ConsoleLink>
      </div>
      <Loaded state={events} loading="Loading events…">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{empty}</p>
          ) : (
            <ul className="item-list events">
              {list.map((e) => (
                <li key={e.uuid} data-event-type={e.eventType}>
                  <span className="item-main">
                    <time dateTime={e.published}>{formatTime(e.published)}</time> <span className="event-message">{e.displayMessage ?? e.eventType}</span>{' '}
                    <span className="event-type">
                      {e.eventType} · by {who(e.actor)}
                    </span>
                  </span>
                  <span className={`outcome outcome-${(e.outcome?.result ?? '').toLowerCase()}`}>
                    {e.outcome?.result ?? ''}
                    {e.outcome?.reason ? ` (${e.outcome.reason})` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
