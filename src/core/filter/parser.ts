import {
  ATTRIBUTE_OPERATORS,
  FilterSyntaxError,
  type AttributeOperator,
  type CompareNode,
  type FilterNode,
  type FilterValue,
} from './ast.js';
import { Lexer, type Token } from './lexer.js';

/**
 * The operator list Okta prints in its "Unrecognized attribute operator" error, verbatim, even though
 * `ne` and `ew` are accepted too (okta-api.md §2.4).
 */
const OKTA_EXPECTED_OPERATORS = 'eq,co,sw,pr,gt,ge,lt,le';
const EXPECTED_VALUE = 'a quoted string, a number, true, false or null';
const EXPECTED_TERM = "an attribute name, 'not' or '('";

/**
 * Bounds on an expression's shape, so that no filter can exhaust the stack of the parser, of the
 * functions that walk its tree, or of SQLite's expression depth (1,000) once compiled. Okta publishes
 * no such limits; these are far above any expression a person or a Workflows card writes.
 */
export const MAX_DEPTH = 32;
export const MAX_COMPARES = 100;

/** The lexer and the counts the limits above are checked against. */
interface ParseState {
  lexer: Lexer;
  depth: number;
  compares: number;
}

/** JSON number syntax (RFC 8259 §6). */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Dotted attribute paths: `status`, `profile.lastName`, `debugContext.debugData.requestUri`. */
const ATTRIBUTE = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/;

const isOperator = (word: string): word is AttributeOperator =>
  (ATTRIBUTE_OPERATORS as readonly string[]).includes(word);
const isKeyword = (token: Token, keyword: 'and' | 'or' | 'not'): boolean =>
  token.kind === 'word' && token.text.toLowerCase() === keyword;
const quote = (token: Token): string => (token.kind === 'eof' ? 'end of filter' : `'${token.text}'`);

/**
 * Parses an Okta filter or search expression (okta-api.md §1.5, §2.4, §6.3) into a {@link FilterNode}.
 *
 * Grammar, with precedence `not` > `and` > `or` and left-associative binary operators:
 * ```
 * or      := and ( "or" and )*
 * and     := unary ( "and" unary )*
 * unary   := "not" primary | primary
 * primary := "(" or ")" | attribute SP operator [SP value]
 * value   := JSON string | JSON number | true | false | null
 * ```
 * Operators and the keywords `and`/`or`/`not` are case-insensitive; attribute names are kept exactly
 * as written, and `and`/`or`/`not` cannot be used as attribute names.
 *
 * @example parseFilter('status eq "ACTIVE" or not (profile.lastName sw "Sm")')
 * @throws {FilterSyntaxError} with Okta's wording and the 0-based offset of the offending token, e.g.
 *   `Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le`
 *   for `display_message eqq "Create okta user"`.
 */
export function parseFilter(text: string): FilterNode {
  const p: ParseState = { lexer: new Lexer(text), depth: 0, compares: 0 };
  if (p.lexer.peek().kind === 'eof') throw new FilterSyntaxError('Empty filter expression at position 0', 0);
  const node = parseOr(p);
  const rest = p.lexer.peek();
  if (rest.kind === 'rparen') {
    throw new FilterSyntaxError(`Unbalanced parentheses: unexpected ')' at position ${rest.pos}`, rest.pos);
  }
  if (rest.kind !== 'eof') {
    throw new FilterSyntaxError(
      `Unexpected trailing input ${quote(rest)} at position ${rest.pos}. Expected: and, or`,
      rest.pos,
    );
  }
  return node;
}

function parseOr(p: ParseState): FilterNode {
  let left = parseAnd(p);
  while (isKeyword(p.lexer.peek(), 'or')) {
    p.lexer.next();
    left = { kind: 'or', left, right: parseAnd(p) };
  }
  return left;
}

function parseAnd(p: ParseState): FilterNode {
  let left = parseUnary(p);
  while (isKeyword(p.lexer.peek(), 'and')) {
    p.lexer.next();
    left = { kind: 'and', left, right: parseUnary(p) };
  }
  return left;
}

/** `not` applies to one parenthesised expression or one comparison, never to another `not`. */
function parseUnary(p: ParseState): FilterNode {
  const token = p.lexer.peek();
  if (!isKeyword(token, 'not')) return parsePrimary(p);
  p.lexer.next();
  const operand = p.lexer.peek();
  if (isKeyword(operand, 'not')) throw unexpected(operand, "an attribute name or '('");
  return { kind: 'not', expr: parsePrimary(p), pos: token.pos };
}

