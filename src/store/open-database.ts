import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { postgresDialect, sqliteDialect, type SqlDialect } from './dialect.js';
import { ImmediateSqliteDialect, openSqlite, type OpenedSqlite } from './sqlite-connection.js';

/** Where the store lives. */
export interface StoreOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else is ignored. */
  databaseUrl?: string;
  /** The SQLite file used when there is no PostgreSQL URL; `:memory:` for a private in-memory database. */
  sqliteFile?: string;
  /** Opened for a bulk load (`keyflow logs seed`): SQLite keeps a larger page cache. Durability is the same. */
  bulkLoad?: boolean;
}

/** Connections in the PostgreSQL pool of one process. */
const PG_POOL_MAX = 10;

const INT8_OID = 20;

/** Whether `url` selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens a Kysely instance for the options, without migrating. PostgreSQL when `databaseUrl` is a
 * PostgreSQL URL, else SQLite at `sqliteFile`.
 * @throws Error when neither is given.
 */
export function openDatabase(options: StoreOptions): { db: Kysely<Database>; dialect: SqlDialect; sqlite?: OpenedSqlite } {
  if (isPostgresUrl(options.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: PG_POOL_MAX,
      // bigint (counts, the log sequence) as a JS number: every value we keep is far below 2^53.
      // Set on this pool only, not pg's global type table.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: postgresDialect };
  }
  if (options.sqliteFile === undefined) throw new Error('openDatabase: give a PostgreSQL databaseUrl or a sqliteFile');
  const sqlite = openSqlite(options.sqliteFile, { bulkLoad: options.bulkLoad ?? false });
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite.database }) }), dialect: sqliteDialect, sqlite };
}
