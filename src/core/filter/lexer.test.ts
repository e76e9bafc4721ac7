import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from './ast.js';
import { Lexer, type Token } from './lexer.js';

function tokens(text: string): Token[] {
  const lexer = new Lexer(text);
  const out: Token[] = [];
  for (let t = lexer.next(); ; t = lexer.next()) {
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}

function stringValue(source: string): string {
  const [token] = tokens(source);
  if (token?.kind !== 'string') throw new Error(`not a string token: ${source}`);
  return token.value;
}

describe('filter lexer', () => {
  it('splits words, strings and parentheses and records their 0-based offsets', () => {
    expect(tokens('(a eq "x")').map((t) => [t.kind, t.pos, t.text])).toEqual([
      ['lparen', 0, '('],
      ['word', 1, 'a'],
      ['word', 3, 'eq'],
      ['string', 6, '"x"'],
      ['rparen', 9, ')'],
      ['eof', 10, ''],
    ]);
  });

  it('treats tabs and newlines as spaces between tokens', () => {
    expect(tokens('a\teq\n1').map((t) => t.text)).toEqual(['a', 'eq', '1', '']);
  });

  it('ends a word at a quote or a parenthesis even without a space', () => {
    expect(tokens('not(a eq"x")').map((t) => t.text)).toEqual(['not', '(', 'a', 'eq', '"x"', ')', '']);
  });

  it('decodes the JSON escapes for quote, backslash, slash and control characters', () => {
    expect(stringValue(String.raw`"say \"hi\" \\ \/ \b\f\n\r\t"`)).toBe('say "hi" \\ / \b\f\n\r\t');
  });

  it('decodes \\u escapes, including surrogate pairs', () => {
    expect(stringValue(String.raw`"caf\u00e9 \ud83d\ude00"`)).toBe('café 😀');
  });

  it('keeps non-ASCII characters and spaces inside strings as written', () => {
    expect(stringValue('"Zoë  Müller (admin)"')).toBe('Zoë  Müller (admin)');
  });

  it('lexes lazily so an earlier token is returned before a later string is found to be unterminated', () => {
    const lexer = new Lexer('a eqq "open');
    expect(lexer.next().text).toBe('a');
    expect(lexer.next().text).toBe('eqq');
    expect(() => lexer.next()).toThrow(FilterSyntaxError);
  });
});
