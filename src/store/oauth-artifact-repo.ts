import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { BearerCredential, OAuthArtifact, OAuthArtifactRepo } from '../core/ports/store.js';
import type { RoleType } from '../core/roles.js';
import { APP_COLUMNS, toAppRecord, type AppRow } from './app-repo.js';
import type { Database, OAuthArtifactsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery, mapOnce } from './hot-query.js';
import { USER_COLUMNS, toUserRecord } from './user-repo.js';

const COLUMNS = [
  'oauth_artifacts.kind',
  'oauth_artifacts.id',
  'oauth_artifacts.payload',
  'oauth_artifacts.grant_id',
  'oauth_artifacts.user_id',
  'oauth_artifacts.client_id',
  'oauth_artifacts.uid',
  'oauth_artifacts.user_code',
  'oauth_artifacts.expires_at',
  'oauth_artifacts.consumed_at',
] as const;

type ArtifactRow = Selectable<OAuthArtifactsTable>;
type UserRow = Parameters<typeof toUserRecord>[0];

/**
 * oidc-provider decides whether a code or refresh token was used by its payload's `consumed` (epoch
 * seconds), so a consumed artifact's payload carries it. `consume` only sets the column; it is merged
 * here, which keeps consuming one portable UPDATE of one column.
 */
function toArtifact(row: ArtifactRow, dialect: SqlDialect): OAuthArtifact {
  const payload = dialect.readJson<Record<string, unknown>>(row.payload);
  return {
    kind: row.kind,
    id: row.id,
    payload: row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(Date.parse(row.consumed_at) / 1000) },
    grantId: row.grant_id,
    userId: row.user_id,
    clientId: row.client_id,
    uid: row.uid,
    userCode: row.user_code,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
  };
}

function toRow(artifact: OAuthArtifact): Insertable<OAuthArtifactsTable> {
  return {
    kind: artifact.kind,
    id: artifact.id,
    payload: JSON.stringify(artifact.payload),
    grant_id: artifact.grantId,
    user_id: artifact.userId,
    client_id: artifact.clientId,
    uid: artifact.uid,
    user_code: artifact.userCode,
    expires_at: artifact.expiresAt,
    consumed_at: artifact.consumedAt,
  };
}

/** Selects `columns` (`table.column`) as `<prefix>column`, so joined tables' like-named columns stay apart. */
function prefixed(columns: readonly string[], prefix: string) {
  return columns.map((column) => sql.ref(column).as(`${prefix}${column.slice(column.indexOf('.') + 1)}`));
}

/** The columns of `row` selected with {@link prefixed}, under their own names again. */
function unprefixed<T>(row: Record<string, unknown>, prefix: string): T {
  const columns: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (key.startsWith(prefix)) columns[key.slice(prefix.length)] = row[key];
  return columns as T;
}

// Read by the OAuth endpoints on every request that presents a code, token, session or user code.
const byKey = hotQuery((db, kind: string, id: string) =>
  db.selectFrom('oauth_artifacts').select(COLUMNS).where('kind', '=', kind).where('id', '=', id),
);
const byUid = hotQuery((db, kind: string, uid: string) =>
  db.selectFrom('oauth_artifacts').select(COLUMNS).where('kind', '=', kind).where('uid', '=', uid).orderBy('id').limit(sql.lit(1)),
);
const byUserCode = hotQuery((db, kind: string, userCode: string) =>
  db.selectFrom('oauth_artifacts').select(COLUMNS).where('kind', '=', kind).where('user_code', '=', userCode).orderBy('id').limit(sql.lit(1)),
);

// Written on every token request: compiled once (building a Kysely query costs more than SQLite's insert).
const upsertRow = hotQuery(
  (
    db,
    kind: string,
    id: string,
    payload: string,
    grantId: string | null,
    userId: string | null,
    clientId: string | null,
    uid: string | null,
    userCode: string | null,
    expiresAt: string | null,
    consumedAt: string | null,
  ) =>
    db
      .insertInto('oauth_artifacts')
      .values({ kind, id, payload, grant_id: grantId, user_id: userId, client_id: clientId, uid, user_code: userCode, expires_at: expiresAt, consumed_at: consumedAt })
      .onConflict((oc) =>
        oc.columns(['kind', 'id']).doUpdateSet((eb) => ({
          payload: eb.ref('excluded.payload'),
          grant_id: eb.ref('excluded.grant_id'),
          user_id: eb.ref('excluded.user_id'),
          client_id: eb.ref('excluded.client_id'),
          uid: eb.ref('excluded.uid'),
          user_code: eb.ref('excluded.user_code'),
          expires_at: eb.ref('excluded.expires_at'),
          consumed_at: eb.ref('excluded.consumed_at'),
        })),
      ),
);
/** A literal NULL, not a parameter (hotQuery's parameters are its arguments, in order). */
const NULL = sql<null>`null`;
const claimRow = hotQuery(
  (db, kind: string, id: string, payload: string, clientId: string | null, expiresAt: string | null, now: string) =>
    db
      .insertInto('oauth_artifacts')
      .values({ kind, id, payload, grant_id: NULL, user_id: NULL, client_id: clientId, uid: NULL, user_code: NULL, expires_at: expiresAt, consumed_at: NULL })
      .onConflict((oc) =>
        oc
          .columns(['kind', 'id'])
          .doUpdateSet((eb) => ({ payload: eb.ref('excluded.payload'), client_id: eb.ref('excluded.client_id'), expires_at: eb.ref('excluded.expires_at') }))
          .where('oauth_artifacts.expires_at', '<=', now),
      )
      .returning('id'),
);
const consumeRow = hotQuery((db, at: string, kind: string, id: string) =>
  db.updateTable('oauth_artifacts').set({ consumed_at: at }).where('kind', '=', kind).where('id', '=', id).where('consumed_at', 'is', null).returning('id'),
);
const destroyRow = hotQuery((db, kind: string, id: string) => db.deleteFrom('oauth_artifacts').where('kind', '=', kind).where('id', '=', id));

