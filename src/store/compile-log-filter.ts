import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AttributeOperator, CompareNode, FilterNode, FilterValue } from '../core/filter/ast.js';
import { ARRAY_FIELDS, ARRAY_LEAVES, openMapOf } from '../core/log-filter.js';
import { fieldToken, isFieldIndexed, valueWordTokens } from '../core/log-keywords.js';
import { compareText } from './compile-filter.js';
import type { SqlDialect } from './dialect.js';

/**
 * Compiles a System Log filter (already checked by core/log-filter.ts) to one parameterised SQL
 * condition on `log_events`, with exactly the semantics of the in-memory evaluator
 * (core/filter/evaluate.ts) — a differential test holds the two together on both engines:
 * - values are typed: a string never equals a number or a boolean, `sw`/`co`/`ew` apply to strings only,
 *   strings order byte-wise (code-point order), numbers numerically;
 * - a missing or null attribute fails every operator except `ne`; `pr` is "present and not empty";
 * - a path through an array (`target.*`, `request.ipChain.*`, …) matches when any element's non-null
 *   value matches, and counts as missing when no element has one; an array-valued leaf (a debugData
 *   value, `securityContext.risk.reasons`) matches when any of its items does;
 * - `not` is the exact complement.
 *
 * Hot fields are columns with indexes ending in `published, seq`; `target.id`/`target.type` are looked
 * up in `log_event_targets` (narrowed to the bounded window when there is one); `eq` on the attributes
 * of core/log-keywords.ts `FIELD_INDEXED` is narrowed by the token index first and then checked exactly.
 * `eq` on the columns of {@link WORD_NARROWED} is narrowed by the keyword index (the words of the value).
 */
export interface LogFilterContext {
  dialect: SqlDialect;
  /** The `published` window of a bounded read; target lookups are narrowed to it. */
  window?: { since?: string; until?: string };
  /** A condition that the event holds every one of `tokens` in the token index. */
  hasTokens: (tokens: readonly string[]) => RawBuilder<SqlBool>;
}

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

/** LogEvent attributes kept as columns of `log_events` (same value as in the JSON, null when absent). */
const COLUMNS: Readonly<Record<string, string>> = {
  uuid: 'uuid',
  eventType: 'event_type',
  severity: 'severity',
  'actor.id': 'actor_id',
  'outcome.result': 'outcome_result',
  'client.ipAddress': 'client_ip',
  'client.userAgent.rawUserAgent': 'user_agent',
  'transaction.id': 'transaction_id',
};

/**
 * Columns whose values are (nearly) unique per event, so a B-tree index on them would take every insert
 * at a random place, a page read and write each once the log outgrows the cache (the bulk-ingest
 * slowdown of issue 4). They have no index: `eq` is narrowed by the keyword index instead, since an
 * event whose value equals the searched one holds each of its words as keywords.
 */
const WORD_NARROWED: ReadonlySet<string> = new Set(['uuid', 'transaction.id', 'client.ipAddress']);

/** Target attributes kept in `log_event_targets`, one row per element of `target`. */
const TARGET_COLUMNS: Readonly<Record<string, string>> = { 'target.id': 'target_id', 'target.type': 'target_type' };

export function compileLogFilter(node: FilterNode, ctx: LogFilterContext): RawBuilder<SqlBool> {
  switch (node.kind) {
    case 'and':
      return sql<SqlBool>`(${compileLogFilter(node.left, ctx)} and ${compileLogFilter(node.right, ctx)})`;
    case 'or':
      return sql<SqlBool>`(${compileLogFilter(node.left, ctx)} or ${compileLogFilter(node.right, ctx)})`;
    case 'not':
      return sql<SqlBool>`((${compileLogFilter(node.expr, ctx)}) is not true)`;
    case 'compare':
      return compileCompare(node, ctx);
  }
}

function compileCompare(node: CompareNode, ctx: LogFilterContext): RawBuilder<SqlBool> {
  const column = COLUMNS[node.attr];
  if (column) {
    const condition = compareColumn(sql.ref(`log_events.${column}`), node.op, node.value, ctx.dialect);
    const tokens = node.op === 'eq' && typeof node.value === 'string' && WORD_NARROWED.has(node.attr) ? valueWordTokens(node.value) : [];
    return tokens.length > 0 ? sql<SqlBool>`(${ctx.hasTokens(tokens)} and ${condition})` : condition;
  }
  const targetColumn = TARGET_COLUMNS[node.attr];
  if (targetColumn) return compareTargetColumn(targetColumn, node.op, node.value, ctx);
  const condition = compareJson(node, ctx.dialect);
  const { value } = node;
  if (node.op === 'eq' && value !== null && isFieldIndexed(node.attr)) {
    return sql<SqlBool>`(${ctx.hasTokens([fieldToken(node.attr, value)])} and ${condition})`;
  }
  return condition;
}