function parsePrimary(p: ParseState): FilterNode {
  const token = p.lexer.peek();
  if (token.kind === 'lparen') {
    p.lexer.next();
    if (++p.depth > MAX_DEPTH) {
      throw new FilterSyntaxError(`Filter nested too deeply at position ${token.pos}: at most ${MAX_DEPTH} levels of parentheses`, token.pos);
    }
    const inner = parseOr(p);
    p.depth--;
    const close = p.lexer.next();
    if (close.kind === 'eof') {
      const message = `Unbalanced parentheses: '(' at position ${token.pos} is not closed`;
      throw new FilterSyntaxError(message, token.pos);
    }
    if (close.kind !== 'rparen') throw unexpected(close, 'and, or, )');
    return inner;
  }
  return parseCompare(p);
}

function parseCompare(p: ParseState): CompareNode {
  const attrToken = p.lexer.next();
  if (++p.compares > MAX_COMPARES) {
    throw new FilterSyntaxError(`Filter has too many conditions at position ${attrToken.pos}: at most ${MAX_COMPARES} comparisons`, attrToken.pos);
  }
  if (attrToken.kind !== 'word' || ['and', 'or', 'not'].includes(attrToken.text.toLowerCase())) {
    throw unexpected(attrToken, EXPECTED_TERM);
  }
  if (!ATTRIBUTE.test(attrToken.text)) {
    const message = `Invalid attribute name '${attrToken.text}' at position ${attrToken.pos}`;
    throw new FilterSyntaxError(message, attrToken.pos);
  }
  const opToken = p.lexer.next();
  if (opToken.kind !== 'word') {
    throw new FilterSyntaxError(
      `Missing attribute operator at position ${opToken.pos}. Expected: ${OKTA_EXPECTED_OPERATORS}`,
      opToken.pos,
    );
  }
  const op = opToken.text.toLowerCase();
  if (!isOperator(op)) {
    // Okta's exact text (okta-api.md §2.4); the position is the 0-based offset of the operator.
    throw new FilterSyntaxError(
      `Unrecognized attribute operator '${opToken.text}' at position ${opToken.pos}. Expected: ${OKTA_EXPECTED_OPERATORS}`,
      opToken.pos,
    );
  }
  const base = { kind: 'compare', attr: attrToken.text, op, pos: attrToken.pos, opPos: opToken.pos } as const;
  if (op === 'pr') {
    rejectValueAfterPr(p.lexer.peek());
    return { ...base, value: null };
  }
  return { ...base, value: parseValue(p.lexer, opToken.text) };
}

function parseValue(lexer: Lexer, operator: string): FilterValue {
  const token = lexer.peek();
  if (token.kind === 'string') {
    lexer.next();
    return token.value;
  }
  const value = token.kind === 'word' ? literal(token.text) : undefined;
  if (value !== undefined) {
    lexer.next();
    return value;
  }
  if (token.kind === 'word' && !isKeyword(token, 'and') && !isKeyword(token, 'or')) {
    throw new FilterSyntaxError(
      `Invalid value '${token.text}' at position ${token.pos}. Expected: ${EXPECTED_VALUE}`,
      token.pos,
    );
  }
  throw new FilterSyntaxError(
    `Missing value for attribute operator '${operator}' at position ${token.pos}. Expected: ${EXPECTED_VALUE}`,
    token.pos,
  );
}

/** `pr` is unary (okta-api.md §1.5): a value after it is a mistake worth naming, not mere trailing input. */
function rejectValueAfterPr(token: Token): void {
  if (token.kind === 'string' || (token.kind === 'word' && literal(token.text) !== undefined)) {
    throw new FilterSyntaxError(
      `Unexpected value ${quote(token)} at position ${token.pos}. Attribute operator 'pr' takes no value`,
      token.pos,
    );
  }
}

/** An unquoted value: a JSON number or one of JSON's literals (case-sensitive, as in JSON). */
function literal(word: string): FilterValue | undefined {
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  return NUMBER.test(word) ? Number(word) : undefined;
}

function unexpected(token: Token, expected: string): FilterSyntaxError {
  const what = token.kind === 'eof' ? 'Unexpected end of filter' : `Unexpected token ${quote(token)}`;
  return new FilterSyntaxError(`${what} at position ${token.pos}. Expected: ${expected}`, token.pos);
}
