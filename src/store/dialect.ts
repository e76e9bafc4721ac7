import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { UniqueViolation } from '../core/ports/store.js';

type Constraint = UniqueViolation['constraint'];

/**
 * Every SQL difference between SQLite and PostgreSQL that repositories meet, named in one place
 * (the shape of Kysely's own `DialectAdapter`). Anything not here is written once in portable SQL.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** A top-level key of a JSON column when it holds a string, else NULL. Compares byte-wise on both. */
  jsonString(column: string, key: string): RawBuilder<string | null>;
  /** A top-level key of a JSON column when it holds a number, else NULL. */
  jsonNumber(column: string, key: string): RawBuilder<number | null>;
  /** `'true'` or `'false'` when a top-level key of a JSON column holds a boolean; otherwise anything else. */
  jsonBoolean(column: string, key: string): RawBuilder<string | null>;
  /** Whether a top-level key of a JSON column is present with a non-null value. */
  jsonPresent(column: string, key: string): RawBuilder<SqlBool>;
  /** Case-sensitive substring test. */
  contains(expr: RawBuilder<unknown>, value: string): RawBuilder<SqlBool>;
  /** Case-sensitive suffix test. */
  endsWith(expr: RawBuilder<unknown>, value: string): RawBuilder<SqlBool>;
  /** A log timestamp parameter (`published`, `persisted_at`), given as a canonical ISO string. */
  logTime(iso: string): RawBuilder<unknown>;
  /** A JSON object built from SQL values (strings, numbers, NULL), for writing into a JSON column. Give
   *  parameters a type (`cast(… as text)`): PostgreSQL cannot infer it for `jsonb_build_object`. */
  jsonObject(fields: Record<string, Expression<unknown>>): RawBuilder<string>;
  /** The value of a JSON column as the driver returned it. */
  readJson<T>(value: unknown): T;
  /** The UniqueViolation a driver error stands for, or undefined when it is something else. */
  uniqueViolation(error: unknown): UniqueViolation | undefined;
}

/** Code points, the unit both engines' `length`, `substr` and `right` count in. */
function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** SQLite names the columns of the violated index, not the index (unless it is on expressions). */
const SQLITE_UNIQUE: Record<string, Constraint> = {
  'users.login_normalized': 'login',
  'groups.name_normalized': 'group_name',
  'group_members.group_id, group_members.user_id': 'group_member',
  'role_assignments.user_id, role_assignments.type': 'role_assignment',
  'api_tokens.token_hash': 'api_token_hash',
  'workflow_flows.alias': 'flow_alias',
};

/** PostgreSQL names the violated index or constraint (see the migrations). */
const POSTGRES_UNIQUE: Record<string, Constraint> = {
  users_login_unique: 'login',
  groups_okta_name_unique: 'group_name',
  group_members_pkey: 'group_member',
  role_assignments_user_type_unique: 'role_assignment',
  api_tokens_hash_unique: 'api_token_hash',
  workflow_flows_alias_unique: 'flow_alias',
};

/** `key1, value1, key2, value2, …` for the JSON object constructors; keys are ours, so literals. */
function keysAndValues(fields: Record<string, Expression<unknown>>): RawBuilder<unknown> {
  return sql.join(Object.entries(fields).flatMap(([key, value]) => [sql.lit(key), value]));
}

function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** SQLite: JSON is text read with the JSON1 functions; paths are `$."key"`. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  jsonString: (column, key) => {
    const path = sqlitePath(key);
    return sql`(case when json_type(${sql.ref(column)}, ${path}) = 'text' then json_extract(${sql.ref(column)}, ${path}) end)`;
  },
  jsonNumber: (column, key) => {
    const path = sqlitePath(key);
    return sql`(case when json_type(${sql.ref(column)}, ${path}) in ('integer', 'real') then json_extract(${sql.ref(column)}, ${path}) end)`;
  },
  jsonBoolean: (column, key) => sql`json_type(${sql.ref(column)}, ${sqlitePath(key)})`,
  jsonPresent: (column, key) => sql<SqlBool>`coalesce(json_type(${sql.ref(column)}, ${sqlitePath(key)}), 'null') <> 'null'`,
  contains: (expr, value) => sql<SqlBool>`instr(${expr}, ${value}) > 0`,
  // substr(x, -0) is all of x, not its empty end: every string ends with ''.
  endsWith: (expr, value) => (value === '' ? sql<SqlBool>`${expr} is not null` : sql<SqlBool>`substr(${expr}, ${-codePointLength(value)}) = ${value}`),
  logTime: (iso) => sql`${iso}`,
  jsonObject: (fields) => sql<string>`json_object(${keysAndValues(fields)})`,
  readJson,
  uniqueViolation: (error) => {
    const e = error as { code?: unknown; message?: unknown };
    if (e?.code !== 'SQLITE_CONSTRAINT_UNIQUE' && e?.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return undefined;
    const columns = String(e.message).replace(/^UNIQUE constraint failed: /, '');
    const constraint = SQLITE_UNIQUE[columns];
    return constraint ? new UniqueViolation(constraint) : undefined;
  },
};

function sqlitePath(key: string): string {
  return `$.${JSON.stringify(key)}`;
}

/**
 * PostgreSQL: JSON is jsonb. The key is a text parameter (`->>` is overloaded for text and int, so an
 * untyped parameter would be ambiguous). Extracted strings get `collate "C"` to order like every other
 * text column (see the migration).
 */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  jsonString: (column, key) =>
    sql`(case when jsonb_typeof(${sql.ref(column)} -> ${key}::text) = 'string' then (${sql.ref(column)} ->> ${key}::text) collate "C" end)`,
  jsonNumber: (column, key) =>
    sql`(case when jsonb_typeof(${sql.ref(column)} -> ${key}::text) = 'number' then (${sql.ref(column)} ->> ${key}::text)::numeric end)`,
  jsonBoolean: (column, key) =>
    sql`(case when jsonb_typeof(${sql.ref(column)} -> ${key}::text) = 'boolean' then ${sql.ref(column)} ->> ${key}::text end)`,
  jsonPresent: (column, key) =>
    sql<SqlBool>`coalesce(jsonb_typeof(${sql.ref(column)} -> ${key}::text), 'null') <> 'null'`,
  contains: (expr, value) => sql<SqlBool>`strpos(${expr}, ${value}::text) > 0`,
  endsWith: (expr, value) => sql<SqlBool>`right(${expr}, ${codePointLength(value)}::int) = ${value}::text`,
  logTime: (iso) => sql`${iso}::timestamptz`,
  jsonObject: (fields) => sql<string>`jsonb_build_object(${keysAndValues(fields)})`,
  readJson,
  uniqueViolation: (error) => {
    const e = error as { code?: unknown; constraint?: unknown };
    if (e?.code !== '23505') return undefined;
    const constraint = POSTGRES_UNIQUE[String(e.constraint)];
    return constraint ? new UniqueViolation(constraint) : undefined;
  },
};
