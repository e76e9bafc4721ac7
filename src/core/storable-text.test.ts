import { describe, expect, it } from 'vitest';
import { hasNul, isWellFormedDeep, storableCopy } from './storable-text.js';

describe('text PostgreSQL cannot hold', () => {
  it('finds a NUL anywhere in a string, and nothing in a backslash followed by "u0000"', () => {
    expect(hasNul('a\u0000')).toBe(true);
    expect(hasNul('\u0000')).toBe(true);
    expect(hasNul('a\\u0000')).toBe(false);
    expect(hasNul('')).toBe(false);
  });

  it('tells an unpaired surrogate anywhere in a value, keys included, from a pair', () => {
    expect(isWellFormedDeep({ a: ['x', { b: 'Smile \ud83d\ude00' }], n: 1, z: null })).toBe(true);
    expect(isWellFormedDeep({ a: ['x', { b: '\ud83d' }] })).toBe(false);
    expect(isWellFormedDeep({ '\ude00': 1 })).toBe(false);
    expect(isWellFormedDeep('\ude00\ud83d')).toBe(false);
  });

  it('replaces every NUL and unpaired surrogate in every string and key with U+FFFD, leaving the rest and the input alone', () => {
    const input = { 'k\u0000': ['\u0000a\ud800', 1, null, true, { deep: 'x\u0000y\udc00', pair: '\ud83d\ude00' }], n: 2.5, none: null, text: 'plain' };
    const copy = structuredClone(input);
    expect(storableCopy(input)).toEqual({ 'k\uFFFD': ['\uFFFDa\uFFFD', 1, null, true, { deep: 'x\uFFFDy\uFFFD', pair: '\ud83d\ude00' }], n: 2.5, none: null, text: 'plain' });
    expect(input).toEqual(copy);
  });
});
