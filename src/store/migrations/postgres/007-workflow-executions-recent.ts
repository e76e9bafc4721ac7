import { sql, type Kysely } from 'kysely';

/**
 * The execution history of every flow, newest first (`GET /workflows/api/v1/executions`, the console's
 * Executions page), twin of the SQLite 007: one index read for the first page instead of sorting every
 * execution kept (30 days of history by default). The per-flow and per-status lists have their own
 * indexes already (006).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('create index workflow_executions_recent on workflow_executions (queued_at desc, id desc)').execute(db);
}
