import { apiGet } from './api';
import type { Session } from './auth';

/**
 * Charts of the System Log read at most this many events (5 pages of 1,000) and say so when there are
 * more: `/api/v1/logs` has no count endpoint.
 */
export const MAX_COUNTED_EVENTS = 5000;

/** A System Log event as the charts read it. */
export interface CountedEvent {
  published: string;
  outcome?: { result?: string | null } | null;
}

/**
 * The events of an `/api/v1/logs` search (give it `until`, so the read is bounded rather than a
 * polling read whose `next` link never ends), 1,000 a request, following `Link: rel="next"` up to
 * {@link MAX_COUNTED_EVENTS}; `capped` when more were left unread.
 */
export async function readCountedEvents<T extends CountedEvent>(session: Session, path: string): Promise<{ events: T[]; capped: boolean }> {
  const first = new URL(path, location.origin);
  first.searchParams.set('limit', '1000');
  let url: string | undefined = first.pathname + first.search;
  const events: T[] = [];
  while (url && events.length < MAX_COUNTED_EVENTS) {
    const page: { body: T[]; next: string | undefined } = await apiGet<T[]>(session, url);
    events.push(...page.body);
    url = page.next;
  }
  return { events: events.slice(0, MAX_COUNTED_EVENTS), capped: url !== undefined };
}

/** Which of `buckets` equal intervals of [start, end) the time `t` (ms) falls in, clamped to the ends. */
export function bucketOf(t: number, start: number, end: number, buckets: number): number {
  const width = Math.max(1, end - start) / buckets;
  return Math.min(buckets - 1, Math.max(0, Math.floor((t - start) / width)));
}

/** A time as the charts print it: the browser's short date and time. */
export function shortTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
