import { sql, type Kysely } from 'kysely';

/**
 * The first SQLite schema. Differences from the PostgreSQL twin, on purpose:
 * - timestamps are ISO-8601 text with milliseconds (`2024-01-02T03:04:05.678Z`), so text order is time order;
 * - JSON columns are text (the JSON1 functions read them);
 * - `log_events.seq` is `integer primary key`, the rowid itself, so the sequence is the physical order;
 * - tables are STRICT, so a wrong type fails loudly instead of being coerced; narrow link tables are
 *   WITHOUT ROWID so they are stored clustered by their key.
 * Case-insensitive keys (logins, group names) are folded in JS into `*_normalized` columns, never with SQL
 * `lower()`, which on SQLite folds ASCII only.
 */
const STATEMENTS = [
  `create table users (
    id text primary key,
    status text not null,
    login text not null,
    login_normalized text not null,
    email text,
    first_name text,
    last_name text,
    created text not null,
    activated text,
    status_changed text,
    last_login text,
    last_updated text not null,
    password_changed text,
    type_id text not null,
    password_hash text,
    recovery_question text,
    recovery_answer_hash text,
    provider_type text not null,
    provider_name text not null,
    profile text not null
  ) strict`,
  `create unique index users_login_unique on users (login_normalized)`,

  `create table groups (
    id text primary key,
    type text not null,
    name text not null,
    name_normalized text not null,
    description text,
    created text not null,
    last_updated text not null,
    last_membership_updated text not null
  ) strict`,
  // Only Okta groups must have distinct names; app groups mirror whatever the app has.
  `create unique index groups_okta_name_unique on groups (name_normalized) where type = 'OKTA_GROUP'`,
  `create index groups_name on groups (name_normalized)`,

  `create table group_members (
    group_id text not null references groups (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    created text not null,
    primary key (group_id, user_id)
  ) strict, without rowid`,
  `create index group_members_user on group_members (user_id, group_id)`,

  `create table role_assignments (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    type text not null,
    status text not null,
    created text not null,
    last_updated text not null
  ) strict`,
  `create unique index role_assignments_user_type_unique on role_assignments (user_id, type)`,

  // No foreign key to users: a token row outlives its creator so the System Log can name what revoked it.
  `create table api_tokens (
    id text primary key,
    name text not null,
    user_id text not null,
    token_hash text not null,
    client_name text not null,
    created text not null,
    last_updated text not null,
    last_used text not null,
    revoked_at text,
    revoked_by_event text
  ) strict`,
  `create unique index api_tokens_hash_unique on api_tokens (token_hash)`,
  `create index api_tokens_user on api_tokens (user_id)`,

  `create table sessions (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    login text not null,
    created_at text not null,
    expires_at text not null,
    status text not null,
    last_password_verification text,
    last_factor_verification text,
    amr text not null,
    idp_type text not null
  ) strict`,
  `create index sessions_user on sessions (user_id)`,

  `create table org_settings (
    key text primary key,
    value text not null
  ) strict, without rowid`,

  // The one-row counter behind the gap-free log sequence (architecture.md "Where we are going next").
  `create table log_sequence (
    id integer primary key check (id = 1),
    value integer not null
  ) strict`,
  `insert into log_sequence (id, value) values (1, 0)`,

  `create table log_events (
    seq integer primary key,
    uuid text not null,
    published text not null,
    persisted_at text not null,
    event_type text not null,
    actor_id text,
    outcome_result text,
    client_ip text,
    user_agent text,
    transaction_id text,
    severity text not null,
    data text not null
  ) strict`,
  `create unique index log_events_uuid_unique on log_events (uuid)`,
  `create index log_events_published on log_events (published, seq)`,
  `create index log_events_event_type on log_events (event_type, seq)`,
  `create index log_events_actor on log_events (actor_id)`,
  `create index log_events_transaction on log_events (transaction_id)`,
  `create index log_events_persisted_at on log_events (persisted_at)`,

  // Append-only like its parent, so no foreign key; retention will delete both by seq range.
  `create table log_event_targets (
    seq integer not null,
    idx integer not null,
    target_id text not null,
    target_type text not null,
    primary key (seq, idx)
  ) strict, without rowid`,
  `create index log_event_targets_target on log_event_targets (target_id, seq)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
