import { FilterSyntaxError } from './ast.js';

/**
 * A token of a filter expression. `text` is the source text (a string keeps its quotes), so error
 * messages can quote what the caller wrote; `pos` is its 0-based offset (okta-api.md §2.4 errors).
 */
export type Token =
  | { kind: 'lparen' | 'rparen' | 'word' | 'eof'; pos: number; text: string }
  | { kind: 'string'; pos: number; text: string; value: string };

/** JSON's single-character escapes (RFC 8259 §7); okta-api.md §1.5 says values are JSON strings. */
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const isSpace = (ch: string): boolean => /\s/.test(ch);
/** A word (attribute, operator, keyword, number, literal) runs until a space, a parenthesis or a quote. */
const endsWord = (ch: string): boolean => isSpace(ch) || ch === '(' || ch === ')' || ch === '"';

/**
 * Splits a filter expression into tokens on demand. Lexing lazily means errors surface in reading
 * order: `a eqq "unterminated` reports the operator first, as Okta does.
 */
export class Lexer {
  private index = 0;
  private lookahead: Token | undefined;

  constructor(private readonly text: string) {}

  /** The next token, without consuming it. */
  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  /** The next token, consumed. */
  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private scan(): Token {
    const { text } = this;
    while (this.index < text.length && isSpace(text[this.index]!)) this.index++;
    const pos = this.index;
    const ch = text[pos];
    if (ch === undefined) return { kind: 'eof', pos, text: '' };
    if (ch === '(' || ch === ')') {
      this.index++;
      return { kind: ch === '(' ? 'lparen' : 'rparen', pos, text: ch };
    }
    if (ch === '"') return this.scanString(pos);
    while (this.index < text.length && !endsWord(text[this.index]!)) this.index++;
    return { kind: 'word', pos, text: text.slice(pos, this.index) };
  }

  private scanString(start: number): Token {
    const { text } = this;
    let value = '';
    let i = start + 1;
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw new FilterSyntaxError(`Unterminated string starting at position ${start}`, start);
      if (ch === '"') break;
      if (ch !== '\\') {
        value += ch;
        i++;
        continue;
      }
      const esc = text[i + 1];
      if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (esc !== undefined && Object.hasOwn(ESCAPES, esc)) {
        value += ESCAPES[esc];
        i += 2;
      } else if (esc === undefined) {
        throw new FilterSyntaxError(`Unterminated string starting at position ${start}`, start);
      } else {
        const shown = esc === 'u' ? text.slice(i, i + 6) : `\\${esc}`;
        throw new FilterSyntaxError(`Invalid escape sequence '${shown}' at position ${i}`, i);
      }
    }
    this.index = i + 1;
    return { kind: 'string', pos: start, text: text.slice(start, this.index), value };
  }
}
