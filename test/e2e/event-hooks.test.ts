import type { EventHook } from '@okta/okta-sdk-nodejs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOOK_ELIGIBLE_EVENT_TYPES } from '../../src/core/hook-eligible-event-types.js';
import { acceptEverything, HookReceiver } from '../support/hook-receiver.js';
import { bearer, clientCredentials, createServiceApp } from '../support/oauth-org.js';
import { all, expectOktaError, expectResponsesConform, federatedUser, mintApiToken, oktaClient, tracedFailure, unique, type OktaClient } from '../support/okta-client.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * The event hooks API (okta-api.md §12, okta-spec EventHook) through the official Okta Node SDK and raw
 * HTTP, on every store kind: CRUD and lifecycle, the verification handshake against a real receiver,
 * and Okta's refusals, each checked for having changed nothing. Every JSON body the SDK receives is
 * checked against Okta's OpenAPI spec. Delivery is test/e2e/event-hook-delivery.test.ts.
 */

const kinds = await storeKinds();

const SECRET = 'Basic YWRtaW46c3VwZXJzZWNyZXQ=';

function hookBody(uri: string, overrides: Record<string, any> = {}): Record<string, any> {
  return {
    name: unique('Hook '),
    events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'group.user_membership.add'] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: { uri, headers: [{ key: 'X-Other-Header', value: 'my-header-value' }], authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET } },
    },
    ...overrides,
  };
}

