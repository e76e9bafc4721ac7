import { useEffect, useState } from 'react';
import { apiGet } from '../../api';
import type { Session } from '../../auth';

const BUCKETS = 24;
/** The histogram reads at most this many events (5 pages of 1,000) and says so when there are more. */
const MAX_EVENTS = 5000;

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
        const url0 = new URL(path, location.origin);
        url0.searchParams.set('limit', '1000');
        let url: string | undefined = url0.pathname + url0.search;
        const times: number[] = [];
        while (url && times.length < MAX_EVENTS) {
          const page: { body: { published: string }[]; next: string | undefined } = await apiGet<{ published: string }[]>(session, url);
          for (const e of page.body) times.push(Date.parse(e.published));
          url = page.next;
        }
        const lo = Number.isFinite(start) ? start : Math.min(...times, end);
        const width = Math.max(1, end - lo) / BUCKETS;
        const counts = new Array<number>(BUCKETS).fill(0);
        for (const t of times) counts[Math.min(BUCKETS - 1, Math.max(0, Math.floor((t - lo) / width)))]! += 1;
        if (live) setState({ kind: 'done', counts, start: lo, end, total: times.length, capped: url !== undefined });
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
  const label = (i: number) => `${fmt(state.start + i * width)} – ${fmt(state.start + (i + 1) * width)}: ${state.counts[i]} ${state.counts[i] === 1 ? 'event' : 'events'}`;
  return (
    <figure className="histogram" data-testid="log-histogram" data-total={state.total}>
      <svg viewBox={`0 0 ${BUCKETS * 10} 40`} preserveAspectRatio="none" role="img" aria-label={`${state.total}${state.capped ? '+' : ''} matching events from ${fmt(state.start)} to ${fmt(state.end)}, in ${BUCKETS} intervals; the busiest has ${max}.`}>
        {state.counts.map((count, i) => {
          const h = count === 0 ? 0 : Math.max(1, (count / max) * 38);
          return (
            <rect key={i} x={i * 10 + 1} y={40 - h} width={8} height={h} className="bar">
              <title>{label(i)}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted">
        {state.total}
        {state.capped ? '+' : ''} {state.total === 1 ? 'match' : 'matches'}, {fmt(state.start)} to {fmt(state.end)}
        {state.capped ? ` (the first ${MAX_EVENTS.toLocaleString()} counted)` : ''}
      </figcaption>
    </figure>
  );
}

function fmt(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
