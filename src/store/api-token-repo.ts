import type { Kysely, Selectable } from 'kysely';
import type { ApiTokenRepo } from '../core/ports/store.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { ApiTokenRecord } from '../core/records.js';
import type { ApiTokensTable, Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery } from './hot-query.js';

const COLUMNS = [
  'id',
  'name',
  'user_id',
  'token_hash',
  'client_name',
  'created',
  'last_updated',
  'last_used',
  'revoked_at',
  'revoked_by_event',
] as const;

function toRecord(row: Selectable<ApiTokensTable>): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    tokenHash: row.token_hash,
    clientName: row.client_name,
    created: row.created,
    lastUpdated: row.last_updated,
    lastUsed: row.last_used,
    revokedAt: row.revoked_at,
    revokedByEvent: row.revoked_by_event,
  };
}

// Both run on every SSWS request.
const byId = hotQuery((db, id: string) => db.selectFrom('api_tokens').select(COLUMNS).where('id', '=', id));
const byHash = hotQuery((db, hash: string) => db.selectFrom('api_tokens').select(COLUMNS).where('token_hash', '=', hash));

/** API tokens (SSWS); revoked rows stay. `db` is the store's Kysely instance or a transaction. */
export function apiTokenRepo(db: Kysely<Database>, dialect: SqlDialect): ApiTokenRepo {
  const select = () => db.selectFrom('api_tokens').select(COLUMNS);
  return {
    async insert(token) {
      const result = await db
        .insertInto('api_tokens')
        .values({
          id: token.id,
          name: token.name,
          user_id: token.userId,
          token_hash: token.tokenHash,
          client_name: token.clientName,
          created: token.created,
          last_updated: token.lastUpdated,
          last_used: token.lastUsed,
          revoked_at: token.revokedAt,
          revoked_by_event: token.revokedByEvent,
        })
        .onConflict((oc) => oc.column('token_hash').doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('api_token_hash');
    },

    async findById(id) {
      const [row] = await byId(db, dialect, id);
      return row && toRecord(row);
    },

    async findByHash(hash) {
      const [row] = await byHash(db, dialect, hash);
      return row && toRecord(row);
    },

    async listActive(userId) {
      let q = select().where('revoked_at', 'is', null);
      if (userId !== undefined) q = q.where('user_id', '=', userId);
      const rows = await q.orderBy('id').execute();
      return rows.map(toRecord);
    },

    async markUsed(id, at) {
      await db.updateTable('api_tokens').set({ last_used: at }).where('id', '=', id).execute();
    },

    async revoke(id, at, byEvent) {
      // The first revocation is the cause the System Log names; a second one must not overwrite it.
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: at, revoked_by_event: byEvent, last_updated: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
