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
  const { db, dialect } = openDatabase(options);
  try {
    await applyMigrations(db, dialect.name);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // A file SQLite store reads by key on a second connection; a private :memory: database cannot be shared.
  const file = options.sqliteFile;
  const reader = dialect.name === 'sqlite' && file && file !== ':memory:' ? new DirectReader(file) : undefined;
  if (reader) attachDirectReader(db, reader);
  return new SqlStore(db, dialect, reader);
}
