import { sql, type Kysely } from 'kysely';

/**
 * Bulk ingest at scale (issue 4), twin of the PostgreSQL 008: drops the B-tree indexes whose keys are
 * (nearly) unique per event, `uuid` (time-based uuids start with the low bits of the time, so they do not
 * sort in insert order) and `transaction_id` (random request ids). Each insert landed on a random leaf:
 * once the log outgrew the page cache, a page read and a page write per event per index, the main cause
 * of ingest slowing from thousands to hundreds of events per second per million stored. `uuid eq` and
 * `transaction.id eq` are now narrowed by the keyword index, which holds each value's words
 * (store/compile-log-filter.ts `WORD_NARROWED`). The uniqueness of `uuid` was a safety net only: uuids are
 * made random or time-based and unique by the code that builds events.
 */
const STATEMENTS = [`drop index log_events_uuid_unique`, `drop index log_events_transaction`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
