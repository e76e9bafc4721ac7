import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** Prepared statements kept on the read connection; only the fixed hot queries run there. */
const READER_STATEMENTS = 64;

/**
 * A second, read-only connection to a SQLite file, for the by-key reads every request makes (token,
 * user, roles). Kysely's SQLite driver funnels every query through one connection behind an async
 * mutex: correct, but it makes a 3 µs primary-key read cost about 10 µs, and it makes plain reads queue
 * behind any open write transaction. In WAL mode a separate connection reads the last committed state
 * without waiting, exactly the read-committed view PostgreSQL gives; the query runs synchronously, so
 * nothing can interleave with it. Reads inside a transaction never come here: they must see the
 * transaction's own writes, so they keep using the transaction's connection.
 */
export class DirectReader {
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(file: string) {
    this.db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
  }

  all<Row>(sql: string, parameters: readonly unknown[]): Row[] {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= READER_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement.all(...parameters) as Row[];
  }

  close(): void {
    this.db.close();
  }
}

/** The direct reader of each top-level SQLite Kysely instance (never of a transaction's). */
const readers = new WeakMap<Kysely<Database>, DirectReader>();

export function attachDirectReader(db: Kysely<Database>, reader: DirectReader): void {
  readers.set(db, reader);
}

export function directReaderOf(db: Kysely<Database>): DirectReader | undefined {
  return readers.get(db);
}
