import type { Kysely, Selectable } from 'kysely';
import type { RoleRepo } from '../core/ports/store.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { RoleAssignmentRecord } from '../core/records.js';
import type { RoleType } from '../core/roles.js';
import type { Database, RoleAssignmentsTable } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery } from './hot-query.js';

const COLUMNS = ['id', 'user_id', 'type', 'status', 'created', 'last_updated'] as const;

function toRecord(row: Selectable<RoleAssignmentsTable>): RoleAssignmentRecord {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as RoleType,
    status: row.status as RoleAssignmentRecord['status'],
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

/** Assignment order: oldest first, id breaking ties (ids are random, so alone they say nothing). */
function byCreated(a: RoleAssignmentRecord, b: RoleAssignmentRecord): number {
  return a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// Read on every authorised request.
const ofUser = hotQuery((db, userId: string) =>
  db.selectFrom('role_assignments').select(COLUMNS).where('user_id', '=', userId).orderBy('created').orderBy('id'),
);

/** Admin role assignments; `db` is the store's Kysely instance or a transaction. */
export function roleRepo(db: Kysely<Database>, dialect: SqlDialect): RoleRepo {
  return {
    async insert(assignment) {
      const result = await db
        .insertInto('role_assignments')
        .values({
          id: assignment.id,
          user_id: assignment.userId,
          type: assignment.type,
          status: assignment.status,
          created: assignment.created,
          last_updated: assignment.lastUpdated,
        })
        .onConflict((oc) => oc.columns(['user_id', 'type']).doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new UniqueViolation('role_assignment');
    },

    async delete(id) {
      await db.deleteFrom('role_assignments').where('id', '=', id).execute();
    },

    async findById(id) {
      const row = await db.selectFrom('role_assignments').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async listForUser(userId) {
      return (await ofUser(db, dialect, userId)).map(toRecord);
    },

    async deleteAllForUser(userId) {
      const rows = await db.deleteFrom('role_assignments').where('user_id', '=', userId).returning(COLUMNS).execute();
      return rows.map(toRecord).sort(byCreated);
    },
  };
}
