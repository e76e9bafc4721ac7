import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { GroupRepo } from '../core/ports/store.js';
import { UniqueViolation, UnsupportedFilter } from '../core/ports/store.js';
import type { GroupRecord, GroupType } from '../core/records.js';
import { compileFilter, startsWith, type ColumnAttribute } from './compile-filter.js';
import type { Database, GroupsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery } from './hot-query.js';
import { USER_COLUMNS, toUserRecord } from './user-repo.js';

const GROUP_COLUMNS = [
  'groups.id',
  'groups.type',
  'groups.name',
  'groups.description',
  'groups.created',
  'groups.last_updated',
  'groups.last_membership_updated',
] as const;

type GroupRow = Omit<Selectable<GroupsTable>, 'name_normalized'>;

function toRecord(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    type: row.type as GroupType,
    name: row.name,
    description: row.description,
    created: row.created,
    lastUpdated: row.last_updated,
    lastMembershipUpdated: row.last_membership_updated,
  };
}

/** Group names are unique case-insensitively; folded in JS so every engine folds alike. */
function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

function toRow(group: GroupRecord): Insertable<GroupsTable> {
  return {
    id: group.id,
    type: group.type,
    name: group.name,
    name_normalized: foldName(group.name),
    description: group.description,
    created: group.created,
    last_updated: group.lastUpdated,
    last_membership_updated: group.lastMembershipUpdated,
  };
}

const column = (name: string, time = false): ColumnAttribute => ({
  kind: 'column',
  expr: sql.ref(`groups.${name}`),
  fold: 'none',
  time,
});

/** Group filter attributes (GroupListQuery): all columns, values compared case-sensitively. */
const ATTRIBUTES: Record<string, ColumnAttribute> = {
  id: column('id'),
  type: column('type'),
  created: column('created', true),
  lastUpdated: column('last_updated', true),
  lastMembershipUpdated: column('last_membership_updated', true),
  'profile.name': column('name'),
  'profile.description': column('description'),
};

function groupAttribute(attr: string): ColumnAttribute {
  const attribute = ATTRIBUTES[attr];
  if (!attribute) throw new UnsupportedFilter(attr);
  return attribute;
}

const byId = hotQuery((db, id: string) => db.selectFrom('groups').select(GROUP_COLUMNS).where('id', '=', id));
const membership = hotQuery((db, groupId: string, userId: string) =>
  db
    .selectFrom('group_members')
    .select('group_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId),
);

/** Groups and memberships; `db` is the store's Kysely instance or a transaction. */
export function groupRepo(db: Kysely<Database>, dialect: SqlDialect): GroupRepo {
  const select = () => db.selectFrom('groups').select(GROUP_COLUMNS);

  return {
    async insert(group) {
      // The conflict target names the partial index, so only a clash between Okta groups is caught;
      // its predicate must be a literal for PostgreSQL to match the index.
      const result = await db
        .insertInto('groups')
        .values(toRow(group))
        .onConflict((oc) => oc.column('name_normalized').where('type', '=', sql.lit('OKTA_GROUP')).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('group_name');
    },

    async update(group) {
      const { id: _id, ...row } = toRow(group);
      try {
        await db.updateTable('groups').set(row).where('id', '=', group.id).execute();
      } catch (error) {
        throw dialect.uniqueViolation(error) ?? error;
      }
    },

    async delete(id) {
      // Memberships go with it through `on delete cascade`.
      await db.deleteFrom('groups').where('id', '=', id).execute();
    },

    async findById(id) {
      const [row] = await byId(db, dialect, id);
      return row && toRecord(row);
    },

    async findByName(name) {
      // Case-insensitive, like the uniqueness rule; an Okta group wins over an app group of the same name.
      const row = await select()
        .where('name_normalized', '=', foldName(name))
        .orderBy(sql`case when ${sql.ref('groups.type')} = ${'OKTA_GROUP'} then 0 else 1 end`)
        .orderBy('id')
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async list(query) {
      if (query.limit <= 0) return { items: [], next: null };
      let q = select();
      if (query.namePrefix !== undefined) q = q.where(startsWith(sql.ref('groups.name_normalized'), foldName(query.namePrefix)));
      if (query.filter) q = q.where(compileFilter(query.filter, { dialect, resolve: groupAttribute, caseInsensitive: false }));
      if (query.after !== undefined) q = q.where('id', '>', query.after);
      const rows = await q.orderBy('id').limit(query.limit + 1).execute();
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(toRecord);
      return { items, next: more ? items[items.length - 1]!.id : null };
    },

    async addMember(groupId, userId, at) {
      const result = await db
        .insertInto('group_members')
        .values({ group_id: groupId, user_id: userId, created: at })
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('group_member');
    },

    async removeMember(groupId, userId) {
      const result = await db
        .deleteFrom('group_members')
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async isMember(groupId, userId) {
      return (await membership(db, dialect, groupId, userId)).length > 0;
    },

    async listMembers(groupId, limit, after) {
      if (limit <= 0) return { items: [], next: null };
      let q = db
        .selectFrom('group_members')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .select(USER_COLUMNS)
        .where('group_members.group_id', '=', groupId);
      if (after !== undefined) q = q.where('group_members.user_id', '>', after);
      const rows = await q.orderBy('group_members.user_id').limit(limit + 1).execute();
      const more = rows.length > limit;
      const items = (more ? rows.slice(0, limit) : rows).map((row) => toUserRecord(row, dialect));
      return { items, next: more ? items[items.length - 1]!.id : null };
    },

    async countMembers(groupId) {
      const row = await db
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('group_id', '=', groupId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listGroupsOfUser(userId) {
      const rows = await db
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .select(GROUP_COLUMNS)
        .where('group_members.user_id', '=', userId)
        .orderBy('group_members.group_id')
        .execute();
      return rows.map(toRecord);
    },

    async removeUserFromAll(userId) {
      // RETURNING names exactly the memberships this statement removed, even under concurrent changes.
      const removed = await db.deleteFrom('group_members').where('user_id', '=', userId).returning('group_id').execute();
      if (removed.length === 0) return [];
      const rows = await select()
        .where(
          'id',
          'in',
          removed.map((r) => r.group_id),
        )
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
  };
}

