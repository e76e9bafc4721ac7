import { sql, type Kysely } from 'kysely';
import { backfillTokens } from '../backfill-log-tokens.js';

/**
 * System Log search (issue 4), twin of the PostgreSQL 003.
 * - Hot-field indexes end in `published, seq`, so a bounded read with one of them (`eventType eq`,
 *   `actor.id eq`, `client.userAgent.rawUserAgent eq`) walks the index in page order and stops at the
 *   limit; the `outcome.result` index carries `event_type` after them, so `outcome.result eq … and
 *   eventType sw …` is answered in page order from the index alone.
 * - `log_event_targets` gains `published`, so `target.id eq` can be narrowed to the time window inside
 *   the target index.
 * - `log_keywords`: an FTS5 index of each event's tokens (core/log-keywords.ts), rowid = seq. Contentless
 *   (the tokens are hashes nobody reads back), `detail=none` (no positions: keywords are matched as a
 *   set), `contentless_delete=1` so retention can delete rows, and the `ascii` tokenizer, which leaves
 *   our `k<hex>` tokens exactly as they are.
 */
const STATEMENTS = [
  `alter table log_event_targets add column published text`,
  `update log_event_targets set published = (select e.published from log_events e where e.seq = log_event_targets.seq)`,
  `drop index log_event_targets_target`,
  `create index log_event_targets_target on log_event_targets (target_id, published, seq)`,
  `drop index log_events_event_type`,
  `create index log_events_event_type on log_events (event_type, published, seq)`,
  `drop index log_events_actor`,
  `create index log_events_actor on log_events (actor_id, published, seq)`,
  `create index log_events_user_agent on log_events (user_agent, published, seq)`,
  `create index log_events_outcome on log_events (outcome_result, published, seq, event_type)`,
  `create virtual table log_keywords using fts5(tokens, content='', contentless_delete=1, detail=none, tokenize='ascii')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  await backfillTokens(db, async (rows) => {
    for (const row of rows) await sql`insert into log_keywords (rowid, tokens) values (${row.seq}, ${row.tokens.join(' ')})`.execute(db);
  });
}
