import { CardError } from './card.js';
import { asBoolean, asDate, asNumber, asObject, asText, describe } from './cards/coerce.js';
import { COMPARISONS, type Comparison, type Condition } from './flow-definition.js';

export type ConditionType = NonNullable<Condition['type']>;
export const CONDITION_TYPES: readonly ConditionType[] = ['text', 'number', 'boolean', 'datetime'];

/**
 * `a op b` with Okta's semantics (workflows.md §3.2 "Branching"): the declared `type` decides how both
 * values are read and compared — as numbers `80 > 9`, as text `"80" < "9"` (code point order, so the
 * result does not depend on a locale). Used by If/Else, If/ElseIf, Assign If, Continue If and Return
 * Error If.
 *
 * - `==` `!=`: as text, a missing value reads as `""`; as another type, a missing value equals only a
 *   missing value. `> >= < <=` order numbers, dates and texts; true/false values have no order.
 * - `in` / `not in`: `a` is an element of the list `b` (compared as `type`), or a substring of the text `b`.
 * - `has key` / `not has key`: the object `a` has the own key `b`.
 * - `is empty` / `is not empty`: `a` is null, `""`, `[]` or `{}` (`b` and `type` are ignored).
 * - `multiple of`: `a` and `b` read as numbers whatever `type` says; only 0 is a multiple of 0.
 *
 * A value that cannot be read as the declared type throws `CardError(…, 'INVALID_INPUT')` naming `a` or `b`.
 *
 * @example evaluateCondition('80', '>', '9', 'number') // true
 * @example evaluateCondition('80', '>', '9') // false: as text "8" < "9"
 */
export function evaluateCondition(a: unknown, op: Comparison, b: unknown, type: ConditionType = 'text'): boolean {
  if (!(COMPARISONS as readonly unknown[]).includes(op)) throw new CardError(`Unknown comparison ${describe(op)}; expected one of ${COMPARISONS.join(', ')}`, 'INVALID_INPUT');
  if (!CONDITION_TYPES.includes(type)) throw new CardError(`Unknown comparison type ${describe(type)}; expected one of ${CONDITION_TYPES.join(', ')}`, 'INVALID_INPUT');
  switch (op) {
    case '==':
      return equal(a, 'a', b, 'b', type);
    case '!=':
      return !equal(a, 'a', b, 'b', type);
    case '>':
      return order(a, b, type, op) > 0;
    case '>=':
      return order(a, b, type, op) >= 0;
    case '<':
      return order(a, b, type, op) < 0;
    case '<=':
      return order(a, b, type, op) <= 0;
    case 'in':
      return contains(b, a, type);
    case 'not in':
      return !contains(b, a, type);
    case 'has key':
      return Object.hasOwn(asObject(a, 'a'), asText(b, 'b'));
    case 'not has key':
      return !Object.hasOwn(asObject(a, 'a'), asText(b, 'b'));
    case 'is empty':
      return isEmpty(a);
    case 'is not empty':
      return !isEmpty(a);
    case 'multiple of':
      return isMultiple(asNumber(a, 'a'), asNumber(b, 'b'));
  }
}

export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

function equal(a: unknown, aName: string, b: unknown, bName: string, type: ConditionType): boolean {
  if (type === 'text') return textOf(a, aName) === textOf(b, bName);
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  switch (type) {
    case 'number':
      return asNumber(a, aName) === asNumber(b, bName);
    case 'boolean':
      return asBoolean(a, aName) === asBoolean(b, bName);
    case 'datetime':
      return asDate(a, aName).getTime() === asDate(b, bName).getTime();
  }
}

/** Negative when a < b, 0 when equal, positive when a > b. */
function order(a: unknown, b: unknown, type: ConditionType, op: Comparison): number {
  switch (type) {
    case 'text':
      return compareCodePoints(textOf(a, 'a'), textOf(b, 'b'));
    case 'number':
      return asNumber(a, 'a') - asNumber(b, 'b');
    case 'datetime':
      return asDate(a, 'a').getTime() - asDate(b, 'b').getTime();
    case 'boolean':
      throw new CardError(`"${op}" does not order true/false values; compare them with == or !=`, 'INVALID_INPUT');
  }
}

function contains(haystack: unknown, needle: unknown, type: ConditionType): boolean {
  // Every item is read, so that an unreadable one fails wherever it stands rather than only when reached.
  if (Array.isArray(haystack)) return haystack.map((item, i) => equal(needle, 'a', item, `b[${i}]`, type)).includes(true);
  if (typeof haystack === 'string') return haystack.includes(textOf(needle, 'a'));
  throw new CardError(`Input "b" must be a list or a text for "in"; got ${describe(haystack)}`, 'INVALID_INPUT');
}

/** As text, a missing value is the empty text. */
function textOf(value: unknown, name: string): string {
  return isMissing(value) ? '' : asText(value, name);
}

/**
 * Compares by Unicode code point rather than UTF-16 unit (`<` on strings would put U+FF5E after U+1F600).
 * At the first differing unit, `codePointAt` reads the whole character when it starts a surrogate pair.
 */
export function compareCodePoints(x: string, y: string): number {
  const length = Math.min(x.length, y.length);
  for (let i = 0; i < length; i++) {
    if (x.charCodeAt(i) !== y.charCodeAt(i)) return x.codePointAt(i)! - y.codePointAt(i)!;
  }
  return x.length - y.length;
}

/** Float-tolerant: 0.3 is a multiple of 0.1 although `0.3 % 0.1` is not 0. */
function isMultiple(a: number, b: number): boolean {
  if (b === 0) return a === 0;
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}
