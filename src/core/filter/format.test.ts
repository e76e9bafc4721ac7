import { describe, expect, it } from 'vitest';
import type { FilterNode } from './ast.js';
import { formatFilter } from './format.js';
import { parseFilter } from './parser.js';

/** A tree with positions removed, to compare trees parsed from differently spaced text. */
function withoutPositions(node: FilterNode): unknown {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, left: withoutPositions(node.left), right: withoutPositions(node.right) };
    case 'not':
      return { kind: 'not', expr: withoutPositions(node.expr) };
    case 'compare':
      return { kind: 'compare', attr: node.attr, op: node.op, value: node.value };
  }
}

function expectRoundTrip(text: string, canonical = text): void {
  const node = parseFilter(text);
  const printed = formatFilter(node);
  expect(printed).toBe(canonical);
  expect(withoutPositions(parseFilter(printed))).toEqual(withoutPositions(node));
}

describe('filter round-trip of the documented examples', () => {
  it.each([
    'eventType eq "user.session.start" and outcome.result eq "FAILURE"',
    'eventType sw "event_hook"',
    'eventType co "session"',
    'eventType ew "token"',
    'actor.id ne "00uxc78lMKUMVIHLTAXY"',
    'client.ipAddress eq "184.73.186.14"',
    'outcome.reason eq "invalid_refresh_token"',
    'event_type eq "user.session.start"',
    'target.id eq "00u1" and target.id eq "00u2"',
    'debugContext.debugData.requestUri eq "/api/v1/users"',
  ])('System Log (okta-api.md §2.4): %s', (text) => expectRoundTrip(text));

  it.each([
    'profile.department eq "Engineering" and (created lt "2014-01-01T00:00:00.000Z" or status eq "ACTIVE")',
    'status eq "LOCKED_OUT"',
    'lastUpdated gt "2013-06-01T00:00:00.000Z" and (status eq "LOCKED_OUT" or status eq "RECOVERY")',
  ])('Users (okta-api.md §6.3): %s', (text) => expectRoundTrip(text));

  it('Groups (okta-api.md §8): type eq "OKTA_GROUP"', () => expectRoundTrip('type eq "OKTA_GROUP"'));

  it('the ne workaround of okta-api.md §1.5 keeps its parentheses', () => {
    expectRoundTrip('(x lt "v" or x gt "v") and y pr', '(x lt "v" or x gt "v") and y pr');
  });
});

describe('formatFilter', () => {
  it('lower-cases operators and keywords and drops redundant parentheses and spaces', () => {
    expectRoundTrip('( Status EQ "A" )  AND  ((a PR) OR NOT b Pr)', 'Status eq "A" and (a pr or not b pr)');
  });

  it('parenthesises a right operand of equal strength so the tree shape survives', () => {
    expectRoundTrip('a pr or (b pr or c pr)');
    expectRoundTrip('a pr and (b pr and c pr)');
    expectRoundTrip('(a pr or b pr) or c pr', 'a pr or b pr or c pr');
  });

  it('keeps not applied to a parenthesised expression', () => {
    expectRoundTrip('not (a pr and b pr)');
    expectRoundTrip('not (a pr)', 'not a pr');
  });

  it('re-escapes strings and prints numbers, booleans and null as JSON', () => {
    expectRoundTrip(String.raw`a eq "say \"hi\"\n\\" and b gt 1.5 and c eq true and d eq null`);
    expectRoundTrip(String.raw`a eq "caf\u00e9"`, 'a eq "café"');
  });
});
