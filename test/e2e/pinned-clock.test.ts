import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ManualClock } from '../support/manual-clock.js';
import { openStore } from '../../src/store/open-store.js';


const TOKEN = '00CLOCKtoken'.padEnd(42, '0');
const DAY = 24 * 60;

describe('time-dependent rules with a pinned clock (sqlite, in-process)', () => {
  let app: App;
  const clock = new ManualClock(Date.parse('2026-01-10T12:00:00.000Z'));
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.api.inject({ method: 'GET', url, headers: { authorization: `SSWS ${TOKEN}`, ...headers } });

  beforeAll(async () => {
    const config = loadConfig({ KEYFLOW_LOG_LEVEL: 'silent', KEYFLOW_DEMO: 'false' });
    app = await createApp(config, { clock, store: await openStore({ sqliteFile: ':memory:' }) });
    await app.services.setup.run({ apiToken: TOKEN, demo: false });
  });
  afterAll(() => app.close());

  it('keeps an API token alive while it is used within 30 days, each use refreshing the window', async () => {
    clock.advance(29 * DAY);
    expect((await get('/api/v1/users')).statusCode).toBe(200);
    clock.advance(29 * DAY);
    expect((await get('/api/v1/users')).statusCode).toBe(200);
  });

  it('refuses a token idle for more than 30 days with 401 E0000011 and logs TOKEN_EXPIRED', async () => {
    clock.advance(30 * DAY + 2);
    const res = await get('/api/v1/users');
    expect(res.statusCode).toBe(401);
    expect(res.json().errorCode).toBe('E0000011');
    const page = await app.store.logEvents.query({ mode: 'bounded', order: 'DESCENDING', limit: 1, since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' });
    expect(page.events[0]).toMatchObject({ eventType: 'user.authentication.auth', outcome: { result: 'FAILURE', reason: 'TOKEN_EXPIRED' } });
  });

  it('stamps events with the clock and parses the User-Agent the way Okta prints it', async () => {
    const fresh = '00CLOCKfresh'.padEnd(42, '0');
    await app.services.setup.run({ apiToken: fresh, demo: false });
    const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
    const res = await app.api.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { authorization: `SSWS ${fresh}`, 'content-type': 'application/json', 'user-agent': chrome },
      payload: { profile: { name: 'Clocked' } },
    });
    expect(res.statusCode).toBe(200);
    const page = await app.store.logEvents.query({ mode: 'bounded', order: 'DESCENDING', limit: 1, since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' });
    const event = page.events[0]!;
    expect(event.eventType).toBe('group.lifecycle.create');
    expect(event.published).toBe(clock.now().toISOString());
    expect(event.client!.userAgent).toEqual({ rawUserAgent: chrome, os: 'Mac OS X', browser: 'CHROME' });
    expect(event.client!.device).toBe('Computer');
    expect(res.json().created).toBe(clock.now().toISOString());
  });

  it('answers a since more than 180 days before the pinned now with 400 E0000053, and 179 days with 200', async () => {
    const daysAgo = (d: number) => new Date(clock.now().getTime() - d * DAY * 60_000).toISOString();
    const fresh = '00CLOCKfresh'.padEnd(42, '0');
    const old = await get(`/api/v1/logs?since=${daysAgo(181)}`, { authorization: `SSWS ${fresh}` });
    expect(old.statusCode).toBe(400);
    expect(old.json().errorSummary).toBe('Invalid parameter: The since parameter is over 180 days prior to the current day.');
    expect((await get(`/api/v1/logs?since=${daysAgo(179)}`, { authorization: `SSWS ${fresh}` })).statusCode).toBe(200);
  });

  it('deletes events older than the 90-day retention, says so at /api/v1/logs/retention, and never returns them', async () => {
    const fresh = '00CLOCKfresh'.padEnd(42, '0');
    const auth = { authorization: `SSWS ${fresh}` };
    const made = await app.api.inject({ method: 'POST', url: '/api/v1/groups', headers: { ...auth, 'content-type': 'application/json' }, payload: { profile: { name: 'Retained' } } });
    const groupId = made.json().id as string;
    const events = async () => (await app.store.logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 1000 })).events;
    expect((await events()).some((e) => e.target.some((t) => t.id === groupId))).toBe(true);

    clock.advance(91 * DAY);
    const later = '00CLOCKlater'.padEnd(42, '0'); // the first token has expired in the meantime (30 days unused)
    await app.services.setup.run({ apiToken: later, demo: false });
    auth.authorization = `SSWS ${later}`;
    // The retention window also bounds what a search returns, before the purge has run.
    const before = await get(`/api/v1/logs?filter=${encodeURIComponent(`target.id eq "${groupId}"`)}&since=${new Date(clock.now().getTime() - 179 * DAY * 60_000).toISOString()}&until=${clock.now().toISOString()}`, auth);
    expect(before.json()).toEqual([]);
    const run = await app.services.retention.run(2);
    expect(run).toMatchObject({ outcome: 'SUCCESS', error: null, cutoff: new Date(clock.now().getTime() - 90 * DAY * 60_000).toISOString() });
    expect(run.deleted).toBeGreaterThan(2); // several batches of two
    expect((await events()).some((e) => e.target.some((t) => t.id === groupId))).toBe(false);

    const status = await get('/api/v1/logs/retention', auth);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({ retentionDays: 90, lastRun: run });
  });
});

