import type { Kysely, Selectable } from 'kysely';
import type { SessionRepo } from '../core/ports/store.js';
import type { SessionRecord } from '../core/records.js';
import type { Database, SessionsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery } from './hot-query.js';

const COLUMNS = [
  'id',
  'user_id',
  'login',
  'created_at',
  'expires_at',
  'status',
  'last_password_verification',
  'last_factor_verification',
  'amr',
  'idp_type',
] as const;

const byId = hotQuery((db, id: string) => db.selectFrom('sessions').select(COLUMNS).where('id', '=', id));

/** Sessions; `db` is the store's Kysely instance or a transaction. */
export function sessionRepo(db: Kysely<Database>, dialect: SqlDialect): SessionRepo {
  const toRecord = (row: Selectable<SessionsTable>): SessionRecord => ({
    id: row.id,
    userId: row.user_id,
    login: row.login,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: row.status as SessionRecord['status'],
    lastPasswordVerification: row.last_password_verification,
    lastFactorVerification: row.last_factor_verification,
    amr: dialect.readJson<string[]>(row.amr),
    idpType: row.idp_type as SessionRecord['idpType'],
  });

  return {
    async insert(session) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          login: session.login,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
          status: session.status,
          last_password_verification: session.lastPasswordVerification,
          last_factor_verification: session.lastFactorVerification,
          amr: JSON.stringify(session.amr),
          idp_type: session.idpType,
        })
        .execute();
    },

    async findById(id) {
      const [row] = await byId(db, dialect, id);
      return row && toRecord(row);
    },

    async listForUser(userId) {
      const rows = await db
        .selectFrom('sessions')
        .select(COLUMNS)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async extend(id, expiresAt) {
      const result = await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(id) {
      const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteForUser(userId) {
      const rows = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
      return rows.map((r) => r.id).sort();
    },
  };
}
