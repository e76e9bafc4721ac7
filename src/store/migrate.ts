import { Migrator, type Kysely, type Migration } from 'kysely';
import * as postgres001 from './migrations/postgres/001-initial.js';
import * as postgres002 from './migrations/postgres/002-oauth.js';
import * as postgres003 from './migrations/postgres/003-log-search.js';
import * as postgres004 from './migrations/postgres/004-event-hooks.js';
import * as postgres005 from './migrations/postgres/005-workflow-connections.js';
import * as postgres006 from './migrations/postgres/006-workflow-flows.js';
import * as postgres007 from './migrations/postgres/007-workflow-executions-recent.js';
import * as postgres008 from './migrations/postgres/008-log-ingest.js';
import * as postgres009 from './migrations/postgres/009-oauth-partial-indexes.js';
import * as sqlite001 from './migrations/sqlite/001-initial.js';
import * as sqlite002 from './migrations/sqlite/002-oauth.js';
import * as sqlite003 from './migrations/sqlite/003-log-search.js';
import * as sqlite004 from './migrations/sqlite/004-event-hooks.js';
import * as sqlite005 from './migrations/sqlite/005-workflow-connections.js';
import * as sqlite006 from './migrations/sqlite/006-workflow-flows.js';
import * as sqlite007 from './migrations/sqlite/007-workflow-executions-recent.js';
import * as sqlite008 from './migrations/sqlite/008-log-ingest.js';
import * as sqlite009 from './migrations/sqlite/009-oauth-partial-indexes.js';
import type { SqlDialect } from './dialect.js';
import { openDatabase, type StoreOptions } from './open-database.js';

/**
 * The migrations of each engine, in order. Names sort in apply order; add a file to both lists
 * together so the two schemas stay equivalent.
 */
const MIGRATIONS: Record<SqlDialect['name'], Record<string, Migration>> = {
  sqlite: {
    '001-initial': sqlite001,
    '002-oauth': sqlite002,
    '003-log-search': sqlite003,
    '004-event-hooks': sqlite004,
    '005-workflow-connections': sqlite005,
    '006-workflow-flows': sqlite006,
    '007-workflow-executions-recent': sqlite007,
    '008-log-ingest': sqlite008,
    '009-oauth-partial-indexes': sqlite009,
  },
  postgres: {
    '001-initial': postgres001,
    '002-oauth': postgres002,
    '003-log-search': postgres003,
    '004-event-hooks': postgres004,
    '005-workflow-connections': postgres005,
    '006-workflow-flows': postgres006,
    '007-workflow-executions-recent': postgres007,
    '008-log-ingest': postgres008,
    '009-oauth-partial-indexes': postgres009,
  },
};

/**
 * Brings an open database to the latest schema; returns the names of the migrations it applied (empty
 * when already current). On PostgreSQL, Kysely's migration lock lets several processes start at once.
 * @throws the first migration error; that migration's transaction is rolled back.
 */
export async function applyMigrations(db: Kysely<any>, dialect: SqlDialect['name']): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS[dialect] },
    migrationTableName: 'keyflow_migration',
    migrationLockTableName: 'keyflow_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * `keyflow migrate`: opens the database the options name, migrates it to the latest schema, closes it.
 * @returns the names of the migrations applied, e.g. `['001-initial']` on a new database, `[]` after.
 */
export async function migrateToLatest(options: StoreOptions): Promise<string[]> {
  const { db, dialect } = openDatabase(options);
  try {
    return await applyMigrations(db, dialect.name);
  } finally {
    await db.destroy();
  }
}
