import { logRowOf, type LogRow } from '../log-rows.js';
import { logEventGenerator, type LogSeedOptions } from './log-event-generator.js';

/**
 * Where seeded rows come from: generated events already turned into rows (core/log-rows.ts), in order.
 * In this thread ({@link inlineLogRows}) or on a worker thread (platform/log-seed-threads.ts), which
 * leaves the calling thread only the database's work.
 */
export interface LogRowSource {
  /** How many rows are still to come. */
  readonly remaining: number;
  /** The worker thread's id when the rows are made on one (undefined: in the calling thread). */
  readonly threadId?: number;
  /** The next `n` rows (fewer at the end). */
  next(n: number): Promise<LogRow[]>;
  /** Releases what the source holds (a thread); safe to call twice. */
  close(): Promise<void>;
}

/**
 * Events are taken from the generator this many at a time, however many rows a caller asks for: the
 * generator ends a request's events where a take ends, so the same seed gives the same log only for
 * the same takes. Fixed takes make it the same in this thread and on a worker thread.
 */
export const SEED_CHUNK = 500;

/** The generator and the rows, both in this thread. */
export function inlineLogRows(input: LogSeedOptions): LogRowSource {
  const generator = logEventGenerator(input);
  return chunkedRows(generator.remaining, async () => generator.take(SEED_CHUNK).map(logRowOf));
}

/**
 * A source over `total` rows that arrive in chunks from `nextChunk` (called only while rows remain),
 * handing them out in whatever pieces the caller takes.
 */
export function chunkedRows(total: number, nextChunk: () => Promise<LogRow[]>, extra: { threadId?: number; close?: () => Promise<void> } = {}): LogRowSource {
  let current: LogRow[] = [];
  let at = 0;
  let delivered = 0;
  return {
    ...(extra.threadId !== undefined ? { threadId: extra.threadId } : {}),
    get remaining() {
      return total - delivered;
    },
    async next(n) {
      const rows: LogRow[] = [];
      while (rows.length < n && delivered + rows.length < total) {
        if (at >= current.length) {
          current = await nextChunk();
          at = 0;
          if (current.length === 0) throw new Error(`the log seed ran out after ${delivered + rows.length} of ${total} rows`);
        }
        const take = Math.min(n - rows.length, current.length - at);
        for (let i = 0; i < take; i++) rows.push(current[at + i]!);
        at += take;
      }
      delivered += rows.length;
      return rows;
    },
    close: extra.close ?? (async () => undefined),
  };
}
