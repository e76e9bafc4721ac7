import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Page, UserListQuery, UserRepo } from '../core/ports/store.js';
import { UniqueViolation } from '../core/ports/store.js';
import { normalizeLogin, type Profile, type ProviderType, type UserRecord } from '../core/user.js';
import type { UserStatus } from '../core/user-status.js';
import { asciiLower, compileFilter, startsWith } from './compile-filter.js';
import type { Database, UsersTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery, mapOnce } from './hot-query.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';
import { userAttribute } from './user-attributes.js';

/** Every column a UserRecord is read from (login_normalized is derived, so not read back). */
export const USER_COLUMNS = [
  'users.id',
  'users.status',
  'users.created',
  'users.activated',
  'users.status_changed',
  'users.last_login',
  'users.last_updated',
  'users.password_changed',
  'users.type_id',
  'users.profile',
  'users.password_hash',
  'users.recovery_question',
  'users.recovery_answer_hash',
  'users.provider_type',
  'users.provider_name',
] as const;

type UserRow = Pick<
  Selectable<UsersTable>,
  | 'id' | 'status' | 'created' | 'activated' | 'status_changed' | 'last_login' | 'last_updated'
  | 'password_changed' | 'type_id' | 'profile' | 'password_hash' | 'recovery_question'
  | 'recovery_answer_hash' | 'provider_type' | 'provider_name'
>;

/** Maps a row selected with {@link USER_COLUMNS} to the record. */
export function toUserRecord(row: UserRow, dialect: SqlDialect): UserRecord {
  return {
    id: row.id,
    status: row.status as UserStatus,
    created: row.created,
    activated: row.activated,
    statusChanged: row.status_changed,
    lastLogin: row.last_login,
    lastUpdated: row.last_updated,
    passwordChanged: row.password_changed,
    typeId: row.type_id,
    profile: dialect.readJson<Profile>(row.profile),
    passwordHash: row.password_hash,
    recoveryQuestion: row.recovery_question,
    recoveryAnswerHash: row.recovery_answer_hash,
    providerType: row.provider_type as ProviderType,
    providerName: row.provider_name,
  };
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function toRow(user: UserRecord): Insertable<UsersTable> {
  const login = String(user.profile.login ?? '');
  return {
    id: user.id,
    status: user.status,
    login,
    login_normalized: normalizeLogin(login),
    email: textOrNull(user.profile.email),
    first_name: textOrNull(user.profile.firstName),
    last_name: textOrNull(user.profile.lastName),
    created: user.created,
    activated: user.activated,
    status_changed: user.statusChanged,
    last_login: user.lastLogin,
    last_updated: user.lastUpdated,
    password_changed: user.passwordChanged,
    type_id: user.typeId,
    password_hash: user.passwordHash,
    recovery_question: user.recoveryQuestion,
    recovery_answer_hash: user.recoveryAnswerHash,
    provider_type: user.providerType,
    provider_name: user.providerName,
    profile: JSON.stringify(user.profile),
  };
}

/** Position of a sorted page: the last row's sort key and id. */
type SortPosition = [string | null, string];
const isSortPosition = (v: unknown): v is SortPosition =>
  Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || v[0] === null) && typeof v[1] === 'string';

const byId = hotQuery((db, id: string) => db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id));
/** PostgreSQL row lock for read-then-write moves; SQLite write transactions are already exclusive. */
const byIdForUpdate = hotQuery((db, id: string) => db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).forUpdate());
const byLogin = hotQuery((db, normalized: string) =>
  db.selectFrom('users').select(USER_COLUMNS).where('login_normalized', '=', normalized),
);

