const HOUR_MS = 3600_000;

/**
 * When generated events were published: `total` events spread over the `days` before `now`, denser in
 * working hours (US time, peaking around 18:00 UTC) and on weekdays, in ascending order as a log grows.
 * Event `i` lands at the inverse of the cumulative activity curve at (i + jitter) / total, so any
 * prefix of the events covers the start of the window and the whole run covers all of it.
 */
export interface Timeline {
  /** Epoch milliseconds of event `index`; call with non-decreasing indexes. */
  at(index: number, jitter: number): number;
}

/** Relative activity of one hour (UTC): a day curve, a quarter of it at weekends. */
function activity(startMs: number): number {
  const date = new Date(startMs);
  const hour = date.getUTCHours();
  const distance = Math.min(Math.abs(hour - 18), 24 - Math.abs(hour - 18));
  const day = 0.15 + Math.exp(-(distance * distance) / (2 * 4 * 4));
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  return weekend ? day * 0.25 : day;
}

export function timeline(now: Date, days: number, total: number): Timeline {
  const end = now.getTime();
  const start = end - days * 24 * HOUR_MS;
  // Hour buckets aligned to the clock; the first and last may be partial.
  const bounds: number[] = [start];
  for (let t = Math.floor(start / HOUR_MS) * HOUR_MS + HOUR_MS; t < end; t += HOUR_MS) bounds.push(t);
  bounds.push(end);
  const cumulative = new Float64Array(bounds.length);
  for (let b = 1; b < bounds.length; b++) cumulative[b] = cumulative[b - 1]! + activity(bounds[b - 1]!) * (bounds[b]! - bounds[b - 1]!);
  const sum = cumulative[bounds.length - 1]!;
  let bucket = 1;
  let last = start;
  return {
    at(index, jitter) {
      const target = ((index + jitter) / total) * sum;
      while (bucket < bounds.length - 1 && cumulative[bucket]! < target) bucket++;
      const from = cumulative[bucket - 1]!;
      const share = (target - from) / (cumulative[bucket]! - from || 1);
      const ms = Math.floor(bounds[bucket - 1]! + share * (bounds[bucket]! - bounds[bucket - 1]!));
      last = Math.min(end - 1, Math.max(last, ms));
      return last;
    },
  };
}
