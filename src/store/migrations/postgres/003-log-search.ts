import { sql, type Kysely } from 'kysely';
import { backfillTokens } from '../backfill-log-tokens.js';

/**
 * System Log search (issue 4), twin of the SQLite 003: the same hot-field indexes ending in
 * `published, seq`, `published` on `log_event_targets`, and the tokens of core/log-keywords.ts as a
 * `tsvector` of `k<hex>` lexemes (built with `array_to_tsvector`, so no text-search configuration
 * touches them) under a GIN index.
 */
const STATEMENTS = [
  `alter table log_event_targets add column published timestamptz`,
  `update log_event_targets t set published = e.published from log_events e where e.seq = t.seq`,
  `drop index log_event_targets_target`,
  `create index log_event_targets_target on log_event_targets (target_id, published, seq)`,
  `drop index log_events_event_type`,
  `create index log_events_event_type on log_events (event_type, published, seq)`,
  `drop index log_events_actor`,
  `create index log_events_actor on log_events (actor_id, published, seq)`,
  `create index log_events_user_agent on log_events (user_agent, published, seq)`,
  `create index log_events_outcome on log_events (outcome_result, published, seq, event_type)`,
  `alter table log_events add column keywords tsvector`,
  `create index log_events_keywords on log_events using gin (keywords)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  await backfillTokens(db, async (rows) => {
    await sql`update log_events e set keywords = array_to_tsvector(string_to_array(r.tokens, ' '))
      from json_to_recordset(${JSON.stringify(rows.map((r) => ({ seq: r.seq, tokens: r.tokens.join(' ') })))}::json) as r(seq bigint, tokens text)
      where e.seq = r.seq`.execute(db);
  });
}
