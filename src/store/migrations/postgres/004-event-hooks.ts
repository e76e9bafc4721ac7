import { sql, type Kysely } from 'kysely';

/**
 * Event hooks (issue 4), twin of the SQLite 004 (text columns collate "C", JSON as jsonb). The settings
 * an admin writes and the delivery state the dispatcher writes share a row: `delivered_seq` is the
 * hook's durable cursor into the System Log sequence, and `lease_owner`/`lease_expires_at` the lease
 * that lets one process at a time deliver to a hook.
 */
const T = 'text collate "C"';

const STATEMENTS = [
  `create table event_hooks (
    id ${T} primary key,
    name ${T} not null,
    status ${T} not null,
    verification_status ${T} not null,
    created ${T} not null,
    last_updated ${T} not null,
    created_by ${T},
    settings jsonb not null,
    auth_value_sealed ${T},
    delivered_seq bigint not null,
    delivery_status ${T} not null,
    consecutive_failures integer not null,
    next_attempt_at ${T},
    last_delivered_at ${T},
    last_error_at ${T},
    last_error_status integer,
    last_error_message ${T},
    failure_logged_at ${T},
    lease_owner ${T},
    lease_expires_at ${T}
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
