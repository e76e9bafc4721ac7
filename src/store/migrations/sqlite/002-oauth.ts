import { sql, type Kysely } from 'kysely';

/**
 * The org authorization server's tables (issue 3), twin of the PostgreSQL 002 (STRICT tables, JSON as text). `apps` keeps its
 * searchable fields as columns and the rest of the OAuth client settings as JSON. `oauth_artifacts` holds
 * every oidc-provider model instance; ids of secrets arrive digested, and grant, user and client are
 * columns so revoking "everything of this user / grant / client" is one indexed delete.
 */
const STATEMENTS = [
  `create table apps (
    id text primary key,
    label text not null,
    label_normalized text not null,
    status text not null,
    application_type text not null,
    created text not null,
    last_updated text not null,
    client_secret_sealed text,
    settings text not null
  ) strict`,
  `create index apps_label on apps (label_normalized, id)`,

  `create table app_users (
    app_id text not null references apps (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    created text not null,
    last_updated text not null,
    primary key (app_id, user_id)
  ) strict, without rowid`,
  `create index app_users_user on app_users (user_id)`,

  `create table app_scope_grants (
    id text primary key,
    app_id text not null references apps (id) on delete cascade,
    scope_id text not null,
    issuer text not null,
    created text not null,
    last_updated text not null,
    created_by text not null
  ) strict`,
  `create unique index app_scope_grants_unique on app_scope_grants (app_id, scope_id)`,

  `create table consents (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    client_id text not null references apps (id) on delete cascade,
    scope_id text not null,
    issuer text not null,
    created text not null,
    last_updated text not null
  ) strict`,
  `create unique index consents_unique on consents (user_id, client_id, scope_id)`,

  `create table client_roles (
    id text primary key,
    client_id text not null references apps (id) on delete cascade,
    type text not null,
    created text not null,
    last_updated text not null
  ) strict`,
  `create unique index client_roles_unique on client_roles (client_id, type)`,

  `create table oauth_artifacts (
    kind text not null,
    id text not null,
    payload text not null,
    grant_id text,
    user_id text,
    client_id text,
    uid text,
    user_code text,
    expires_at text,
    consumed_at text,
    primary key (kind, id)
  ) strict`,
  `create index oauth_artifacts_grant on oauth_artifacts (grant_id)`,
  `create index oauth_artifacts_user on oauth_artifacts (user_id, kind)`,
  `create index oauth_artifacts_client on oauth_artifacts (client_id)`,
  // Only sessions have a uid: a partial index costs nothing on the token writes.
  `create index oauth_artifacts_uid on oauth_artifacts (uid) where uid is not null`,
  `create index oauth_artifacts_expires on oauth_artifacts (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
