import { describe, expect, it } from 'vitest';
import { compareCodePoints, evaluateFilter, resolvePath } from './evaluate.js';
import { parseFilter } from './parser.js';

const event = {
  eventType: 'user.session.start',
  displayMessage: 'User login to Okta',
  severity: 'INFO',
  published: '2024-05-01T10:00:00.000Z',
  actor: { id: '00uActor', type: 'User', alternateId: 'ann@example.com', displayName: 'Ann' },
  outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  client: { ipAddress: '184.73.186.14', zone: null },
  target: [
    { id: '00uA', type: 'User', displayName: 'Bob' },
    { id: '0oaB', type: 'AppInstance', displayName: 'Portal' },
  ],
  debugContext: { debugData: { requestUri: '/api/v1/authn', risk: 3, dtHash: '' } },
  flags: [],
};

/** Evaluates `text` against `subject` through resolvePath, as event-hook matching does. */
function matches(text: string, subject: unknown = event, caseInsensitive = false): boolean {
  return evaluateFilter(parseFilter(text), (attr) => resolvePath(subject, attr), { caseInsensitive });
}

describe('evaluateFilter: operators', () => {
  it('eq matches equal strings only, case-sensitively by default', () => {
    expect(matches('eventType eq "user.session.start"')).toBe(true);
    expect(matches('eventType eq "user.session.end"')).toBe(false);
    expect(matches('eventType eq "USER.SESSION.START"')).toBe(false);
  });

  it('ne matches different values', () => {
    expect(matches('actor.id ne "00uxc78lMKUMVIHLTAXY"')).toBe(true);
    expect(matches('actor.id ne "00uActor"')).toBe(false);
  });

  it('gt, ge, lt and le order ISO-8601 timestamps correctly as strings', () => {
    expect(matches('published gt "2024-04-30T23:59:59.999Z"')).toBe(true);
    expect(matches('published gt "2024-05-01T10:00:00.000Z"')).toBe(false);
    expect(matches('published ge "2024-05-01T10:00:00.000Z"')).toBe(true);
    expect(matches('published lt "2024-05-01T10:00:00.001Z"')).toBe(true);
    expect(matches('published lt "2024-05-01T10:00:00.000Z"')).toBe(false);
    expect(matches('published le "2024-05-01T10:00:00.000Z"')).toBe(true);
  });

  it('gt, ge, lt and le order numbers numerically', () => {
    expect(matches('debugContext.debugData.risk gt 2')).toBe(true);
    expect(matches('debugContext.debugData.risk gt 10')).toBe(false);
    expect(matches('debugContext.debugData.risk le 3')).toBe(true);
  });

  it('sw, co and ew match prefixes, substrings and suffixes of strings', () => {
    expect(matches('eventType sw "user.session"')).toBe(true);
    expect(matches('eventType sw "session"')).toBe(false);
    expect(matches('eventType co "session"')).toBe(true);
    expect(matches('eventType co "token"')).toBe(false);
    expect(matches('eventType ew "start"')).toBe(true);
    expect(matches('eventType ew "user"')).toBe(false);
  });

  it('sw, co and ew never match non-string values', () => {
    expect(matches('debugContext.debugData.risk sw 3')).toBe(false);
    expect(matches('debugContext.debugData.risk co "3"')).toBe(false);
  });

  it('pr is true for present values and false for null, missing and empty-string values', () => {
    expect(matches('actor.id pr')).toBe(true);
    expect(matches('debugContext.debugData.risk pr')).toBe(true);
    expect(matches('client.zone pr')).toBe(false);
    expect(matches('client.geographicalContext pr')).toBe(false);
    expect(matches('debugContext.debugData.dtHash pr')).toBe(false);
  });

  it('compares numbers, booleans and null by type', () => {
    const user = { n: 5, b: true, s: '5' };
    expect(matches('n eq 5', user)).toBe(true);
    expect(matches('s eq 5', user)).toBe(false);
    expect(matches('n eq "5"', user)).toBe(false);
    expect(matches('b eq true', user)).toBe(true);
    expect(matches('b eq false', user)).toBe(false);
    expect(matches('s gt 1', user)).toBe(false);
  });

  it('a missing or null value matches only ne', () => {
    for (const op of ['eq', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew']) {
      expect(matches(`client.zone ${op} "x"`)).toBe(false);
      expect(matches(`nope.nothing ${op} "x"`)).toBe(false);
    }
    expect(matches('client.zone ne "x"')).toBe(true);
    expect(matches('nope.nothing ne "x"')).toBe(true);
    expect(matches('client.zone eq null')).toBe(false);
  });

  it('compares strings ignoring case when asked, as users search= does', () => {
    expect(matches('eventType eq "USER.SESSION.START"', event, true)).toBe(true);
    expect(matches('actor.displayName sw "an"', event, true)).toBe(true);
    expect(matches('actor.displayName ne "ANN"', event, true)).toBe(false);
    expect(matches('outcome.result gt "e"', event, true)).toBe(true);
  });

  it('compares Date values as their ISO strings', () => {
    const subject = { lastUpdated: new Date('2013-07-01T00:00:00.000Z') };
    expect(matches('lastUpdated gt "2013-06-01T00:00:00.000Z"', subject)).toBe(true);
    expect(matches('lastUpdated eq "2013-07-01T00:00:00.000Z"', subject)).toBe(true);
  });
});

describe('evaluateFilter: arrays match if any element matches', () => {
  it('target.id matches when any target has the id', () => {
    expect(matches('target.id eq "0oaB"')).toBe(true);
    expect(matches('target.id eq "0oaC"')).toBe(false);
  });

  it('target.id eq A and target.id eq B matches an event whose targets contain both', () => {
    expect(matches('target.id eq "00uA" and target.id eq "0oaB"')).toBe(true);
    expect(matches('target.id eq "00uA" and target.id eq "0oaC"')).toBe(false);
  });

  it('applies any-match to every operator, including ne', () => {
    expect(matches('target.type sw "App"')).toBe(true);
    expect(matches('target.displayName co "ort"')).toBe(true);
    expect(matches('target.displayName ew "ob"')).toBe(true);
    expect(matches('target.id gt "0"')).toBe(true);
    expect(matches('target.id ne "00uA"')).toBe(true);
    expect(matches('target.type ne "User"', { target: [{ type: 'User' }] })).toBe(false);
  });

  it('treats an empty array as missing', () => {
    expect(matches('flags pr')).toBe(false);
    expect(matches('flags eq "x"')).toBe(false);
    expect(matches('flags ne "x"')).toBe(true);
  });

  it('matches array-valued attributes such as objectClass element-wise', () => {
    const group = { objectClass: ['okta:user_group'] };
    expect(matches('objectClass eq "okta:user_group"', group)).toBe(true);
    expect(matches('objectClass pr', group)).toBe(true);
  });

  it('uses a plain resolver too, without resolvePath', () => {
    const node = parseFilter('target.id eq "b"');
    expect(evaluateFilter(node, () => ['a', ['b']])).toBe(true);
  });
});

describe('evaluateFilter: logical operators', () => {
  it('combines and, or and not with their precedence', () => {
    expect(matches('eventType eq "user.session.start" and outcome.result eq "FAILURE"')).toBe(true);
    expect(matches('eventType eq "x" or outcome.result eq "FAILURE"')).toBe(true);
    expect(matches('eventType eq "x" or outcome.result eq "FAILURE" and severity eq "WARN"')).toBe(false);
    expect(matches('(eventType eq "x" or outcome.result eq "FAILURE") and not severity eq "WARN"')).toBe(true);
    expect(matches('not (severity eq "INFO")')).toBe(false);
  });

  it('short-circuits: the right operand is not resolved when the left decides', () => {
    const seen: string[] = [];
    const resolve = (attr: string) => (seen.push(attr), attr === 'a' ? 'x' : undefined);
    evaluateFilter(parseFilter('a eq "x" or b pr'), resolve);
    evaluateFilter(parseFilter('a eq "y" and c pr'), resolve);
    expect(seen).toEqual(['a', 'a']);
  });
});

describe('string ordering', () => {
  it('orders by code point, as the databases do, not by UTF-16 unit', () => {
    // U+1F600 (a surrogate pair in UTF-16) is above U+FFFF, though its first unit is below 0xFFFF.
    expect(compareCodePoints('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFF').toBe(true); // JavaScript's own order says the opposite
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('\u{1F600}', '\u{1F601}')).toBeLessThan(0);
  });
});

