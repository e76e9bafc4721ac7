import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { clientInfo } from '../../src/api/request-context.js';
import { buildLogEvent, jobContext } from '../../src/core/log-event-builder.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { logEventGenerator, type LogSeedOptions } from '../../src/core/log-seed/log-event-generator.js';
import { AGENTS } from '../../src/core/log-seed/network.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { describeErrors, validateResponse } from '../support/openapi.js';

/** Generated System Logs (`keyflow logs seed`): reproducible, shaped like the server's events, an Okta org's mix. */

const NOW = new Date('2026-06-10T12:00:00.000Z');
const OPTIONS: LogSeedOptions = { seed: 7, now: NOW, days: 30, events: 20_000 };
const corpus = logEventGenerator(OPTIONS).take(20_000);

const count = (events: readonly LogEvent[], pick: (e: LogEvent) => boolean) => events.filter(pick).length;

/** Every key path of a JSON value, arrays flattened (`target[].id`), free-form maps left opaque. */
function shape(value: unknown, path = '', into = new Set<string>()): Set<string> {
  if (path === 'debugContext.debugData' || path === 'transaction.detail') return into.add(path);
  if (Array.isArray(value)) value.forEach((v) => shape(v, `${path}[]`, into));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) shape(v, path ? `${path}.${k}` : k, into.add(path ? `${path}.${k}` : k));
  return into;
}

describe('seeded random', () => {
  it('gives the same sequence for the same seed, text or number, and another for another seed', () => {
    const draw = (seed: number | string) => {
      const r = seededRandom(seed);
      return [r.uint32(), r.uint32(), r.base64url(27), r.hex(8)];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).toEqual(draw('1'));
    expect(draw(1)).not.toEqual(draw(2));
  });
});

