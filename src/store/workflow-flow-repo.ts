import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { UniqueViolation, type WorkflowFlowRepo } from '../core/ports/store.js';
import type { FlowDefinition, TriggerType } from '../core/workflows/flow-definition.js';
import type { FlowRecord, FlowVersionRecord } from '../core/workflows/flow.js';
import type { Database, WorkflowFlowsTable, WorkflowFlowVersionsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { pageOf } from './keyset-page.js';

/** Every column of a flow row; each is a field of FlowRecord. */
const COLUMNS = [
  'id',
  'name',
  'kind',
  'active',
  'version',
  'definition',
  'trigger_type',
  'alias',
  'client_token_sealed',
  'connection_ids',
  'created_by',
  'created',
  'last_updated',
] as const;

const VERSION_COLUMNS = ['flow_id', 'version', 'definition', 'saved_by', 'saved_at'] as const;

function toRow(flow: FlowRecord): Insertable<WorkflowFlowsTable> {
  return {
    id: flow.id,
    name: flow.name,
    kind: flow.kind,
    active: flow.active ? 1 : 0,
    version: flow.version,
    definition: JSON.stringify(flow.definition),
    trigger_type: flow.triggerType,
    alias: flow.alias,
    client_token_sealed: flow.clientTokenSealed,
    connection_ids: JSON.stringify(flow.connectionIds),
    created_by: flow.createdBy,
    created: flow.created,
    last_updated: flow.lastUpdated,
  };
}

const toVersionRow = (version: FlowVersionRecord): Insertable<WorkflowFlowVersionsTable> => ({
  flow_id: version.flowId,
  version: version.version,
  definition: JSON.stringify(version.definition),
  saved_by: version.savedBy,
  saved_at: version.savedAt,
});

/**
 * Workflows flows and their versions; `db` is the store's Kysely instance or a transaction. A flow's
 * `connectionIds` are kept twice: as JSON in the row (the record's order) and as rows of
 * `workflow_flow_connections` (the index for `list({connectionId})`), written together in one transaction.
 */
export function workflowFlowRepo(db: Kysely<Database>, dialect: SqlDialect): WorkflowFlowRepo {
  const toRecord = (row: Pick<Selectable<WorkflowFlowsTable>, (typeof COLUMNS)[number]>): FlowRecord => ({
    id: row.id,
    name: row.name,
    kind: row.kind as FlowRecord['kind'],
    active: row.active === 1,
    version: row.version,
    definition: dialect.readJson<FlowDefinition>(row.definition),
    triggerType: row.trigger_type as TriggerType,
    alias: row.alias,
    clientTokenSealed: row.client_token_sealed,
    connectionIds: dialect.readJson<string[]>(row.connection_ids),
    createdBy: row.created_by,
    created: row.created,
    lastUpdated: row.last_updated,
  });

  const toVersion = (row: Selectable<WorkflowFlowVersionsTable>): FlowVersionRecord => ({
    flowId: row.flow_id,
    version: row.version,
    definition: dialect.readJson<FlowDefinition>(row.definition),
    savedBy: row.saved_by,
    savedAt: row.saved_at,
  });

  /** Runs `work` in the caller's transaction, or in one of its own so a flow is never half written. */
  const atomically = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : db.transaction().execute(work);

  const insertConnections = async (trx: Kysely<Database>, flow: FlowRecord): Promise<void> => {
    const ids = [...new Set(flow.connectionIds)];
    if (ids.length === 0) return;
    await trx
      .insertInto('workflow_flow_connections')
      .values(ids.map((connectionId) => ({ flow_id: flow.id, connection_id: connectionId })))
      .execute();
  };

  return {
    insert(flow, version) {
      return atomically(async (trx) => {
        // ON CONFLICT instead of catching the error: a PostgreSQL transaction survives it. The target
        // names the partial index, whose predicate it must repeat for either engine to match it.
        const result = await trx
          .insertInto('workflow_flows')
          .values(toRow(flow))
          .onConflict((oc) => oc.column('alias').where('alias', 'is not', null).doNothing())
          .executeTakeFirst();
        if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('flow_alias');
        await trx.insertInto('workflow_flow_versions').values(toVersionRow(version)).execute();
        await insertConnections(trx, flow);
      });
    },

    async findById(id) {
      const row = await db.selectFrom('workflow_flows').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async findByAlias(alias) {
      const row = await db.selectFrom('workflow_flows').select(COLUMNS).where('alias', '=', alias).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(query) {
      if (query.limit <= 0) return { items: [], next: null };
      let q = db.selectFrom('workflow_flows').select(COLUMNS);
      if (query.connectionId !== undefined) {
        const using = db.selectFrom('workflow_flow_connections').select('flow_id').where('connection_id', '=', query.connectionId);
        q = q.where('id', 'in', using);
      }
      if (query.after !== undefined) q = q.where('id', '>', query.after);
      const rows = await q.orderBy('id').limit(query.limit + 1).execute();
      return pageOf(rows.map(toRecord), query.limit, (flow) => flow.id);
    },

    async listActive(triggerType) {
      // The literal 1 matches the predicate of the partial index `workflow_flows_active`.
      const rows = await db
        .selectFrom('workflow_flows')
        .select(COLUMNS)
        .where('trigger_type', '=', triggerType)
        .where('active', '=', sql.lit(1))
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    update(flow) {
      return atomically(async (trx) => {
        const { id: _id, ...row } = toRow(flow);
        let updated: bigint;
        try {
          updated = (await trx.updateTable('workflow_flows').set(row).where('id', '=', flow.id).executeTakeFirst()).numUpdatedRows;
        } catch (error) {
          throw dialect.uniqueViolation(error) ?? error;
        }
        if (updated === 0n) return false;
        await trx.deleteFrom('workflow_flow_connections').where('flow_id', '=', flow.id).execute();
        await insertConnections(trx, flow);
        return true;
      });
    },

    async insertVersion(version) {
      // The foreign key refuses a version of a flow that does not exist; the primary key a second save
      // of the same number.
      await db.insertInto('workflow_flow_versions').values(toVersionRow(version)).execute();
    },

    async findVersion(flowId, version) {
      const row = await db
        .selectFrom('workflow_flow_versions')
        .select(VERSION_COLUMNS)
        .where('flow_id', '=', flowId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row && toVersion(row);
    },

    async listVersions(flowId) {
      const rows = await db.selectFrom('workflow_flow_versions').select(VERSION_COLUMNS).where('flow_id', '=', flowId).orderBy('version', 'desc').execute();
      return rows.map(toVersion);
    },

    async delete(id) {
      // Its versions, connection rows and executions go with it through `on delete cascade`.
      const result = await db.deleteFrom('workflow_flows').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