const ne = (op: AttributeOperator): RawBuilder<SqlBool> => (op === 'ne' ? TRUE : FALSE);

/** A text column that holds the attribute's string value, or NULL when it is absent. */
function compareColumn(expr: RawBuilder<unknown>, op: AttributeOperator, value: FilterValue, dialect: SqlDialect): RawBuilder<SqlBool> {
  if (op === 'pr') return sql<SqlBool>`(${expr} is not null and ${expr} <> '')`;
  if (typeof value !== 'string') return ne(op);
  return compareText(expr, op, value, dialect);
}

/**
 * `target.id` / `target.type`: any element. Equality and the other positive operators become
 * `seq in (…)` over the target index, narrowed to the read's window; `ne` is "no targets, or one that
 * differs", as the evaluator's any-element rule gives.
 */
function compareTargetColumn(column: string, op: AttributeOperator, value: FilterValue, ctx: LogFilterContext): RawBuilder<SqlBool> {
  const t = sql.ref(`t.${column}`);
  const own = sql<SqlBool>`t.seq = log_events.seq`;
  if (op === 'pr') return sql<SqlBool>`exists (select 1 from log_event_targets t where ${own} and ${t} <> '')`;
  if (typeof value !== 'string') return ne(op);
  if (op === 'ne') {
    return sql<SqlBool>`(not exists (select 1 from log_event_targets t where ${own}) or exists (select 1 from log_event_targets t where ${own} and ${compareText(t, 'ne', value, ctx.dialect)}))`;
  }
  const window: RawBuilder<SqlBool>[] = [];
  if (ctx.window?.since !== undefined) window.push(sql<SqlBool>`t.published >= ${ctx.dialect.logTime(ctx.window.since)}`);
  if (ctx.window?.until !== undefined) window.push(sql<SqlBool>`t.published < ${ctx.dialect.logTime(ctx.window.until)}`);
  const conditions = [compareText(t, op, value, ctx.dialect), ...window];
  return sql<SqlBool>`log_events.seq in (select t.seq from log_event_targets t where ${sql.join(conditions, sql` and `)})`;
}

/** A JSON value somewhere in the event: its JSON type and its scalar value, per engine. */
interface JsonValue {
  missing: RawBuilder<SqlBool>;
  isString: RawBuilder<SqlBool>;
  text: RawBuilder<unknown>;
  isNumber: RawBuilder<SqlBool>;
  number: RawBuilder<unknown>;
  isTrue: RawBuilder<SqlBool>;
  isFalse: RawBuilder<SqlBool>;
  isArray: RawBuilder<SqlBool>;
}

/** How each engine reads JSON: the event column, elements of an array in it, and their members. */
interface JsonAccess {
  /** The value at `path` of the event. */
  at(path: readonly string[]): JsonValue;
  /** `from <elements of the array at path> as j`, an empty set when it is not an array. */
  elements(path: readonly string[]): RawBuilder<unknown>;
  /** The value at `sub` inside the current element `j` (the element itself when `sub` is empty). */
  inElement(sub: readonly string[]): JsonValue;
  numberParam(value: number): RawBuilder<unknown>;
}

function sqlitePath(path: readonly string[]): string {
  return `$${path.map((p) => `.${JSON.stringify(p)}`).join('')}`;
}

function sqliteValue(type: RawBuilder<unknown>, value: RawBuilder<unknown>): JsonValue {
  return {
    missing: sql<SqlBool>`(${type} is null or ${type} = 'null')`,
    isString: sql<SqlBool>`${type} = 'text'`,
    text: value,
    isNumber: sql<SqlBool>`${type} in ('integer', 'real')`,
    number: value,
    isTrue: sql<SqlBool>`${type} = 'true'`,
    isFalse: sql<SqlBool>`${type} = 'false'`,
    isArray: sql<SqlBool>`${type} = 'array'`,
  };
}

const sqliteJson: JsonAccess = {
  at: (path) => {
    const p = sqlitePath(path);
    return sqliteValue(sql`json_type(log_events.data, ${p})`, sql`json_extract(log_events.data, ${p})`);
  },
  elements: (path) => sql`json_each(log_events.data, ${sqlitePath(path)}) as j`,
  inElement: (sub) => {
    if (sub.length === 0) return sqliteValue(sql`j.type`, sql`j.atom`);
    // Only an object element has members; json_type would reject a scalar element's bare text.
    const p = sqlitePath(sub);
    return sqliteValue(sql`(case when j.type = 'object' then json_type(j.value, ${p}) end)`, sql`(case when j.type = 'object' then json_extract(j.value, ${p}) end)`);
  },
  numberParam: (value) => sql`${value}`,
};

