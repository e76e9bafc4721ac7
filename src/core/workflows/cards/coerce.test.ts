import { describe, expect, it } from 'vitest';
import { CardError } from '../card.js';
import { asBoolean, asDate, asList, asNumber, asObject, asText, toText } from './coerce.js';

function refusal(run: () => unknown): CardError {
  try {
    run();
  } catch (err) {
    if (err instanceof CardError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('reading card inputs', () => {
  it('reads numbers and true/false as text, and refuses objects, lists and missing values naming the input', () => {
    expect(asText('ada', 'login')).toBe('ada');
    expect(asText(42, 'login')).toBe('42');
    expect(asText(false, 'login')).toBe('false');
    expect(refusal(() => asText({}, 'login'))).toMatchObject({ code: 'INVALID_INPUT', message: 'Input "login" must be a text; got an object' });
    expect(refusal(() => asText(undefined, 'login')).message).toBe('Input "login" is required');
  });

  it('reads decimal texts as numbers and refuses hex, blanks and infinities', () => {
    expect(asNumber(' -2.5 ', 'n')).toBe(-2.5);
    expect(asNumber('1e3', 'n')).toBe(1000);
    expect(asNumber('.5', 'n')).toBe(0.5);
    for (const bad of ['0x10', '', ' ', 'Infinity', Number.NaN, Number.POSITIVE_INFINITY, true, '12abc']) {
      expect(refusal(() => asNumber(bad, 'n')).code, String(bad)).toBe('INVALID_INPUT');
    }
  });

  it('reads true/false and their texts in any case as booleans, and nothing else', () => {
    expect(asBoolean('True', 'b')).toBe(true);
    expect(asBoolean(' false ', 'b')).toBe(false);
    expect(refusal(() => asBoolean(1, 'b')).message).toBe('Input "b" must be true or false; got number 1');
  });

  it('reads lists and objects only as what they are', () => {
    expect(asList([1], 'l')).toEqual([1]);
    expect(refusal(() => asList({ 0: 1 }, 'l')).message).toBe('Input "l" must be a list; got an object');
    expect(asObject({ a: 1 }, 'o')).toEqual({ a: 1 });
    expect(refusal(() => asObject([], 'o')).message).toBe('Input "o" must be an object; got a list of 0');
  });

  it('reads ISO-8601 texts and epoch milliseconds as dates, a missing offset as UTC', () => {
    expect(asDate('2024-05-01T10:00:00Z', 'd').toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(asDate('2024-05-01T12:00:00.5+02:00', 'd').toISOString()).toBe('2024-05-01T10:00:00.500Z');
    expect(asDate('2024-05-01T05:30-0430', 'd').toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(asDate('2024-05-01T10:00:00', 'd').toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(asDate('2024-05-01', 'd').toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(asDate('0050-01-01', 'd').getUTCFullYear()).toBe(50);
    expect(asDate(0, 'd').toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses impossible dates and other date-like texts instead of rolling them over', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-05-01T24:00:00Z', '2024-05-01T10:00:00+25:00', 'May 1, 2024', '1714557600000', '', 8.64e15 + 1]) {
      expect(refusal(() => asDate(bad, 'when')).message, String(bad)).toContain('Input "when" must be a date');
    }
    expect(asDate('2024-02-29', 'd').getUTCDate()).toBe(29);
  });

  it('writes any value as text for joining: objects as JSON, missing values as nothing', () => {
    expect([null, undefined, 'a', 1, true, { a: 1 }, [1, 'b']].map(toText)).toEqual(['', '', 'a', '1', 'true', '{"a":1}', '[1,"b"]']);
  });
});
