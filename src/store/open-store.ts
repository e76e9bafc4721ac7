import { applyMigrations } from './migrate.js';
import { openDatabase, type StoreOptions } from './open-database.js';
import { attachDirectReader, DirectReader } from './direct-reads.js';
import { SqlStore } from './sql-store.js';

export type { StoreOptions } from './open-database.js';

/**
 * Opens the store: PostgreSQL when `databaseUrl` starts with `postgres://` or `postgresql://`, otherwise
 * SQLite at `sqliteFile` (`:memory:` allowed). Migrates to the latest schema before returning.
 *
 * @example
 * const store = await openStore({ databaseUrl: process.env.KEYFLOW_DATABASE_URL, sqliteFile: 'data/keyflow.db' });
 */
export async function openStore(options: StoreOptions): Promise<SqlStore> {
  const { db, dialect, sqlite } = openDatabase(options);
  try {
    await applyMigrations(db, dialect.name);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (sqlite) attachDirectReader(db, new DirectReader(sqlite.raw, sqlite.prepare, sqlite.generation));
  return new SqlStore(db, dialect, sqlite?.prepare);
}
