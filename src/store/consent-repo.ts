import type { Kysely, Selectable } from 'kysely';
import type { ConsentRecord } from '../core/apps.js';
import type { ConsentRepo } from '../core/ports/store.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { ConsentsTable, Database } from './database.js';

const COLUMNS = ['id', 'user_id', 'client_id', 'scope_id', 'issuer', 'created', 'last_updated'] as const;

function toRecord(row: Selectable<ConsentsTable>): ConsentRecord {
  return {
    id: row.id,
    userId: row.user_id,
    clientId: row.client_id,
    scopeId: row.scope_id,
    issuer: row.issuer,
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

/** A user's consents in (client, scope) order, the order the grants API lists them in. */
function byClientAndScope(a: ConsentRecord, b: ConsentRecord): number {
  if (a.clientId !== b.clientId) return a.clientId < b.clientId ? -1 : 1;
  return a.scopeId < b.scopeId ? -1 : a.scopeId > b.scopeId ? 1 : 0;
}

/** Scopes users consented to for apps; `db` is the store's Kysely instance or a transaction. */
export function consentRepo(db: Kysely<Database>): ConsentRepo {
  return {
    async insert(consent) {
      // ON CONFLICT instead of catching the error: a PostgreSQL transaction survives it.
      const result = await db
        .insertInto('consents')
        .values({
          id: consent.id,
          user_id: consent.userId,
          client_id: consent.clientId,
          scope_id: consent.scopeId,
          issuer: consent.issuer,
          created: consent.created,
          last_updated: consent.lastUpdated,
        })
        .onConflict((oc) => oc.columns(['user_id', 'client_id', 'scope_id']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('consent');
    },

    async findById(id) {
      const row = await db.selectFrom('consents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async listForUser(userId, clientId) {
      let q = db.selectFrom('consents').select(COLUMNS).where('user_id', '=', userId);
      if (clientId !== undefined) q = q.where('client_id', '=', clientId);
      const rows = await q.orderBy('client_id').orderBy('scope_id').execute();
      return rows.map(toRecord);
    },

    async delete(id) {
      const result = await db.deleteFrom('consents').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteForUser(userId, clientId) {
      let q = db.deleteFrom('consents').where('user_id', '=', userId);
      if (clientId !== undefined) q = q.where('client_id', '=', clientId);
      const rows = await q.returning(COLUMNS).execute();
      return rows.map(toRecord).sort(byClientAndScope);
    },
  };
}
