import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/api/parse/json-depth.js';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('JSON nesting depth', () => {
  it('counts arrays and objects, and allows exactly the limit', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(`{"a":${nested(3)}}`, 3)).toBe(true);
    expect(nestsDeeperThan(`{"a":${nested(2)}}`, 3)).toBe(false);
    // Siblings do not add up.
    expect(nestsDeeperThan(JSON.stringify(Array.from({ length: 50 }, () => [[[1]]])), 4)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[[[[[[[{{{{{{{{{{', b: 'say \\"[[[[[[[[[[[[' });
    expect(nestsDeeperThan(text.padEnd(text.length), 2)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: '"\\', b: [[['x']]] }), 3)).toBe(true);
  });
});
