import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logEvents } from '../support/oauth-flows.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { eventually, HookReceiver } from '../support/hook-receiver.js';
import { ManualClock } from '../support/manual-clock.js';
import { call, startSecondProcess, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, consentAt, createConnection, createFlow, delegatedFlow, getConnection, runFlow, workflowsApp } from '../support/workflows.js';

/**
 * Flows end to end (issue 5, "Tests"): real OAuth consent, real HTTP between the engine and the org, the
 * System Log as the witness of who did what. Nothing here reads Keyflow's internals.
 */

const kinds = await storeKinds();
const PASSWORD = 'Pers0n-Passw0rd';

describe.each(kinds)('Workflows flows (%s store)', (kind) => {
  let org: TestOrg;
  let app: any;
  // The server log (pino's JSON lines), captured through createApp's `serverLog`.
  const serverLog: any[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) serverLog.push(JSON.parse(line));
        done();
      },
    });
    org = await startTestOrg(kind, {}, { serverLog: sink });
    app = await workflowsApp(org);
  });
  afterAll(async () => {
    await org?.close();
  });

  async function person(login: string, role?: string): Promise<string> {
    const id = await createPerson(org, login, PASSWORD, role);
    if (role) await assignUser(org, app.id, id);
    return id;
  }

  const deactivateFlow = (connectionId: string, name = 'Offboard') =>
    delegatedFlow(name, [
      { id: 'deactivate', type: 'okta.deactivateUser', connectionId, inputs: { user: { ref: 'run.userId' } }, errorHandling: { retry: 2, retryDelayMs: 0, then: 'halt' } },
      { id: 'note', type: 'text.compose', inputs: { template: { value: 'Deactivated {{who}}: {{code}}' }, who: { ref: 'run.userId' }, code: { ref: 'deactivate.statusCode' } } },
      { id: 'done', type: 'control.return', inputs: { message: { ref: 'note.output' } } },
    ]);

  it('the seed scenario: a flow deactivates a user as the admin who authorized its connection, marked Azuqua, with the execution id', async () => {
    const connection = await authorizedConnection(org, { nickname: 'admin connection' });
    const flow = await createFlow(org, deactivateFlow(connection.id));
    expect(flow).toMatchObject({ version: 1, active: false, triggerType: 'delegated', connectionIds: [connection.id] });
    const target = await person('leaver@example.com');

    const execution = await runFlow(org, flow.id, { userId: target });
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ message: `Deactivated ${target}: 200` });
    expect(execution.cards.map((c: any) => [c.cardId, c.status])).toEqual([['deactivate', 'SUCCEEDED'], ['note', 'SUCCEEDED'], ['done', 'SUCCEEDED']]);
    expect(execution.cards[0].inputs).toEqual({ user: target });
    // Every Okta call's HTTP status is kept, a success's too, not only a failure's.
    expect(execution.cards[0].httpStatus).toBe(200);
    expect(execution.cards[1].httpStatus).toBeUndefined();

    const event = (await logEvents(org, 'user.lifecycle.deactivate')).find((e) => e.target[0].id === target);
    expect(event.actor).toMatchObject({ id: org.adminId, type: 'User' });
    expect(event.client.userAgent.rawUserAgent).toBe('Azuqua');
    expect(event.client.id).toBe(app.id);
    expect(event.debugContext.debugData).toMatchObject({ workflowsFlowId: flow.id, workflowsExecutionId: execution.id, workflowsCardId: 'deactivate' });
    // The execution joins to its System Log events by transaction.id.
    expect(execution.cards[0].requestIds).toEqual([event.transaction.id]);

    const azuqua = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('client.userAgent.rawUserAgent eq "Azuqua"')}&limit=1000`);
    expect(azuqua.body.map((e: any) => e.eventType)).toEqual(['user.lifecycle.deactivate']);

    const [delegated] = await logEvents(org, 'workflows.user.delegatedflow.run');
    expect(delegated.actor.id).toBe(org.adminId);
    expect(delegated.debugContext.debugData.executionId).toBe(execution.id);
  });

  const breakers = [
    { change: 'suspended', status: 403, errorCode: 'E0000006', apply: async (id: string) => lifecycle(id, 'suspend') },
    { change: 'deactivated', status: 401, errorCode: 'E0000011', apply: async (id: string) => lifecycle(id, 'deactivate') },
    {
      change: 'deleted',
      status: 401,
      errorCode: 'E0000011',
      apply: async (id: string) => {
        await lifecycle(id, 'deactivate');
        expect((await call(org, 'DELETE', `/api/v1/users/${id}`)).status).toBe(204);
      },
    },
    { change: 'sessions-cleared', status: 401, errorCode: 'E0000011', apply: async (id: string) => expect((await call(org, 'DELETE', `/api/v1/users/${id}/sessions?oauthTokens=true`)).status).toBe(204) },
  ];

  async function lifecycle(id: string, op: string) {
    const res = await call(org, 'POST', `/api/v1/users/${id}/lifecycle/${op}`);
    expect(res.status, res.text).toBe(200);
  }

  for (const breaker of breakers) {
    it(`once the authorizing admin is ${breaker.change}, the next run fails on its first Okta card with ${breaker.status} ${breaker.errorCode}, unretried, and the connection is ERROR`, async () => {
      const login = `owner-${breaker.change}@example.com`;
      const owner = await person(login, 'SUPER_ADMIN');
      const connection = await authorizedConnection(org, { nickname: `owned ${breaker.change}`, username: login, password: PASSWORD });
      const flow = await createFlow(org, deactivateFlow(connection.id, `Offboard via ${breaker.change}`));
      const first = await person(`first-${breaker.change}@example.com`);
      expect((await runFlow(org, flow.id, { userId: first })).status).toBe('SUCCEEDED');

      await breaker.apply(owner);
      const target = await person(`second-${breaker.change}@example.com`);
      const execution = await runFlow(org, flow.id, { userId: target });
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toMatchObject({ code: breaker.status, errorCode: breaker.errorCode, method: 'deactivate', flo: flow.id, execution: execution.id });
      expect(execution.cards).toHaveLength(1);
      expect(execution.cards[0]).toMatchObject({ cardId: 'deactivate', status: 'FAILED', attempts: 1, httpStatus: breaker.status });
      expect((await call(org, 'GET', `/api/v1/users/${target}`)).body.status).toBe('ACTIVE');
      expect(await getConnection(org, connection.id)).toMatchObject({ status: 'ERROR', lastError: { status: breaker.status, errorCode: breaker.errorCode } });
    });
  }

  it('reauthorizing the connection with a service account restores the flow, and new events name the service account', async () => {
    const login = 'owner-leaving@example.com';
    const owner = await person(login, 'SUPER_ADMIN');
    const connection = await authorizedConnection(org, { nickname: 'to move', username: login, password: PASSWORD });
    const flow = await createFlow(org, deactivateFlow(connection.id, 'Offboard, moving'));
    await lifecycle(owner, 'deactivate');
    expect((await runFlow(org, flow.id, { userId: await person('victim-1@example.com') })).status).toBe('FAILED');

    const service = await person('svc-flows@example.com', 'SUPER_ADMIN');
    const re = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/reauthorize`);
    await consentAt(org, re.body.authorizeUrl, { username: 'svc-flows@example.com', password: PASSWORD });
    const target = await person('victim-2@example.com');
    const execution = await runFlow(org, flow.id, { userId: target });
    expect(execution.status).toBe('SUCCEEDED');
    const event = (await logEvents(org, 'user.lifecycle.deactivate')).find((e) => e.target[0].id === target);
    expect(event.actor.id).toBe(service);
    expect(event.client.userAgent.rawUserAgent).toBe('Azuqua');
  });

  it('an API endpoint flow Assign → Compose → Return answers its caller, public or with its client token, 10 calls a second', async () => {
    const definition = (security: string, alias: string) => ({
      schemaVersion: '1.0',
      name: `Greeter ${alias}`,
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'api', type: 'api_endpoint', security, alias, inputs: [{ key: 'name', type: 'text' }] },
      cards: [
        { id: 'vars', type: 'control.assign', inputs: { greeting: { value: 'Hello' } } },
        { id: 'text', type: 'text.compose', inputs: { template: { value: '{{g}}, {{n}}!' }, g: { ref: 'vars.greeting' }, n: { ref: 'api.name' } } },
        { id: 'out', type: 'control.return', inputs: { message: { ref: 'text.output' } } },
      ],
    });
    const open = await createFlow(org, definition('public', 'greet'));
    const closed = await createFlow(org, definition('client_token', 'greet-secure'));
    expect((await fetch(`${org.url}/workflows/api/v1/invoke/greet?name=Ada`)).status, 'inactive flows are not invocable').toBe(404);
    await activateFlow(org, open.id);
    await activateFlow(org, closed.id);

    const res = await fetch(`${org.url}/workflows/api/v1/invoke/greet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'Hello, Ada!' });
    const executionId = res.headers.get('x-keyflow-execution-id')!;
    const execution = (await call(org, 'GET', `/workflows/api/v1/executions/${executionId}`)).body;
    expect(execution).toMatchObject({ status: 'SUCCEEDED', trigger: { type: 'api_endpoint' } });
    expect(execution.cards.map((c: any) => c.cardId)).toEqual(['vars', 'text', 'out']);

    expect((await fetch(`${org.url}/workflows/api/v1/invoke/greet-secure?name=Bo`)).status).toBe(401);
    const token = (await call(org, 'GET', `/workflows/api/v1/flows/${closed.id}/clientToken`)).body.clientToken;
    const secured = await fetch(`${org.url}/workflows/api/v1/invoke/greet-secure?name=Bo`, { headers: { 'x-api-client-token': token } });
    expect(await secured.json()).toEqual({ message: 'Hello, Bo!' });
    expect((await fetch(`${org.url}/workflows/api/v1/invoke/greet-secure?name=Bo&clientToken=${token}`)).status).toBe(200);

    const burst = await Promise.all(Array.from({ length: 15 }, () => fetch(`${org.url}/workflows/api/v1/invoke/greet?name=x`).then((r) => r.status)));
    expect(burst.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(burst.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
  });

  it('an API endpoint flow whose card fails with "return values" answers 200 with the values; with "halt" it answers 500; either way the execution is FAILED', async () => {
    const upstream = await HookReceiver.start();
    upstream.answer = () => ({ status: 502, body: { error: 'bad gateway' } });
    try {
      const definition = (alias: string, then: string) => ({
        schemaVersion: '1.0',
        name: `Price ${alias}`,
        kind: 'main',
        saveExecutionData: true,
        trigger: { id: 'api', type: 'api_endpoint', security: 'public', alias, inputs: [{ key: 'sku', type: 'text' }] },
        cards: [
          {
            id: 'quote',
            type: 'http.request',
            inputs: { method: { value: 'GET' }, url: { value: upstream.url } },
            errorHandling: { retry: 1, retryDelayMs: 0, then, ...(then === 'return_values' ? { values: { sku: { ref: 'api.sku' }, price: { value: null }, stale: { value: true } } } : {}) },
          },
          { id: 'out', type: 'control.return', inputs: { sku: { ref: 'api.sku' }, price: { ref: 'quote.body.price' }, stale: { value: false } } },
        ],
      });
      const soft = await createFlow(org, definition('price-soft', 'return_values'));
      const hard = await createFlow(org, definition('price-hard', 'halt'));
      await activateFlow(org, soft.id);
      await activateFlow(org, hard.id);

      const answered = await fetch(`${org.url}/workflows/api/v1/invoke/price-soft?sku=A-1`);
      expect(answered.status).toBe(200);
      expect(await answered.json()).toEqual({ sku: 'A-1', price: null, stale: true });
      const execution = (await call(org, 'GET', `/workflows/api/v1/executions/${answered.headers.get('x-keyflow-execution-id')}`)).body;
      expect(execution).toMatchObject({ status: 'FAILED', output: { sku: 'A-1', price: null, stale: true }, error: { code: 502, method: 'quote' } });
      expect(execution.cards.map((c: any) => [c.cardId, c.status, c.attempts])).toEqual([['quote', 'FAILED', 2]]);

      const refused = await fetch(`${org.url}/workflows/api/v1/invoke/price-hard?sku=A-1`);
      expect(refused.status).toBe(500);
      const body: any = await refused.json();
      expect(body).toMatchObject({ errorCode: 'E0000009', executionId: refused.headers.get('x-keyflow-execution-id') });
      expect((await call(org, 'GET', `/workflows/api/v1/executions/${body.executionId}`)).body).toMatchObject({ status: 'FAILED', output: null });
    } finally {
      await upstream.down();
    }
  });

  it('a card whose input cannot be converted fails like any card: unretried, "return values" answers the API caller with its values, If Error catches it', async () => {
    const flow = await createFlow(org, {
      schemaVersion: '1.0',
      name: 'Double it',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'api', type: 'api_endpoint', security: 'public', alias: 'double', inputs: [{ key: 'n', type: 'text' }] },
      cards: [
        {
          id: 'guard',
          type: 'control.ifError',
          try: [{ id: 'check', type: 'control.assign', inputs: { n: { ref: 'api.n', convert: 'parseFloat' } } }],
          ifError: [],
          outputs: [{ key: 'note', type: 'text', try: { value: 'a number' }, ifError: { ref: 'guard.error.message' } }],
        },
        {
          id: 'number',
          type: 'control.assign',
          inputs: { n: { ref: 'api.n', convert: 'parseFloat' } },
          errorHandling: { retry: 3, retryDelayMs: 60_000, then: 'return_values', values: { doubled: { value: null }, note: { ref: 'guard.note' } } },
        },
        { id: 'out', type: 'control.return', inputs: { doubled: { ref: 'number.n' }, note: { ref: 'guard.note' } } },
      ],
    });
    await activateFlow(org, flow.id);
    const fine = await fetch(`${org.url}/workflows/api/v1/invoke/double?n=21`);
    expect(await fine.json()).toEqual({ doubled: 21, note: 'a number' });

    const started = Date.now();
    const answered = await fetch(`${org.url}/workflows/api/v1/invoke/double?n=twenty-one`);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ doubled: null, note: 'Cannot convert "twenty-one" to a number' });
    expect(Date.now() - started, 'no retry waited 60 s').toBeLessThan(30_000);
    const execution = (await call(org, 'GET', `/workflows/api/v1/executions/${answered.headers.get('x-keyflow-execution-id')}`)).body;
    expect(execution).toMatchObject({ status: 'FAILED', output: { doubled: null }, error: { code: 'INVALID_INPUT', method: 'number' } });
    expect(execution.cards.map((c: any) => [c.cardId, c.status, c.attempts])).toEqual([
      ['guard', 'SUCCEEDED', 1],
      ['check', 'FAILED', 1],
      ['number', 'FAILED', 1],
    ]);
  });

  it('If Error catches a failing card and hands its error object on; Continue If halts without an error; Return Raw sets the answer', async () => {
    const flow = await createFlow(org, {
      schemaVersion: '1.0',
      name: 'Control',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'api', type: 'api_endpoint', security: 'public', alias: 'control', inputs: [{ key: 'mode', type: 'text' }] },
      cards: [
        {
          id: 'guard',
          type: 'control.ifError',
          try: [{ id: 'boom', type: 'control.returnError', inputs: { message: { value: 'no such thing' }, code: { value: 404 } } }],
          ifError: [{ id: 'why', type: 'text.compose', inputs: { template: { value: '{{m}} at {{c}}' }, m: { ref: 'guard.error.message' }, c: { ref: 'guard.error.method' } } }],
          outputs: [{ key: 'message', type: 'text', try: { value: 'fine' }, ifError: { ref: 'why.output' } }],
        },
        { id: 'stop', type: 'control.continueIf', inputs: { a: { ref: 'api.mode' }, op: { value: '!=' }, b: { value: 'halt' }, message: { value: 'asked to halt' } } },
        {
          id: 'branch',
          type: 'control.ifElse',
          condition: { a: { ref: 'api.mode' }, op: '==', b: { value: 'raw' } },
          then: [{ id: 'raw', type: 'control.returnRaw', inputs: { statusCode: { value: 418 }, headers: { value: { 'x-teapot': 'yes' } }, body: { ref: 'guard.message' } } }],
          else: [],
        },
        { id: 'out', type: 'control.return', inputs: { message: { ref: 'guard.message' } } },
      ],
    });
    await activateFlow(org, flow.id);
    const plain = await fetch(`${org.url}/workflows/api/v1/invoke/control?mode=plain`);
    expect(await plain.json()).toEqual({ message: 'no such thing at boom' });
    // A Return Raw inside a container ends only the container (Okta's rule): the flow goes on to its Return.
    const inBranch = await fetch(`${org.url}/workflows/api/v1/invoke/control?mode=raw`);
    expect(inBranch.status).toBe(200);
    expect(await inBranch.json()).toEqual({ message: 'no such thing at boom' });
    const teapot = await createFlow(org, {
      schemaVersion: '1.0',
      name: 'Teapot',
      kind: 'main',
      saveExecutionData: false,
      trigger: { id: 'api', type: 'api_endpoint', security: 'public', alias: 'teapot', inputs: [] },
      cards: [{ id: 'raw', type: 'control.returnRaw', inputs: { statusCode: { value: 418 }, headers: { value: { 'x-teapot': 'yes' } }, body: { value: 'short and stout' } } }],
    });
    await activateFlow(org, teapot.id);
    const raw = await fetch(`${org.url}/workflows/api/v1/invoke/teapot`);
    expect(raw.status).toBe(418);
    expect(raw.headers.get('x-teapot')).toBe('yes');
    expect(await raw.text()).toBe('short and stout');
    const halted = await fetch(`${org.url}/workflows/api/v1/invoke/control?mode=halt`);
    const haltedExecution = (await call(org, 'GET', `/workflows/api/v1/executions/${halted.headers.get('x-keyflow-execution-id')}`)).body;
    expect(haltedExecution).toMatchObject({ status: 'HALTED', error: { message: 'asked to halt' } });
  });

  it('an Okta event flow registers its event hook through the connection, runs on each event with the event card outputs, and removes the hook when turned off', async () => {
    const connection = await authorizedConnection(org, { nickname: 'events' });
    const group = (await call(org, 'POST', '/api/v1/groups', { body: { profile: { name: 'VPN' } } })).body;
    const flow = await createFlow(org, {
      schemaVersion: '1.0',
      name: 'Offboarding',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'evt', type: 'okta.event', event: 'user.lifecycle.deactivate', connectionId: connection.id },
      cards: [
        { id: 'sessions', type: 'okta.clearUserSessions', connectionId: connection.id, inputs: { userId: { ref: 'evt.oktaUser.id' }, revokeOAuthTokens: { value: true } } },
        { id: 'vpn', type: 'okta.removeUserFromGroup', connectionId: connection.id, inputs: { groupId: { value: group.id }, userId: { ref: 'evt.oktaUser.id' } } },
      ],
    });
    await activateFlow(org, flow.id);
    const hooks = (await call(org, 'GET', '/api/v1/eventHooks')).body.filter((h: any) => h.name === 'Keyflow Workflows: Offboarding');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED', events: { items: ['user.lifecycle.deactivate'] } });
    const created = (await logEvents(org, 'event_hook.created')).find((e) => e.target[0].id === hooks[0].id);
    expect(created.actor.id, 'the hook is registered as the connection’s person').toBe(org.adminId);
    expect(created.client.userAgent.rawUserAgent).toBe('Azuqua');

    const leaver = await person('event-leaver@example.com');
    expect((await call(org, 'PUT', `/api/v1/groups/${group.id}/users/${leaver}`)).status).toBe(204);
    await lifecycle(leaver, 'deactivate');
    const [deactivation] = (await logEvents(org, 'user.lifecycle.deactivate')).filter((e) => e.target[0].id === leaver);
    const execution = await eventually(async () => {
      const list = (await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/executions`)).body;
      return list.find((e: any) => e.status === 'SUCCEEDED' || e.status === 'FAILED');
    });
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    expect(execution.trigger).toEqual({ type: 'okta.event', eventId: deactivation.uuid });
    expect(execution.input).toMatchObject({ eventType: 'user.lifecycle.deactivate', eventId: deactivation.uuid, oktaUser: { id: leaver }, admin: { id: org.adminId } });
    expect((await call(org, 'GET', `/api/v1/groups/${group.id}/users`)).body.map((u: any) => u.id)).not.toContain(leaver);
    const cleared = (await logEvents(org, 'user.session.clear')).find((e) => e.target[0].id === leaver);
    expect(cleared.client.userAgent.rawUserAgent).toBe('Azuqua');

    const forged = await call(org, 'POST', `/workflows/hooks/${flow.id}`, { token: null, headers: { authorization: 'guess' }, body: { data: { events: [deactivation] } } });
    expect(forged.status).toBe(401);

    expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);
    expect((await call(org, 'GET', `/api/v1/eventHooks/${hooks[0].id}`)).status).toBe(404);
  });

  it('saving an active Okta event flow with another event and connection moves its hook to the new connection; a refused registration fails the save and keeps the old one', async () => {
    const first = await authorizedConnection(org, { nickname: 'events before' });
    await person('hook-owner@example.com', 'SUPER_ADMIN');
    const second = await authorizedConnection(org, { nickname: 'events after', username: 'hook-owner@example.com', password: PASSWORD });
    const ownerId = second.authorizedBy.userId;
    const eventFlow = (event: string, connectionId: string) => ({
      schemaVersion: '1.0',
      name: 'Moving hook',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'evt', type: 'okta.event', event, connectionId },
      cards: [{ id: 'out', type: 'control.return', inputs: { who: { ref: 'evt.oktaUser.id' }, type: { ref: 'evt.eventType' } } }],
    });
    const hooksOfFlow = async () => (await call(org, 'GET', '/api/v1/eventHooks')).body.filter((h: any) => h.name === 'Keyflow Workflows: Moving hook');
    const executionFor = (flowId: string, userId: string) =>
      eventually(async () => (await call(org, 'GET', `/workflows/api/v1/flows/${flowId}/executions?limit=200`)).body.find((e: any) => e.status === 'SUCCEEDED' && e.output?.who === userId));

    const flow = await createFlow(org, eventFlow('user.lifecycle.deactivate', first.id));
    await activateFlow(org, flow.id);
    const [before] = await hooksOfFlow();
    expect(before).toMatchObject({ status: 'ACTIVE', events: { items: ['user.lifecycle.deactivate'] } });

    const saved = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, { body: eventFlow('user.lifecycle.suspend', second.id) });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, active: true, connectionIds: [second.id] });
    const after = await hooksOfFlow();
    expect(after, 'exactly one hook: the old one is gone').toHaveLength(1);
    expect(after[0].id).not.toBe(before.id);
    expect(after[0]).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED', events: { items: ['user.lifecycle.suspend'] } });
    expect((await call(org, 'GET', `/api/v1/eventHooks/${before.id}`)).status).toBe(404);
    const created = (await logEvents(org, 'event_hook.created')).find((e) => e.target[0].id === after[0].id);
    expect(created.actor.id, 'registered through the new connection, as its person').toBe(ownerId);
    const deleted = (await logEvents(org, 'event_hook.deleted')).find((e) => e.target[0].id === before.id);
    expect(deleted.actor.id, 'the old hook is removed through the connection that registered it').toBe(org.adminId);

    const suspended = await person('moved-hook-1@example.com');
    await lifecycle(suspended, 'suspend');
    expect((await executionFor(flow.id, suspended)).output).toEqual({ who: suspended, type: 'user.lifecycle.suspend' });

    // A connection that cannot register the hook (its tokens were revoked): the save is refused, nothing changes.
    const revoked = await authorizedConnection(org, { nickname: 'events revoked' });
    expect((await call(org, 'POST', `/workflows/api/v1/connections/${revoked.id}/revoke`)).status).toBe(200);
    const refused = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, { body: eventFlow('user.lifecycle.deactivate', revoked.id) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorCode).toBe('E0000001');
    expect(refused.body.errorCauses[0].errorSummary).toMatch(/^connectionId: The connection cannot register the event hook: /);
    const unchanged = (await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body;
    expect(unchanged).toMatchObject({ version: 2, active: true, connectionIds: [second.id] });
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/versions`)).body.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await hooksOfFlow()).map((h: any) => h.id)).toEqual([after[0].id]);
    const stillSuspended = await person('moved-hook-2@example.com');
    await lifecycle(stillSuspended, 'suspend');
    expect((await executionFor(flow.id, stillSuspended)).output.type).toBe('user.lifecycle.suspend');

    // A save that keeps the trigger keeps the hook.
    const renamed = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, { body: { ...eventFlow('user.lifecycle.suspend', second.id), saveExecutionData: false } });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await hooksOfFlow()).map((h: any) => h.id)).toEqual([after[0].id]);

    expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);
    expect(await hooksOfFlow()).toEqual([]);
  });

  it('a hook the org keeps because its connection broke is logged with its id, its deliveries are answered 410, and it is removed once the connection works again', async () => {
    await person('leftover-owner@example.com', 'SUPER_ADMIN');
    const broken = await authorizedConnection(org, { nickname: 'leftover old', username: 'leftover-owner@example.com', password: PASSWORD });
    const ownerId = broken.authorizedBy.userId;
    const working = await authorizedConnection(org, { nickname: 'leftover new' });
    const eventFlow = (event: string, connectionId: string) => ({
      schemaVersion: '1.0',
      name: 'Left behind',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'evt', type: 'okta.event', event, connectionId },
      cards: [{ id: 'out', type: 'control.return', inputs: { who: { ref: 'evt.oktaUser.id' } } }],
    });
    const flow = await createFlow(org, eventFlow('user.lifecycle.suspend', broken.id));
    await activateFlow(org, flow.id);
    const [old] = (await call(org, 'GET', '/api/v1/eventHooks')).body.filter((h: any) => h.name === 'Keyflow Workflows: Left behind');

    // The old connection breaks, then the flow moves to another one: the old hook cannot be removed.
    expect((await call(org, 'POST', `/workflows/api/v1/connections/${broken.id}/revoke`)).status).toBe(200);
    const saved = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, { body: eventFlow('user.lifecycle.deactivate', working.id) });
    expect(saved.status, saved.text).toBe(200);
    expect((await call(org, 'GET', `/api/v1/eventHooks/${old.id}`)).body).toMatchObject({ id: old.id, status: 'ACTIVE' });
    const [left] = (await logEvents(org, 'keyflow.workflows.event_hook.left_behind')).filter((e) => e.debugContext.debugData.hookId === old.id);
    expect(left).toMatchObject({
      severity: 'WARN',
      outcome: { result: 'FAILURE' },
      target: [{ id: flow.id, type: 'Flow' }, { id: old.id, type: 'EventHook' }],
      debugContext: { debugData: { hookId: old.id, connectionId: broken.id } },
    });
    expect(left.outcome.reason).toMatch(/revoked/);
    expect(serverLog.find((l) => l.hookId === old.id && l.level === 40)?.msg).toMatch(new RegExp(`could not remove event hook ${old.id} of flow "Left behind"`));

    // Its deliveries are answered 410: the org drops the batch (any 4xx) and its delivery failure says why.
    const suspended = await person('left-behind-1@example.com');
    await lifecycle(suspended, 'suspend');
    const failure = await eventually(async () => (await logEvents(org, 'event_hook.delivery')).find((e) => e.target[0].id === old.id));
    expect(failure.debugContext.debugData).toMatchObject({ httpStatus: '410', willRetry: 'false' });
    expect(failure.outcome.reason).toMatch(/no longer triggers a Workflows flow/);
    const executions = (await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/executions?limit=200`)).body;
    expect(executions.filter((e: any) => e.output?.who === suspended)).toEqual([]);
    // Only the org, which knows the hook's secret, gets that answer.
    const forged = await call(org, 'POST', `/workflows/hooks/${flow.id}`, { token: null, headers: { authorization: 'guess' }, body: { source: `${org.url}/api/v1/eventHooks/${old.id}`, data: { events: [] } } });
    expect(forged.status).toBe(401);

    // Reauthorized, the old connection can remove it: the next delivery does.
    const re = await call(org, 'POST', `/workflows/api/v1/connections/${broken.id}/reauthorize`);
    expect(re.status, re.text).toBe(200);
    expect((await consentAt(org, re.body.authorizeUrl, { username: 'leftover-owner@example.com', password: PASSWORD })).status).toBe(200);
    await lifecycle(await person('left-behind-2@example.com'), 'suspend');
    await eventually(async () => (await call(org, 'GET', `/api/v1/eventHooks/${old.id}`)).status === 404 || undefined);
    const deleted = (await logEvents(org, 'event_hook.deleted')).find((e) => e.target[0].id === old.id);
    expect(deleted.actor.id, 'removed through the connection that registered it').toBe(ownerId);

    // Turning the flow off while its connection is broken leaves its hook behind too, and says so.
    const [current] = (await call(org, 'GET', '/api/v1/eventHooks')).body.filter((h: any) => h.name === 'Keyflow Workflows: Left behind');
    expect((await call(org, 'POST', `/workflows/api/v1/connections/${working.id}/revoke`)).status).toBe(200);
    expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);
    expect((await logEvents(org, 'keyflow.workflows.event_hook.left_behind')).filter((e) => e.debugContext.debugData.hookId === current.id)).toHaveLength(1);
    expect((await call(org, 'GET', `/api/v1/eventHooks/${current.id}`)).status).toBe(200);
  });

  it('refuses an invalid definition with every problem at its JSON path, and saves versions that executions pin', async () => {
    const bad = await call(org, 'POST', '/workflows/api/v1/flows', {
      body: delegatedFlow('Bad', [
        { id: 'a', type: 'okta.deactivateUser', inputs: { user: { ref: 'nowhere.id' } } },
        { id: 'a', type: 'text.nope' },
      ]),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000001');
    const causes = bad.body.errorCauses.map((c: any) => c.errorSummary);
    expect(causes).toEqual(expect.arrayContaining([
      'cards[0].connectionId: Deactivate User needs a connection',
      'cards[0].inputs.user.ref: no card "nowhere" runs before this one',
      'cards[1].id: "a" is used twice',
      'cards[1].type: unknown card type "text.nope"',
    ]));

    const flow = await createFlow(org, delegatedFlow('Versioned', [{ id: 'out', type: 'control.return', inputs: { v: { value: 1 } } }]));
    const saved = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, { body: delegatedFlow('Versioned', [{ id: 'out', type: 'control.return', inputs: { v: { value: 2 } } }]) });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.version).toBe(2);
    const run = await runFlow(org, flow.id);
    expect(run).toMatchObject({ flowVersion: 2, output: { v: 2 } });
    const versions = (await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/versions`)).body;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    const saves = (await logEvents(org, 'workflows.user.flow.save')).filter((e) => e.target[0].id === flow.id);
    expect(saves).toHaveLength(1);
  });

  it('refuses error handling on a container at its path, on create and on save: it is a setting of function and action cards, which keep it inside containers', async () => {
    const halt = { retry: 1, retryDelayMs: 0, then: 'halt' };
    const cards = (onContainers: boolean) => [
      {
        id: 'guard',
        type: 'control.ifError',
        ...(onContainers ? { errorHandling: halt } : {}),
        try: [
          {
            id: 'branch',
            type: 'control.ifElse',
            ...(onContainers ? { errorHandling: { then: 'return_values', values: { why: { value: 'never applied' } } } } : {}),
            condition: { a: { ref: 'run.userId' }, op: '==', b: { value: 'x' } },
            then: [{ id: 'boom', type: 'control.returnError', inputs: { message: { value: 'no' } }, errorHandling: halt }],
            else: [],
          },
        ],
        ifError: [],
      },
      {
        id: 'cases',
        type: 'control.ifElseIf',
        ...(onContainers ? { errorHandling: halt } : {}),
        cases: [{ condition: { a: { ref: 'run.userId' }, op: '==', b: { value: 'y' } }, cards: [] }],
        else: [],
      },
    ];
    const bad = await call(org, 'POST', '/workflows/api/v1/flows', { body: delegatedFlow('Container handling', cards(true)) });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.body.errorCode).toBe('E0000001');
    expect(bad.body.errorCauses.map((c: any) => c.errorSummary)).toEqual([
      'cards[0].errorHandling: control.ifError is a container and has no error handling of its own: set it on the cards inside, or wrap it in an If Error',
      'cards[0].try[0].errorHandling: control.ifElse is a container and has no error handling of its own: set it on the cards inside, or wrap it in an If Error',
      'cards[1].errorHandling: control.ifElseIf is a container and has no error handling of its own: set it on the cards inside, or wrap it in an If Error',
    ]);
    expect((await call(org, 'GET', '/workflows/api/v1/flows')).body.map((f: any) => f.name)).not.toContain('Container handling');

    const flow = await createFlow(org, delegatedFlow('Container handling', cards(false)));
    const save = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, { body: delegatedFlow('Container handling', cards(true)) });
    expect(save.status, save.text).toBe(400);
    expect(save.body.errorCauses).toHaveLength(3);
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body.version).toBe(1);
  });

  it('warns on save about scopes a card\'s connection was not granted, refuses to turn such a flow on, and lists every card\'s required scopes', async () => {
    const narrow = await createConnection(org, { nickname: 'read only', scopes: ['okta.users.read'] });
    expect(narrow.status, narrow.text).toBe(201);
    const pending = await createFlow(org, delegatedFlow('Before consent', [{ id: 'read', type: 'okta.readUser', connectionId: narrow.body.id, inputs: { user: { ref: 'run.userId' } } }]));
    expect(pending._keyflow.warnings).toEqual([expect.objectContaining({ path: 'cards[0].connectionId', missingScopes: ['okta.users.read'], message: expect.stringContaining('has not been authorized yet') })]);
    await consentAt(org, narrow.body.authorizeUrl);
    expect((await getConnection(org, narrow.body.id)).grantedScopes).not.toContain('okta.users.manage');

    const cards = [
      { id: 'read', type: 'okta.readUser', connectionId: narrow.body.id, inputs: { user: { ref: 'run.userId' } } },
      { id: 'custom', type: 'okta.customApiAction', connectionId: narrow.body.id, inputs: { method: { value: 'GET' }, relativeUrl: { value: '/api/v1/groups' } } },
      {
        id: 'branch',
        type: 'control.ifElse',
        condition: { a: { ref: 'read.status' }, op: '==', b: { value: 'ACTIVE' } },
        then: [{ id: 'deactivate', type: 'okta.deactivateUser', connectionId: narrow.body.id, inputs: { user: { ref: 'run.userId' } } }],
        else: [],
      },
    ];
    const created = await call(org, 'POST', '/workflows/api/v1/flows', { body: delegatedFlow('Needs more', cards) });
    expect(created.status, 'saving is not blocked, as in Okta Workflows').toBe(201);
    const warning = {
      path: 'cards[2].then[0].connectionId',
      cardId: 'deactivate',
      connectionId: narrow.body.id,
      missingScopes: ['okta.users.manage'],
      message: `Deactivate User needs okta.users.manage; connection "read only" (${narrow.body.id}) was not granted it`,
    };
    expect(created.body._keyflow.warnings, 'okta.users.read is granted; Custom API Action needs no scope of its own').toEqual([warning]);
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${created.body.id}`)).body._keyflow.warnings).toEqual([warning]);
    expect((await call(org, 'GET', '/workflows/api/v1/flows?limit=200')).body.find((f: any) => f.id === created.body.id)._keyflow.warnings).toEqual([warning]);

    const refused = await call(org, 'POST', `/workflows/api/v1/flows/${created.body.id}/activate`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: `cards[2].then[0].connectionId: ${warning.message}` }] });
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${created.body.id}`)).body.active).toBe(false);
    expect((await logEvents(org, 'workflows.user.flow.activate')).filter((e) => e.target[0].id === created.body.id)).toEqual([]);

    // An event trigger needs okta.eventHooks.manage: refused before any hook is registered at the org.
    const hooksBefore = (await call(org, 'GET', '/api/v1/eventHooks')).body.length;
    const onEvent = await createFlow(org, { schemaVersion: '1.0', name: 'On deactivation, narrow', kind: 'main', saveExecutionData: true, trigger: { id: 'evt', type: 'okta.event', event: 'user.lifecycle.deactivate', connectionId: narrow.body.id }, cards: [] });
    expect(onEvent._keyflow.warnings).toEqual([expect.objectContaining({ path: 'trigger.connectionId', cardId: null, missingScopes: ['okta.eventHooks.manage'] })]);
    const eventRefused = await call(org, 'POST', `/workflows/api/v1/flows/${onEvent.id}/activate`);
    expect(eventRefused.status).toBe(400);
    expect(eventRefused.body.errorCauses[0].errorSummary).toMatch(/^trigger\.connectionId: An Okta event trigger needs okta\.eventHooks\.manage/);
    expect((await call(org, 'GET', '/api/v1/eventHooks')).body).toHaveLength(hooksBefore);

    // Pointing the card at a connection with the scope clears the warning, and the flow turns on.
    const full = await authorizedConnection(org, { nickname: 'full' });
    const fixed = await call(org, 'PUT', `/workflows/api/v1/flows/${created.body.id}`, { body: delegatedFlow('Needs more', [cards[0], cards[1], { ...cards[2], then: [{ ...(cards[2] as any).then[0], connectionId: full.id }] }]) });
    expect(fixed.body._keyflow.warnings).toEqual([]);
    await activateFlow(org, created.body.id);

    const catalogue = (await call(org, 'GET', '/workflows/api/v1/cards')).body as any[];
    const byType = new Map(catalogue.map((c) => [c.type, c]));
    expect(byType.get('okta.deactivateUser')).toMatchObject({ title: 'Deactivate User', connection: 'required', requiredScopes: ['okta.users.manage'] });
    expect(byType.get('okta.activateUser').requiredScopes).toEqual(['okta.users.read', 'okta.users.manage']);
    expect(byType.get('okta.customApiAction')).toMatchObject({ connection: 'required', requiredScopes: [] });
    expect(byType.get('http.request')).toMatchObject({ connection: 'optional', requiredScopes: [] });
    expect(byType.get('text.compose')).toMatchObject({ connection: 'none', requiredScopes: [] });
    for (const card of catalogue.filter((c) => c.type.startsWith('okta.') && c.type !== 'okta.customApiAction')) expect(card.requiredScopes.length, card.type).toBeGreaterThan(0);
  });

  it('a run answers {executionId} (the issue\'s API), queued or waited for, and the id reads the execution', async () => {
    const flow = await createFlow(org, delegatedFlow('Run answer', [{ id: 'out', type: 'control.return', inputs: { v: { value: 7 } } }]));
    const queued = await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/run`, { body: { inputs: {} } });
    expect(queued.status, queued.text).toBe(202);
    expect(queued.body.executionId).toMatch(/^\w{20}$/);
    expect(queued.body.id, 'the execution itself is still there, for the CLI').toBe(queued.body.executionId);
    const done = await eventually(async () => {
      const res = await call(org, 'GET', `/workflows/api/v1/executions/${queued.body.executionId}`);
      return res.body.status === 'SUCCEEDED' ? res.body : undefined;
    });
    expect(done).toMatchObject({ flowId: flow.id, output: { v: 7 } });

    const waited = await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/run?wait=true`, { body: { inputs: {} } });
    expect(waited.status, waited.text).toBe(200);
    expect(waited.body).toMatchObject({ executionId: waited.body.id, status: 'SUCCEEDED', output: { v: 7 } });
    expect(waited.body.executionId).not.toBe(queued.body.executionId);

    const retried = await call(org, 'POST', `/workflows/api/v1/executions/${waited.body.executionId}/retry?wait=true`);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toMatchObject({ executionId: retried.body.id, trigger: { retryOf: waited.body.executionId } });
  });
});

/** A main flow on this schedule that returns its `scheduledAt`. */
const scheduled = (schedule: Record<string, unknown>, name = 'Scheduled') => ({
  schemaVersion: '1.0',
  name,
  kind: 'main',
  saveExecutionData: true,
  trigger: { id: 'tick', type: 'schedule', schedule },
  cards: [{ id: 'out', type: 'control.return', inputs: { at: { ref: 'tick.scheduledAt' } } }],
});

/** The `scheduledAt` of each of the flow's `count` runs, oldest first, once all of them have ended. */
async function scheduledRuns(org: TestOrg, flowId: string, count: number): Promise<string[]> {
  const runs = await eventually(async () => {
    const all = (await call(org, 'GET', `/workflows/api/v1/flows/${flowId}/executions?limit=200`)).body as any[];
    return all.length === count && all.every((e) => e.status === 'SUCCEEDED') ? all : undefined;
  }, 15_000, `${count} finished runs`);
  return runs.map((e) => e.output.at as string).sort();
}

describe.each(kinds)('scheduled flows with a fake clock (%s store)', (kind) => {
  let org: TestOrg;
  // 10:01 UTC: the every-5-minutes flow is next due at 10:05.
  const clock = new ManualClock(Date.parse('2026-06-01T10:01:00.000Z'));

  beforeAll(async () => {
    org = await startTestOrg(kind, { KEYFLOW_WORKFLOWS_SCHEDULER_MS: '20' }, { clock });
  });
  afterAll(async () => {
    await org?.close();
  });

  const executionsOf = async (flowId: string) => (await call(org, 'GET', `/workflows/api/v1/flows/${flowId}/executions?limit=200`)).body as any[];
  const settle = () => new Promise((r) => setTimeout(r, 200));

  it('runs when due, once per occurrence, and only the latest one after a long gap', async () => {
    const flow = await createFlow(org, {
      schemaVersion: '1.0',
      name: 'Every five minutes',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'tick', type: 'schedule', schedule: { frequency: 'minute', interval: 5, timezone: 'UTC' } },
      cards: [{ id: 'out', type: 'control.return', inputs: { at: { ref: 'tick.scheduledAt' } } }],
    });
    await activateFlow(org, flow.id);
    clock.advance(3);
    await settle();
    expect(await executionsOf(flow.id)).toEqual([]);

    clock.advance(2); // 10:06
    const first = await eventually(async () => (await executionsOf(flow.id)).find((e) => e.status === 'SUCCEEDED'));
    expect(first).toMatchObject({ trigger: { type: 'schedule' }, output: { at: '2026-06-01T10:05:00.000Z' } });
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(1);

    clock.advance(60); // 11:06: twelve occurrences were missed; the latest (11:05) runs
    const latest = await eventually(async () => (await executionsOf(flow.id)).find((e) => e.output?.at === '2026-06-01T11:05:00.000Z' && e.status === 'SUCCEEDED'));
    expect(latest).toBeTruthy();
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(2);

    await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`);
    clock.advance(30);
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(2);
  });

  const save = async (flowId: string, definition: Record<string, unknown>) => {
    const saved = await call(org, 'PUT', `/workflows/api/v1/flows/${flowId}`, { body: definition });
    expect(saved.status, saved.text).toBe(200);
    return saved.body;
  };
  const ranAt = (flowId: string, count: number) => scheduledRuns(org, flowId, count);

  it('a save gives an active flow its new schedule or time zone at once, counted from the save: no occurrence of the old schedule, nor of the new one before the save, runs', async () => {
    clock.advanceTo('2026-06-02T07:00:00.000Z');
    const flow = await createFlow(org, scheduled({ frequency: 'day', interval: 1, time: '08:00', timezone: 'UTC' }, 'Daily'));
    await activateFlow(org, flow.id);
    clock.advanceTo('2026-06-02T08:01:00.000Z');
    expect(await ranAt(flow.id, 1)).toEqual(['2026-06-02T08:00:00.000Z']);

    // 08:00 in New York is 12:00Z (EDT), already past at 12:30Z: the new schedule starts after the save.
    clock.advanceTo('2026-06-02T12:30:00.000Z');
    await save(flow.id, scheduled({ frequency: 'day', interval: 1, time: '08:00', timezone: 'America/New_York' }, 'Daily'));
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(1);
    clock.advanceTo('2026-06-03T08:01:00.000Z'); // the old schedule's time
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(1);
    clock.advanceTo('2026-06-03T12:01:00.000Z');
    expect(await ranAt(flow.id, 2)).toEqual(['2026-06-02T08:00:00.000Z', '2026-06-03T12:00:00.000Z']);

    // Another frequency: the next five-minute mark after the save.
    await save(flow.id, scheduled({ frequency: 'minute', interval: 5, timezone: 'UTC' }, 'Every five'));
    clock.advance(4); // 12:05
    expect((await ranAt(flow.id, 3)).at(-1)).toBe('2026-06-03T12:05:00.000Z');

    // Off the schedule (still active, now run by an admin): nothing fires.
    clock.advance(1); // 12:06
    await save(flow.id, delegatedFlow('Not scheduled', [{ id: 'out', type: 'control.return', inputs: {} }]));
    clock.advance(10); // 12:16
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(3);

    // Back on it, it counts from this save, not from the mark it had before (12:05): 12:10 and 12:15 do not run.
    await save(flow.id, scheduled({ frequency: 'minute', interval: 5, timezone: 'UTC' }, 'Every five'));
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(3);
    clock.advance(4); // 12:20
    expect((await ranAt(flow.id, 4)).at(-1)).toBe('2026-06-03T12:20:00.000Z');

    // A save that keeps the schedule (another card) keeps its count: 12:25 runs once, as it would have.
    await save(flow.id, { ...scheduled({ timezone: 'UTC', interval: 5, frequency: 'minute' }, 'Every five, renamed') });
    clock.advance(5); // 12:25
    expect((await ranAt(flow.id, 5)).at(-1)).toBe('2026-06-03T12:25:00.000Z');
    await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`);
  });
});

// Its own org and clock: the months from June to November would outlive the admin's API token (30 idle days).
describe.each(kinds)('a scheduled flow across a change of daylight saving time, with a fake clock (%s store)', (kind) => {
  let org: TestOrg;
  const clock = new ManualClock(Date.parse('2026-10-31T11:00:00.000Z'));

  beforeAll(async () => {
    org = await startTestOrg(kind, { KEYFLOW_WORKFLOWS_SCHEDULER_MS: '20' }, { clock });
  });
  afterAll(async () => {
    await org?.close();
  });

  const executionsOf = async (flowId: string) => (await call(org, 'GET', `/workflows/api/v1/flows/${flowId}/executions?limit=200`)).body as any[];
  const settle = () => new Promise((r) => setTimeout(r, 200));
  const ranAt = (flowId: string, count: number) => scheduledRuns(org, flowId, count);

  it('a daily flow in America/New_York runs at 09:00 local on both sides of the end of daylight saving time', async () => {
    clock.advanceTo('2026-10-31T12:00:00.000Z');
    const flow = await createFlow(org, scheduled({ frequency: 'day', interval: 1, time: '09:00', timezone: 'America/New_York' }, 'New York mornings'));
    await activateFlow(org, flow.id);
    clock.advanceTo('2026-10-31T13:01:00.000Z'); // 09:01 EDT
    expect(await ranAt(flow.id, 1)).toEqual(['2026-10-31T13:00:00.000Z']);
    clock.advanceTo('2026-11-01T13:01:00.000Z'); // 08:01 EST: clocks went back at 02:00
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(1);
    clock.advanceTo('2026-11-01T14:01:00.000Z'); // 09:01 EST
    expect(await ranAt(flow.id, 2)).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
    await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`);
  });
});

