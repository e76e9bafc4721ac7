import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SqlDialect } from './dialect.js';
import { directReaderOf } from './direct-reads.js';
import { isPlainSelect } from './sqlite-connection.js';

/**
 * A query built and compiled once per dialect, then run with new parameters. Building and compiling a
 * Kysely query (~15 µs) costs more than SQLite takes to run a read by key, and reads like the token,
 * user and roles lookups run on every request.
 *
 * `build` must use its arguments as the query's parameters, each once, in the order they appear in the
 * SQL; the first call checks this and throws if not.
 *
 * @example
 * const byId = hotQuery((db, id: string) => db.selectFrom('users').select(['id']).where('id', '=', id));
 * const rows = await byId(db, dialect, '00u…');
 */
export function hotQuery<Row, Args extends unknown[]>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, dialect: SqlDialect, ...args: Args) => Promise<Row[]> {
  const compiled = new Map<SqlDialect['name'], { query: CompiledQuery<Row>; readOnly: boolean }>();
  return async (db, dialect, ...args) => {
    let entry = compiled.get(dialect.name);
    if (!entry) {
      const query = build(db, ...args).compile();
      const p = query.parameters;
      if (p.length !== args.length || p.some((value, i) => value !== args[i])) {
        throw new Error(`hotQuery: parameters must be the arguments in order: ${query.sql}`);
      }
      entry = { query, readOnly: isPlainSelect(query.sql) };
      compiled.set(dialect.name, entry);
    }
    // Outside transactions, SQLite reads run synchronously on the connection (see DirectReader).
    const direct = entry.readOnly ? directReaderOf(db)?.all<Row>(entry.query.sql, args) : undefined;
    if (direct) return direct;
    // A new object: CompiledQuery is frozen and shared between calls.
    const result = await db.executeQuery<Row>({ ...entry.query, parameters: args });
    return result.rows;
  };
}

/**
 * Maps a row to its record once. Rows the DirectReader serves from memory are the very same objects
 * until the next write on the connection, so their records can be too: a cached read then costs no JSON
 * parsing. Rows from PostgreSQL or a transaction are new objects each time and simply miss. The records
 * are deeply frozen, on every engine, so that sharing them is safe: a change is a new record written
 * through a repository, and code that tried to edit a record in place would fail loudly.
 */
export function mapOnce<Row extends object, Rec>(map: (row: Row) => Rec): (row: Row) => Rec {
  const memo = new WeakMap<Row, Rec>();
  return (row) => {
    let record = memo.get(row);
    if (record === undefined) {
      record = deepFreeze(map(row));
      memo.set(row, record);
    }
    return record;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
