import { sql, type Kysely } from 'kysely';

/**
 * Workflows connections (workflows.md §5–§6), twin of the SQLite 005 (text columns collate "C", JSON as
 * jsonb). `authorized_by_user_id` repeats `authorized_by.userId` as a column so "the connections acting
 * as this person" is one indexed read; `refresh_lease_until` is the lease that lets one process at a time
 * refresh a connection's tokens. A pending authorization goes with its connection (`on delete cascade`).
 */
const T = 'text collate "C"';

const STATEMENTS = [
  `create table workflow_connections (
    id ${T} primary key,
    connector ${T} not null,
    nickname ${T} not null,
    org_url ${T} not null,
    client_id ${T} not null,
    client_secret_sealed ${T},
    scopes jsonb not null,
    granted_scopes jsonb not null,
    authorized_by jsonb,
    authorized_by_user_id ${T},
    authorized_at ${T},
    status ${T} not null,
    status_reason ${T},
    last_error jsonb,
    last_used_at ${T},
    tokens_sealed ${T},
    created_by ${T} not null,
    created ${T} not null,
    last_updated ${T} not null,
    refresh_lease_until ${T}
  )`,
  `create index workflow_connections_authorized_by on workflow_connections (authorized_by_user_id, id)`,

  `create table workflow_authorizations (
    state_hash ${T} primary key,
    connection_id ${T} not null references workflow_connections (id) on delete cascade,
    code_verifier_sealed ${T} not null,
    requested_by ${T} not null,
    purpose ${T} not null,
    expires_at ${T} not null
  )`,
  `create index workflow_authorizations_connection on workflow_authorizations (connection_id)`,
  `create index workflow_authorizations_expires on workflow_authorizations (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
