import { sql, type Kysely } from 'kysely';

/**
 * The org authorization server's tables (issue 3), twin of the SQLite 002 (text columns collate "C", JSON as jsonb). `apps` keeps its
 * searchable fields as columns and the rest of the OAuth client settings as JSON. `oauth_artifacts` holds
 * every oidc-provider model instance; ids of secrets arrive digested, and grant, user and client are
 * columns so revoking "everything of this user / grant / client" is one indexed delete.
 */
const T = 'text collate "C"';

const STATEMENTS = [
  `create table apps (
    id ${T} primary key,
    label ${T} not null,
    label_normalized ${T} not null,
    status ${T} not null,
    application_type ${T} not null,
    created ${T} not null,
    last_updated ${T} not null,
    client_secret_sealed ${T},
    settings jsonb not null
  )`,
  `create index apps_label on apps (label_normalized, id)`,

  `create table app_users (
    app_id ${T} not null references apps (id) on delete cascade,
    user_id ${T} not null references users (id) on delete cascade,
    created ${T} not null,
    last_updated ${T} not null,
    primary key (app_id, user_id)
  )`,
  `create index app_users_user on app_users (user_id)`,

  `create table app_scope_grants (
    id ${T} primary key,
    app_id ${T} not null references apps (id) on delete cascade,
    scope_id ${T} not null,
    issuer ${T} not null,
    created ${T} not null,
    last_updated ${T} not null,
    created_by jsonb not null
  )`,
  `create unique index app_scope_grants_unique on app_scope_grants (app_id, scope_id)`,

  `create table consents (
    id ${T} primary key,
    user_id ${T} not null references users (id) on delete cascade,
    client_id ${T} not null references apps (id) on delete cascade,
    scope_id ${T} not null,
    issuer ${T} not null,
    created ${T} not null,
    last_updated ${T} not null
  )`,
  `create unique index consents_unique on consents (user_id, client_id, scope_id)`,

  `create table client_roles (
    id ${T} primary key,
    client_id ${T} not null references apps (id) on delete cascade,
    type ${T} not null,
    created ${T} not null,
    last_updated ${T} not null
  )`,
  `create unique index client_roles_unique on client_roles (client_id, type)`,

  `create table oauth_artifacts (
    kind ${T} not null,
    id ${T} not null,
    payload jsonb not null,
    grant_id ${T},
    user_id ${T},
    client_id ${T},
    uid ${T},
    user_code ${T},
    expires_at ${T},
    consumed_at ${T},
    primary key (kind, id)
  )`,
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