function postgresValue(node: RawBuilder<unknown>, textValue: RawBuilder<unknown>): JsonValue {
  const type = sql`json_typeof(${node})`;
  return {
    missing: sql<SqlBool>`(${type} is null or ${type} = 'null')`,
    isString: sql<SqlBool>`${type} = 'string'`,
    text: sql`(${textValue}) collate "C"`,
    isNumber: sql<SqlBool>`${type} = 'number'`,
    number: sql`(case when ${type} = 'number' then (${textValue})::numeric end)`,
    isTrue: sql<SqlBool>`(${type} = 'boolean' and ${textValue} = 'true')`,
    isFalse: sql<SqlBool>`(${type} = 'boolean' and ${textValue} = 'false')`,
    isArray: sql<SqlBool>`${type} = 'array'`,
  };
}

const postgresJson: JsonAccess = {
  at: (path) => postgresValue(sql`(log_events.data #> ${[...path]}::text[])`, sql`(log_events.data #>> ${[...path]}::text[])`),
  elements: (path) => {
    const node = sql`(log_events.data #> ${[...path]}::text[])`;
    return sql`json_array_elements(case when json_typeof(${node}) = 'array' then ${node} end) as j(v)`;
  },
  inElement: (sub) =>
    sub.length === 0 ? postgresValue(sql`j.v`, sql`(j.v #>> '{}')`) : postgresValue(sql`(j.v #> ${[...sub]}::text[])`, sql`(j.v #>> ${[...sub]}::text[])`),
  numberParam: (value) => sql`${value}::numeric`,
};

/** The comparison on a present (not missing) value; ne included. */
function typed(v: JsonValue, op: AttributeOperator, value: FilterValue, json: JsonAccess, dialect: SqlDialect): RawBuilder<SqlBool> {
  if (op === 'pr') return sql<SqlBool>`((${v.isString} and ${v.text} = '') is not true)`;
  if (value === null) return ne(op);
  let positive: RawBuilder<SqlBool>;
  if (typeof value === 'string') {
    positive = sql<SqlBool>`(${v.isString} and ${compareText(v.text, op === 'ne' ? 'eq' : op, value, dialect)})`;
  } else if (typeof value === 'number') {
    if (op === 'sw' || op === 'co' || op === 'ew') return FALSE;
    const symbol = { eq: '=', ne: '=', gt: '>', ge: '>=', lt: '<', le: '<=' }[op];
    positive = sql<SqlBool>`(${v.isNumber} and ${v.number} ${sql.raw(symbol)} ${json.numberParam(value)})`;
  } else {
    if (op !== 'eq' && op !== 'ne') return FALSE;
    positive = value ? v.isTrue : v.isFalse;
  }
  return op === 'ne' ? sql<SqlBool>`(${positive} is not true)` : positive;
}

/** The evaluator's rule for one value: missing fails all but `ne`. */
function single(v: JsonValue, op: AttributeOperator, value: FilterValue, json: JsonAccess, dialect: SqlDialect): RawBuilder<SqlBool> {
  return sql<SqlBool>`(case when ${v.missing} then ${ne(op)} else ${typed(v, op, value, json, dialect)} end)`;
}

function compareJson(node: CompareNode, dialect: SqlDialect): RawBuilder<SqlBool> {
  const json = dialect.name === 'postgres' ? postgresJson : sqliteJson;
  const { attr, op, value } = node;
  const arrayField = ARRAY_FIELDS.find((f) => attr.startsWith(`${f}.`));
  if (arrayField) {
    // Through an array of objects: the non-null values of the elements; none at all counts as missing.
    const elements = json.elements(arrayField.split('.'));
    const v = json.inElement(attr.slice(arrayField.length + 1).split('.'));
    return sql<SqlBool>`(case when exists (select 1 from ${elements} where not ${v.missing})
      then exists (select 1 from ${elements} where not ${v.missing} and ${typed(v, op, value, json, dialect)})
      else ${ne(op)} end)`;
  }
  const path = attr.split('.');
  const v = json.at(path);
  if (!ARRAY_LEAVES.includes(attr) && openMapOf(attr) === undefined) return single(v, op, value, json, dialect);
  // A leaf that may hold an array: any item (null items count as missing); an empty array as missing.
  const item = json.inElement([]);
  return sql<SqlBool>`(case when ${v.isArray}
    then (case when exists (select 1 from ${json.elements(path)}) then exists (select 1 from ${json.elements(path)} where ${single(item, op, value, json, dialect)}) else ${ne(op)} end)
    else ${single(v, op, value, json, dialect)} end)`;
}
