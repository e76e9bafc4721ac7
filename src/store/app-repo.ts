import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AppRecord, AppScopeGrantRecord, AppUserRecord, ClientRoleRecord, GrantCreator } from '../core/apps.js';
import type { AppRepo } from '../core/ports/store.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { RoleType } from '../core/roles.js';
import { startsWith } from './compile-filter.js';
import type { AppScopeGrantsTable, AppsTable, AppUsersTable, ClientRolesTable, Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery, mapOnce } from './hot-query.js';
import { pageOf } from './keyset-page.js';

/** Every column an AppRecord is read from (label_normalized is derived, so not read back). */
export const APP_COLUMNS = [
  'apps.id',
  'apps.label',
  'apps.status',
  'apps.application_type',
  'apps.created',
  'apps.last_updated',
  'apps.client_secret_sealed',
  'apps.settings',
] as const;

export type AppRow = Omit<Selectable<AppsTable>, 'label_normalized'>;

/** The AppRecord fields kept in the `settings` JSON column rather than in columns of their own. */
type AppSettings = Omit<AppRecord, 'id' | 'label' | 'status' | 'applicationType' | 'created' | 'lastUpdated' | 'clientSecretSealed'>;

/** Maps a row selected with {@link APP_COLUMNS} to the record. */
export function toAppRecord(row: AppRow, dialect: SqlDialect): AppRecord {
  const settings = dialect.readJson<AppSettings>(row.settings);
  return {
    id: row.id,
    label: row.label,
    status: row.status as AppRecord['status'],
    created: row.created,
    lastUpdated: row.last_updated,
    applicationType: row.application_type as AppRecord['applicationType'],
    grantTypes: settings.grantTypes,
    responseTypes: settings.responseTypes,
    redirectUris: settings.redirectUris,
    postLogoutRedirectUris: settings.postLogoutRedirectUris,
    initiateLoginUri: settings.initiateLoginUri,
    logoUri: settings.logoUri,
    clientUri: settings.clientUri,
    consentMethod: settings.consentMethod,
    tokenEndpointAuthMethod: settings.tokenEndpointAuthMethod,
    pkceRequired: settings.pkceRequired,
    clientSecretSealed: row.client_secret_sealed,
    jwks: settings.jwks,
  };
}

/** Labels are searched case-insensitively; folded in JS so every engine folds alike. */
function foldLabel(label: string): string {
  return label.normalize('NFKC').toLowerCase();
}

function toRow(app: AppRecord): Insertable<AppsTable> {
  const { id, label, status, applicationType, created, lastUpdated, clientSecretSealed, ...settings } = app;
  return {
    id,
    label,
    label_normalized: foldLabel(label),
    status,
    application_type: applicationType,
    created,
    last_updated: lastUpdated,
    client_secret_sealed: clientSecretSealed,
    settings: JSON.stringify(settings satisfies AppSettings),
  };
}

const toAssignment = (row: Selectable<AppUsersTable>): AppUserRecord => ({
  appId: row.app_id,
  userId: row.user_id,
  created: row.created,
  lastUpdated: row.last_updated,
});

const toClientRole = (row: Selectable<ClientRolesTable>): ClientRoleRecord => ({
  id: row.id,
  clientId: row.client_id,
  type: row.type as RoleType,
  created: row.created,
  lastUpdated: row.last_updated,
});

const ASSIGNMENT_COLUMNS = ['app_id', 'user_id', 'created', 'last_updated'] as const;
const SCOPE_GRANT_COLUMNS = ['id', 'app_id', 'scope_id', 'issuer', 'created', 'last_updated', 'created_by'] as const;
const CLIENT_ROLE_COLUMNS = ['id', 'client_id', 'type', 'created', 'last_updated'] as const;

// The OAuth endpoints read the client on every request.
const byId = hotQuery((db, id: string) => db.selectFrom('apps').select(APP_COLUMNS).where('id', '=', id));
// Read with the app on every token and introspection request (the client's allowed scopes).
const scopeGrantsOf = hotQuery((db, appId: string) => db.selectFrom('app_scope_grants').select(SCOPE_GRANT_COLUMNS).where('app_id', '=', appId).orderBy('scope_id'));

/** OIDC apps with their user assignments, admin scope grants and client roles; `db` is the store's
 *  Kysely instance or a transaction. */
