import { sql, type Kysely } from 'kysely';

/**
 * Workflows flows, their versions and their executions (workflows.md §7, §11–§12), twin of the PostgreSQL
 * 006 (STRICT tables, JSON as text, `active` as 0/1).
 *
 * - `workflow_flows.alias` is unique among the flows that have one (a partial index: NULLs never clash).
 * - `workflow_flow_connections` repeats `connection_ids` as rows so "the flows using this connection" is
 *   one indexed read; the repository rewrites it with every insert and update of the flow.
 * - Versions, connection rows and executions go with their flow (`on delete cascade`).
 * - Execution indexes serve the worker's queries: the queue in claim order, expired leases, and finished
 *   rows by age; the history of a flow is read newest first.
 */
const STATEMENTS = [
  `create table workflow_flows (
    id text primary key,
    name text not null,
    kind text not null,
    active integer not null,
    version integer not null,
    definition text not null,
    trigger_type text not null,
    alias text,
    client_token_sealed text,
    connection_ids text not null,
    created_by text not null,
    created text not null,
    last_updated text not null
  ) strict`,
  `create unique index workflow_flows_alias_unique on workflow_flows (alias) where alias is not null`,
  `create index workflow_flows_active on workflow_flows (trigger_type, id) where active = 1`,

  `create table workflow_flow_connections (
    flow_id text not null references workflow_flows (id) on delete cascade,
    connection_id text not null,
    primary key (flow_id, connection_id)
  ) strict, without rowid`,
  `create index workflow_flow_connections_connection on workflow_flow_connections (connection_id, flow_id)`,

  `create table workflow_flow_versions (
    flow_id text not null references workflow_flows (id) on delete cascade,
    version integer not null,
    definition text not null,
    saved_by text not null,
    saved_at text not null,
    primary key (flow_id, version)
  ) strict`,

  `create table workflow_executions (
    id text primary key,
    flow_id text not null references workflow_flows (id) on delete cascade,
    flow_version integer not null,
    status text not null,
    "trigger" text not null,
    input text not null,
    output text,
    error text,
    cards text not null,
    queued_at text not null,
    started_at text,
    finished_at text,
    claimed_by text,
    lease_until text,
    event_id text
  ) strict`,
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
