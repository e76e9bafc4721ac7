import { describe, expect, it } from 'vitest';
import { tableRow, TABLE_HEADER } from '../../src/cli/logs/log-table.js';
import { nextLink, OrgApiError, rateLimitDelayMs } from '../../src/cli/logs/org-client.js';
import { progressLine } from '../../src/cli/logs/progress.js';
import { parseTimeBound } from '../../src/cli/logs/time-bound.js';
import { logEventGenerator } from '../../src/core/log-seed/log-event-generator.js';

/** The pieces of `keyflow logs` that need no server: links, 429 waits, times, the table, the progress line. */

describe('keyflow logs helpers', () => {
  it('finds the next link among Link header lines joined by fetch', () => {
    const self = '<http://org/api/v1/logs?limit=2&since=2026-01-01T00%3A00%3A00.000Z>; rel="self"';
    const next = '<http://org/api/v1/logs?limit=2&after=eyJzdG9yZSI6IjFfMiJ9>; rel="next"';
    expect(nextLink(`${self}, ${next}`)).toBe('http://org/api/v1/logs?limit=2&after=eyJzdG9yZSI6IjFfMiJ9');
    expect(nextLink(self)).toBeNull();
    expect(nextLink(null)).toBeNull();
  });

  it("waits out a 429 until X-Rate-Limit-Reset by the server's Date, plus a second, as Okta's SDK does", () => {
    const headers = new Headers({ 'x-rate-limit-reset': '1767225630', date: 'Thu, 01 Jan 2026 00:00:00 GMT' });
    expect(rateLimitDelayMs(headers, 0)).toBe(31_000);
    expect(rateLimitDelayMs(new Headers({ 'x-rate-limit-reset': '1767225630' }), Date.parse('2026-01-01T00:00:20Z'))).toBe(11_000);
    expect(rateLimitDelayMs(new Headers(), 0)).toBe(60_000);
    // Never negative, whatever the clocks say.
    expect(rateLimitDelayMs(new Headers({ 'x-rate-limit-reset': '1' }), Date.parse('2026-01-01T00:00:00Z'))).toBe(0);
  });

  it("prints Okta's error envelope: code, status, summary, causes and error id", () => {
    const body = { errorCode: 'E0000001', errorSummary: 'Api validation failed: until', errorId: 'oaeX', errorCauses: [{ errorSummary: 'until: must be a valid date-time or empty.' }] };
    expect(new OrgApiError(400, body, JSON.stringify(body)).describe()).toBe('E0000001 (HTTP 400): Api validation failed: until\n  cause: until: must be a valid date-time or empty.\n  errorId: oaeX');
    expect(new OrgApiError(502, null, '<html>Bad gateway</html>').describe()).toBe('HTTP 502: <html>Bad gateway</html>');
  });

  it('reads times as ISO-8601, now, or a time ago', () => {
    const now = new Date('2026-11-25T12:00:00.000Z');
    expect(parseTimeBound('24h', now)).toBe('2026-11-24T12:00:00.000Z');
    expect(parseTimeBound('7d', now)).toBe('2026-11-18T12:00:00.000Z');
    expect(parseTimeBound('90s', now)).toBe('2026-11-25T11:58:30.000Z');
    expect(parseTimeBound('now', now)).toBe('2026-11-25T12:00:00.000Z');
    expect(parseTimeBound('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTimeBound('2026-11-01T08:00:00+01:00', now)).toBe('2026-11-01T07:00:00.000Z');
    expect(() => parseTimeBound('yesterday', now)).toThrow(/expected an ISO-8601 date-time/);
  });

  it('prints one table row per event, under the header, cutting long cells', () => {
    const [event] = logEventGenerator({ seed: 3, now: new Date('2026-11-25T12:00:00Z'), days: 1, events: 1 }).take(1);
    const row = tableRow({ ...event!, eventType: 'group.user_membership.add', displayMessage: 'Add user to group membership', outcome: { result: 'SUCCESS', reason: null }, target: [
      { id: '00u1', type: 'User', alternateId: 'a@example.com', displayName: 'Ada Lovelace', detailEntry: null },
      { id: '00g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'A group with a rather long name indeed', detailEntry: null },
    ] });
    expect(TABLE_HEADER.indexOf('EVENT TYPE')).toBe(26);
    expect(row.slice(26)).toMatch(/^group\.user_membership\.add\s+\S+\s+SUCCESS\s+User:Ada Lovelace, UserGroup:A group with a…  Add user to group membership$/);
    expect(row.indexOf('Add user to group membership')).toBe(TABLE_HEADER.indexOf('MESSAGE'));
  });

  it('draws the progress of an export: bar, share, events, pages, rate', () => {
    expect(progressLine({ events: 123_456, fraction: 0.42, elapsedMs: 3000, detail: '124 pages' })).toBe('▕██████████░░░░░░░░░░░░░░▏  42%  123,456 events  124 pages  41,152 events/s');
  });
});
