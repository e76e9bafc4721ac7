import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiTokenRepo, TokenCredential } from '../core/ports/store.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { ApiTokenRecord } from '../core/records.js';
import type { ApiTokensTable, Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery, mapOnce } from './hot-query.js';
import { toUserRecord } from './user-repo.js';
import type { RoleType } from '../core/roles.js';
import type { UserStatus } from '../core/user-status.js';

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

/**
 * Token, creator and the creator's active role types in one statement. The two dialects differ only in
 * the string aggregate; the role list is comma-joined, which is safe because role types are A–Z and `_`.
 */
function credentialQuery(aggregate: 'group_concat' | 'string_agg') {
  return hotQuery((db, hash: string) => {
    const query = sql<CredentialRow>`select t.id, t.name, t.user_id, t.token_hash, t.client_name, t.created, t.last_updated,
        t.last_used, t.revoked_at, t.revoked_by_event,
        u.id as u_id, u.status as u_status, u.created as u_created, u.activated as u_activated,
        u.status_changed as u_status_changed, u.last_login as u_last_login, u.last_updated as u_last_updated,
        u.password_changed as u_password_changed, u.type_id as u_type_id, u.profile as u_profile,
        u.password_hash as u_password_hash, u.recovery_question as u_recovery_question,
        u.recovery_answer_hash as u_recovery_answer_hash, u.provider_type as u_provider_type,
        u.provider_name as u_provider_name,
        (select ${sql.raw(aggregate)}(r.type, ',') from role_assignments r
          where r.user_id = t.user_id and r.status = ${sql.lit('ACTIVE')}) as role_types
      from api_tokens t left join users u on u.id = t.user_id
      where t.token_hash = ${hash}`;
    return { compile: () => query.compile(db) };
  });
}
const credentialBy = { sqlite: credentialQuery('group_concat'), postgres: credentialQuery('string_agg') };

type CredentialRow = Selectable<ApiTokensTable> & { [K in `u_${keyof UserColumns}`]: any } & { role_types: string | null };
type UserColumns = {
  id: 1; status: 1; created: 1; activated: 1; status_changed: 1; last_login: 1; last_updated: 1; password_changed: 1;
  type_id: 1; profile: 1; password_hash: 1; recovery_question: 1; recovery_answer_hash: 1; provider_type: 1; provider_name: 1;
};

/** API tokens (SSWS); revoked rows stay. `db` is the store's Kysely instance or a transaction. */
export function apiTokenRepo(db: Kysely<Database>, dialect: SqlDialect): ApiTokenRepo {
  const select = () => db.selectFrom('api_tokens').select(COLUMNS);
  // Read on every SSWS request: a row still served from memory keeps its mapped credential.
  const toCredential = mapOnce((row: CredentialRow): TokenCredential => {
    const user =
      row.u_id === null
        ? undefined
        : toUserRecord(
            {
              id: row.u_id, status: row.u_status as UserStatus, created: row.u_created, activated: row.u_activated,
              status_changed: row.u_status_changed, last_login: row.u_last_login, last_updated: row.u_last_updated,
              password_changed: row.u_password_changed, type_id: row.u_type_id, profile: row.u_profile,
              password_hash: row.u_password_hash, recovery_question: row.u_recovery_question,
              recovery_answer_hash: row.u_recovery_answer_hash, provider_type: row.u_provider_type, provider_name: row.u_provider_name,
            },
            dialect,
          );
    const roles = row.role_types ? (row.role_types.split(',').sort() as RoleType[]) : [];
    return { token: toRecord(row), user, roles };
  });

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

    async findCredential(hash) {
      const [row] = await credentialBy[dialect.name](db, dialect, hash);
      return row && toCredential(row);
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