export function appRepo(db: Kysely<Database>, dialect: SqlDialect): AppRepo {
  const toRecord = (row: AppRow) => toAppRecord(row, dialect);
  const toScopeGrant = (row: Selectable<AppScopeGrantsTable>): AppScopeGrantRecord => ({
    id: row.id,
    appId: row.app_id,
    scopeId: row.scope_id,
    issuer: row.issuer,
    created: row.created,
    lastUpdated: row.last_updated,
    createdBy: dialect.readJson<GrantCreator>(row.created_by),
  });

  // Read on every OAuth request (the client): rows still served from memory keep their frozen records.
  const toRecordOnce = mapOnce(toRecord);
  const toScopeGrantsOnce = mapOnce((rows: Selectable<AppScopeGrantsTable>[]) => rows.map(toScopeGrant));

  return {
    async insert(app) {
      await db.insertInto('apps').values(toRow(app)).execute();
    },

    async update(app) {
      const { id: _id, ...row } = toRow(app);
      await db.updateTable('apps').set(row).where('id', '=', app.id).execute();
    },

    async delete(id) {
      // Assignments, scope grants, consents and client roles go with it through `on delete cascade`;
      // OAuth artifacts have no foreign key (the service revokes them with oauth.deleteForClient).
      await db.deleteFrom('apps').where('id', '=', id).execute();
    },

    async findById(id) {
      const [row] = await byId(db, dialect, id);
      return row && toRecordOnce(row);
    },

    async list(query) {
      if (query.limit <= 0) return { items: [], next: null };
      let q = db.selectFrom('apps').select(APP_COLUMNS);
      if (query.labelPrefix !== undefined) q = q.where(startsWith(sql.ref('apps.label_normalized'), foldLabel(query.labelPrefix)));
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      if (query.after !== undefined) q = q.where('id', '>', query.after);
      const rows = await q.orderBy('id').limit(query.limit + 1).execute();
      return pageOf(rows.map(toRecord), query.limit, (app) => app.id);
    },

    async assignUser(assignment) {
      // ON CONFLICT instead of catching the error: a PostgreSQL transaction survives it.
      const result = await db
        .insertInto('app_users')
        .values({
          app_id: assignment.appId,
          user_id: assignment.userId,
          created: assignment.created,
          last_updated: assignment.lastUpdated,
        })
        .onConflict((oc) => oc.columns(['app_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('app_user');
    },

    async unassignUser(appId, userId) {
      const result = await db.deleteFrom('app_users').where('app_id', '=', appId).where('user_id', '=', userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async findAssignment(appId, userId) {
      const row = await db
        .selectFrom('app_users')
        .select(ASSIGNMENT_COLUMNS)
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toAssignment(row);
    },

    async listAssignments(appId, limit, after) {
      if (limit <= 0) return { items: [], next: null };
      let q = db.selectFrom('app_users').select(ASSIGNMENT_COLUMNS).where('app_id', '=', appId);
      if (after !== undefined) q = q.where('user_id', '>', after);
      const rows = await q.orderBy('user_id').limit(limit + 1).execute();
      return pageOf(rows.map(toAssignment), limit, (assignment) => assignment.userId);
    },

    async unassignUserFromAll(userId) {
      const rows = await db.deleteFrom('app_users').where('user_id', '=', userId).returning('app_id').execute();
      return rows.map((r) => r.app_id).sort();
    },

    async insertScopeGrant(grant) {
      const result = await db
        .insertInto('app_scope_grants')
        .values({
          id: grant.id,
          app_id: grant.appId,
          scope_id: grant.scopeId,
          issuer: grant.issuer,
          created: grant.created,
          last_updated: grant.lastUpdated,
          created_by: JSON.stringify(grant.createdBy),
        })
        .onConflict((oc) => oc.columns(['app_id', 'scope_id']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('app_scope_grant');
    },

    async listScopeGrants(appId) {
      return toScopeGrantsOnce(await scopeGrantsOf(db, dialect, appId));
    },

    async findScopeGrant(appId, grantId) {
      const row = await db
        .selectFrom('app_scope_grants')
        .select(SCOPE_GRANT_COLUMNS)
        .where('id', '=', grantId)
        .where('app_id', '=', appId)
        .executeTakeFirst();
      return row && toScopeGrant(row);
    },

    async deleteScopeGrant(appId, grantId) {
      const result = await db.deleteFrom('app_scope_grants').where('id', '=', grantId).where('app_id', '=', appId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async insertClientRole(role) {
      const result = await db
        .insertInto('client_roles')
        .values({
          id: role.id,
          client_id: role.clientId,
          type: role.type,
          created: role.created,
          last_updated: role.lastUpdated,
        })
        .onConflict((oc) => oc.columns(['client_id', 'type']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('client_role');
    },

    async listClientRoles(clientId) {
      const rows = await db.selectFrom('client_roles').select(CLIENT_ROLE_COLUMNS).where('client_id', '=', clientId).orderBy('id').execute();
      return rows.map(toClientRole);
    },

    async findClientRole(clientId, roleId) {
      const row = await db
        .selectFrom('client_roles')
        .select(CLIENT_ROLE_COLUMNS)
        .where('id', '=', roleId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row && toClientRole(row);
    },

    async deleteClientRole(clientId, roleId) {
      const result = await db.deleteFrom('client_roles').where('id', '=', roleId).where('client_id', '=', clientId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