describe.skipIf(!kinds.includes('postgres'))('scheduled flows in two processes on one PostgreSQL, with a fake clock', () => {
  let org: TestOrg;
  let second: TestOrg;
  const clock = new ManualClock(Date.parse('2026-06-01T10:00:30.000Z'));

  beforeAll(async () => {
    org = await startTestOrg('postgres', { KEYFLOW_WORKFLOWS_SCHEDULER_MS: '20' }, { clock });
    second = await startSecondProcess(org, { KEYFLOW_WORKFLOWS_SCHEDULER_MS: '20' }, { clock });
  });
  afterAll(async () => {
    await second?.app.close();
    await org?.close();
  });

  const executionsOf = async (flowId: string) => (await call(org, 'GET', `/workflows/api/v1/flows/${flowId}/executions?limit=200`)).body as any[];
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('both processes tick, each occurrence runs once, and a save through one process moves both to the new schedule at once', async () => {
    const flow = await createFlow(org, {
      schemaVersion: '1.0',
      name: 'Every minute',
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'tick', type: 'schedule', schedule: { frequency: 'minute', interval: 1, timezone: 'UTC' } },
      cards: [{ id: 'out', type: 'control.return', inputs: { at: { ref: 'tick.scheduledAt' } } }],
    });
    await activateFlow(second, flow.id);
    for (let minute = 1; minute <= 6; minute++) {
      clock.advance(1);
      await eventually(async () => (await executionsOf(flow.id)).some((e) => e.output?.at === `2026-06-01T10:0${minute}:00.000Z`));
      await settle();
    }
    const runs = await executionsOf(flow.id);
    expect(runs.map((e) => e.output?.at).sort()).toEqual([1, 2, 3, 4, 5, 6].map((m) => `2026-06-01T10:0${m}:00.000Z`));

    // 10:06:30: every five minutes from now on, saved through the first process; the second one fires
    // as often as the first, and neither runs 10:07, 10:08 or 10:09 of the old schedule.
    const saved = await call(org, 'PUT', `/workflows/api/v1/flows/${flow.id}`, {
      body: { ...flow.definition, trigger: { id: 'tick', type: 'schedule', schedule: { frequency: 'minute', interval: 5, timezone: 'UTC' } } },
    });
    expect(saved.status, saved.text).toBe(200);
    for (let minute = 7; minute <= 9; minute++) {
      clock.advance(1);
      await settle();
    }
    expect(await executionsOf(flow.id)).toHaveLength(6);
    clock.advance(1); // 10:10:30
    await eventually(async () => (await executionsOf(flow.id)).some((e) => e.output?.at === '2026-06-01T10:10:00.000Z'));
    await settle();
    expect(await executionsOf(flow.id)).toHaveLength(7);
    await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`);
  });
});