describe.each(kinds)('event hooks API (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;
  let receiver: HookReceiver;

  beforeAll(async () => {
    org = await startTestOrg(kind, { KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS: 'hooks.internal' });
    client = oktaClient(org);
    receiver = await HookReceiver.start();
  });
  afterAll(async () => {
    await receiver?.down();
    await org?.close();
  });
  afterEach(async () => {
    if (client) await expectResponsesConform(client);
  });

  async function hookEvents(hookId: string): Promise<any[]> {
    const res = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType sw "event_hook."')}&limit=1000`);
    expect(res.status, res.text).toBe(200);
    return (res.body as any[]).filter((e) => e.target.some((t: any) => t.id === hookId));
  }

  async function hookCount(): Promise<number> {
    return (await call(org, 'GET', '/api/v1/eventHooks')).body.length;
  }

  async function refused(method: string, path: string, body: unknown, status: number, code: string): Promise<any> {
    const before = await hookCount();
    const res = await call(org, method, path, { body });
    expect([res.status, res.body?.errorCode], res.text).toEqual([status, code]);
    expect(await hookCount()).toBe(before);
    return res.body;
  }

  it('creates, lists, reads, verifies, replaces, deactivates and deletes a hook with the SDK, as Okta shapes it', async () => {
    const created = await client.eventHookApi.createEventHook({ eventHook: hookBody(receiver.url, { description: 'Tells HR' }) as EventHook });
    expect(created).toMatchObject({ status: 'ACTIVE', verificationStatus: 'UNVERIFIED', description: 'Tells HR', createdBy: org.adminId });
    expect(created.id).toMatch(/^who[0-9A-Za-z]{17}$/);
    expect(created.events).toMatchObject({ type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'group.user_membership.add'] });
    expect(created.channel?.config).toMatchObject({ uri: receiver.url, method: 'POST', headers: [{ key: 'X-Other-Header', value: 'my-header-value' }] });
    // The secret is write-only (okta-spec EventHookChannelConfigAuthScheme.value).
    expect(created.channel?.config?.authScheme).toMatchObject({ type: 'HEADER', key: 'Authorization' });
    expect(created.channel?.config?.authScheme?.value).toBeUndefined();
    const raw = await call(org, 'GET', `/api/v1/eventHooks/${created.id}`);
    expect(raw.text).not.toContain(SECRET);
    expect(raw.body._links).toEqual({
      self: { href: `${org.url}/api/v1/eventHooks/${created.id}`, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      verify: { href: `${org.url}/api/v1/eventHooks/${created.id}/lifecycle/verify`, hints: { allow: ['POST'] } },
      deactivate: { href: `${org.url}/api/v1/eventHooks/${created.id}/lifecycle/deactivate`, hints: { allow: ['POST'] } },
    });
    expect(raw.body._keyflow).toEqual({ delivery: { status: 'OK', lastDeliveredAt: null, lastError: null, consecutiveFailures: 0, nextAttemptAt: null } });

    const listed = await all(await client.eventHookApi.listEventHooks());
    expect(listed.map((h) => h.id)).toContain(created.id);
    expect((await client.eventHookApi.getEventHook({ eventHookId: created.id! })).name).toBe(created.name);

    const calls = receiver.calls.length;
    const verified = await client.eventHookApi.verifyEventHook({ eventHookId: created.id! });
    expect(verified.verificationStatus).toBe('VERIFIED');
    const handshake = receiver.calls.slice(calls);
    expect(handshake).toHaveLength(1);
    expect(handshake[0]).toMatchObject({ method: 'GET', path: '/hook', status: 200 });
    expect(handshake[0]!.headers).toMatchObject({ authorization: SECRET, 'x-other-header': 'my-header-value', accept: 'application/json', 'user-agent': 'Okta-Integrations' });
    expect(handshake[0]!.headers['x-okta-verification-challenge']).toMatch(/^[0-9A-Za-z]{40}$/);

    // The SDK echoes what it read (no secret): the secret is kept and the hook stays verified.
    const renamed = await client.eventHookApi.replaceEventHook({ eventHookId: created.id!, eventHook: { ...verified, name: 'Renamed' } as EventHook });
    expect(renamed).toMatchObject({ name: 'Renamed', verificationStatus: 'VERIFIED', status: 'ACTIVE' });
    expect(renamed.channel?.config?.authScheme?.key).toBe('Authorization');
    const again = receiver.calls.length;
    await client.eventHookApi.verifyEventHook({ eventHookId: created.id! });
    expect(receiver.calls[again]!.headers.authorization).toBe(SECRET);

    // okta-spec replaceEventHook: "Updating the channel property requires you to verify the hook again."
    const moved = structuredClone(renamed);
    moved.channel!.config!.uri = `${receiver.url}/v2`;
    expect((await client.eventHookApi.replaceEventHook({ eventHookId: created.id!, eventHook: moved as EventHook })).verificationStatus).toBe('UNVERIFIED');

    const deactivated = await client.eventHookApi.deactivateEventHook({ eventHookId: created.id! });
    expect(deactivated.status).toBe('INACTIVE');
    expect(Object.keys((await call(org, 'GET', `/api/v1/eventHooks/${created.id}`)).body._links)).toEqual(['self', 'verify', 'activate']);
    expect((await client.eventHookApi.activateEventHook({ eventHookId: created.id! })).status).toBe('ACTIVE');
    await client.eventHookApi.deactivateEventHook({ eventHookId: created.id! });
    await client.eventHookApi.deleteEventHook({ eventHookId: created.id! });
    const { error } = await tracedFailure(client, () => client.eventHookApi.getEventHook({ eventHookId: created.id! }));
    expectOktaError(error, 404, 'E0000007', `Not found: Resource not found: ${created.id} (EventHook)`);

    const logged = await hookEvents(created.id!);
    expect(logged.map((e) => e.eventType)).toEqual([
      'event_hook.created',
      'event_hook.verified',
      'event_hook.updated',
      'event_hook.verified',
      'event_hook.updated',
      'event_hook.deactivated',
      'event_hook.activated',
      'event_hook.deactivated',
      'event_hook.deleted',
    ]);
    expect(logged[0].target).toEqual([{ id: created.id, type: 'EventHook', alternateId: created.name, displayName: created.name, detailEntry: null }]);
    expect(logged[0].actor.id).toBe(org.adminId);
  });

  it('activating an active hook or deactivating an inactive one changes nothing and logs nothing', async () => {
    const hook = (await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url) })).body;
    const same = await call(org, 'POST', `/api/v1/eventHooks/${hook.id}/lifecycle/activate`);
    expect([same.status, same.body.status, same.body.lastUpdated]).toEqual([200, 'ACTIVE', hook.lastUpdated]);
    expect((await hookEvents(hook.id)).map((e) => e.eventType)).toEqual(['event_hook.created']);
  });

  it('refuses to verify when the receiver does not echo the challenge, changing nothing but logging the attempt', async () => {
    const hook = (await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url) })).body;
    receiver.answer = () => ({ status: 200, body: { verification: 'something else' } });
    try {
      const res = await call(org, 'POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: eventHook' });
      expect(res.body.errorCauses[0]).toEqual({ errorSummary: `Unable to verify event hook. Hook ${hook.name} execution failed` });
    } finally {
      receiver.answer = acceptEverything;
    }
    expect((await call(org, 'GET', `/api/v1/eventHooks/${hook.id}`)).body.verificationStatus).toBe('UNVERIFIED');
    const [, verified] = await hookEvents(hook.id);
    expect(verified).toMatchObject({ eventType: 'event_hook.verified', outcome: { result: 'FAILURE' } });
  });

  it('refuses to verify an unreachable receiver (tried twice, as Okta does) and a receiver answering 500', async () => {
    const closed = await HookReceiver.start();
    await closed.down();
    const unreachable = (await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(closed.url) })).body;
    const res = await call(org, 'POST', `/api/v1/eventHooks/${unreachable.id}/lifecycle/verify`);
    expect([res.status, res.body.errorCode, res.body.errorCauses[1].errorSummary]).toEqual([400, 'E0000001', 'Connection failed: ECONNREFUSED']);

    const failing = await HookReceiver.start();
    failing.answer = () => ({ status: 500 });
    try {
      const hook = (await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(failing.url) })).body;
      const answer = await call(org, 'POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect([answer.status, answer.body.errorCode]).toEqual([400, 'E0000001']);
      expect(failing.calls.map((c) => c.method)).toEqual(['GET', 'GET']);
      expect((await call(org, 'GET', `/api/v1/eventHooks/${hook.id}`)).body.verificationStatus).toBe('UNVERIFIED');
    } finally {
      await failing.down();
    }
  });

  it('refuses event types that are unknown or not hook-eligible, and more than 300 of them', async () => {
    const body = await refused('POST', '/api/v1/eventHooks', hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.delete.completed', 'no.such.type'] } }), 400, 'E0000001');
    expect(body.errorSummary).toBe('Api validation failed: eventHook');
    expect(body.errorCauses).toEqual([
      { errorSummary: "events.items: 'user.lifecycle.delete.completed' is not an event type that event hooks can subscribe to" },
      { errorSummary: "events.items: 'no.such.type' is not an event type that event hooks can subscribe to" },
    ]);
    // event_hook.* are not hook-eligible: a hook can never be fed its own failures.
    await refused('POST', '/api/v1/eventHooks', hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: ['event_hook.delivery'] } }), 400, 'E0000001');
    await refused('POST', '/api/v1/eventHooks', hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: [] } }), 400, 'E0000001');
    const tooMany = await refused('POST', '/api/v1/eventHooks', hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: HOOK_ELIGIBLE_EVENT_TYPES.slice(0, 301) } }), 400, 'E0000001');
    expect(tooMany.errorCauses).toEqual([{ errorSummary: 'events.items: An event hook can subscribe to at most 300 event types' }]);
    const exactly300 = await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: HOOK_ELIGIBLE_EVENT_TYPES.slice(0, 300) } }) });
    expect(exactly300.status, exactly300.text).toBe(200);
  });

  it('requires https, except for loopback hosts and KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS', async () => {
    for (const uri of ['https://hooks.example.com/okta', 'http://localhost:9/x', 'http://127.0.0.2/x', 'http://[::1]:9/x', 'http://hooks.internal/x', 'http://HOOKS.internal:8080/x']) {
      const res = await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(uri) });
      expect(res.status, `${uri}: ${res.text}`).toBe(200);
      expect(res.body.channel.config.uri).toBe(uri);
    }
    for (const uri of ['http://hooks.example.com/okta', 'http://other.internal/x', 'ftp://hooks.example.com/x', 'https://user:pw@hooks.example.com/x', 'not a url', '/relative']) {
      const body = await refused('POST', '/api/v1/eventHooks', hookBody(uri), 400, 'E0000001');
      expect(body.errorCauses[0].errorSummary, uri).toMatch(/^channel\.config\.uri: The URI must/);
    }
  });

  it('accepts a System Log filter per subscribed event type and refuses bad expressions with the parser\'s text', async () => {
    const filter = { type: 'EXPRESSION_LANGUAGE', eventFilterMap: [{ event: 'group.user_membership.add', condition: { expression: 'target.displayName eq "Sales"' } }] };
    const created = await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: ['group.user_membership.add'], filter } }) });
    expect(created.status, created.text).toBe(200);
    expect(created.body.events.filter).toEqual({ type: 'EXPRESSION_LANGUAGE', eventFilterMap: [{ event: 'group.user_membership.add', condition: { version: null, expression: 'target.displayName eq "Sales"' } }] });
    // An SDK echo of the response (with the read-only `version`) is accepted back.
    const echoed = await call(org, 'PUT', `/api/v1/eventHooks/${created.body.id}`, { body: created.body });
    expect([echoed.status, echoed.body.events.filter], echoed.text).toEqual([200, created.body.events.filter]);

    const bad = (expression: string, event = 'group.user_membership.add') =>
      hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: ['group.user_membership.add'], filter: { eventFilterMap: [{ event, condition: { expression } }] } } });
    const syntax = await refused('POST', '/api/v1/eventHooks', bad('target.displayName eqq "Sales"'), 400, 'E0000053');
    expect(syntax.errorSummary).toMatch(/^Invalid filter 'target\.displayName eqq "Sales"': Unrecognized attribute operator 'eqq' at position 19/);
    const field = await refused('POST', '/api/v1/eventHooks', bad('target.nickname eq "x"'), 400, 'E0000053');
    expect(field.errorSummary).toBe(`Invalid filter 'target.nickname eq "x"': field is not valid: target.nickname`);
    const operator = await refused('POST', '/api/v1/eventHooks', bad('debugContext.debugData.url co "x"'), 400, 'E0000031');
    expect(operator.errorSummary).toBe('The supplied combination of operator and field is not currently supported. Operator: co, Field: debugContext.debugData.url');
    const other = await refused('POST', '/api/v1/eventHooks', bad('target.id pr', 'user.lifecycle.create'), 400, 'E0000001');
    expect(other.errorCauses).toEqual([{ errorSummary: "events.filter.eventFilterMap: 'user.lifecycle.create' is not one of the subscribed event types" }]);
  });

  it('refuses malformed bodies with Okta\'s errors, never a 500', async () => {
    const before = await hookCount();
    const badJson = await call(org, 'POST', '/api/v1/eventHooks', { rawBody: '{"name": ' });
    expect([badJson.status, badJson.body.errorCode]).toEqual([400, 'E0000003']);
    const cases: [Record<string, any>, string][] = [
      [{ ...hookBody(receiver.url), surprise: 1 }, 'E0000003'],
      [hookBody(receiver.url, { name: undefined }), 'E0000001'],
      [hookBody(receiver.url, { name: 42 }), 'E0000001'],
      [hookBody(receiver.url, { events: undefined }), 'E0000001'],
      [hookBody(receiver.url, { events: { type: 'EVENT', items: ['user.lifecycle.create'] } }), 'E0000001'],
      [hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: 'user.lifecycle.create' } }), 'E0000001'],
      [hookBody(receiver.url, { events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'], extra: true } }), 'E0000003'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '2.0.0', config: { uri: receiver.url } } }), 'E0000001'],
      [hookBody(receiver.url, { channel: { type: 'GRPC', version: '1.0.0', config: { uri: receiver.url } } }), 'E0000001'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, proxy: 'x' } } }), 'E0000003'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, headers: [{ key: 'Content-Type', value: 'text/plain' }] } } }), 'E0000001'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, headers: [{ key: 'Bad Header', value: 'x' }] } } }), 'E0000001'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, headers: [{ key: 'X-A', value: 'a\r\nb' }] } } }), 'E0000001'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, authScheme: { type: 'HEADER', key: 'Authorization' } } } }), 'E0000001'],
      [hookBody(receiver.url, { channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, authScheme: { type: 'BASIC', key: 'Authorization', value: 'x' } } } }), 'E0000001'],
    ];
    for (const [body, code] of cases) {
      const res = await call(org, 'POST', '/api/v1/eventHooks', { body });
      expect([res.status, res.body?.errorCode], `${JSON.stringify(body)} → ${res.text}`).toEqual([400, code]);
    }
    expect(await hookCount()).toBe(before);
  });

  it('deletes only INACTIVE hooks (400 E0000001 otherwise) and answers 404 for unknown ids and 405 for other methods', async () => {
    const hook = (await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url) })).body;
    const active = await call(org, 'DELETE', `/api/v1/eventHooks/${hook.id}`);
    expect([active.status, active.body.errorCode, active.body.errorCauses]).toEqual([400, 'E0000001', [{ errorSummary: 'Only an INACTIVE event hook can be deleted; deactivate it first' }]]);
    expect((await call(org, 'GET', `/api/v1/eventHooks/${hook.id}`)).status).toBe(200);
    const missing = 'who00000000000000000';
    for (const [method, path] of [['GET', ''], ['PUT', ''], ['DELETE', ''], ['POST', '/lifecycle/activate'], ['POST', '/lifecycle/verify']] as const) {
      const res = await call(org, method, `/api/v1/eventHooks/${missing}${path}`, method === 'PUT' ? { body: hookBody(receiver.url) } : {});
      expect([res.status, res.body.errorSummary], `${method} ${path}`).toEqual([404, `Not found: Resource not found: ${missing} (EventHook)`]);
    }
    expect((await call(org, 'PATCH', `/api/v1/eventHooks/${hook.id}`, { body: {} })).status).toBe(405);
  });

  it('keeps at most 25 ACTIVE hooks (Okta\'s limit), on create and on activate', async () => {
    const existing = (await call(org, 'GET', '/api/v1/eventHooks')).body as any[];
    const active = existing.filter((h) => h.status === 'ACTIVE');
    for (let i = active.length; i < 25; i++) expect((await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url) })).status).toBe(200);
    const over = await refused('POST', '/api/v1/eventHooks', hookBody(receiver.url), 400, 'E0000001');
    expect(over.errorCauses).toEqual([{ errorSummary: 'An org can have at most 25 ACTIVE event hooks; deactivate or delete one first' }]);
    const all25 = ((await call(org, 'GET', '/api/v1/eventHooks')).body as any[]).filter((h) => h.status === 'ACTIVE');
    expect(all25).toHaveLength(25);
    await call(org, 'POST', `/api/v1/eventHooks/${all25[0].id}/lifecycle/deactivate`);
    const inactive = existing.find((h) => h.status === 'INACTIVE') ?? all25[0];
    expect((await call(org, 'POST', '/api/v1/eventHooks', { body: hookBody(receiver.url) })).status).toBe(200);
    const reactivate = await call(org, 'POST', `/api/v1/eventHooks/${inactive.id}/lifecycle/activate`);
    expect([reactivate.status, reactivate.body.errorCode]).toEqual([400, 'E0000001']);
    expect((await call(org, 'GET', `/api/v1/eventHooks/${inactive.id}`)).body.status).toBe('INACTIVE');
    // Leave room for the other tests of this org.
    for (const h of ((await call(org, 'GET', '/api/v1/eventHooks')).body as any[]).filter((x) => x.status === 'ACTIVE')) {
      await call(org, 'POST', `/api/v1/eventHooks/${h.id}/lifecycle/deactivate`);
    }
  });

  it('asks bearer tokens for okta.eventHooks.read to read and okta.eventHooks.manage to change', async () => {
    const app = await createServiceApp(org, { scopes: ['okta.eventHooks.read', 'okta.eventHooks.manage'], roles: ['SUPER_ADMIN'] });
    const readOnly = (await clientCredentials(org, app, 'okta.eventHooks.read')).body.access_token;
    expect((await call(org, 'GET', '/api/v1/eventHooks', { token: null, headers: bearer(readOnly) })).status).toBe(200);
    const refused = await call(org, 'POST', '/api/v1/eventHooks', { token: null, headers: bearer(readOnly), body: hookBody(receiver.url) });
    expect([refused.status, refused.body.errorCode]).toEqual([403, 'E0000006']);
    expect(refused.headers.get('www-authenticate')).toContain('scope="okta.eventHooks.manage"');
    const manage = (await clientCredentials(org, app, 'okta.eventHooks.manage')).body.access_token;
    const created = await call(org, 'POST', '/api/v1/eventHooks', { token: null, headers: bearer(manage), body: hookBody(receiver.url) });
    expect([created.status, created.body.createdBy], created.text).toEqual([200, app.id]);
  });

  it('lets a READ_ONLY_ADMIN list hooks but not create them (403 E0000006)', async () => {
    const user = await federatedUser(client, unique('HookReader'));
    await client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } });
    const reader = oktaClient(org, { token: (await mintApiToken(org, user.id!, 'hook-reader')).value });
    expect(Array.isArray(await all(await reader.eventHookApi.listEventHooks()))).toBe(true);
    const before = await hookCount();
    const { error } = await tracedFailure(reader, () => reader.eventHookApi.createEventHook({ eventHook: hookBody(receiver.url) as EventHook }));
    expectOktaError(error, 403, 'E0000006', 'You do not have permission to perform the requested action');
    expect(await hookCount()).toBe(before);
    await expectResponsesConform(reader);
  });
});
