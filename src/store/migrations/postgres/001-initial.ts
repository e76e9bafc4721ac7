import { sql, type Kysely } from 'kysely';

/**
 * The first PostgreSQL schema. Differences from the SQLite twin, on purpose:
 * - every text column is `collate "C"`: byte order, the same order SQLite's BINARY collation gives, so
 *   keyset pagination and sorting agree across dialects whatever the database's default collation is
 *   (and `lower()` then folds ASCII only, again as on SQLite);
 * - JSON columns are jsonb, except `log_events.data`, which is `json`: it keeps the event's text exactly as
 *   written (Okta's field order), costs no re-encoding on insert, and is only ever read whole;
 * - log timestamps (`published`, `persisted_at`) are timestamptz, so range scans use real time
 *   comparisons; user and group timestamps stay ISO text, exactly as the records carry them;
 * - `log_events.seq` and the counter are bigint. The sequence is NOT a bigserial: values come from the
 *   `log_sequence` row, whose row lock serialises appenders so commit order equals sequence order and a
 *   rolled-back transaction leaves no gap.
 */
const T = 'text collate "C"';

const STATEMENTS = [
  `create table users (
    id ${T} primary key,
    status ${T} not null,
    login ${T} not null,
    login_normalized ${T} not null,
    email ${T},
    first_name ${T},
    last_name ${T},
    created ${T} not null,
    activated ${T},
    status_changed ${T},
    last_login ${T},
    last_updated ${T} not null,
    password_changed ${T},
    type_id ${T} not null,
    password_hash ${T},
    recovery_question ${T},
    recovery_answer_hash ${T},
    provider_type ${T} not null,
    provider_name ${T} not null,
    profile jsonb not null
  )`,
  `create unique index users_login_unique on users (login_normalized)`,

  `create table groups (
    id ${T} primary key,
    type ${T} not null,
    name ${T} not null,
    name_normalized ${T} not null,
    description ${T},
    created ${T} not null,
    last_updated ${T} not null,
    last_membership_updated ${T} not null
  )`,
  // Only Okta groups must have distinct names; app groups mirror whatever the app has.
  `create unique index groups_okta_name_unique on groups (name_normalized) where type = 'OKTA_GROUP'`,
  `create index groups_name on groups (name_normalized)`,

  `create table group_members (
    group_id ${T} not null references groups (id) on delete cascade,
    user_id ${T} not null references users (id) on delete cascade,
    created ${T} not null,
    constraint group_members_pkey primary key (group_id, user_id)
  )`,
  `create index group_members_user on group_members (user_id, group_id)`,

  `create table role_assignments (
    id ${T} primary key,
    user_id ${T} not null references users (id) on delete cascade,
    type ${T} not null,
    status ${T} not null,
    created ${T} not null,
    last_updated ${T} not null
  )`,
  `create unique index role_assignments_user_type_unique on role_assignments (user_id, type)`,

  // No foreign key to users: a token row outlives its creator so the System Log can name what revoked it.
  `create table api_tokens (
    id ${T} primary key,
    name ${T} not null,
    user_id ${T} not null,
    token_hash ${T} not null,
    client_name ${T} not null,
    created ${T} not null,
    last_updated ${T} not null,
    last_used ${T} not null,
    revoked_at ${T},
    revoked_by_event ${T}
  )`,
  `create unique index api_tokens_hash_unique on api_tokens (token_hash)`,
  `create index api_tokens_user on api_tokens (user_id)`,

  `create table sessions (
    id ${T} primary key,
    user_id ${T} not null references users (id) on delete cascade,
    login ${T} not null,
    created_at ${T} not null,
    expires_at ${T} not null,
    status ${T} not null,
    last_password_verification ${T},
    last_factor_verification ${T},
    amr jsonb not null,
    idp_type ${T} not null
  )`,
  `create index sessions_user on sessions (user_id)`,

  `create table org_settings (
    key ${T} primary key,
    value text not null
  )`,

  `create table log_sequence (
    id integer primary key check (id = 1),
    value bigint not null
  )`,
  `insert into log_sequence (id, value) values (1, 0)`,

  `create table log_events (
    seq bigint primary key,
    uuid ${T} not null,
    published timestamptz not null,
    persisted_at timestamptz not null,
    event_type ${T} not null,
    actor_id ${T},
    outcome_result ${T},
    client_ip ${T},
    user_agent ${T},
    transaction_id ${T},
    severity ${T} not null,
    data json not null
  )`,
  `create unique index log_events_uuid_unique on log_events (uuid)`,
  `create index log_events_published on log_events (published, seq)`,
  `create index log_events_event_type on log_events (event_type, seq)`,
  `create index log_events_actor on log_events (actor_id)`,
  `create index log_events_transaction on log_events (transaction_id)`,
  `create index log_events_persisted_at on log_events (persisted_at)`,

  // Append-only like its parent, so no foreign key; retention will delete both by seq range.
  `create table log_event_targets (
    seq bigint not null,
    idx integer not null,
    target_id ${T} not null,
    target_type ${T} not null,
    primary key (seq, idx)
  )`,
  `create index log_event_targets_target on log_event_targets (target_id, seq)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
