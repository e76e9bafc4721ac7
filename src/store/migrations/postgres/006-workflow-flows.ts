import { sql, type Kysely } from 'kysely';

/**
 * Workflows flows, their versions and their executions (workflows.md §7, §11–§12), twin of the SQLite 006
 * (text columns collate "C", JSON as jsonb, `active` as 0/1 like SQLite rather than boolean, so the two
 * engines read the same value).
 *
 * - `workflow_flows.alias` is unique among the flows that have one (a partial index: NULLs never clash).
 * - `workflow_flow_connections` repeats `connection_ids` as rows so "the flows using this connection" is
 *   one indexed read; the repository rewrites it with every insert and update of the flow.
 * - Versions, connection rows and executions go with their flow (`on delete cascade`).
 * - Execution indexes serve the worker's queries: the queue in claim order, expired leases, and finished
 *   rows by age; the history of a flow is read newest first.
 */
const T = 'text collate "C"';

const STATEMENTS = [
  `create table workflow_flows (
    id ${T} primary key,
    name ${T} not null,
    kind ${T} not null,
    active integer not null,
    version integer not null,
    definition jsonb not null,
    trigger_type ${T} not null,
    alias ${T},
    client_token_sealed ${T},
    connection_ids jsonb not null,
    created_by ${T} not null,
    created ${T} not null,
    last_updated ${T} not null
  )`,
  `create unique index workflow_flows_alias_unique on workflow_flows (alias) where alias is not null`,
  `create index workflow_flows_active on workflow_flows (trigger_type, id) where active = 1`,

  `create table workflow_flow_connections (
    flow_id ${T} not null references workflow_flows (id) on delete cascade,
    connection_id ${T} not null,
    primary key (flow_id, connection_id)
  )`,
  `create index workflow_flow_connections_connection on workflow_flow_connections (connection_id, flow_id)`,

  `create table workflow_flow_versions (
    flow_id ${T} not null references workflow_flows (id) on delete cascade,
    version integer not null,
    definition jsonb not null,
    saved_by ${T} not null,
    saved_at ${T} not null,
    primary key (flow_id, version)
  )`,

  `create table workflow_executions (
    id ${T} primary key,
    flow_id ${T} not null references workflow_flows (id) on delete cascade,
    flow_version integer not null,
    status ${T} not null,
    "trigger" jsonb not null,
    input jsonb not null,
    output jsonb,
    error jsonb,
    cards jsonb not null,
    queued_at ${T} not null,
    started_at ${T},
    finished_at ${T},
    claimed_by ${T},
    lease_until ${T},
    event_id ${T}
  )`,
  `create index workflow_executions_flow on workflow_executions (flow_id, queued_at desc, id desc)`,
  `create index workflow_executions_queue on workflow_executions (status, queued_at, id)`,
  `create index workflow_executions_lease on workflow_executions (status, lease_until)`,
  // One execution per flow and LogEvent: a redelivered event hook batch (at least once) runs nothing twice.
  // NULL (every other trigger, and retries) never conflicts.
  `create unique index workflow_executions_event on workflow_executions (flow_id, event_id)`,
  `create index workflow_executions_finished on workflow_executions (finished_at) where finished_at is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
