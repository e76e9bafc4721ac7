import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AttributeOperator, FilterNode, FilterValue } from '../core/filter/ast.js';
import type { SqlDialect } from './dialect.js';

/**
 * What a filter attribute stands for in SQL. Repositories map their attribute names to these
 * (and throw UnsupportedFilter for the rest); {@link compileFilter} does the rest for every aggregate.
 */
export type FilterAttribute = ColumnAttribute | JsonAttribute;

/** A text column (timestamps are ISO text too, except in the log, which compiles only `eventType`). */
export interface ColumnAttribute {
  kind: 'column';
  expr: RawBuilder<unknown>;
  /** Values are timestamps: a parseable date value is normalised to the stored ISO form first. */
  time?: boolean;
  /**
   * How case-insensitive mode folds: `none` for ids and timestamps (their case is meaningful),
   * `lower` for SQL `lower()` (ASCII folding on both engines, see the migrations), or a column already
   * holding folded values with the JS function that folds the value the same way.
   */
  fold: 'none' | 'lower' | { expr: RawBuilder<unknown>; fold: (value: string) => string };
  /** An indexed condition implied by exact equality, added so `eq` can use an index. */
  impliedByEq?: (value: string) => RawBuilder<SqlBool>;
}

/** A top-level key of a JSON column; the value's JSON type decides how it compares. */
export interface JsonAttribute {
  kind: 'json';
  column: string;
  key: string;
}

export interface FilterContext {
  dialect: SqlDialect;
  /** Maps an attribute name; throws UnsupportedFilter for names the aggregate does not know. */
  resolve: (attr: string) => FilterAttribute;
  /** `search=` semantics: string values compare case-insensitively. */
  caseInsensitive: boolean;
}

const FALSE = sql<SqlBool>`1 = 0`;

/**
 * Compiles a filter AST to a parameterised SQL condition: every value is a bound parameter, never
 * spliced into the text.
 *
 * Semantics are two-valued: an absent attribute makes a comparison false, and `not` is the exact
 * complement (`… is not true`), so `x ne "v"` and `not (x eq "v")` both match users without `x`.
 */
export function compileFilter(node: FilterNode, ctx: FilterContext): RawBuilder<SqlBool> {
  switch (node.kind) {
    case 'and':
      return sql<SqlBool>`(${compileFilter(node.left, ctx)} and ${compileFilter(node.right, ctx)})`;
    case 'or':
      return sql<SqlBool>`(${compileFilter(node.left, ctx)} or ${compileFilter(node.right, ctx)})`;
    case 'not':
      return sql<SqlBool>`((${compileFilter(node.expr, ctx)}) is not true)`;
    case 'compare': {
      const attribute = ctx.resolve(node.attr);
      return attribute.kind === 'column'
        ? compareColumn(attribute, node.op, node.value, ctx)
        : compareJson(attribute, node.op, node.value, ctx);
    }
  }
}

function compareColumn(
  attribute: ColumnAttribute,
  op: AttributeOperator,
  value: FilterValue,
  ctx: FilterContext,
): RawBuilder<SqlBool> {
  if (op === 'pr') return sql<SqlBool>`${attribute.expr} is not null`;
  if (value === null) return compareNull(attribute.expr, op);
  let text = String(value);
  if (attribute.time && ORDERING.has(op)) text = canonicalTime(text);
  if (ctx.caseInsensitive && attribute.fold !== 'none') {
    return attribute.fold === 'lower'
      ? compareText(sql`lower(${attribute.expr})`, op, asciiLower(text), ctx.dialect)
      : compareText(attribute.fold.expr, op, attribute.fold.fold(text), ctx.dialect);
  }
  const condition = compareText(attribute.expr, op, text, ctx.dialect);
  return op === 'eq' && attribute.impliedByEq ? sql<SqlBool>`(${condition} and ${attribute.impliedByEq(text)})` : condition;
}

