import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Synchronous reads on the SQLite connection, outside transactions. Kysely's SQLite driver funnels every
 * query through the one connection behind an async mutex: correct, but it makes a 3 µs primary-key read
 * cost about 10 µs. better-sqlite3 is synchronous, so when no transaction is open on the connection a
 * read can run directly: no other statement can be half-way through, and it sees exactly the committed
 * state. While a transaction is open (it may span awaits, and its writes are not committed), `all`
 * declines and the caller queues behind the transaction through Kysely as before.
 */
export class DirectReader {
  /**
   * Per SQL text, the rows by parameters. Two levels because a key made of the SQL and the parameters
   * was a new string of a kilobyte or more (the bearer join) to build and hash on every read, while the
   * SQL text is one string per compiled query, hashed once. A single string parameter (an id, a digest)
   * is its own key, two (a kind and an id) key a map of their own; any other parameter list is keyed by
   * its JSON, in a third map.
   */
  private readonly results = new Map<string, { byString: Map<string, unknown[]>; byPair: Map<string, Map<string, unknown[]>>; byJson: Map<string, unknown[]> }>();
  private kept = 0;
  private resultsGeneration = -1;

  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly prepare: (sql: string) => BetterSqlite3.Statement,
    private readonly generation: () => number,
  ) {}

  /**
   * The rows, or undefined when a transaction is open and the read must wait its turn.
   *
   * Results are remembered until the next write of any kind on the connection. That is exact, not a
   * cache window: the file is opened in EXCLUSIVE locking mode, so this connection is the only writer
   * there can be, and every write it runs moves the generation. A request therefore still sees the last
   * committed state, including a suspension or revocation committed by the request just before it.
   * Callers must not mutate the rows (the repositories map them to new records).
   */
  all<Row>(sql: string, parameters: readonly unknown[]): Row[] | undefined {
    if (this.raw.inTransaction) return undefined;
    const generation = this.generation();
    if (generation !== this.resultsGeneration || this.kept >= RESULTS_KEPT) {
      this.results.clear();
      this.kept = 0;
      this.resultsGeneration = generation;
    }
    let bySql = this.results.get(sql);
    if (!bySql) {
      bySql = { byString: new Map(), byPair: new Map(), byJson: new Map() };
      this.results.set(sql, bySql);
    }
    const [first, second] = parameters;
    let map: Map<string, unknown[]>;
    let key: string;
    if (parameters.length === 1 && typeof first === 'string') {
      map = bySql.byString;
      key = first;
    } else if (parameters.length === 2 && typeof first === 'string' && typeof second === 'string') {
      let bySecond = bySql.byPair.get(first);
      if (!bySecond) {
        bySecond = new Map();
        bySql.byPair.set(first, bySecond);
      }
      map = bySecond;
      key = second;
    } else {
      map = bySql.byJson;
      key = JSON.stringify(parameters);
    }
    let rows = map.get(key);
    if (!rows) {
      rows = this.prepare(sql).all(...parameters);
      map.set(key, rows);
      this.kept++;
    }
    return rows as Row[];
  }
}

/** Distinct reads remembered between writes; past this the memory is simply started again. */
const RESULTS_KEPT = 4096;

/** The direct reader of each top-level SQLite Kysely instance (never of a transaction's). */
const readers = new WeakMap<Kysely<Database>, DirectReader>();

export function attachDirectReader(db: Kysely<Database>, reader: DirectReader): void {
  readers.set(db, reader);
}

export function directReaderOf(db: Kysely<Database>): DirectReader | undefined {
  return readers.get(db);
}
