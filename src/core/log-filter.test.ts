import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { isLogAttribute, parseLogFilter } from './log-filter.js';

function refusal(text: string): ApiError {
  try {
    parseLogFilter(text);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`accepted: ${text}`);
}

describe('System Log filter attributes', () => {
  it('accepts every leaf of the LogEvent schema and any key of the free-form maps', () => {
    for (const attr of ['eventType', 'actor.alternateId', 'target.displayName', 'client.userAgent.os', 'client.geographicalContext.geolocation.lat', 'authenticationContext.issuer.id', 'request.ipChain.ip', 'securityContext.risk.reasons', 'debugContext.debugData.anything', 'transaction.detail.requestApiTokenId', 'target.detailEntry.x.y']) {
      expect(isLogAttribute(attr), attr).toBe(true);
    }
  });

  it('refuses what Okta refuses: published, changeDetails, objects, unknown names', () => {
    for (const attr of ['published', 'target.changeDetails', 'target.changeDetails.to.x', 'actor', 'client.userAgent', 'debugContext', 'debugContext.debugData', 'event_type', 'actor.ID']) {
      expect(isLogAttribute(attr), attr).toBe(false);
    }
  });
});

describe('parseLogFilter', () => {
  it('answers Okta’s errors in Okta’s order: syntax, then field, then operator', () => {
    expect(refusal('nope eqq "x"').summary).toBe(`Invalid filter 'nope eqq "x"': Unrecognized attribute operator 'eqq' at position 5. Expected: eq,co,sw,pr,gt,ge,lt,le`);
    expect(refusal('eventType eq "a" or nope eq "x"')).toMatchObject({ code: 'E0000053', summary: `Invalid filter 'eventType eq "a" or nope eq "x"': field is not valid: nope` });
    expect(refusal('debugContext.debugData.requestUri co "/api"')).toMatchObject({
      code: 'E0000031',
      summary: 'The supplied combination of operator and field is not currently supported. Operator: co, Field: debugContext.debugData.requestUri',
    });
    expect(parseLogFilter('debugContext.debugData.requestUri sw "/api"')).toMatchObject({ op: 'sw' });
  });

  it('refuses a lone surrogate in a value, and accepts a whole astral character', () => {
    expect(refusal('displayMessage sw "\\ud83d"').summary).toContain('half of a surrogate pair');
    expect(parseLogFilter('displayMessage sw "\\ud83d\\ude00"')).toMatchObject({ value: '\u{1F600}' });
  });

  it('refuses a NUL character in a value, which PostgreSQL text cannot hold', () => {
    expect(refusal('actor.alternateId eq "a\\u0000b"')).toMatchObject({ code: 'E0000053' });
    expect(refusal('actor.alternateId eq "a\\u0000b"').summary).toContain('NUL character');
  });

  it('bounds the depth and the number of comparisons of an expression, with a 400 instead of a stack overflow', () => {
    const deep = `${'('.repeat(33)}uuid pr${')'.repeat(33)}`;
    expect(refusal(deep).summary).toBe(`Invalid filter '${deep}': Filter nested too deeply at position 32: at most 32 levels of parentheses`);
    expect(parseLogFilter(`${'('.repeat(32)}uuid pr${')'.repeat(32)}`)).toMatchObject({ kind: 'compare' });
    const wide = Array.from({ length: 101 }, () => 'uuid pr').join(' or ');
    expect(refusal(wide).summary).toContain('Filter has too many conditions at position 1100: at most 100 comparisons');
    expect(refusal(`${'('.repeat(5000)}uuid pr`).code).toBe('E0000053');
  });
});
