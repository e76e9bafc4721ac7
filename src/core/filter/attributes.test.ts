import { describe, expect, it } from 'vitest';
import type { AttributeOperator } from './ast.js';
import { collectCompares, validateFilter, type FilterRules } from './attributes.js';
import { parseFilter } from './parser.js';

/** Users `filter=` (okta-api.md §6.3): eq on a few attributes, ordering on lastUpdated, no `not`. */
const USERS_FILTER: FilterRules = {
  attributes: (attr) =>
    ['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'].includes(attr),
  operators: (attr, op: AttributeOperator) =>
    op === 'eq' || (attr === 'lastUpdated' && ['gt', 'ge', 'lt', 'le'].includes(op)),
  allowNot: false,
};

describe('collectCompares', () => {
  it('lists every comparison in source order, including those under not and parentheses', () => {
    const node = parseFilter('a eq 1 or (not b pr and c sw "x") or d lt 2');
    expect(collectCompares(node).map((c) => `${c.attr} ${c.op}`)).toEqual(['a eq', 'b pr', 'c sw', 'd lt']);
  });

  it('returns the nodes themselves, with their positions', () => {
    expect(collectCompares(parseFilter('a pr and bb eq "x"'))[1]).toMatchObject({ attr: 'bb', pos: 9, opPos: 12 });
  });
});

describe('validateFilter', () => {
  it('accepts the documented users filter= examples', () => {
    expect(validateFilter(parseFilter('status eq "LOCKED_OUT"'), USERS_FILTER)).toEqual({ ok: true });
    const example = 'lastUpdated gt "2013-06-01T00:00:00.000Z" and (status eq "LOCKED_OUT" or status eq "RECOVERY")';
    expect(validateFilter(parseFilter(example), USERS_FILTER)).toEqual({ ok: true });
  });

  it('reports an attribute the endpoint does not allow', () => {
    const result = validateFilter(parseFilter('status eq "A" or profile.department eq "Eng"'), USERS_FILTER);
    expect(result).toMatchObject({ ok: false, reason: 'attribute', node: { attr: 'profile.department', pos: 17 } });
  });

  it('reports an operator the endpoint does not allow for that attribute', () => {
    expect(validateFilter(parseFilter('status gt "A"'), USERS_FILTER)).toMatchObject({
      ok: false,
      reason: 'operator',
      node: { attr: 'status', op: 'gt', opPos: 7 },
    });
    expect(validateFilter(parseFilter('profile.firstName sw "J"'), USERS_FILTER)).toMatchObject({ reason: 'operator' });
  });

  it('reports not where the endpoint forbids it, before the comparison it wraps', () => {
    expect(validateFilter(parseFilter('status eq "A" and not nope pr'), USERS_FILTER)).toMatchObject({
      ok: false,
      reason: 'not',
      node: { kind: 'not', pos: 18 },
    });
  });

  it('accepts not where the endpoint allows it', () => {
    expect(validateFilter(parseFilter('not status eq "A"'), { ...USERS_FILTER, allowNot: true })).toEqual({ ok: true });
  });

  it('reports the first violation in source order', () => {
    const result = validateFilter(parseFilter('id gt "x" and nope eq "y"'), USERS_FILTER);
    expect(result).toMatchObject({ reason: 'operator', node: { attr: 'id' } });
  });
});
