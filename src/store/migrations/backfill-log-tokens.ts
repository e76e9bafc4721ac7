import { sql, type Kysely } from 'kysely';
import type { LogEvent } from '../../core/log-event.js';
import { eventTokens } from '../../core/log-keywords.js';

/** Events per round of the backfill: bounded memory on a large log. */
const BATCH = 1000;

/**
 * Computes the search tokens (core/log-keywords.ts) of every event already in the log, in sequence
 * order, and hands them to `write` a batch at a time; migration 003 of each engine stores them its way.
 */
export async function backfillTokens(
  db: Kysely<unknown>,
  write: (rows: { seq: number; tokens: string[] }[]) => Promise<void>,
): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ seq: number | string; data: unknown }>`select seq, data from log_events where seq > ${after} order by seq limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    await write(
      rows.map((r) => {
        const event = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as LogEvent;
        return { seq: Number(r.seq), tokens: eventTokens(event) };
      }),
    );
    after = Number(rows[rows.length - 1]!.seq);
  }
}
