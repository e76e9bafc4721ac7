import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { WorkflowExecutionRepo } from '../core/ports/store.js';
import { FINAL_STATUSES, type CardRun, type ExecutionError, type ExecutionRecord, type ExecutionStatus, type ExecutionTrigger } from '../core/workflows/execution.js';
import type { Database, WorkflowExecutionsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

/** Every column of an execution row; each is a field of ExecutionRecord. */
const COLUMNS = [
  'id',
  'flow_id',
  'flow_version',
  'status',
  'trigger',
  'input',
  'output',
  'error',
  'cards',
  'queued_at',
  'started_at',
  'finished_at',
  'claimed_by',
  'lease_until',
] as const;

type Row = Pick<Selectable<WorkflowExecutionsTable>, (typeof COLUMNS)[number]>;

/** A page position: the `queuedAt` and id of the last execution of the previous page. */
type Position = [string, string];
const isPosition = (v: unknown): v is Position => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

const RUNNING: ExecutionStatus = 'RUNNING';
const QUEUED: ExecutionStatus = 'QUEUED';

function toRow(execution: ExecutionRecord): Insertable<WorkflowExecutionsTable> {
  return {
    id: execution.id,
    flow_id: execution.flowId,
    flow_version: execution.flowVersion,
    status: execution.status,
    trigger: JSON.stringify(execution.trigger),
    // JSON `null` (not SQL NULL) once history keeps no input: the column predates that and is NOT NULL.
    input: JSON.stringify(execution.input),
    output: execution.output === null ? null : JSON.stringify(execution.output),
    error: execution.error === null ? null : JSON.stringify(execution.error),
    cards: JSON.stringify(execution.cards),
    queued_at: execution.queuedAt,
    started_at: execution.startedAt,
    finished_at: execution.finishedAt,
    claimed_by: execution.claimedBy,
    lease_until: execution.leaseUntil,
    event_id: execution.trigger.type === 'okta.event' && execution.trigger.eventId !== undefined && execution.trigger.retryOf === undefined ? execution.trigger.eventId : null,
  };
}

/**
 * Flow executions; `db` is the store's Kysely instance or a transaction. Every state move is one
 * conditional UPDATE, so the status it starts from is checked by the database at the moment of the write
 * and two processes cannot both make it. Timestamps are canonical ISO strings, so text order is time order.
 */
export function workflowExecutionRepo(db: Kysely<Database>, dialect: SqlDialect): WorkflowExecutionRepo {
  const toRecord = (row: Row): ExecutionRecord => ({
    id: row.id,
    flowId: row.flow_id,
    flowVersion: row.flow_version,
    status: row.status as ExecutionStatus,
    trigger: dialect.readJson<ExecutionTrigger>(row.trigger),
    input: dialect.readJson<Record<string, unknown> | null>(row.input),
    output: row.output === null ? null : dialect.readJson<Record<string, unknown>>(row.output),
    error: row.error === null ? null : dialect.readJson<ExecutionError>(row.error),
    cards: dialect.readJson<CardRun[]>(row.cards),
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    claimedBy: row.claimed_by,
    leaseUntil: row.lease_until,
  });

  /** The claim of a QUEUED execution: RUNNING, started now, held by `workerId` until `until`. */
  const claimed = (workerId: string, now: string, until: string) =>
    ({ status: RUNNING, started_at: now, claimed_by: workerId, lease_until: until }) as const;

  return {
    async insert(execution) {
      // The foreign key refuses an execution of a flow that does not exist.
      await db.insertInto('workflow_executions').values(toRow(execution)).execute();
    },

    async insertEventRun(execution) {
      // ON CONFLICT on the (flow_id, event_id) unique index: the event already has its execution.
      const result = await db
        .insertInto('workflow_executions')
        .values(toRow(execution))
        .onConflict((oc) => oc.columns(['flow_id', 'event_id']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async findById(id) {
      const row = await db.selectFrom('workflow_executions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(query) {
      // Decoded before the limit check, so a bad cursor is refused whatever the page size.
      const after = query.after === undefined ? undefined : decodeCursor(query.after, isPosition);
      if (query.limit <= 0) return { items: [], next: null };
      let q = db.selectFrom('workflow_executions').select(COLUMNS);
      if (query.flowId !== undefined) q = q.where('flow_id', '=', query.flowId);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      if (after) q = q.where((eb) => eb(eb.refTuple('queued_at', 'id'), '<', eb.tuple(after[0], after[1])));
      const rows = await q.orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(toRecord);
      const last = items[items.length - 1];
      return { items, next: more && last ? encodeCursor([last.queuedAt, last.id] satisfies Position) : null };
    },

    async claimNext(workerId, now, until) {
      // One statement. On PostgreSQL the oldest row nobody else is claiming is locked by the subquery
      // (SKIP LOCKED passes over rows another claimer holds, instead of queueing behind it); a row
      // claimed and committed since this statement's snapshot fails the status re-check and is passed
      // over too. SQLite runs one write at a time, so the subquery and the update see the same state.
      const oldest = db
        .selectFrom('workflow_executions')
        .select('id')
        .where('status', '=', QUEUED)
        .orderBy('queued_at')
        .orderBy('id')
        .limit(1);
      const row = await db
        .updateTable('workflow_executions')
        .set(claimed(workerId, now, until))
        .where('id', '=', dialect.name === 'postgres' ? oldest.forUpdate().skipLocked() : oldest)
        .where('status', '=', QUEUED)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async claim(id, workerId, now, until) {
      const result = await db
        .updateTable('workflow_executions')
        .set(claimed(workerId, now, until))
        .where('id', '=', id)
        .where('status', '=', QUEUED)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async renewLease(id, workerId, until) {
      const result = await db
        .updateTable('workflow_executions')
        .set({ lease_until: until })
        .where('id', '=', id)
        .where('status', '=', RUNNING)
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async finish(execution, workerId) {
      const row = toRow(execution);
      const result = await db
        .updateTable('workflow_executions')
        .set({
          status: row.status,
          input: row.input,
          output: row.output,
          error: row.error,
          cards: row.cards,
          started_at: row.started_at,
          finished_at: row.finished_at,
          claimed_by: null,
          lease_until: null,
        })
        .where('id', '=', execution.id)
        .where('status', '=', RUNNING)
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async saveCards(id, workerId, cards) {
      const result = await db
        .updateTable('workflow_executions')
        .set({ cards: JSON.stringify(cards) })
        .where('id', '=', id)
        .where('status', '=', RUNNING)
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async cancel(id, at) {
      const result = await db
        .updateTable('workflow_executions')
        .set({ status: 'CANCELLED' satisfies ExecutionStatus, finished_at: at, claimed_by: null, lease_until: null })
        .where('id', '=', id)
        .where('status', 'in', [QUEUED, RUNNING])
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async replaceInput(id, input) {
      const result = await db
        .updateTable('workflow_executions')
        .set({ input: JSON.stringify(input) })
        .where('id', '=', id)
        .where('status', 'in', [...FINAL_STATUSES])
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async failExpired(now, error) {
      // Okta's If Error object, built per row in SQL so that finding and failing them is one statement.
      // `method` is empty: the store cannot know which card was running.
      const failure = dialect.jsonObject({
        message: sql`cast(${error.message} as text)`,
        code: sql`cast(${error.code} as text)`,
        method: sql`cast(${''} as text)`,
        flo: sql.ref('flow_id'),
        execution: sql.ref('id'),
      });
      const rows = await db
        .updateTable('workflow_executions')
        .set({ status: 'FAILED' satisfies ExecutionStatus, finished_at: now, error: failure, claimed_by: null, lease_until: null })
        .where('status', '=', RUNNING)
        .where('lease_until', '<', now)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async purgeFinished(before) {
      const result = await db
        .deleteFrom('workflow_executions')
        .where('status', 'in', FINAL_STATUSES)
        .where('finished_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async clearFinished(flowId) {
      const result = await db.deleteFrom('workflow_executions').where('flow_id', '=', flowId).where('status', 'in', FINAL_STATUSES).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
