import { useEffect, useState } from 'react';
import type { Session } from '../../auth';
import { BarChart } from '../../components/BarChart';
import { bucketOf, MAX_COUNTED_EVENTS, readCountedEvents, shortTime } from '../../logEvents';

const BUCKETS = 24;

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; counts: number[]; start: number; end: number; total: number; capped: boolean };

/**
 * Matches of the search over its time range, in 24 bars (SVG attributes only, nothing inline for the
 * CSP to refuse). `path` is the search's `/api/v1/logs` call; `start`/`end` the range in ms.
 */
export function Histogram({ session, path, start, end }: { session: Session; path: string; start: number; end: number }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    void (async () => {
      try {
        const { events, capped } = await readCountedEvents(session, path);
        const times = events.map((e) => Date.parse(e.published));
        const lo = Number.isFinite(start) ? start : Math.min(...times, end);
        const counts = new Array<number>(BUCKETS).fill(0);
        for (const t of times) counts[bucketOf(t, lo, end, BUCKETS)]! += 1;
        if (live) setState({ kind: 'done', counts, start: lo, end, total: times.length, capped });
      } catch (err) {
        if (live) setState({ kind: 'error', message: err instanceof Error ? err.message : 'Something went wrong.' });
      }
    })();
    return () => {
      live = false;
    };
  }, [session, path, start, end]);

  if (state.kind === 'loading') return <p className="muted histogram-note">Counting matches over time…</p>;
  if (state.kind === 'error') return <p className="muted histogram-note">No histogram: {state.message}</p>;
  const max = Math.max(1, ...state.counts);
  const width = (state.end - state.start) / BUCKETS;
  const bars = state.counts.map((count, i) => ({ label: `${shortTime(state.start + i * width)} – ${shortTime(state.start + (i + 1) * width)}`, values: [count] }));
  return (
    <figure className="histogram" data-testid="log-histogram" data-total={state.total}>
      <BarChart
        bars={bars}
        series={[{ name: 'matches', className: 'bar' }]}
        summary={`${state.total}${state.capped ? '+' : ''} matching events from ${shortTime(state.start)} to ${shortTime(state.end)}, in ${BUCKETS} intervals; the busiest has ${max}.`}
      />
      <figcaption className="muted">
        {state.total}
        {state.capped ? '+' : ''} {state.total === 1 ? 'match' : 'matches'}, {shortTime(state.start)} to {shortTime(state.end)}
        {state.capped ? ` (the first ${MAX_COUNTED_EVENTS.toLocaleString()} counted)` : ''}
      </figcaption>
    </figure>
  );
}
