import { eventTokens } from './log-keywords.js';
import type { LogEvent } from './log-event.js';
import { storableCopy } from './storable-text.js';

/**
 * A LogEvent as the store writes it: the columns it is indexed by, its JSON text, its targets and its
 * keyword tokens (log-keywords.ts), everything but its sequence number and persistence time, which only
 * the store can give. Turning events into rows is most of an append's JavaScript work (serialising,
 * tokenizing), and it is pure, so a bulk load can do it on another thread while the store writes
 * (platform/log-seed-threads.ts). Rows hold only strings, numbers and null: they cross threads as they are.
 */
export interface LogRow {
  readonly uuid: string;
  /** `published` in one canonical ISO form (the store compares times as text on SQLite). */
  readonly published: string;
  readonly eventType: string;
  readonly actorId: string | null;
  readonly outcomeResult: string | null;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
  readonly transactionId: string | null;
  readonly severity: string;
  /** The event's JSON text, stored and answered as it is. */
  readonly data: string;
  /** Each target's id and type, in order. */
  readonly targets: readonly (readonly [id: string, type: string])[];
  /** The keyword tokens, space-separated. */
  readonly tokens: string;
}

/** Timestamps are stored in one canonical ISO form. */
export function canonicalTime(iso: string): string {
  return new Date(iso).toISOString();
}

const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/;

export function logRowOf(given: LogEvent): LogRow {
  let event = given;
  let data = JSON.stringify(event);
  // NUL or an unpaired surrogate would be lost on PostgreSQL (core/storable-text.ts). JSON.stringify
  // writes both as escapes (\u0000, \ud800); a string holding a backslash and such letters makes a
  // false alarm here, which costs only the copy. The check is one scan of text already built.
  if (UNSTORABLE_ESCAPE.test(data)) {
    event = storableCopy(given);
    data = JSON.stringify(event);
  }
  return {
    uuid: event.uuid,
    published: canonicalTime(event.published),
    eventType: event.eventType,
    actorId: event.actor?.id ?? null,
    outcomeResult: event.outcome?.result ?? null,
    clientIp: event.client?.ipAddress ?? null,
    userAgent: event.client?.userAgent?.rawUserAgent ?? null,
    transactionId: event.transaction?.id ?? null,
    severity: event.severity,
    data,
    targets: event.target?.map((t) => [t.id, t.type] as const) ?? [],
    tokens: eventTokens(event).join(' '),
  };
}
