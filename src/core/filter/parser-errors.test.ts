import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from './ast.js';
import { parseFilter } from './parser.js';

/** Parses and returns the error, failing the test if parsing succeeds. */
function errorOf(text: string): FilterSyntaxError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a FilterSyntaxError for: ${text}`);
}
const failure = (text: string) => {
  const error = errorOf(text);
  return { message: error.message, position: error.position };
};

describe('parseFilter errors', () => {
  it("reports Okta's documented error for an unknown operator at position 16, the operator's 0-based offset", () => {
    // okta-api.md §2.4: "display_message" is 15 characters, so after one space `eqq` starts at offset 16.
    expect(failure('display_message eqq "Create okta user"')).toEqual({
      message: "Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le",
      position: 16,
    });
  });

  it('names the unknown operator as written and its offset deeper in an expression', () => {
    expect(failure('a eq "x" and b EQQ "y"')).toEqual({
      message: "Unrecognized attribute operator 'EQQ' at position 15. Expected: eq,co,sw,pr,gt,ge,lt,le",
      position: 15,
    });
  });

  it('reports an unknown operator before an unterminated string that follows it', () => {
    expect(failure('a eqq "open').position).toBe(2);
  });

  it('is a FilterSyntaxError with its name set', () => {
    const error = errorOf('a eqq 1');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterSyntaxError');
  });

  it('reports an empty expression at position 0', () => {
    expect(failure('')).toEqual({ message: 'Empty filter expression at position 0', position: 0 });
    expect(failure('   ')).toEqual({ message: 'Empty filter expression at position 0', position: 0 });
  });

  it('reports an unterminated string at its opening quote', () => {
    expect(failure('a eq "abc')).toEqual({ message: 'Unterminated string starting at position 5', position: 5 });
  });

  it('reports a string ending in a lone backslash as unterminated', () => {
    expect(failure('a eq "abc\\')).toEqual({ message: 'Unterminated string starting at position 5', position: 5 });
  });

  it('reports an invalid escape at its backslash', () => {
    expect(failure('a eq "x\\qy"')).toEqual({ message: "Invalid escape sequence '\\q' at position 7", position: 7 });
    expect(failure('a eq "\\u12G4"')).toEqual({ message: "Invalid escape sequence '\\u12G4' at position 6", position: 6 });
  });

  it('reports a missing value at the end of the expression', () => {
    expect(failure('status eq')).toEqual({
      message: "Missing value for attribute operator 'eq' at position 9. Expected: a quoted string, a number, true, false or null",
      position: 9,
    });
  });

  it('reports a missing value before and, or and a closing parenthesis', () => {
    expect(failure('a eq and b pr').message).toBe(
      "Missing value for attribute operator 'eq' at position 5. Expected: a quoted string, a number, true, false or null",
    );
    expect(failure('(a GT) or b pr')).toMatchObject({ position: 5 });
    expect(failure('(a GT) or b pr').message).toMatch(/^Missing value for attribute operator 'GT' at position 5/);
  });

  it('reports an unquoted word as an invalid value', () => {
    expect(failure('status eq ACTIVE')).toEqual({
      message: "Invalid value 'ACTIVE' at position 10. Expected: a quoted string, a number, true, false or null",
      position: 10,
    });
  });

  it('reports a value after pr', () => {
    expect(failure('a pr "x"')).toEqual({
      message: `Unexpected value '"x"' at position 5. Attribute operator 'pr' takes no value`,
      position: 5,
    });
    expect(failure('a pr true').position).toBe(5);
  });

  it('reports a missing operator', () => {
    expect(failure('status "ACTIVE"')).toEqual({
      message: 'Missing attribute operator at position 7. Expected: eq,co,sw,pr,gt,ge,lt,le',
      position: 7,
    });
    expect(failure('status')).toEqual({
      message: 'Missing attribute operator at position 6. Expected: eq,co,sw,pr,gt,ge,lt,le',
      position: 6,
    });
  });

  it('reports an unexpected token where an attribute is expected', () => {
    expect(failure('"status" eq "A"')).toEqual({
      message: `Unexpected token '"status"' at position 0. Expected: an attribute name, 'not' or '('`,
      position: 0,
    });
    expect(failure('a pr and or b pr')).toEqual({
      message: "Unexpected token 'or' at position 9. Expected: an attribute name, 'not' or '('",
      position: 9,
    });
    expect(failure('()')).toMatchObject({ position: 1 });
  });

  it('reports an expression that ends after and, or or not', () => {
    expect(failure('a pr and')).toEqual({
      message: "Unexpected end of filter at position 8. Expected: an attribute name, 'not' or '('",
      position: 8,
    });
    expect(failure('not ')).toMatchObject({ position: 4 });
  });

  it('rejects not applied to another not', () => {
    expect(failure('not not a pr')).toEqual({
      message: "Unexpected token 'not' at position 4. Expected: an attribute name or '('",
      position: 4,
    });
  });

  it('rejects a malformed attribute name', () => {
    expect(failure('9lives eq 1')).toEqual({ message: "Invalid attribute name '9lives' at position 0", position: 0 });
    expect(failure('profile..x eq 1')).toMatchObject({ position: 0 });
    expect(failure('a pr or .x pr')).toMatchObject({ position: 8 });
  });

  it('reports an unclosed parenthesis at the parenthesis', () => {
    expect(failure('a pr and (b pr or c pr')).toEqual({
      message: "Unbalanced parentheses: '(' at position 9 is not closed",
      position: 9,
    });
  });

  it('reports an unmatched closing parenthesis', () => {
    expect(failure('a pr)')).toEqual({ message: "Unbalanced parentheses: unexpected ')' at position 4", position: 4 });
  });

  it('reports a token that cannot continue a parenthesised expression', () => {
    expect(failure('(a pr b pr)')).toEqual({
      message: "Unexpected token 'b' at position 6. Expected: and, or, )",
      position: 6,
    });
  });

  it('reports trailing input after a complete expression', () => {
    expect(failure('status eq "A" "B"')).toEqual({
      message: `Unexpected trailing input '"B"' at position 14. Expected: and, or`,
      position: 14,
    });
    expect(failure('a pr b pr')).toMatchObject({ position: 5 });
  });

  it('rejects SCIM complex-attribute brackets, which the System Log does not support', () => {
    expect(() => parseFilter('emails[type eq "work"]')).toThrow(FilterSyntaxError);
  });
});
