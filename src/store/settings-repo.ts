import type { Kysely } from 'kysely';
import type { OrgSettingsRepo } from '../core/ports/store.js';
import type { Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { hotQuery } from './hot-query.js';

const byKey = hotQuery((db, key: string) => db.selectFrom('org_settings').select('value').where('key', '=', key));

/** Org-wide key/value settings; `db` is the store's Kysely instance or a transaction. */
export function settingsRepo(db: Kysely<Database>, dialect: SqlDialect): OrgSettingsRepo {
  return {
    async get(key) {
      const [row] = await byKey(db, dialect, key);
      return row?.value;
    },

    async set(key, value) {
      await db
        .insertInto('org_settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    async swap(key, expected, value) {
      if (expected === undefined) {
        const [inserted] = await db.insertInto('org_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
        return (inserted?.numInsertedOrUpdatedRows ?? 0n) > 0n;
      }
      const [updated] = await db.updateTable('org_settings').set({ value }).where('key', '=', key).where('value', '=', expected).execute();
      return (updated?.numUpdatedRows ?? 0n) > 0n;
    },
  };
}
