import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';

/** Prepared statements kept per connection; lists with ad-hoc filters make new SQL, so the cache is bounded. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Opens the SQLite file with the pragmas Keyflow relies on, wrapped so that Kysely reuses prepared
 * statements instead of preparing the same SQL on every call (the parse is most of a by-id read).
 */
export function openSqlite(file: string): SqliteDialectConfig['database'] {
  const db = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; memory databases have no journal file to switch.
  if (file !== ':memory:' && file !== '') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (statement) {
        // Re-insert so the Map's order is least-recently-used first.
        cache.delete(sqlText);
      } else {
        statement = db.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

/**
 * Kysely's SQLite driver with `BEGIN IMMEDIATE` transactions: a transaction takes the write lock when it
 * starts, so another process writing the same file makes it wait (busy_timeout) instead of failing with
 * SQLITE_BUSY when a read-then-write transaction tries to upgrade its lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** {@link SqliteDialect} using {@link ImmediateSqliteDriver}. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
