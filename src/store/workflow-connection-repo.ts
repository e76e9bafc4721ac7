import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ConnectionChanges, WorkflowConnectionRepo } from '../core/ports/store.js';
import type { ConnectionAuthorizer, ConnectionError, ConnectionRecord, ConnectionStatus, PendingAuthorization } from '../core/workflows/connection.js';
import type { Database, WorkflowAuthorizationsTable, WorkflowConnectionsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { pageOf } from './keyset-page.js';

/** Every column a ConnectionRecord is read from (`authorized_by_user_id` and the lease are not fields). */
const COLUMNS = [
  'id',
  'connector',
  'nickname',
  'org_url',
  'client_id',
  'client_secret_sealed',
  'scopes',
  'granted_scopes',
  'authorized_by',
  'authorized_at',
  'status',
  'status_reason',
  'last_error',
  'last_used_at',
  'tokens_sealed',
  'created_by',
  'created',
  'last_updated',
] as const;

type Row = Pick<Selectable<WorkflowConnectionsTable>, (typeof COLUMNS)[number]>;

const AUTHORIZATION_COLUMNS = ['state_hash', 'connection_id', 'code_verifier_sealed', 'requested_by', 'purpose', 'expires_at'] as const;

/** Every stored field of the record, for an insert; the lease is left to claimRefresh and releaseRefresh. */
function toRow(connection: ConnectionRecord): Omit<Insertable<WorkflowConnectionsTable>, 'refresh_lease_until'> {
  return {
    id: connection.id,
    connector: connection.connector,
    nickname: connection.nickname,
    org_url: connection.orgUrl,
    client_id: connection.clientId,
    client_secret_sealed: connection.clientSecretSealed,
    scopes: JSON.stringify(connection.scopes),
    granted_scopes: JSON.stringify(connection.grantedScopes),
    authorized_by: connection.authorizedBy === null ? null : JSON.stringify(connection.authorizedBy),
    authorized_by_user_id: connection.authorizedBy?.userId ?? null,
    authorized_at: connection.authorizedAt,
    status: connection.status,
    status_reason: connection.statusReason,
    last_error: connection.lastError === null ? null : JSON.stringify(connection.lastError),
    last_used_at: connection.lastUsedAt,
    tokens_sealed: connection.tokensSealed,
    created_by: connection.createdBy,
    created: connection.created,
    last_updated: connection.lastUpdated,
  };
}

/** Only the columns `changes` names; `authorized_by_user_id` follows `authorizedBy`. */
function changesToRow(changes: ConnectionChanges): Updateable<WorkflowConnectionsTable> {
  const row: Updateable<WorkflowConnectionsTable> = {};
  if (changes.nickname !== undefined) row.nickname = changes.nickname;
  if (changes.grantedScopes !== undefined) row.granted_scopes = JSON.stringify(changes.grantedScopes);
  if (changes.authorizedBy !== undefined) {
    row.authorized_by = changes.authorizedBy === null ? null : JSON.stringify(changes.authorizedBy);
    row.authorized_by_user_id = changes.authorizedBy?.userId ?? null;
  }
  if (changes.authorizedAt !== undefined) row.authorized_at = changes.authorizedAt;
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.statusReason !== undefined) row.status_reason = changes.statusReason;
  if (changes.lastError !== undefined) row.last_error = changes.lastError === null ? null : JSON.stringify(changes.lastError);
  if (changes.tokensSealed !== undefined) row.tokens_sealed = changes.tokensSealed;
  if (changes.lastUpdated !== undefined) row.last_updated = changes.lastUpdated;
  return row;
}

const toAuthorization = (row: Selectable<WorkflowAuthorizationsTable>): PendingAuthorization => ({
  stateHash: row.state_hash,
  connectionId: row.connection_id,
  codeVerifierSealed: row.code_verifier_sealed,
  requestedBy: row.requested_by,
  purpose: row.purpose as PendingAuthorization['purpose'],
  expiresAt: row.expires_at,
});

/**
 * Workflows connections, their refresh lease and their pending authorizations; `db` is the store's Kysely
 * instance or a transaction. Timestamps are canonical ISO strings, so text comparison is time order.
 */
