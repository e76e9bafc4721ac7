import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredStore } from '../../src/app.js';
import { buildLogEvent, groupTarget, jobContext } from '../../src/core/log-event-builder.js';
import { cryptoIds } from '../../src/platform/node-platform.js';
import { eventually, HookReceiver, type Answer } from '../support/hook-receiver.js';
import { unique } from '../support/okta-client.js';
import { call, restartTestOrg, startSecondProcess, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * Event hook delivery (okta-api.md §12) through a real server and real receivers (node:http on
 * 127.0.0.1), on every store kind: Okta's payload and headers, filters, retries with backoff after a
 * failure, skipped batches after a 4xx, batching, delivery status on the hook, durability across
 * restarts, and no double delivery between two processes on one PostgreSQL. Retry delays are made short
 * through configuration; nothing here waits on the clock, only for outcomes.
 */

const kinds = await storeKinds();

const FAST = { KEYFLOW_EVENT_HOOK_RETRY_MS: '20', KEYFLOW_EVENT_HOOK_RETRY_MAX_MS: '100', KEYFLOW_EVENT_HOOK_POLL_MS: '50' };
const SECRET = 'Bearer hook-secret';

describe.each(kinds)('event hook delivery (%s store)', (kind) => {
  let org: TestOrg;

  beforeAll(async () => {
    org = await startTestOrg(kind, FAST);
  });
  afterAll(async () => {
    await org?.close();
  });

  /** A new receiver and an ACTIVE, VERIFIED hook on it for `items` (one filter per entry of `filters`). */
  async function verifiedHook(items: string[], filters: Record<string, string> = {}): Promise<{ hook: any; receiver: HookReceiver }> {
    const receiver = await HookReceiver.start();
    const eventFilterMap = Object.entries(filters).map(([event, expression]) => ({ event, condition: { expression } }));
    const body = {
      name: unique('Delivery '),
      events: { type: 'EVENT_TYPE', items, ...(eventFilterMap.length > 0 ? { filter: { type: 'EXPRESSION_LANGUAGE', eventFilterMap } } : {}) },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url, headers: [{ key: 'X-Tenant', value: 'acme' }], authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET } } },
    };
    const created = await call(org, 'POST', '/api/v1/eventHooks', { body });
    expect(created.status, created.text).toBe(200);
    const verified = await call(org, 'POST', `/api/v1/eventHooks/${created.body.id}/lifecycle/verify`);
    expect(verified.status, verified.text).toBe(200);
    return { hook: verified.body, receiver };
  }

  async function createGroup(name: string, via: Pick<TestOrg, 'url' | 'token'> = org): Promise<string> {
    const res = await call(via, 'POST', '/api/v1/groups', { body: { profile: { name } } });
    expect(res.status, res.text).toBe(200);
    return res.body.id;
  }

  /** The `group.lifecycle.create` event of a group, read back from the System Log. */
  async function creationEvent(groupId: string): Promise<any> {
    const res = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "group.lifecycle.create"')}&limit=1000`);
    return (res.body as any[]).find((e) => e.target[0].id === groupId);
  }

  /** The hook's `_keyflow.delivery`, once `ready` holds for it. */
  const deliveryWhen = (hookId: string, ready: (d: any) => boolean) =>
    eventually(async () => {
      const d = (await call(org, 'GET', `/api/v1/eventHooks/${hookId}`)).body._keyflow.delivery;
      return ready(d) && d;
    });
  const deliveredGroups = (receiver: HookReceiver) => receiver.deliveredEvents.map((e) => e.target[0].displayName);
  /** Answers `status` to the first `n` POSTs, then takes everything. */
  const failFirst = (n: number, status: number): Answer => {
    let left = n;
    return (c) => (c.method === 'POST' && left-- > 0 ? { status } : { status: 200, body: c.method === 'GET' ? { verification: c.headers['x-okta-verification-challenge'] } : undefined });
  };

  it("POSTs Okta's payload with the hook's headers and auth header, from verification on, not history", async () => {
    const before = await createGroup(unique('Before '));
    const { hook, receiver } = await verifiedHook(['group.lifecycle.create']);
    try {
      const groupId = await createGroup(unique('After '));
      await eventually(() => receiver.deliveries.length === 1);
      const [post] = receiver.deliveries;
      expect(post!.headers).toMatchObject({
        authorization: SECRET,
        'x-tenant': 'acme',
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': 'Okta-Integrations',
      });
      expect(post!.body).toEqual({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        source: `${org.url}/api/v1/eventHooks/${hook.id}`,
        eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        contentType: 'application/json',
        data: { events: [await creationEvent(groupId)] },
      });
      expect(receiver.deliveredEvents.some((e) => e.target[0].id === before)).toBe(false);
      const status = await deliveryWhen(hook.id, (d) => d.logEventsBehind === 0);
      expect(status).toMatchObject({ status: 'OK', lastError: null, consecutiveFailures: 0, nextAttemptAt: null });
      expect(status.lastDeliveredAt).not.toBeNull();
    } finally {
      await receiver.down();
    }
  });

  it('delivers only subscribed event types whose filter the event passes', async () => {
    const { receiver } = await verifiedHook(['group.lifecycle.create', 'group.lifecycle.delete'], { 'group.lifecycle.create': 'target.displayName sw "Sales"' });
    try {
      const sales = unique('Sales ');
      const marketing = unique('Marketing ');
      await createGroup(sales);
      const marketingId = await createGroup(marketing);
      await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { login: `${unique('u')}@example.com`, email: 'u@example.com', firstName: 'U', lastName: 'U' } } });
      expect((await call(org, 'DELETE', `/api/v1/groups/${marketingId}`)).status).toBe(204);
      // Delivery keeps log order, so once the deletion is in, anything before it that matched is too.
      await eventually(() => receiver.deliveredEvents.some((e) => e.eventType === 'group.lifecycle.delete'));
      expect(receiver.deliveredEvents.map((e) => [e.eventType, e.target[0].displayName])).toEqual([
        ['group.lifecycle.create', sales],
        ['group.lifecycle.delete', marketing],
      ]);
    } finally {
      await receiver.down();
    }
  });

  it('retries a batch the receiver failed (500) until it takes it, logging event_hook.delivery', async () => {
    const { hook, receiver } = await verifiedHook(['group.lifecycle.create']);
    receiver.answer = () => ({ status: 500, body: { error: 'busy' } });
    try {
      const name = unique('Retried ');
      const groupId = await createGroup(name);
      const retrying = await deliveryWhen(hook.id, (d) => d.consecutiveFailures >= 2);
      expect(retrying).toMatchObject({ lastError: { status: 500, message: 'HTTP 500: {"error":"busy"}' } });
      expect(retrying.status).toBe(retrying.consecutiveFailures >= 5 ? 'FAILING' : 'RETRYING');
      expect(retrying.nextAttemptAt).not.toBeNull();
      receiver.answer = failFirst(0, 200);
      await eventually(() => receiver.deliveries.length === 1);
      expect(receiver.deliveredEvents.map((e) => e.target[0].id)).toEqual([groupId]);
      // Every attempt carried the same event.
      const posts = receiver.calls.filter((c) => c.method === 'POST');
      expect(posts.length).toBeGreaterThanOrEqual(3);
      for (const p of posts) expect(p.body.data.events.map((e: any) => e.target[0].id)).toEqual([groupId]);
      const after = await deliveryWhen(hook.id, (d) => d.status === 'OK');
      expect(after).toMatchObject({ consecutiveFailures: 0, nextAttemptAt: null, lastError: { status: 500 } });

      // One failure event per hook per minute, however many attempts failed.
      const failures = await eventually(async () => {
        const res = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "event_hook.delivery"')}&limit=1000`);
        const mine = (res.body as any[]).filter((e) => e.target[0].id === hook.id);
        return mine.length > 0 && mine;
      });
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({
        severity: 'WARN',
        actor: { id: 'system@okta.com', type: 'SystemPrincipal' },
        outcome: { result: 'FAILURE', reason: 'HTTP 500: {"error":"busy"}' },
        target: [{ id: hook.id, type: 'EventHook', displayName: hook.name }],
        transaction: { type: 'JOB' },
      });
      expect(failures[0].debugContext.debugData).toMatchObject({ httpStatus: '500', willRetry: 'true', eventsInBatch: '1' });
      // A hook is never sent event_hook.* events, its own failures included.
      expect(receiver.deliveredEvents.every((e) => !e.eventType.startsWith('event_hook.'))).toBe(true);
    } finally {
      await receiver.down();
    }
  });

  it('skips a batch the receiver refuses with a 4xx (as Okta does not retry 4xx) and goes on with the next', async () => {
    const { hook, receiver } = await verifiedHook(['group.lifecycle.create']);
    receiver.answer = failFirst(1, 400);
    try {
      const refusedName = unique('Refused ');
      await createGroup(refusedName);
      const failing = await deliveryWhen(hook.id, (d) => d.status === 'FAILING');
      expect(failing).toMatchObject({ consecutiveFailures: 0, nextAttemptAt: null, lastError: { status: 400, message: 'HTTP 400' } });
      const nextName = unique('Next ');
      await createGroup(nextName);
      await eventually(() => receiver.deliveries.length === 1);
      expect(deliveredGroups(receiver)).toEqual([nextName]);
      expect(receiver.calls.filter((c) => c.method === 'POST').map((c) => c.body.data.events[0].target[0].displayName)).toEqual([refusedName, nextName]);
      await deliveryWhen(hook.id, (d) => d.status === 'OK');
    } finally {
      await receiver.down();
    }
  });

  it('sends at most 50 events per request, in log order', async () => {
    const { receiver } = await verifiedHook(['group.lifecycle.create']);
    receiver.answer = () => ({ status: 503 });
    try {
      const names: string[] = [];
      for (let i = 0; i < 60; i++) names.push(unique(`Batch${String(i).padStart(2, '0')} `));
      for (const name of names) await createGroup(name);
      receiver.answer = failFirst(0, 200);
      await eventually(() => receiver.deliveredEvents.length === 60);
      expect(deliveredGroups(receiver)).toEqual(names);
      expect(receiver.deliveries.map((c) => c.body.data.events.length)).toEqual([50, 10]);
      for (const c of receiver.calls) expect(c.body?.data?.events?.length ?? 0).toBeLessThanOrEqual(50);
    } finally {
      await receiver.down();
    }
  });

  it('retries while the receiver is unreachable and delivers when it is back', async () => {
    const { hook, receiver } = await verifiedHook(['group.lifecycle.create']);
    await receiver.down();
    const name = unique('Unreachable ');
    await createGroup(name);
    const down = await deliveryWhen(hook.id, (d) => d.consecutiveFailures >= 1);
    expect(down.lastError).toMatchObject({ status: null, message: 'Connection failed: ECONNREFUSED' });
    await receiver.up();
    try {
      await eventually(() => receiver.deliveries.length === 1);
      expect(deliveredGroups(receiver)).toEqual([name]);
    } finally {
      await receiver.down();
    }
  });

  it('delivers nothing while a hook is INACTIVE, and on reactivation starts with what happens next', async () => {
    const { hook, receiver } = await verifiedHook(['group.lifecycle.create']);
    try {
      expect((await call(org, 'POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`)).status).toBe(200);
      await createGroup(unique('WhileInactive '));
      expect((await call(org, 'POST', `/api/v1/eventHooks/${hook.id}/lifecycle/activate`)).status).toBe(200);
      const next = unique('Reactivated ');
      await createGroup(next);
      await eventually(() => receiver.deliveries.length >= 1);
      expect(deliveredGroups(receiver)).toEqual([next]);
    } finally {
      await receiver.down();
    }
  });

  it('loses nothing across restarts: events pending for a down receiver, and events written while the server was stopped', async () => {
    const { hook, receiver } = await verifiedHook(['group.lifecycle.create']);
    await receiver.down();
    const pending = unique('Pending ');
    await createGroup(pending);
    await deliveryWhen(hook.id, (d) => d.consecutiveFailures >= 1);

    const offline = unique('Offline ');
    await restartTestOrg(org, async () => {
      // Another writer appends to the log while this server is stopped (SQLite: the file is free now).
      const store = await openConfiguredStore(org.app.config);
      try {
        const now = new Date().toISOString();
        const event = buildLogEvent(jobContext('offline-writer'), { eventType: 'group.lifecycle.create', targets: [groupTarget({ id: '00gOffline0000000000', name: offline } as any)] }, cryptoIds.uuid(), now);
        await store.transaction((tx) => tx.logEvents.append([event], now));
      } finally {
        await store.close();
      }
      await receiver.up();
    });
    try {
      await eventually(() => receiver.deliveredEvents.length === 2);
      expect(deliveredGroups(receiver)).toEqual([pending, offline]);
    } finally {
      await receiver.down();
    }
  });

  // Several processes share one database only on PostgreSQL (SQLite is opened by one process).
  if (kind === 'postgres') {
    it('two processes on one database deliver every event once: the per-hook lease admits one at a time', async () => {
      const second = await startSecondProcess(org);
      try {
        const secondUrl = { url: `http://127.0.0.1:${(second.app.api.server.address() as { port: number }).port}`, token: org.token };
        const { receiver } = await verifiedHook(['group.lifecycle.create']);
        try {
          const names: string[] = [];
          for (let i = 0; i < 40; i++) {
            const name = unique(`Twice${i} `);
            names.push(name);
            await createGroup(name, i % 2 === 0 ? org : secondUrl);
          }
          await eventually(() => receiver.deliveredEvents.length >= 40);
          // Let both dispatchers look again: a duplicate would show up now.
          await createGroup(unique('Last '), secondUrl);
          await eventually(() => receiver.deliveredEvents.length >= 41);
          const uuids = receiver.deliveredEvents.map((e) => e.uuid);
          expect(new Set(uuids).size).toBe(uuids.length);
          expect(deliveredGroups(receiver).slice(0, 40)).toEqual(names);
        } finally {
          await receiver.down();
        }
      } finally {
        await second.app.close();
      }
    });
  }
});
