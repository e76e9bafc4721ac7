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

  it('refuses a NUL character in a value, which PostgreSQL text cannot hold', () => {
    expect(refusal('actor.alternateId eq "a\\u0000b"')).toMatchObject({ code: 'E0000053' });
    expect(refusal('actor.alternateId eq "a\\u0000b"').summary).toContain('NUL character');
  });
});
