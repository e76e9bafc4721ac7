import type { Session } from '../../auth';
import { BarChart, type BarSeries } from '../../components/BarChart';
import { useLoad } from '../../load';
import { bucketOf, MAX_COUNTED_EVENTS, readCountedEvents, shortTime, type CountedEvent } from '../../logEvents';
import { Panel } from './Panel';

const HOURS = 24;
const HOUR = 60 * 60_000;

/** The chart's series, bottom of each bar first: `outcome.result` SUCCESS, FAILURE, and anything else. */
const SERIES: BarSeries[] = [
  { name: 'success', className: 'bar-success' },
  { name: 'failure', className: 'bar-failure' },
  { name: 'other', className: 'bar-other' },
];

function seriesOf(event: CountedEvent): number {
  const result = event.outcome?.result;
  return result === 'SUCCESS' ? 0 : result === 'FAILURE' ? 1 : 2;
}

/**
 * System Log events per hour over the last 24 hours, each bar split by outcome. The range starts on
 * the hour 23 hours before the current one and ends now, so the last bar is the hour under way; the read
 * is bounded (`since`, `until`) and capped like the System Log's histogram.
 */
export function EventsChart({ session }: { session: Session }) {
  const chart = useLoad(async () => {
    const end = Date.now();
    const start = Math.floor(end / HOUR) * HOUR - (HOURS - 1) * HOUR;
    const params = new URLSearchParams({ since: new Date(start).toISOString(), until: new Date(end).toISOString() });
    const { events, capped } = await readCountedEvents(session, `/api/v1/logs?${params}`);
    const counts = Array.from({ length: HOURS }, () => [0, 0, 0]);
    const totals = [0, 0, 0];
    for (const event of events) {
      const s = seriesOf(event);
      counts[bucketOf(Date.parse(event.published), start, start + HOURS * HOUR, HOURS)]![s]! += 1;
      totals[s]! += 1;
    }
    return { start, end, counts, totals, total: events.length, capped };
  });

  return (
    <Panel title="System Log events per hour, last 24 hours" load={chart} loading="Counting the last 24 hours of events…" className="dash-chart" testId="panel-events">
      {({ start, end, counts, totals, total, capped }) => {
        const hour = (i: number) => new Date(start + i * HOUR).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
        const bars = counts.map((values, i) => ({ label: `${hour(i)} – ${hour(i + 1)}`, values }));
        const busiest = counts.reduce((best, values, i) => (sum(values) > sum(counts[best]!) ? i : best), 0);
        const plus = capped ? '+' : '';
        const summary =
          `${total}${plus} events from ${shortTime(start)} to ${shortTime(end)}: ${totals[0]} succeeded, ${totals[1]} failed, ${totals[2]} other` +
          (total > 0 ? `; the busiest hour, from ${hour(busiest)}, had ${sum(counts[busiest]!)}.` : '.');
        return (
          <figure className="histogram events-chart" data-testid="events-chart" data-total={total} data-success={totals[0]} data-failure={totals[1]} data-other={totals[2]} data-since={new Date(start).toISOString()} data-until={new Date(end).toISOString()}>
            <BarChart bars={bars} series={SERIES} summary={summary} />
            <div className="chart-axis muted" aria-hidden="true">
              <span>{hour(0)}</span>
              <span>{hour(12)}</span>
              <span>now</span>
            </div>
            <figcaption>
              <ul className="legend">
                {SERIES.map((s, i) => (
                  <li key={s.name}>
                    <svg className="swatch" viewBox="0 0 10 10" width="12" height="12" aria-hidden="true">
                      <rect width="10" height="10" className={s.className} />
                    </svg>
                    <span className="legend-name">{s.name === 'success' ? 'Success' : s.name === 'failure' ? 'Failure' : 'Other'}</span> <strong data-outcome={s.name}>{totals[i]}</strong>
                  </li>
                ))}
              </ul>
              <p className="muted chart-summary">
                {summary}
                {capped ? ` (the first ${MAX_COUNTED_EVENTS.toLocaleString()} counted)` : ''}
              </p>
            </figcaption>
          </figure>
        );
      }}
    </Panel>
  );
}

const sum = (values: readonly number[]) => values.reduce((a, v) => a + v, 0);
