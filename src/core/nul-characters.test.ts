import { describe, expect, it } from 'vitest';
import { hasNul, replaceNul } from './nul-characters.js';

describe('NUL characters', () => {
  it('finds a NUL anywhere in a string, and nothing in a backslash followed by "u0000"', () => {
    expect(hasNul('a\u0000')).toBe(true);
    expect(hasNul('\u0000')).toBe(true);
    expect(hasNul('a\\u0000')).toBe(false);
    expect(hasNul('')).toBe(false);
  });

  it('replaces every NUL in every string and key with U+FFFD, leaving other values and the input alone', () => {
    const input = { 'k\u0000': ['\u0000a\u0000', 1, null, true, { deep: 'x\u0000y' }], n: 2.5, none: null, text: 'plain' };
    const copy = structuredClone(input);
    expect(replaceNul(input)).toEqual({ 'k\uFFFD': ['\uFFFDa\uFFFD', 1, null, true, { deep: 'x\uFFFDy' }], n: 2.5, none: null, text: 'plain' });
    expect(input).toEqual(copy);
  });
});
