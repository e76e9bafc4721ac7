import type { AttributeOperator, CompareNode, FilterNode, FilterValue } from './ast.js';

export { resolvePath } from './resolve-path.js';

/** Options of {@link evaluateFilter}. */
export interface EvaluateOptions {
  /**
   * Compare string values ignoring case. Users `search=` is case-insensitive on values, `filter=` and
   * the System Log are not (okta-api.md §6.3). Default false.
   */
  caseInsensitive?: boolean;
}

/**
 * Evaluates a parsed filter against one object in memory — used to match event hooks and Workflows
 * triggers against LogEvents, and kept in agreement with the SQL compiler by a differential test
 * (architecture.md "System Log storage").
 *
 * `resolve` returns an attribute's value (see {@link resolvePath}). Semantics:
 * - an array value matches if **any** element matches, for every operator including `ne`
 *   (okta-api.md §2.4, `target.id`); an empty array counts as missing;
 * - `pr` is true when the value is not null, undefined or the empty string;
 * - a missing (null/undefined) value fails every operator except `ne`, for which it is true;
 * - `eq`/`ne` compare same-typed values; strings order lexically, which orders ISO-8601 UTC
 *   timestamps correctly, numbers numerically; values of different types never match;
 * - `sw`/`co`/`ew` apply to strings only.
 *
 * @example evaluateFilter(parseFilter('target.id eq "00u1"'), (a) => resolvePath(event, a))
 */
export function evaluateFilter(
  node: FilterNode,
  resolve: (attr: string) => unknown,
  opts: EvaluateOptions = {},
): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, resolve, opts) && evaluateFilter(node.right, resolve, opts);
    case 'or':
      return evaluateFilter(node.left, resolve, opts) || evaluateFilter(node.right, resolve, opts);
    case 'not':
      return !evaluateFilter(node.expr, resolve, opts);
    case 'compare':
      return compare(node, resolve(node.attr), opts.caseInsensitive ?? false);
  }
}

function compare(node: CompareNode, actual: unknown, caseInsensitive: boolean): boolean {
  const items = Array.isArray(actual) ? actual.flat(Infinity) : [actual];
  if (items.length === 0) items.push(undefined);
  const expected = normalise(node.value, caseInsensitive);
  return items.some((item) => matchOne(node.op, normalise(item, caseInsensitive), expected));
}

/** Dates compare as Okta's ISO strings; case-insensitive comparison lower-cases both sides. */
function normalise(value: unknown, caseInsensitive: boolean): unknown {
  const v = value instanceof Date ? value.toISOString() : value;
  return caseInsensitive && typeof v === 'string' ? v.toLowerCase() : v;
}

const ORDERING: Readonly<Record<'gt' | 'ge' | 'lt' | 'le', (c: number) => boolean>> = {
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
};

function matchOne(op: AttributeOperator, actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined) return op === 'ne';
  switch (op) {
    case 'pr':
      return actual !== '';
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const order = ordering(actual, expected as FilterValue);
      return order !== undefined && ORDERING[op](order);
    }
    case 'sw':
    case 'co':
    case 'ew':
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      if (op === 'sw') return actual.startsWith(expected);
      return op === 'ew' ? actual.endsWith(expected) : actual.includes(expected);
  }
}

/**
 * Orders strings by code point, as both databases compare UTF-8 text (byte order is code-point order),
 * not by UTF-16 unit as JavaScript's `<` does: the two differ only when a surrogate (half of a character
 * above U+FFFF) meets a unit from U+E000–U+FFFF, where the surrogate's character is the greater.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sign of `actual - expected` for two strings or two numbers; undefined when they don't order. */
function ordering(actual: unknown, expected: FilterValue): number | undefined {
  if (typeof actual === 'string' && typeof expected === 'string') return compareCodePoints(actual, expected);
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  return undefined;
}
