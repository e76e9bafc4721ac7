import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DeliveryStatus, EventHookDelivery, EventHookRecord, EventHookStatus, HookFilter, HookHeader, VerificationStatus } from '../core/event-hooks.js';
import type { EventHookRepo } from '../core/ports/store.js';
import type { Database, EventHooksTable } from './database.js';
import type { SqlDialect } from './dialect.js';

const COLUMNS = [
  'id',
  'name',
  'status',
  'verification_status',
  'created',
  'last_updated',
  'created_by',
  'settings',
  'auth_value_sealed',
  'delivered_seq',
  'delivery_status',
  'consecutive_failures',
  'next_attempt_at',
  'last_delivered_at',
  'last_error_at',
  'last_error_status',
  'last_error_message',
  'failure_logged_at',
] as const;

type Row = Pick<Selectable<EventHooksTable>, (typeof COLUMNS)[number]>;

/** The EventHookRecord fields kept in the `settings` JSON column. */
interface Settings {
  description: string | null;
  eventTypes: string[];
  filters: HookFilter[];
  uri: string;
  headers: HookHeader[];
  authKey: string | null;
}

function settingsRow(hook: EventHookRecord) {
  const settings: Settings = {
    description: hook.description,
    eventTypes: hook.eventTypes,
    filters: hook.filters,
    uri: hook.uri,
    headers: hook.headers,
    authKey: hook.auth?.key ?? null,
  };
  return {
    name: hook.name,
    status: hook.status,
    verification_status: hook.verificationStatus,
    last_updated: hook.lastUpdated,
    settings: JSON.stringify(settings),
    auth_value_sealed: hook.auth?.valueSealed ?? null,
  };
}

function deliveryRow(delivery: EventHookDelivery) {
  return {
    delivery_status: delivery.status,
    consecutive_failures: delivery.consecutiveFailures,
    next_attempt_at: delivery.nextAttemptAt,
    last_delivered_at: delivery.lastDeliveredAt,
    last_error_at: delivery.lastError?.at ?? null,
    last_error_status: delivery.lastError?.status ?? null,
    last_error_message: delivery.lastError?.message ?? null,
    failure_logged_at: delivery.failureLoggedAt,
  } satisfies Updateable<EventHooksTable>;
}

/** Event hooks with their delivery state and lease; `db` is the store's Kysely instance or a transaction. */
export function eventHookRepo(db: Kysely<Database>, dialect: SqlDialect): EventHookRepo {
  const toRecord = (row: Row): EventHookRecord => {
    const settings = dialect.readJson<Settings>(row.settings);
    return {
      id: row.id,
      name: row.name,
      description: settings.description,
      status: row.status as EventHookStatus,
      verificationStatus: row.verification_status as VerificationStatus,
      eventTypes: settings.eventTypes,
      filters: settings.filters,
      uri: settings.uri,
      headers: settings.headers,
      auth: settings.authKey !== null && row.auth_value_sealed !== null ? { key: settings.authKey, valueSealed: row.auth_value_sealed } : null,
      created: row.created,
      lastUpdated: row.last_updated,
      createdBy: row.created_by,
      delivery: {
        deliveredSeq: Number(row.delivered_seq),
        status: row.delivery_status as DeliveryStatus,
        consecutiveFailures: row.consecutive_failures,
        nextAttemptAt: row.next_attempt_at,
        lastDeliveredAt: row.last_delivered_at,
        lastError: row.last_error_at === null ? null : { at: row.last_error_at, status: row.last_error_status, message: row.last_error_message ?? '' },
        failureLoggedAt: row.failure_logged_at,
      },
    };
  };

  return {
    async insert(hook) {
      await db
        .insertInto('event_hooks')
        .values({ id: hook.id, created: hook.created, created_by: hook.createdBy, ...settingsRow(hook), delivered_seq: hook.delivery.deliveredSeq, ...deliveryRow(hook.delivery) })
        .execute();
    },

    async update(hook) {
      await db.updateTable('event_hooks').set(settingsRow(hook)).where('id', '=', hook.id).execute();
    },

    async delete(id) {
      const result = await db.deleteFrom('event_hooks').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async findById(id) {
      const row = await db.selectFrom('event_hooks').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async lockById(id) {
      let q = db.selectFrom('event_hooks').select(COLUMNS).where('id', '=', id);
      // SQLite write transactions are exclusive already.
      if (dialect.name === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return row && toRecord(row);
    },

    async list() {
      return (await db.selectFrom('event_hooks').select(COLUMNS).orderBy('id').execute()).map(toRecord);
    },

    async countActive() {
      const row = await db
        .selectFrom('event_hooks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'ACTIVE')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listDeliverable() {
      const rows = await db
        .selectFrom('event_hooks')
        .select(COLUMNS)
        .where('status', '=', 'ACTIVE')
        .where('verification_status', '=', 'VERIFIED')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async resetDelivery(id, delivery) {
      await db
        .updateTable('event_hooks')
        .set({ delivered_seq: delivery.deliveredSeq, ...deliveryRow(delivery) })
        .where('id', '=', id)
        .execute();
    },

    async acquireLease(id, owner, now, until) {
      // One statement: on PostgreSQL a concurrent taker waits for this row and re-checks the
      // conditions against the committed lease, so only one of them gets it.
      const row = await db
        .updateTable('event_hooks')
        .set({ lease_owner: owner, lease_expires_at: until })
        .where('id', '=', id)
        .where('status', '=', 'ACTIVE')
        .where('verification_status', '=', 'VERIFIED')
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_expires_at', '<=', now)]))
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async saveDelivery(id, owner, delivery, until) {
      const seq = delivery.deliveredSeq;
      const result = await db
        .updateTable('event_hooks')
        .set({
          // Forward only: a reset (re-activation, verification) may have moved the cursor past this batch.
          delivered_seq: sql<number>`case when delivered_seq > ${seq} then delivered_seq else ${seq} end`,
          ...deliveryRow(delivery),
          lease_expires_at: until,
        })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async releaseLease(id, owner) {
      await db.updateTable('event_hooks').set({ lease_owner: null, lease_expires_at: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
    },
  };
}