export function workflowConnectionRepo(db: Kysely<Database>, dialect: SqlDialect): WorkflowConnectionRepo {
  const toRecord = (row: Row): ConnectionRecord => ({
    id: row.id,
    connector: row.connector as ConnectionRecord['connector'],
    nickname: row.nickname,
    orgUrl: row.org_url,
    clientId: row.client_id,
    clientSecretSealed: row.client_secret_sealed,
    scopes: dialect.readJson<string[]>(row.scopes),
    grantedScopes: dialect.readJson<string[]>(row.granted_scopes),
    authorizedBy: row.authorized_by === null ? null : dialect.readJson<ConnectionAuthorizer>(row.authorized_by),
    authorizedAt: row.authorized_at,
    status: row.status as ConnectionStatus,
    statusReason: row.status_reason,
    lastError: row.last_error === null ? null : dialect.readJson<ConnectionError>(row.last_error),
    lastUsedAt: row.last_used_at,
    tokensSealed: row.tokens_sealed,
    createdBy: row.created_by,
    created: row.created,
    lastUpdated: row.last_updated,
  });

  return {
    async insert(connection) {
      await db.insertInto('workflow_connections').values(toRow(connection)).execute();
    },

    async findById(id) {
      const row = await db.selectFrom('workflow_connections').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(query) {
      if (query.limit <= 0) return { items: [], next: null };
      let q = db.selectFrom('workflow_connections').select(COLUMNS);
      if (query.authorizedBy !== undefined) q = q.where('authorized_by_user_id', '=', query.authorizedBy);
      if (query.after !== undefined) q = q.where('id', '>', query.after);
      const rows = await q.orderBy('id').limit(query.limit + 1).execute();
      return pageOf(rows.map(toRecord), query.limit, (connection) => connection.id);
    },

    async updateIf(id, expect, changes) {
      const set = changesToRow(changes);
      if (Object.keys(set).length === 0) throw new Error('updateIf: nothing to change');
      let q = db.updateTable('workflow_connections').set(set).where('id', '=', id);
      // Evaluated by the UPDATE itself: on PostgreSQL a writer that waited for this row re-checks the
      // condition against the committed row; SQLite runs one write at a time. A stale writer matches nothing.
      if (expect.status !== undefined) q = q.where('status', 'in', [...expect.status]);
      if (expect.tokensSealed !== undefined) q = expect.tokensSealed === null ? q.where('tokens_sealed', 'is', null) : q.where('tokens_sealed', '=', expect.tokensSealed);
      const result = await q.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async recordUse(id, at) {
      await db
        .updateTable('workflow_connections')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
        .execute();
    },

    async delete(id) {
      // Its pending authorizations go with it through `on delete cascade`.
      const result = await db.deleteFrom('workflow_connections').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async lockExisting(ids) {
      if (ids.length === 0) return [];
      const query = db.selectFrom('workflow_connections').select('id').where('id', 'in', [...ids]).orderBy('id');
      const rows = await (dialect.name === 'postgres' ? query.forUpdate() : query).execute();
      return rows.map((r) => r.id);
    },

    async claimRefresh(id, now, until) {
      // One statement: on PostgreSQL a concurrent claimer waits for this row and re-checks the lease
      // against the committed value; SQLite runs one write at a time. Either way exactly one wins.
      const result = await db
        .updateTable('workflow_connections')
        .set({ refresh_lease_until: until })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<=', now)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async releaseRefresh(id, until) {
      await db.updateTable('workflow_connections').set({ refresh_lease_until: null }).where('id', '=', id).where('refresh_lease_until', '=', until).execute();
    },

    async insertAuthorization(pending) {
      // The foreign key refuses an authorization for a connection that does not exist.
      await db
        .insertInto('workflow_authorizations')
        .values({
          state_hash: pending.stateHash,
          connection_id: pending.connectionId,
          code_verifier_sealed: pending.codeVerifierSealed,
          requested_by: pending.requestedBy,
          purpose: pending.purpose,
          expires_at: pending.expiresAt,
        })
        .execute();
    },

    async takeAuthorization(stateHash, now) {
      // DELETE … RETURNING: the read and the removal are one statement, so two callbacks with the same
      // state cannot both get it. An expired row is left in place for purgeAuthorizations.
      const row = await db
        .deleteFrom('workflow_authorizations')
        .where('state_hash', '=', stateHash)
        .where('expires_at', '>', now)
        .returning(AUTHORIZATION_COLUMNS)
        .executeTakeFirst();
      return row && toAuthorization(row);
    },

    async purgeAuthorizations(now) {
      // `<=`: exactly the rows takeAuthorization refuses at `now`.
      const result = await db.deleteFrom('workflow_authorizations').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
