import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';

/** Page cache ceiling per connection, in KiB (see openSqlite). */
const CACHE_KIB = 64 * 1024;

/**
 * The ceiling when the file is opened for a bulk load (`keyflow logs seed`): each log index that is keyed
 * by a person or a target takes its inserts at thousands of places at once, and with 5,000,000 events
 * those last leaves alone outgrow 64 MiB; evicted, each is read back and written again per transaction.
 */
const BULK_LOAD_CACHE_KIB = 512 * 1024;

/** Prepared statements kept per connection; lists with ad-hoc filters make new SQL, so the cache is bounded. */
const STATEMENT_CACHE_SIZE = 256;

/** An open SQLite database: the object Kysely's dialect drives, and the connection underneath it. */
export interface OpenedSqlite {
  database: SqliteDialectConfig['database'];
  raw: BetterSqlite3.Database;
  /** Prepares through the same statement cache Kysely uses. */
  prepare(sqlText: string): BetterSqlite3.Statement;
  /** Changes whenever a statement that is not a plain SELECT runs on the connection (writes, BEGIN,
   *  COMMIT, ROLLBACK): results read before it may be stale after it. */
  generation(): number;
}

/** Plain reads (built selects and raw `select …`); anything else may change what a read returns. */
export function isPlainSelect(sqlText: string): boolean {
  return /^\s*select\b(?![\s\S]*\bfor update\b)/i.test(sqlText);
}

/**
 * Opens the SQLite file with the pragmas Keyflow relies on, wrapped so that Kysely reuses prepared
 * statements instead of preparing the same SQL on every call (the parse is most of a by-id read).
 *
 * A file database is opened in EXCLUSIVE locking mode: SQLite is Keyflow's single-process store (several
 * processes use PostgreSQL), and without it every statement outside a transaction takes and drops file
 * and shared-memory locks, system calls that cost more than the read itself on a loaded virtual machine.
 * Another process opening the same file while Keyflow runs waits busy_timeout, then fails with
 * SQLITE_BUSY (docs/architecture.md).
 */
export function openSqlite(file: string, options: { bulkLoad?: boolean } = {}): OpenedSqlite {
  const db = new BetterSqlite3(file);
  const onDisk = file !== ':memory:' && file !== '';
  db.pragma('busy_timeout = 5000');
  // 8 KiB pages (SQLite's default is 4 KiB): a stored LogEvent is about 2 KB, and two of them do not fit
  // in a 4 KiB page, which left 40% of every System Log page empty. Takes effect when the file is new.
  db.pragma('page_size = 8192');
  // Exclusive before WAL: then the WAL index lives in heap memory and no -shm file is used.
  if (onDisk) db.pragma('locking_mode = EXCLUSIVE');
  // WAL lets a crash lose nothing committed and keeps commits cheap; memory databases have no journal file.
  if (onDisk) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint every ~40 MB of WAL instead of every 4 MB: pages rewritten between checkpoints are copied
  // once, which measured +14% user creates/s (docs/benchmarks.md); readers are unaffected (heap WAL index).
  if (onDisk) db.pragma('wal_autocheckpoint = 10000');
  db.pragma('foreign_keys = ON');
  // SQLite's default page cache is 2 MB: once the System Log outgrows it, every by-id read and every index
  // insert goes back to the operating system for its pages. 64 MiB keeps the hot B-tree pages in the
  // process (it is a ceiling, not an allocation).
  db.pragma(`cache_size = -${options.bulkLoad ? BULK_LOAD_CACHE_KIB : CACHE_KIB}`);

  let generation = 0;
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sqlText: string): BetterSqlite3.Statement => {
    let statement = cache.get(sqlText);
    if (statement) {
      // Re-insert so the Map's order is least-recently-used first.
      cache.delete(sqlText);
    } else {
      statement = isPlainSelect(sqlText) ? db.prepare(sqlText) : counting(db.prepare(sqlText), () => generation++);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sqlText, statement);
    return statement;
  };
  return { database: { close: () => db.close(), prepare }, raw: db, prepare, generation: () => generation };
}

/** A statement that bumps the generation each time it runs (Kysely runs writes with `run`, and
 *  `insert … returning` with `all`). */
function counting(statement: BetterSqlite3.Statement, bump: () => void): BetterSqlite3.Statement {
  return new Proxy(statement, {
    get(target, key) {
      if (key === 'run' || key === 'all' || key === 'get' || key === 'iterate') {
        return (...args: unknown[]) => {
          bump();
          return (target[key] as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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
