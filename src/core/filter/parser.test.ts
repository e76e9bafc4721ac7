import { describe, expect, it } from 'vitest';
import type { FilterNode } from './ast.js';
import { parseFilter } from './parser.js';

/** The tree without positions, written compactly: `['and', l, r]`, `['not', e]`, `[attr, op, value]`. */
type Shape = [string, ...unknown[]];
function shape(node: FilterNode): Shape {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [node.kind, shape(node.left), shape(node.right)];
    case 'not':
      return ['not', shape(node.expr)];
    case 'compare':
      return node.op === 'pr' ? [node.attr, 'pr'] : [node.attr, node.op, node.value];
  }
}
const s = (text: string): Shape => shape(parseFilter(text));

describe('parseFilter: comparisons', () => {
  it('parses a comparison and records the offsets of the attribute and the operator', () => {
    expect(parseFilter('  status eq "ACTIVE"')).toEqual({
      kind: 'compare',
      attr: 'status',
      op: 'eq',
      value: 'ACTIVE',
      pos: 2,
      opPos: 9,
    });
  });

  it('accepts every attribute operator', () => {
    for (const op of ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew']) {
      expect(s(`a ${op} "v"`)).toEqual(['a', op, 'v']);
    }
  });

  it('treats operators case-insensitively and stores them lower-cased', () => {
    expect(s('a Eq "v"')).toEqual(['a', 'eq', 'v']);
    expect(s('a SW "v"')).toEqual(['a', 'sw', 'v']);
    expect(s('a PR')).toEqual(['a', 'pr']);
  });

  it('keeps attribute names exactly as written, including case and dotted paths', () => {
    expect(s('profile.lastName eq "Smith"')).toEqual(['profile.lastName', 'eq', 'Smith']);
    expect(s('debugContext.debugData.requestUri eq "/x"')).toEqual(['debugContext.debugData.requestUri', 'eq', '/x']);
    expect(s('Status eq "A"')).toEqual(['Status', 'eq', 'A']);
    expect(s('display_message eq "x"')).toEqual(['display_message', 'eq', 'x']);
  });

  it('parses pr without a value and stores null', () => {
    expect(parseFilter('profile.mobilePhone pr')).toMatchObject({ op: 'pr', value: null, opPos: 20 });
  });

  it('decodes escaped quotes and other JSON escapes in string values', () => {
    expect(s(String.raw`displayMessage eq "say \"hi\"\n\u00e9"`)).toEqual(['displayMessage', 'eq', 'say "hi"\né']);
  });

  it('reads numbers as numbers, in JSON syntax', () => {
    expect(s('a eq 42')).toEqual(['a', 'eq', 42]);
    expect(s('a gt -1.5e3')).toEqual(['a', 'gt', -1500]);
    expect(s('a lt 0')).toEqual(['a', 'lt', 0]);
  });

  it('reads true, false and null as JSON literals', () => {
    expect(s('a eq true')).toEqual(['a', 'eq', true]);
    expect(s('a eq false')).toEqual(['a', 'eq', false]);
    expect(s('a eq null')).toEqual(['a', 'eq', null]);
  });

  it('keeps quoted numbers, literals and date-times as strings', () => {
    expect(s('a eq "42"')).toEqual(['a', 'eq', '42']);
    expect(s('a eq "true"')).toEqual(['a', 'eq', 'true']);
    expect(s('lastUpdated gt "2013-06-01T00:00:00.000Z"')).toEqual(['lastUpdated', 'gt', '2013-06-01T00:00:00.000Z']);
  });
});

describe('parseFilter: logical operators', () => {
  it('binds and tighter than or', () => {
    expect(s('a pr or b pr and c pr')).toEqual(['or', ['a', 'pr'], ['and', ['b', 'pr'], ['c', 'pr']]]);
    expect(s('a pr and b pr or c pr')).toEqual(['or', ['and', ['a', 'pr'], ['b', 'pr']], ['c', 'pr']]);
  });

  it('binds not tighter than and', () => {
    expect(s('not a pr and b pr')).toEqual(['and', ['not', ['a', 'pr']], ['b', 'pr']]);
  });

  it('associates and and or to the left', () => {
    expect(s('a pr or b pr or c pr')).toEqual(['or', ['or', ['a', 'pr'], ['b', 'pr']], ['c', 'pr']]);
    expect(s('a pr and b pr and c pr')).toEqual(['and', ['and', ['a', 'pr'], ['b', 'pr']], ['c', 'pr']]);
  });

  it('lets parentheses override precedence', () => {
    expect(s('(a pr or b pr) and c pr')).toEqual(['and', ['or', ['a', 'pr'], ['b', 'pr']], ['c', 'pr']]);
    expect(s('not (a pr or b pr)')).toEqual(['not', ['or', ['a', 'pr'], ['b', 'pr']]]);
  });

  it('accepts nested and redundant parentheses', () => {
    expect(s('((a pr)) and ((b pr or (c pr)))')).toEqual(['and', ['a', 'pr'], ['or', ['b', 'pr'], ['c', 'pr']]]);
  });

  it('accepts parentheses without surrounding spaces', () => {
    expect(s('not(a eq "x")and(b eq "y")')).toEqual(['and', ['not', ['a', 'eq', 'x']], ['b', 'eq', 'y']]);
  });

  it('treats and, or and not case-insensitively, as in Okta support queries with OR', () => {
    expect(s('a pr OR b pr AND NOT c pr')).toEqual(['or', ['a', 'pr'], ['and', ['b', 'pr'], ['not', ['c', 'pr']]]]);
    expect(s('a pr Or b pr')).toEqual(['or', ['a', 'pr'], ['b', 'pr']]);
  });

  it('records the offset of the not keyword', () => {
    expect(parseFilter('a pr and not b pr')).toMatchObject({ right: { kind: 'not', pos: 9 } });
  });

  it('does not take a keyword-looking string value for a keyword', () => {
    expect(s('a eq "and" or b eq "or"')).toEqual(['or', ['a', 'eq', 'and'], ['b', 'eq', 'or']]);
  });

  it('records positions of every comparison in a compound expression', () => {
    const node = parseFilter('a eq "x" or (bb ne "y")');
    expect(node).toMatchObject({ left: { pos: 0, opPos: 2 }, right: { pos: 13, opPos: 16 } });
  });
});
