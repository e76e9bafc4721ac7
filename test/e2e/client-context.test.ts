import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/open-store.js';

const TOKEN = '00CTXtoken'.padEnd(42, '0');

describe('client context recorded in the System Log (in-process)', () => {
  let app: App;
  beforeAll(async () => {
    app = await createApp(loadConfig({ KEYFLOW_LOG_LEVEL: 'silent', KEYFLOW_TRUSTED_PROXIES: '10.0.0.0/8' }), { store: await openStore({ sqliteFile: ':memory:' }) });
    await app.services.setup.run({ apiToken: TOKEN, demo: false });
  });
  afterAll(() => app.close());

  async function lastEventOf(remoteAddress: string, headers: Record<string, string> = {}) {
    const res = await app.api.inject({
      method: 'POST',
      url: '/api/v1/groups',
      remoteAddress,
      headers: { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', ...headers },
      payload: { profile: { name: `g-${Math.random()}` } },
    });
    expect(res.statusCode).toBe(200);
    const page = await app.store.logEvents.query({ mode: 'bounded', order: 'DESCENDING', limit: 1, since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z' });
    return page.events[0]!;
  }

  it('reports an IPv4-mapped IPv6 peer in IPv4 form', async () => {
    const event = await lastEventOf('::ffff:198.51.100.23');
    expect(event.client!.ipAddress).toBe('198.51.100.23');
    expect(event.request.ipChain).toEqual([{ ip: '198.51.100.23', geographicalContext: null, version: 'V4', source: null }]);
  });

  it('keeps a real IPv6 peer as V6', async () => {
    const event = await lastEventOf('2001:db8::7');
    expect(event.client!.ipAddress).toBe('2001:db8::7');
    expect(event.request.ipChain[0]!.version).toBe('V6');
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const trusted = await lastEventOf('10.1.2.3', { 'x-forwarded-for': '203.0.113.50' });
    expect(trusted.client!.ipAddress).toBe('203.0.113.50');
    expect(trusted.request.ipChain.map((i) => i.ip)).toEqual(['203.0.113.50', '10.1.2.3']);
    const untrusted = await lastEventOf('192.0.2.9', { 'x-forwarded-for': '203.0.113.50' });
    expect(untrusted.client!.ipAddress).toBe('192.0.2.9');
  });

  it('records an unknown User-Agent verbatim with Okta\'s Unknown / UNKNOWN', async () => {
    const event = await lastEventOf('127.0.0.1', { 'user-agent': 'okta-terraform/4.8.0' });
    expect(event.client!.userAgent).toEqual({ rawUserAgent: 'okta-terraform/4.8.0', os: 'Unknown', browser: 'UNKNOWN' });
  });
});
