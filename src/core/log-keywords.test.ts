import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import type { LogEvent } from './log-event.js';
import { eventTokens, fieldToken, hashToken, isFieldIndexed, keywordToken, parseKeywords, valueWordTokens, wordsOf } from './log-keywords.js';

const words = (value: string) => {
  const out: string[] = [];
  wordsOf(value, (w) => out.push(w));
  return out;
};

describe('the words of a value', () => {
  it('keeps whitespace-separated words whole, and also without the punctuation around them', () => {
    expect(words('Mozilla/5.0 (Macintosh; Intel)')).toEqual(['Mozilla/5.0', '(Macintosh;', 'Macintosh', 'Intel)', 'Intel']);
    expect(words('jane.doe@example.com')).toEqual(['jane.doe@example.com']);
  });

  it('indexes hyphenated values whole and split at each hyphen (okta-api.md §2.5)', () => {
    expect(words('XOxBw-2JIRnCFd0gG0GjHAAABjY')).toEqual(['XOxBw-2JIRnCFd0gG0GjHAAABjY', 'XOxBw', '2JIRnCFd0gG0GjHAAABjY']);
  });
});

describe('event tokens', () => {
  const event = {
    uuid: 'u-1',
    displayMessage: null,
    outcome: { result: 'SUCCESS', reason: null },
    actor: { id: '00u1', alternateId: 'Jane@Example.com' },
    target: [{ id: '00u2', alternateId: 'x', displayName: 'Bob' }],
    debugContext: { debugData: { riskScore: 12, tags: ['a', 'b'], nested: { deep: 'no' } } },
  } as unknown as LogEvent;
  const tokens = new Set(eventTokens(event));

  it('holds a token for each word, case-folded, and none for null values or published', () => {
    expect(tokens.has(keywordToken('jane@example.com'))).toBe(true);
    expect(tokens.has(keywordToken('JANE@EXAMPLE.COM'))).toBe(true);
    expect(tokens.has(keywordToken('12'))).toBe(true);
    expect(tokens.has(keywordToken('null'))).toBe(false);
    expect(eventTokens({ ...event, published: '2026-11-25T10:00:00.000Z' } as LogEvent)).toEqual(eventTokens(event));
  });

  it('holds typed field tokens for indexed attributes and for direct keys of the free-form maps', () => {
    expect(tokens.has(fieldToken('actor.alternateId', 'Jane@Example.com'))).toBe(true);
    expect(tokens.has(fieldToken('actor.alternateId', 'jane@example.com'))).toBe(false);
    expect(tokens.has(fieldToken('target.displayName', 'Bob'))).toBe(true);
    expect(tokens.has(fieldToken('debugContext.debugData.riskScore', 12))).toBe(true);
    expect(tokens.has(fieldToken('debugContext.debugData.riskScore', '12'))).toBe(false);
    expect(tokens.has(fieldToken('debugContext.debugData.tags', 'b'))).toBe(true);
    expect(isFieldIndexed('debugContext.debugData.nested.deep')).toBe(false);
    expect(isFieldIndexed('debugContext.debugData.riskScore')).toBe(true);
  });

  it('holds each word of a value folded as a keyword of q is folded, whatever the letters and separators', () => {
    for (const value of ['ΟΔΟΣ-ΑΣ ΑΣ.', "(ΑΣ'Β) Σ", 'İstanbul-X', 'Straße MIXED-Case- ǅ', '\u00a0a\u2003B-c\u3000D']) {
      const held = new Set(eventTokens({ severity: value } as unknown as LogEvent));
      const expected = new Set<string>();
      wordsOf(value, (word) => expected.add(keywordToken(word)));
      expect(held).toEqual(expected);
    }
  });

  it('keeps giving the same tokens while many distinct values pass through its memo', () => {
    const recurring = { severity: 'Recurring VALUE-x' } as unknown as LogEvent;
    const first = eventTokens(recurring);
    for (let i = 0; i < 120_000; i++) {
      const tokens = eventTokens({ severity: `once-${i}` } as unknown as LogEvent);
      if (i % 97 === 0) expect(tokens).toEqual([`once-${i}`, 'once', String(i)].map(keywordToken));
      if (i % 10_000 === 0) expect(eventTokens(recurring)).toEqual(first);
    }
    expect(eventTokens(recurring)).toEqual(first);
  });

  it('gives the tokens of the whole words of a value, which any event holding that value holds', () => {
    const value = 'req-1 Two\tWords';
    expect(valueWordTokens(value)).toEqual(['req-1', 'Two', 'Words'].map(keywordToken));
    for (const token of valueWordTokens(value)) expect(eventTokens({ transaction: { id: value } } as unknown as LogEvent)).toContain(token);
    expect(valueWordTokens('  ')).toEqual([]);
  });

  it('hashes to fixed-width tokens the full-text engines keep as they are', () => {
    expect(hashToken('anything')).toMatch(/^k[0-9a-f]{16}$/);
    expect(hashToken('a')).not.toBe(hashToken('b'));
  });

  it('keeps every token value stable: stored indexes and new queries must hash alike', () => {
    // Values of the first implementation: a change here would make every stored event unfindable.
    expect(hashToken('anything')).toBe('k18bb517fa960e998');
    expect(keywordToken('Jane')).toBe(hashToken('w:jane'));
    expect(keywordToken('Jane')).toBe('kc51a54497fa2f5f5');
    expect(fieldToken('actor.alternateId', 'Jane@Example.com')).toBe('k903b0b9807ea509c');
    expect(fieldToken('debugContext.debugData.riskScore', 12)).toBe('ka8d8ba134cca9780');
    expect(fieldToken('x.y', true)).toBe('kd92d01c9c29b8eb0');
    expect(fieldToken('x.y', true)).toBe(hashToken('f:x.y=b:true'));
  });
});

describe('q', () => {
  it('splits on whitespace and accepts up to 10 keywords of up to 40 characters', () => {
    expect(parseKeywords('  San   Francisco ')).toEqual(['San', 'Francisco']);
    expect(parseKeywords('x'.repeat(40))).toHaveLength(1);
    expect(parseKeywords(Array.from({ length: 10 }, (_, i) => `k${i}`).join(' '))).toHaveLength(10);
  });

  it("refuses a longer keyword with Okta's exact error", () => {
    const error = (() => {
      try {
        parseKeywords('x'.repeat(41));
      } catch (e) {
        return e;
      }
    })() as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('E0000001');
    expect(error.summary).toBe(
      "Api validation failed: 'q': Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.",
    );
  });

  it('refuses more than 10 keywords', () => {
    expect(() => parseKeywords(Array.from({ length: 11 }, (_, i) => `k${i}`).join(' '))).toThrow(/more than 10 items/);
  });
});
