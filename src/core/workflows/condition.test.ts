import { describe, expect, it } from 'vitest';
import { CardError } from './card.js';
import { compareCodePoints, evaluateCondition } from './condition.js';
import type { Comparison } from './flow-definition.js';

function refusal(run: () => unknown): CardError {
  try {
    run();
  } catch (err) {
    if (err instanceof CardError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('evaluateCondition: the declared type decides', () => {
  it('orders "80" after "9" as numbers and before it as text', () => {
    expect(evaluateCondition('80', '>', '9', 'number')).toBe(true);
    expect(evaluateCondition(80, '>', 9, 'number')).toBe(true);
    expect(evaluateCondition('80', '>', '9', 'text')).toBe(false);
    expect(evaluateCondition('80', '<', '9')).toBe(true);
    expect(evaluateCondition(80, '<', 9)).toBe(true);
  });

  it('compares texts by code point, whatever UTF-16 says', () => {
    expect(evaluateCondition('\u{FF5E}', '<', '\u{1F600}')).toBe(true);
    expect('\u{FF5E}' < '\u{1F600}').toBe(false);
    expect(compareCodePoints('abc', 'abd')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('B', 'a')).toBeLessThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
  });

  it('reads numbers written as text, and 1 == "1.0" as numbers but not as text', () => {
    expect(evaluateCondition(1, '==', '1.0', 'number')).toBe(true);
    expect(evaluateCondition(' 2.5 ', '>=', 2.5, 'number')).toBe(true);
    expect(evaluateCondition(1, '==', '1.0', 'text')).toBe(false);
    expect(evaluateCondition(3, '!=', 4, 'number')).toBe(true);
    expect(evaluateCondition(4, '<=', 4, 'number')).toBe(true);
  });

  it('reads true/false and their texts as booleans', () => {
    expect(evaluateCondition(true, '==', 'TRUE', 'boolean')).toBe(true);
    expect(evaluateCondition('false', '!=', true, 'boolean')).toBe(true);
    expect(evaluateCondition(true, '==', 'true')).toBe(true);
  });

  it('compares dates as instants, whatever their offsets or form', () => {
    expect(evaluateCondition('2024-05-01T12:00:00+02:00', '==', '2024-05-01T10:00:00Z', 'datetime')).toBe(true);
    expect(evaluateCondition('2024-05-01T10:00:00Z', '==', Date.UTC(2024, 4, 1, 10), 'datetime')).toBe(true);
    expect(evaluateCondition('2024-05-02', '>', '2024-05-01T23:59:59.999Z', 'datetime')).toBe(true);
    expect(evaluateCondition('2023-12-31', '<', '2024-01-01', 'datetime')).toBe(true);
  });

  it('treats a missing value as empty text, and as equal only to another missing value for other types', () => {
    expect(evaluateCondition(null, '==', '', 'text')).toBe(true);
    expect(evaluateCondition(undefined, '==', null, 'number')).toBe(true);
    expect(evaluateCondition(null, '==', 0, 'number')).toBe(false);
    expect(evaluateCondition(null, '!=', false, 'boolean')).toBe(true);
    expect(evaluateCondition(null, '<', 'a')).toBe(true);
  });
});

describe('evaluateCondition: membership, keys, emptiness and multiples', () => {
  it('finds a value in a list, compared as the declared type', () => {
    expect(evaluateCondition('b', 'in', ['a', 'b'])).toBe(true);
    expect(evaluateCondition('c', 'not in', ['a', 'b'])).toBe(true);
    expect(evaluateCondition('2', 'in', [1, 2, 3], 'number')).toBe(true);
    expect(evaluateCondition('2.0', 'in', [1, 2, 3], 'text')).toBe(false);
    expect(evaluateCondition('x', 'in', [])).toBe(false);
  });

  it('finds a text inside a text', () => {
    expect(evaluateCondition('ada', 'in', 'ada@example.com')).toBe(true);
    expect(evaluateCondition('bob', 'not in', 'ada@example.com')).toBe(true);
    expect(evaluateCondition(42, 'in', 'answer 42')).toBe(true);
  });

  it('asks an object for an own key, not an inherited one', () => {
    expect(evaluateCondition({ login: 'ada' }, 'has key', 'login')).toBe(true);
    expect(evaluateCondition({ login: null }, 'has key', 'login')).toBe(true);
    expect(evaluateCondition({ login: 'ada' }, 'not has key', 'email')).toBe(true);
    expect(evaluateCondition({}, 'has key', 'toString')).toBe(false);
  });

  it('calls null, undefined, "", [] and {} empty, and nothing else', () => {
    for (const value of [null, undefined, '', [], {}]) expect(evaluateCondition(value, 'is empty', undefined), JSON.stringify(value)).toBe(true);
    for (const value of [' ', 0, false, [null], { a: null }, 'x']) expect(evaluateCondition(value, 'is not empty', undefined), JSON.stringify(value)).toBe(true);
  });

  it('reads multiples as numbers, tolerating binary fractions, with only 0 a multiple of 0', () => {
    expect(evaluateCondition(12, 'multiple of', 4)).toBe(true);
    expect(evaluateCondition('12', 'multiple of', '5')).toBe(false);
    expect(evaluateCondition(-9, 'multiple of', 3)).toBe(true);
    expect(evaluateCondition(0.3, 'multiple of', 0.1)).toBe(true);
    expect(evaluateCondition(0, 'multiple of', 0)).toBe(true);
    expect(evaluateCondition(5, 'multiple of', 0)).toBe(false);
  });
});

describe('evaluateCondition: values it cannot read', () => {
  it('refuses a value that is not a number when comparing as numbers, naming it', () => {
    const err = refusal(() => evaluateCondition('abc', '>', 1, 'number'));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe('Input "a" must be a number; got the text "abc"');
    expect(refusal(() => evaluateCondition(1, '<', '0x10', 'number')).message).toContain('Input "b" must be a number');
    expect(refusal(() => evaluateCondition(1, '<', null, 'number')).message).toBe('Input "b" is required');
  });

  it('refuses texts that are not dates, and impossible dates', () => {
    expect(refusal(() => evaluateCondition('yesterday', '<', '2024-01-01', 'datetime')).message).toContain('Input "a" must be a date');
    expect(refusal(() => evaluateCondition('2024-02-30', '<', '2024-03-01', 'datetime')).code).toBe('INVALID_INPUT');
  });

  it('refuses texts other than true and false as booleans, and ordering booleans', () => {
    expect(refusal(() => evaluateCondition('yes', '==', true, 'boolean')).message).toContain('Input "a" must be true or false');
    expect(refusal(() => evaluateCondition(true, '>', false, 'boolean')).message).toContain('does not order true/false values');
  });

  it('refuses objects and lists compared as text', () => {
    expect(refusal(() => evaluateCondition({ a: 1 }, '==', 'x')).message).toBe('Input "a" must be a text; got an object');
    expect(refusal(() => evaluateCondition('x', '==', [1])).message).toBe('Input "b" must be a text; got a list of 1');
  });

  it('refuses "in" over something that is neither a list nor a text, and an unreadable list item', () => {
    expect(refusal(() => evaluateCondition('a', 'in', { a: 1 })).message).toContain('Input "b" must be a list or a text');
    expect(refusal(() => evaluateCondition(1, 'in', [1, 'one'], 'number')).message).toContain('Input "b[1]" must be a number');
  });

  it('refuses "has key" on a value that is not an object', () => {
    expect(refusal(() => evaluateCondition(['login'], 'has key', 'login')).message).toContain('Input "a" must be an object');
  });

  it('refuses an unknown comparison or type', () => {
    expect(refusal(() => evaluateCondition(1, 'eq' as Comparison, 1)).message).toContain('Unknown comparison the text "eq"');
    expect(refusal(() => evaluateCondition(1, '==', 1, 'list' as 'text')).message).toContain('Unknown comparison type');
  });
});
