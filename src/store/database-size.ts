import { sql } from 'kysely';
import type { SqlStore } from './sql-store.js';

/**
 * The database's size on disk in bytes, cheaply: SQLite's page count times its page size (committed
 * pages, the WAL's included); PostgreSQL's `pg_database_size` of the current database.
 */
export async function databaseBytes(store: SqlStore): Promise<number> {
  if (store.dialect === 'postgres') {
    const { rows } = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(store.db);
    return Number(rows[0]!.bytes);
  }
  const { rows } = await sql<{ bytes: number }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(store.db);
  return Number(rows[0]!.bytes);
}
