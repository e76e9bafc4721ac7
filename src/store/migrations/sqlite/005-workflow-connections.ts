import { sql, type Kysely } from 'kysely';

/**
 * Workflows connections (workflows.md §5–§6), twin of the PostgreSQL 005 (STRICT tables, JSON as text).
 * `authorized_by_user_id` repeats `authorized_by.userId` as a column so "the connections acting as this
 * person" is one indexed read; `refresh_lease_until` is the lease that lets one process at a time
 * refresh a connection's tokens. A pending authorization goes with its connection (`on delete cascade`).
 */
const STATEMENTS = [
  `create table workflow_connections (
    id text primary key,
    connector text not null,
    nickname text not null,
    org_url text not null,
    client_id text not null,
    client_secret_sealed text,
    scopes text not null,
    granted_scopes text not null,
    authorized_by text,
    authorized_by_user_id text,
    authorized_at text,
    status text not null,
    status_reason text,
    last_error text,
    last_used_at text,
    tokens_sealed text,
    created_by text not null,
    created text not null,
    last_updated text not null,
    refresh_lease_until text
  ) strict`,
  `create index workflow_connections_authorized_by on workflow_connections (authorized_by_user_id, id)`,

  `create table workflow_authorizations (
    state_hash text primary key,
    connection_id text not null references workflow_connections (id) on delete cascade,
    code_verifier_sealed text not null,
    requested_by text not null,
    purpose text not null,
    expires_at text not null
  ) strict`,
  `create index workflow_authorizations_connection on workflow_authorizations (connection_id)`,
  `create index workflow_authorizations_expires on workflow_authorizations (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