type BearerRow = ArtifactRow & { [column: `u_${string}` | `app_${string}`]: unknown } & {
  role_types: string | null;
  client_role_types: string | null;
};

/**
 * The access token, its user, the user's active role types, its app and the app's role types in one
 * statement (read on every bearer request, with no cache, like the SSWS credential). Role types are
 * comma-joined, which is safe because they are A–Z and `_`; `string_agg` is PostgreSQL's and, since
 * 3.44, SQLite's too, so the statement is the same on both.
 */
const bearerById = hotQuery((db, id: string) =>
  db
    .selectFrom('oauth_artifacts')
    .leftJoin('users', 'users.id', 'oauth_artifacts.user_id')
    .leftJoin('apps', 'apps.id', 'oauth_artifacts.client_id')
    .select(COLUMNS)
    .select(prefixed(USER_COLUMNS, 'u_'))
    .select(prefixed(APP_COLUMNS, 'app_'))
    .select(
      sql<string | null>`(select string_agg(r.type, ',') from role_assignments r
        where r.user_id = users.id and r.status = 'ACTIVE')`.as('role_types'),
    )
    .select(sql<string | null>`(select string_agg(c.type, ',') from client_roles c where c.client_id = apps.id)`.as('client_role_types'))
    .where('oauth_artifacts.kind', 'in', [sql.lit('AccessToken'), sql.lit('ClientCredentials')])
    .where('oauth_artifacts.id', '=', id)
    .$castTo<BearerRow>(),
);

const roleTypes = (joined: string | null): RoleType[] => (joined ? (joined.split(',').sort() as RoleType[]) : []);

/** oidc-provider's model instances (see OAuthArtifact); `db` is the store's Kysely instance or a transaction. */
export function oauthArtifactRepo(db: Kysely<Database>, dialect: SqlDialect): OAuthArtifactRepo {
  const toRecord = (row: ArtifactRow) => toArtifact(row, dialect);

  // Read on every bearer request: a row still served from memory keeps its mapped credential.
  const toBearer = mapOnce(
    (row: BearerRow): BearerCredential => ({
      token: toRecord(row),
      user: row.u_id === null ? undefined : toUserRecord(unprefixed<UserRow>(row, 'u_'), dialect),
      userRoles: roleTypes(row.role_types),
      app: row.app_id === null ? undefined : toAppRecord(unprefixed<AppRow>(row, 'app_'), dialect),
      appRoles: roleTypes(row.client_role_types),
    }),
  );

  return {
    async upsert(artifact) {
      const row = toRow(artifact);
      await upsertRow(db, dialect, row.kind, row.id, row.payload, row.grant_id ?? null, row.user_id ?? null, row.client_id ?? null, row.uid ?? null, row.user_code ?? null, row.expires_at ?? null, row.consumed_at ?? null);
    },

    async claim(artifact, now) {
      const row = toRow(artifact);
      // Only what a replay record has; the rest of its row stays null.
      return (await claimRow(db, dialect, row.kind, row.id, row.payload, row.client_id ?? null, row.expires_at ?? null, now)).length === 1;
    },

    async find(kind, id) {
      const [row] = await byKey(db, dialect, kind, id);
      return row && toRecord(row);
    },

    async findByUid(kind, uid) {
      const [row] = await byUid(db, dialect, kind, uid);
      return row && toRecord(row);
    },

    async findByUserCode(kind, userCode) {
      const [row] = await byUserCode(db, dialect, kind, userCode);
      return row && toRecord(row);
    },

    async consume(kind, id, at) {
      // The first consumption is the one that counts: a replayed code must not move it, and of two
      // concurrent consumers only one is told it consumed the artifact.
      return (await consumeRow(db, dialect, at, kind, id)).length === 1;
    },

    async destroy(kind, id) {
      await destroyRow(db, dialect, kind, id);
    },

    async revokeByGrantId(grantId) {
      const result = await db.deleteFrom('oauth_artifacts').where('grant_id', '=', grantId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteForUser(userId, kinds, clientId) {
      if (kinds.length === 0) return [];
      let query = db.deleteFrom('oauth_artifacts').where('user_id', '=', userId).where('kind', 'in', kinds);
      if (clientId !== undefined) query = query.where('client_id', '=', clientId);
      const rows = await query.returning('grant_id').execute();
      const grantIds = new Set(rows.flatMap((r) => (r.grant_id === null ? [] : [r.grant_id])));
      return [...grantIds].sort();
    },

    async deleteForClient(clientId) {
      const result = await db.deleteFrom('oauth_artifacts').where('client_id', '=', clientId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async findBearer(id): Promise<BearerCredential | undefined> {
      const [row] = await bearerById(db, dialect, id);
      return row && toBearer(row);
    },

    async purgeExpired(before, limit) {
      if (limit <= 0) return 0;
      // A bounded batch, so a large backlog never holds the table for long; `(kind, id) in (…)` because
      // neither engine has a portable DELETE … LIMIT.
      const result = await db
        .deleteFrom('oauth_artifacts')
        .where(({ eb, refTuple, selectFrom }) =>
          eb(
            refTuple('kind', 'id'),
            'in',
            selectFrom('oauth_artifacts')
              .select(['kind', 'id'])
              .where('expires_at', '<', before)
              .orderBy('expires_at')
              .limit(limit)
              .$asTuple('kind', 'id'),
          ),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
