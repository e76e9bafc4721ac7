import { sql, type Kysely } from 'kysely';

/**
 * Event hooks (issue 4), twin of the PostgreSQL 004 (STRICT table, JSON as text). The settings an
 * admin writes and the delivery state the dispatcher writes share a row: `delivered_seq` is the hook's
 * durable cursor into the System Log sequence, and `lease_owner`/`lease_expires_at` the lease that lets
 * one process at a time deliver to a hook.
 */
const STATEMENTS = [
  `create table event_hooks (
    id text primary key,
    name text not null,
    status text not null,
    verification_status text not null,
    created text not null,
    last_updated text not null,
    created_by text,
    settings text not null,
    auth_value_sealed text,
    delivered_seq integer not null,
    delivery_status text not null,
    consecutive_failures integer not null,
    next_attempt_at text,
    last_delivered_at text,
    last_error_at text,
    last_error_status integer,
    last_error_message text,
    failure_logged_at text,
    lease_owner text,
    lease_expires_at text
  ) strict`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