/** Users on SQLite or PostgreSQL; `db` is the store's Kysely instance or a transaction. */
export function userRepo(db: Kysely<Database>, dialect: SqlDialect): UserRepo {
  const select = () => db.selectFrom('users').select(USER_COLUMNS);
  const toRecord = (row: UserRow) => toUserRecord(row, dialect);
  // By-id reads run on every request that names a user: a row still served from memory keeps its record.
  const toRecordOnce = mapOnce(toRecord);

  async function sortedPage(query: UserListQuery, sortBy: string, conditions: RawBuilder<SqlBool>[]): Promise<Page<UserRecord>> {
    const attribute = userAttribute(sortBy);
    const key: RawBuilder<string | null> =
      attribute.kind === 'json' ? dialect.jsonString(attribute.column, attribute.key) : (attribute.expr as RawBuilder<string | null>);
    const desc = query.sortOrder === 'desc';
    const id = sql.ref('users.id');
    if (query.after !== undefined) {
      // Absent keys sort after every value ascending (and so first descending), on both engines.
      const [k, lastId] = decodeCursor(query.after, isSortPosition);
      conditions.push(
        desc
          ? k === null
            ? sql<SqlBool>`((${key} is null and ${id} < ${lastId}) or ${key} is not null)`
            : sql<SqlBool>`(${key} < ${k} or (${key} = ${k} and ${id} < ${lastId}))`
          : k === null
            ? sql<SqlBool>`(${key} is null and ${id} > ${lastId})`
            : sql<SqlBool>`(${key} > ${k} or (${key} = ${k} and ${id} > ${lastId}) or ${key} is null)`,
      );
    }
    const order = desc ? sql`${key} desc nulls first, ${id} desc` : sql`${key} asc nulls last, ${id} asc`;
    let q = select().select(key.as('sort_key'));
    for (const c of conditions) q = q.where(c);
    const rows = await q.orderBy(order).limit(query.limit + 1).execute();
    const more = rows.length > query.limit;
    const pageRows = more ? rows.slice(0, query.limit) : rows;
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map(toRecord),
      next: more && last ? encodeCursor([last.sort_key ?? null, last.id] satisfies SortPosition) : null,
    };
  }

  return {
    async insert(user) {
      // ON CONFLICT instead of catching the error: a PostgreSQL transaction survives it.
      const result = await db
        .insertInto('users')
        .values(toRow(user))
        .onConflict((oc) => oc.column('login_normalized').doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('login');
    },

    async update(user) {
      const { id: _id, ...row } = toRow(user);
      try {
        await db.updateTable('users').set(row).where('id', '=', user.id).execute();
      } catch (error) {
        throw dialect.uniqueViolation(error) ?? error;
      }
    },

    async delete(id) {
      await db.deleteFrom('users').where('id', '=', id).execute();
    },

    async lockById(id) {
      const [row] = dialect.name === 'postgres' ? await byIdForUpdate(db, dialect, id) : await byId(db, dialect, id);
      return row ? toUserRecord(row, dialect) : undefined;
    },
    async findById(id) {
      const [row] = await byId(db, dialect, id);
      return row && toRecordOnce(row);
    },

    async findByLogin(login) {
      const [row] = await byLogin(db, dialect, normalizeLogin(login));
      return row && toRecord(row);
    },

    async findByShortName(shortName, limit) {
      // `<shortName>@…` is a prefix range on the unique index.
      const rows = await select()
        .where(startsWith(sql.ref('users.login_normalized'), `${normalizeLogin(shortName)}@`))
        .orderBy('login_normalized')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },

    async list(query) {
      if (query.limit <= 0) return { items: [], next: null };
      const conditions: RawBuilder<SqlBool>[] = [];
      if (!query.includeDeprovisioned) conditions.push(sql<SqlBool>`${sql.ref('users.status')} <> ${'DEPROVISIONED'}`);
      if (query.filter) {
        conditions.push(
          compileFilter(query.filter, { dialect, resolve: userAttribute, caseInsensitive: query.caseInsensitive ?? false }),
        );
      }
      if (query.sortBy !== undefined) return sortedPage(query, query.sortBy, conditions);

      let q = select();
      for (const c of conditions) q = q.where(c);
      if (query.after !== undefined) q = q.where('id', '>', query.after);
      const rows = await q.orderBy('id').limit(query.limit + 1).execute();
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(toRecord);
      return { items, next: more ? items[items.length - 1]!.id : null };
    },

    async searchPrefix(prefix, limit) {
      const p = asciiLower(prefix);
      const rows = await select()
        .where('status', '<>', 'DEPROVISIONED')
        .where(
          sql<SqlBool>`(${startsWith(sql`lower(${sql.ref('users.first_name')})`, p)} or ${startsWith(
            sql`lower(${sql.ref('users.last_name')})`,
            p,
          )} or ${startsWith(sql`lower(${sql.ref('users.email')})`, p)})`,
        )
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },

    async count() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