function compareJson(
  attribute: JsonAttribute,
  op: AttributeOperator,
  value: FilterValue,
  ctx: FilterContext,
): RawBuilder<SqlBool> {
  const { dialect } = ctx;
  if (op === 'pr') return dialect.jsonPresent(attribute.column, attribute.key);
  if (value === null) return compareNull(sql`(${dialect.jsonPresent(attribute.column, attribute.key)})`, op, true);
  if (typeof value === 'boolean') {
    const expr = dialect.jsonBoolean(attribute.column, attribute.key);
    if (op === 'eq') return sql<SqlBool>`${expr} = ${String(value)}`;
    if (op === 'ne') return sql<SqlBool>`((${expr} = ${String(value)}) is not true)`;
    return FALSE;
  }
  if (typeof value === 'number' && ORDERING.has(op)) {
    return compareOrdered(dialect.jsonNumber(attribute.column, attribute.key), op, value);
  }
  // Strings, and numbers under a text operator (`employeeNumber sw 12`), compare as text.
  const expr = dialect.jsonString(attribute.column, attribute.key);
  return ctx.caseInsensitive
    ? compareText(sql`lower(${expr})`, op, asciiLower(String(value)), dialect)
    : compareText(expr, op, String(value), dialect);
}

const ORDERING = new Set<AttributeOperator>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function compareOrdered(expr: RawBuilder<unknown>, op: AttributeOperator, value: string | number): RawBuilder<SqlBool> {
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${expr} = ${value}`;
    case 'ne':
      return sql<SqlBool>`((${expr} = ${value}) is not true)`;
    case 'gt':
      return sql<SqlBool>`${expr} > ${value}`;
    case 'ge':
      return sql<SqlBool>`${expr} >= ${value}`;
    case 'lt':
      return sql<SqlBool>`${expr} < ${value}`;
    case 'le':
      return sql<SqlBool>`${expr} <= ${value}`;
    default:
      return FALSE;
  }
}

/** `expr` (a string) compared with `value` under a text operator, `ne` included; also used by the log's compiler. */
export function compareText(expr: RawBuilder<unknown>, op: AttributeOperator, value: string, dialect: SqlDialect): RawBuilder<SqlBool> {
  switch (op) {
    case 'sw':
      return startsWith(expr, value);
    case 'co':
      return dialect.contains(expr, value);
    case 'ew':
      return dialect.endsWith(expr, value);
    default:
      return compareOrdered(expr, op, value);
  }
}

/**
 * `expr` starts with `prefix`, as a range (`>= prefix and < successor`) so an index on `expr` serves it.
 * Exact because both engines compare text byte-wise in UTF-8, which is code-point order.
 */
export function startsWith(expr: RawBuilder<unknown>, prefix: string): RawBuilder<SqlBool> {
  if (prefix === '') return sql<SqlBool>`${expr} is not null`;
  const upper = prefixSuccessor(prefix);
  return upper === undefined
    ? sql<SqlBool>`${expr} >= ${prefix}`
    : sql<SqlBool>`(${expr} >= ${prefix} and ${expr} < ${upper})`;
}

/** The least string greater than every string starting with `prefix` (last code point + 1). */
function prefixSuccessor(prefix: string): string | undefined {
  const points = Array.from(prefix);
  const last = points.pop()!.codePointAt(0)!;
  let next = last + 1;
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // surrogates are not code points of UTF-8 text
  if (next > 0x10ffff) return undefined;
  return points.join('') + String.fromCodePoint(next);
}

function compareNull(expr: RawBuilder<unknown>, op: AttributeOperator, isPresence = false): RawBuilder<SqlBool> {
  // `x eq null` asks for absence, `x ne null` for presence; ordering against null matches nothing.
  const present = isPresence ? sql<SqlBool>`${expr}` : sql<SqlBool>`${expr} is not null`;
  if (op === 'eq') return sql<SqlBool>`(not (${present}))`;
  if (op === 'ne') return present;
  return FALSE;
}

/** Lower-cases A–Z only, exactly what SQL `lower()` does on both engines for our columns. */
export function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Stored timestamps are `Date#toISOString()`; a value in any other ISO form is brought to that form. */
function canonicalTime(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