describe('the log event generator', () => {
  it('is deterministic: the same options give the same events, whatever the batch sizes', () => {
    const again = logEventGenerator(OPTIONS);
    const taken = [1, 999, 4000].flatMap((n) => again.take(n));
    expect(taken.length).toBe(5000);
    expect(JSON.stringify(taken) === JSON.stringify(corpus.slice(0, 5000))).toBe(true);
    expect(logEventGenerator({ ...OPTIONS, seed: 8 }).take(10)).not.toEqual(corpus.slice(0, 10));
  });

  it('produces exactly the number of events asked for', () => {
    const gen = logEventGenerator({ ...OPTIONS, events: 1234 });
    expect(gen.take(1000)).toHaveLength(1000);
    expect(gen.remaining).toBe(234);
    expect(gen.take(1000)).toHaveLength(234);
    expect(gen.take(1000)).toEqual([]);
    expect(gen.remaining).toBe(0);
  });

  it("writes events of exactly the server's shape that Okta's OpenAPI LogEvent schema accepts", () => {
    const server = shape(buildLogEvent(jobContext('req'), { eventType: 'user.lifecycle.create' }, 'u', NOW.toISOString()));
    const sample = corpus.filter((_, i) => i % 20 === 0);
    // Same fields everywhere; generated events may fill in what the server leaves null (places, networks).
    const keys = new Set<string>();
    for (const event of sample) for (const key of shape(event)) keys.add(key);
    const extra = [...keys].filter((k) => !server.has(k) && !/geographicalContext\.|securityContext\.|^target\[\]|^request\.ipChain\[\]/.test(k));
    expect(extra).toEqual([]);
    expect(new Set(sample.map((e) => Object.keys(e).join()))).toEqual(new Set([[...Object.keys(buildLogEvent(jobContext('r'), { eventType: 'user.session.start' }, 'u', ''))].join()]));
    const errors = validateResponse('GET', '/api/v1/logs', 200, sample);
    expect(errors, describeErrors(errors, sample)).toEqual([]);
  });

  it('spreads published times over the window, oldest first, with unique time-based uuids', () => {
    const times = corpus.map((e) => Date.parse(e.published));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(NOW.getTime() - 30 * 86_400_000);
    expect(times[0]).toBeLessThan(NOW.getTime() - 29 * 86_400_000);
    expect(times[times.length - 1]).toBeLessThan(NOW.getTime());
    expect(times[times.length - 1]).toBeGreaterThan(NOW.getTime() - 86_400_000);
    expect(new Set(corpus.map((e) => e.uuid)).size).toBe(corpus.length);
    for (const e of corpus.slice(0, 200)) expect(e.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is busier on weekdays than at weekends', () => {
    const weekend = count(corpus, (e) => [0, 6].includes(new Date(e.published).getUTCDay()));
    // 8 or 9 of the 30 days are weekend days, at a quarter of the weekday activity.
    expect(weekend / corpus.length).toBeGreaterThan(0.04);
    expect(weekend / corpus.length).toBeLessThan(0.15);
  });

  it('has Okta-shaped ids: 00u users, 0oa apps, 27-character request ids, hyphenated among them', () => {
    const users = corpus.filter((e) => e.actor.type === 'User' && e.actor.id !== 'unknown');
    for (const e of users.slice(0, 500)) expect(e.actor.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    for (const e of corpus.slice(0, 500)) {
      expect(e.transaction.id).toMatch(/^[\w-]{27}$/);
      expect(e.debugContext.debugData.requestId).toBe(e.transaction.id);
    }
    expect(count(corpus, (e) => e.transaction.id.includes('-'))).toBeGreaterThan(corpus.length / 4);
    expect(count(corpus, (e) => e.client?.id?.startsWith('0oa') === true)).toBeGreaterThan(0);
    expect(new Set(users.map((e) => e.actor.id)).size).toBeGreaterThanOrEqual(300);
  });

  it("has an Okta org's mix: sign-ins first, failures among them, token grants, directory changes", () => {
    const types = new Map<string, number>();
    for (const e of corpus) types.set(e.eventType, (types.get(e.eventType) ?? 0) + 1);
    const ranked = [...types.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    expect(ranked.slice(0, 3)).toEqual(expect.arrayContaining(['user.session.start', 'policy.evaluate_sign_on']));
    for (const type of [
      'user.session.start', 'policy.evaluate_sign_on', 'user.session.end', 'user.authentication.sso', 'user.account.lock',
      'user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.deactivate', 'user.lifecycle.suspend',
      'user.account.update_profile', 'user.account.update_password', 'user.account.reset_password',
      'group.user_membership.add', 'group.user_membership.remove', 'application.user_membership.add',
      'app.oauth2.token.grant', 'app.oauth2.token.grant.access_token', 'app.oauth2.token.grant.refresh_token', 'app.oauth2.token.grant.id_token',
      'system.api_token.create', 'system.api_token.revoke',
    ]) expect(types.get(type) ?? 0, type).toBeGreaterThan(0);

    const starts = corpus.filter((e) => e.eventType === 'user.session.start');
    const failed = starts.filter((e) => e.outcome.result === 'FAILURE');
    expect(failed.length / starts.length).toBeGreaterThan(0.1);
    expect(failed.length / starts.length).toBeLessThan(0.4);
    expect(failed.every((e) => e.outcome.reason === 'INVALID_CREDENTIALS')).toBe(true);
    expect(count(failed, (e) => e.debugContext.debugData.threatSuspected === 'true' && e.securityContext.isProxy === true)).toBeGreaterThan(0);
  });

  it('has Okta Workflows calls: User-Agent Azuqua, its OAuth client, acting as the admin who connected it', () => {
    const workflows = corpus.filter((e) => e.client?.userAgent?.rawUserAgent === 'Azuqua');
    expect(workflows.length / corpus.length).toBeGreaterThan(0.05);
    expect(new Set(workflows.map((e) => e.client!.id)).size).toBe(1);
    expect(new Set(workflows.map((e) => e.actor.id)).size).toBe(1);
    expect(workflows.every((e) => e.authenticationContext.credentialType === 'OAuth 2.0')).toBe(true);
    const kinds = new Set(workflows.map((e) => e.eventType));
    expect(kinds).toContain('app.oauth2.token.grant.access_token');
    expect(kinds).toContain('group.user_membership.add');
    expect(workflows.find((e) => e.eventType === 'app.oauth2.token.grant.access_token')!.debugContext.debugData).toMatchObject({ grantType: 'refresh_token', grantedScopes: expect.stringContaining('okta.users.manage') });
  });

  it('fills debugData, the client, its place and network, and the SDK and browser User-Agents', () => {
    for (const e of corpus.slice(0, 1000)) {
      expect(Object.keys(e.debugContext.debugData).slice(0, 4)).toEqual(['requestId', 'requestUri', 'url', 'threatSuspected']);
      if (e.transaction.type === 'JOB') {
        expect(e.client?.ipAddress).toBeNull();
        continue;
      }
      expect(e.client?.ipAddress).toBe(e.request.ipChain[0]!.ip);
      expect(e.client?.geographicalContext).toMatchObject({ city: expect.any(String), country: expect.any(String), geolocation: { lat: expect.any(Number), lon: expect.any(Number) } });
      expect(e.securityContext.asNumber).toEqual(expect.any(Number));
    }
    const agents = new Set(corpus.map((e) => e.client?.userAgent?.rawUserAgent));
    for (const agent of [AGENTS.chromeMac, AGENTS.safariIphone, AGENTS.oktaSdkNode, AGENTS.terraform, AGENTS.azuqua]) expect(agents).toContain(agent.rawUserAgent);
    expect(count(corpus, (e) => e.request.ipChain[0]?.version === 'V6')).toBeGreaterThan(0);
    expect(count(corpus, (e) => typeof e.transaction.detail.requestApiTokenId === 'string' && e.transaction.detail.requestApiTokenId.startsWith('00T'))).toBeGreaterThan(0);
    const grants = corpus.filter((e) => e.eventType === 'app.oauth2.token.grant.access_token');
    expect(new Set(grants.map((e) => e.debugContext.debugData.grantType))).toEqual(new Set(['authorization_code', 'refresh_token', 'client_credentials']));
  });

  it("describes every User-Agent the way Keyflow's API parses it", () => {
    for (const agent of Object.values(AGENTS)) {
      const parsed = clientInfo({ headers: { 'user-agent': agent.rawUserAgent }, ip: '203.0.113.9', ips: [] } as unknown as FastifyRequest);
      expect({ os: parsed.os, browser: parsed.browser, device: parsed.device }, agent.rawUserAgent).toEqual({ os: agent.os, browser: agent.browser, device: agent.device });
    }
  });
});
