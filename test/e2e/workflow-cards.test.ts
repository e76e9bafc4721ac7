import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HookReceiver, eventually } from '../support/hook-receiver.js';
import { logEvents } from '../support/oauth-flows.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, createFlow, delegatedFlow, getConnection, runFlow, workflowsApp } from '../support/workflows.js';

/**
 * Every Okta card against the org through a real connection, helper flows (Call Flow, For Each, Map,
 * Filter, streaming), and each card error path (retries of 5xx only, then halt, return values or run a
 * helper flow), on each store. Outcomes are read from the org and from execution history over HTTP.
 */

const kinds = await storeKinds();

describe.each(kinds)('Workflows cards (%s store)', (kind) => {
  let org: TestOrg;
  let connectionId: string;
  let receiver: HookReceiver;

  beforeAll(async () => {
    org = await startTestOrg(kind);
    connectionId = (await authorizedConnection(org, { nickname: 'cards' })).id;
    receiver = await HookReceiver.start();
  });
  afterAll(async () => {
    await org?.close();
    await receiver?.down();
  });

  const helper = (name: string, inputs: { key: string; type: string }[], cards: unknown[]) => ({ schemaVersion: '1.0', name, kind: 'helper', saveExecutionData: true, trigger: { id: 'in', type: 'helper', inputs }, cards });
  const okta = (id: string, type: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ id, type, connectionId, inputs, ...extra });
  const v = (value: unknown) => ({ value });
  const r = (ref: string) => ({ ref });

  it('runs every Okta card through the connection: create, read, update, suspend, unsuspend, groups, list, search logs, custom API action, deactivate and the two-step delete', async () => {
    const group = (await call(org, 'POST', '/api/v1/groups', { body: { profile: { name: 'Card testers' } } })).body;
    const login = `card-user-${kind}@example.com`;
    const flow = await createFlow(
      org,
      delegatedFlow('All Okta cards', [
        okta('create', 'okta.createUser', { profile: v({ firstName: 'Card', lastName: 'User', email: login, login }), password: v('Card-Passw0rd'), activate: v(false) }),
        okta('activate', 'okta.activateUser', { user: r('create.id'), sendEmail: v(false) }),
        okta('read', 'okta.readUser', { user: v(login) }),
        okta('update', 'okta.updateUser', { user: r('create.id'), profile: v({ department: 'Ops' }) }),
        okta('suspend', 'okta.suspendUser', { user: r('create.id') }),
        okta('unsuspend', 'okta.unsuspendUser', { user: r('create.id') }),
        okta('join', 'okta.addUserToGroup', { groupId: v(group.id), userId: r('create.id') }),
        { id: 'groupsUrl', type: 'text.compose', inputs: { template: v('/api/v1/users/{{id}}/groups'), id: r('create.id') } },
        okta('groups', 'okta.customApiAction', { method: v('GET'), relativeUrl: r('groupsUrl.output') }),
        okta('leave', 'okta.removeUserFromGroup', { groupId: v(group.id), userId: r('create.id') }),
        okta('find', 'okta.listUsers', { search: v('profile.department eq "Ops"'), resultSet: v('first200') }),
        { id: 'logFilter', type: 'text.compose', inputs: { template: v('eventType eq "user.lifecycle.suspend" and target.id eq "{{id}}"'), id: r('create.id') } },
        okta('logs', 'okta.searchLogs', { filter: r('logFilter.output') }),
        okta('deactivate', 'okta.deactivateUser', { user: r('create.id') }),
        okta('delete1', 'okta.deleteUser', { user: r('create.id') }),
        {
          id: 'gone',
          type: 'control.ifError',
          try: [okta('reread', 'okta.readUser', { user: r('create.id') })],
          ifError: [],
          outputs: [{ key: 'code', type: 'number', try: v(200), ifError: r('gone.error.code') }, { key: 'errorCode', type: 'text', try: v(null), ifError: r('gone.error.errorCode') }],
        },
        {
          id: 'out',
          type: 'control.return',
          inputs: {
            created: r('create.status'),
            activated: r('read.status'),
            read: r('read.profile.login'),
            department: r('update.profile.department'),
            groupNames: r('groups.body'),
            found: r('find.count'),
            suspensions: r('logs.count'),
            deleteStatus: r('delete1.statusCode'),
            goneCode: r('gone.code'),
            goneErrorCode: r('gone.errorCode'),
          },
        },
      ]),
    );
    const execution = await runFlow(org, flow.id);
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    const out = execution.output;
    expect(out).toMatchObject({ created: 'STAGED', activated: 'ACTIVE', read: login, department: 'Ops', found: 1, suspensions: 1, deleteStatus: 204, goneCode: 404, goneErrorCode: 'E0000007' });
    expect(out.groupNames.map((g: any) => g.profile.name)).toContain('Card testers');
    expect(execution.cards.find((c: any) => c.cardId === 'create').inputs.password, 'history never keeps a password').toBe('[REDACTED]');
    // Each card's calls join to the org's events, which name the admin and Azuqua.
    const suspend = execution.cards.find((c: any) => c.cardId === 'suspend');
    const [suspended] = (await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent(`transaction.id eq "${suspend.requestIds[0]}"`)}`)).body;
    expect(suspended).toMatchObject({ eventType: 'user.lifecycle.suspend', actor: { id: org.adminId }, client: { userAgent: { rawUserAgent: 'Azuqua' } } });
    // Deactivated first, the user was deleted by Delete User's one call (Okta's two-step rule).
    // Filtered by the user: other tests in this org delete users too, in whatever order they run.
    const createdId = execution.cards.find((c: any) => c.cardId === 'create').outputs.id;
    expect(createdId).toMatch(/^00u/);
    expect((await logEvents(org, 'user.lifecycle.delete.completed')).filter((e) => e.target[0].id === createdId).map((e) => e.actor.id)).toEqual([org.adminId]);
  });

  it('Okta cards\' options: Deactivate User sends sendEmail, List Users "first" returns one, Search System Logs by keyword within since/until, and Delete User on an ACTIVE user only deactivates it first', async () => {
    const person = async (login: string, department: string) => {
      const res = await call(org, 'POST', '/api/v1/users?activate=true', { body: { profile: { firstName: 'Opt', lastName: 'User', email: login, login, department } } });
      expect(res.status, res.text).toBe(200);
      return res.body.id as string;
    };
    const before = new Date(Date.now() - 1000).toISOString();
    const department = `Options-${kind}`;
    const [mailed, quiet, doomed] = [await person(`mailed-${kind}@example.com`, department), await person(`quiet-${kind}@example.com`, department), await person(`doomed-${kind}@example.com`, 'Elsewhere')];
    const after = new Date(Date.now() + 1000).toISOString();
    const flow = await createFlow(
      org,
      delegatedFlow('Card options', [
        okta('first', 'okta.listUsers', { search: v(`profile.department eq "${department}"`), resultSet: v('first') }),
        okta('all', 'okta.listUsers', { search: v(`profile.department eq "${department}"`), resultSet: v('first200') }),
        okta('mail', 'okta.deactivateUser', { user: v(mailed), sendEmail: v(true) }),
        okta('noMail', 'okta.deactivateUser', { user: v(quiet) }),
        okta('byKeyword', 'okta.searchLogs', { keyword: v(`doomed-${kind}@example.com`), since: v(before), until: v(after) }),
        okta('earlier', 'okta.searchLogs', { keyword: v(`doomed-${kind}@example.com`), since: v(new Date(Date.parse(before) - 3_600_000).toISOString()), until: v(before) }),
        okta('firstLog', 'okta.searchLogs', { filter: v(`target.id eq "${doomed}"`), since: v(before), resultSet: v('first') }),
        okta('delete1', 'okta.deleteUser', { user: v(doomed) }),
        okta('reread', 'okta.readUser', { user: v(doomed) }),
        okta('delete2', 'okta.deleteUser', { user: v(doomed) }),
        {
          id: 'out',
          type: 'control.return',
          inputs: {
            firstCount: r('first.count'),
            firstUsers: r('first.users'),
            firstUser: r('first.user.id'),
            allCount: r('all.count'),
            keywordEvents: r('byKeyword.events'),
            earlierCount: r('earlier.count'),
            firstLogCount: r('firstLog.count'),
            delete1: r('delete1.statusCode'),
            afterFirstDelete: r('reread.status'),
            delete2: r('delete2.statusCode'),
          },
        },
      ]),
    );
    const execution = await runFlow(org, flow.id);
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    const out = execution.output;

    // List Users "first": one user, though two match.
    expect(out.allCount).toBe(2);
    expect(out.firstCount).toBe(1);
    expect(out.firstUsers).toHaveLength(1);
    expect([mailed, quiet]).toContain(out.firstUser);

    // Deactivate User passes sendEmail on to the org (false unless set), as the org's event records.
    const deactivations = await logEvents(org, 'user.lifecycle.deactivate');
    const urlOf = (id: string) => deactivations.find((e) => e.target[0].id === id).debugContext.debugData.url as string;
    expect(urlOf(mailed)).toContain('sendEmail=true');
    expect(urlOf(quiet)).toContain('sendEmail=false');

    // Search System Logs: the keyword finds the events about that user inside since/until, none before.
    expect(out.keywordEvents.length).toBeGreaterThan(0);
    for (const event of out.keywordEvents) expect(JSON.stringify(event)).toContain(`doomed-${kind}@example.com`);
    expect(out.keywordEvents.map((e: any) => e.eventType)).toContain('user.lifecycle.create');
    expect(out.earlierCount).toBe(0);
    expect(out.firstLogCount).toBe(1);

    // Delete User on an ACTIVE user: the first call only deactivates (Okta's two-step rule), the second deletes.
    expect(out).toMatchObject({ delete1: 204, afterFirstDelete: 'DEPROVISIONED', delete2: 204 });
    expect((await call(org, 'GET', `/api/v1/users/${doomed}`)).status).toBe(404);
    expect((await logEvents(org, 'user.lifecycle.deactivate')).filter((e) => e.target[0].id === doomed)).toHaveLength(1);
    expect((await logEvents(org, 'user.lifecycle.delete.completed')).filter((e) => e.target[0].id === doomed)).toHaveLength(1);
  });

  it('the HTTP card with a connection calls the connection\'s org as its consenting admin, marked Azuqua, relative or absolute URL', async () => {
    const target = await createPerson(org, `http-target-${kind}@example.com`, 'Targ3t-Passw0rd');
    const flow = await createFlow(
      org,
      delegatedFlow('HTTP through the connection', [
        { id: 'me', type: 'http.request', connectionId, inputs: { method: v('GET'), url: v('/api/v1/users/me'), headers: { value: { Authorization: 'SSWS not-this-one' } } } },
        { id: 'suspendUrl', type: 'text.compose', inputs: { template: v(`${org.url}/api/v1/users/{{id}}/lifecycle/suspend`), id: r('run.userId') } },
        { id: 'suspend', type: 'http.request', connectionId, inputs: { method: v('POST'), url: r('suspendUrl.output') } },
        { id: 'out', type: 'control.return', inputs: { me: r('me.body.id'), meStatus: r('me.statusCode'), suspended: r('suspend.statusCode') } },
      ]),
    );
    expect(flow.connectionIds, 'the HTTP card\'s connection counts as a use of it').toEqual([connectionId]);
    const execution = await runFlow(org, flow.id, { userId: target });
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    // `me` is whoever consented, not the SSWS header the card tried to send.
    expect(execution.output).toEqual({ me: org.adminId, meStatus: 200, suspended: 200 });
    expect((await call(org, 'GET', `/api/v1/users/${target}`)).body.status).toBe('SUSPENDED');
    const card = execution.cards.find((c: any) => c.cardId === 'suspend');
    expect(card).toMatchObject({ httpStatus: 200, requestIds: [expect.any(String)] });
    const [event] = (await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent(`transaction.id eq "${card.requestIds[0]}"`)}`)).body;
    expect(event).toMatchObject({
      eventType: 'user.lifecycle.suspend',
      actor: { id: org.adminId },
      client: { userAgent: { rawUserAgent: 'Azuqua' } },
      target: [{ id: target }],
      debugContext: { debugData: { workflowsFlowId: flow.id, workflowsExecutionId: execution.id, workflowsCardId: 'suspend' } },
    });
  });

  it('the HTTP card with a connection refuses a URL on another host before sending anything, and without one takes no relative URL', async () => {
    const before = receiver.calls.length;
    const thirdParty = receiver.url.replace(/\/hook$/, '/steal');
    const flow = await createFlow(
      org,
      delegatedFlow('HTTP to a third party', [{ id: 'leak', type: 'http.request', connectionId, inputs: { method: v('GET'), url: v(thirdParty) }, errorHandling: { retry: 2, retryDelayMs: 0, then: 'halt' } }]),
    );
    const execution = await runFlow(org, flow.id);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toMatchObject({ code: 'INVALID_INPUT', method: 'leak' });
    expect(execution.error.message).toContain("is not the connection's org");
    expect(execution.error.message).toContain(new URL(thirdParty).origin);
    expect(execution.cards[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(receiver.calls.length, 'no request reached the third party').toBe(before);
    // A look-alike host (the org's name as user info) is another host too.
    const lookAlike = await runFlow(org, (await createFlow(org, delegatedFlow('HTTP look-alike', [{ id: 'leak', type: 'http.request', connectionId, inputs: { method: v('GET'), url: v(thirdParty.replace('http://', `http://${new URL(org.url).host}@`)) } }]))).id);
    expect(lookAlike).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_INPUT' } });
    expect(receiver.calls.length).toBe(before);
    expect((await getConnection(org, connectionId)).status, 'a refused URL says nothing about the connection').toBe('ACTIVE');

    const noConnection = await runFlow(org, (await createFlow(org, delegatedFlow('HTTP relative, no connection', [{ id: 'rel', type: 'http.request', inputs: { method: v('GET'), url: v('/api/v1/users/me') } }]))).id);
    expect(noConnection).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_INPUT', message: expect.stringContaining('a relative URL needs a connection') } });

    const noneCard = await call(org, 'POST', '/workflows/api/v1/flows', { body: delegatedFlow('Compose with a connection', [{ id: 'c', type: 'text.compose', connectionId, inputs: { template: v('x') } }]) });
    expect(noneCard.status).toBe(400);
    expect(noneCard.body.errorCauses).toEqual([{ errorSummary: 'cards[0].connectionId: Compose uses no connection' }]);
  });

  it('the HTTP card turns its connection ERROR on a 401/403 from the org, unretried, as Okta cards do', async () => {
    const app = await workflowsApp(org);
    const login = `http-owner-${kind}@example.com`;
    const owner = await createPerson(org, login, 'Own3r-Passw0rd', 'SUPER_ADMIN');
    await assignUser(org, app.id, owner);
    const connection = await authorizedConnection(org, { nickname: 'http owner', username: login, password: 'Own3r-Passw0rd' });
    const flow = await createFlow(org, delegatedFlow('HTTP as owner', [{ id: 'me', type: 'http.request', connectionId: connection.id, inputs: { method: v('GET'), url: v('/api/v1/users/me') }, errorHandling: { retry: 2, retryDelayMs: 0, then: 'halt' } }]));
    expect((await runFlow(org, flow.id)).status).toBe('SUCCEEDED');
    expect((await call(org, 'POST', `/api/v1/users/${owner}/lifecycle/suspend`)).status).toBe(200);
    const execution = await runFlow(org, flow.id);
    expect(execution).toMatchObject({ status: 'FAILED', error: { code: 403, errorCode: 'E0000006', method: 'me' } });
    expect(execution.cards[0]).toMatchObject({ attempts: 1, httpStatus: 403 });
    expect(await getConnection(org, connection.id)).toMatchObject({ status: 'ERROR', lastError: { status: 403, errorCode: 'E0000006' } });
  });

  it('runs helper flows: Call Flow waits for the Return, Map and Filter keep item order, For Each honours its concurrency, List Users streams, Call Flow Async queues', async () => {
    const echo = await createFlow(org, helper('Echo', [{ key: 'item', type: 'text' }], [{ id: 'ret', type: 'control.return', inputs: { value: r('in.item') } }]));
    const isLong = await createFlow(
      org,
      helper('Is long', [{ key: 'item', type: 'text' }], [
        { id: 'len', type: 'control.assignIf', inputs: { a: r('in.item'), op: v('in'), b: v('alpha gamma'), valueIfTrue: v(true), valueIfFalse: v(false) } },
        { id: 'ret', type: 'control.return', inputs: { keep: r('len.output') } },
      ]),
    );
    const seen = await createFlow(org, helper('Seen', [{ key: 'user', type: 'object' }, { key: 'index', type: 'number' }], [{ id: 'ret', type: 'control.return', inputs: { id: r('in.user.id') } }]));
    const flow = await createFlow(
      org,
      delegatedFlow('Helpers', [
        { id: 'items', type: 'list.construct', inputs: { a: v('alpha'), b: v('beta'), c: v('gamma') } },
        { id: 'called', type: 'flow.call', flowId: echo.id, inputs: { item: v('direct') }, outputs: [{ key: 'value', type: 'text' }] },
        { id: 'mapped', type: 'list.map', flowId: echo.id, inputs: { list: r('items.list'), concurrency: v(3) } },
        { id: 'kept', type: 'list.filter', flowId: isLong.id, inputs: { list: r('items.list') } },
        { id: 'each', type: 'list.forEach', flowId: echo.id, inputs: { list: r('items.list'), concurrency: v(2) } },
        okta('stream', 'okta.listUsers', { resultSet: v('stream') }, { flowId: seen.id }),
        { id: 'later', type: 'flow.callAsync', flowId: echo.id, inputs: { item: v('async') } },
        { id: 'out', type: 'control.return', inputs: { called: r('called.value'), mapped: r('mapped.list'), kept: r('kept.list'), streamed: r('stream.count'), asyncId: r('later.executionId') } },
      ]),
    );
    const execution = await runFlow(org, flow.id);
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    const users = (await call(org, 'GET', '/api/v1/users?limit=200')).body.length;
    expect(execution.output).toMatchObject({ called: 'direct', mapped: ['alpha', 'beta', 'gamma'], kept: ['alpha', 'gamma'], streamed: users });
    const asyncRun = await eventually(async () => {
      const e = (await call(org, 'GET', `/workflows/api/v1/executions/${execution.output.asyncId}`)).body;
      return e.status === 'SUCCEEDED' ? e : undefined;
    });
    expect(asyncRun).toMatchObject({ output: { value: 'async' }, trigger: { type: 'helper', parentExecutionId: execution.id } });
    // Helper runs are child executions with their own history.
    const echoRuns = (await call(org, 'GET', `/workflows/api/v1/flows/${echo.id}/executions?limit=200`)).body;
    expect(echoRuns.filter((e: any) => e.trigger.parentExecutionId === execution.id).length).toBe(1 + 3 + 3 + 1);
  });

  it('List Users streams every match unless recordLimit caps it, and says when its answer is truncated', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { firstName: 'Stream', lastName: 'Limited', email: `limited-${n}-${kind}@example.com`, login: `limited-${n}-${kind}@example.com` } } });
      expect(res.status, res.text).toBe(200);
      ids.push(res.body.id);
    }
    const seen = await createFlow(org, helper('Seen limited', [{ key: 'user', type: 'object' }, { key: 'index', type: 'number' }], [{ id: 'ret', type: 'control.return', inputs: { id: r('in.user.id') } }]));
    const search = v('profile.lastName eq "Limited"');
    const flow = await createFlow(
      org,
      delegatedFlow('Limited stream', [
        okta('all', 'okta.listUsers', { search, resultSet: v('stream') }, { flowId: seen.id }),
        okta('two', 'okta.listUsers', { search, resultSet: v('stream'), recordLimit: v(2) }, { flowId: seen.id }),
        okta('first', 'okta.listUsers', { search, resultSet: v('first') }),
        okta('page', 'okta.listUsers', { search, resultSet: v('first200') }),
        { id: 'out', type: 'control.return', inputs: { all: r('all.count'), allCut: r('all.truncated'), two: r('two.count'), twoCut: r('two.truncated'), firstCut: r('first.truncated'), page: r('page.count'), pageCut: r('page.truncated') } },
      ]),
    );
    const execution = await runFlow(org, flow.id);
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ all: 3, allCut: false, two: 2, twoCut: true, firstCut: true, page: 3, pageCut: false });
    const streamed = (await call(org, 'GET', `/workflows/api/v1/flows/${seen.id}/executions?limit=200`)).body as any[];
    // Three runs for the whole stream, two for the limited one: five in all, over the three people.
    expect(streamed).toHaveLength(5);
    expect([...new Set(streamed.map((e) => e.output.id))].sort()).toEqual([...ids].sort());

    const bad = await createFlow(org, delegatedFlow('Bad limit', [okta('neg', 'okta.listUsers', { search, resultSet: v('stream'), recordLimit: v(-1) }, { flowId: seen.id })]));
    expect(await runFlow(org, bad.id)).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_INPUT', method: 'neg' } });
  });

  it('retries a card only on 5xx and 429, up to its retry count, then halts, returns values or runs a helper flow with the error', async () => {
    let calls = 0;
    receiver.answer = (c) => {
      if (c.path.startsWith('/flaky')) return { status: ++calls <= 2 ? 503 : 200, body: { ok: calls > 2 } };
      if (c.path.startsWith('/down')) return { status: 503 };
      if (c.path.startsWith('/missing')) return { status: 404, body: { error: 'nope' } };
      return { status: 200 };
    };
    const base = receiver.url.replace(/\/hook$/, '');
    const request = (id: string, path: string, errorHandling?: unknown) => ({ id, type: 'http.request', inputs: { method: v('GET'), url: v(`${base}${path}`) }, ...(errorHandling ? { errorHandling } : {}) });

    const flaky = await runFlow(org, (await createFlow(org, delegatedFlow('Flaky', [request('get', '/flaky', { retry: 3, retryDelayMs: 0, then: 'halt' })]))).id);
    expect(flaky.status).toBe('SUCCEEDED');
    expect(flaky.cards[0]).toMatchObject({ attempts: 3, status: 'SUCCEEDED' });

    const notRetried = await runFlow(org, (await createFlow(org, delegatedFlow('Missing', [request('get', '/missing', { retry: 3, retryDelayMs: 0, then: 'halt' }), { id: 'out', type: 'control.return', inputs: { status: r('get.statusCode') } }]))).id);
    expect(notRetried).toMatchObject({ status: 'SUCCEEDED', output: { status: 404 } });
    expect(notRetried.cards[0].attempts).toBe(1);

    const halted = await runFlow(org, (await createFlow(org, delegatedFlow('Down', [request('get', '/down', { retry: 1, retryDelayMs: 0, then: 'halt' }), { id: 'after', type: 'control.return', inputs: {} }]))).id);
    expect(halted).toMatchObject({ status: 'FAILED', error: { code: 503, method: 'get' } });
    expect(halted.cards.map((c: any) => [c.cardId, c.attempts])).toEqual([['get', 2]]);

    const values = await runFlow(org, (await createFlow(org, delegatedFlow('Down, values', [request('get', '/down', { retry: 0, retryDelayMs: 0, then: 'return_values', values: { fallback: v('cached') } })]))).id);
    expect(values).toMatchObject({ status: 'FAILED', output: { fallback: 'cached' } });

    const handler = await createFlow(org, helper('On error', [{ key: 'error', type: 'object' }], [{ id: 'ret', type: 'control.return', inputs: { message: r('in.error.message'), code: r('in.error.code') } }]));
    const handled = await runFlow(org, (await createFlow(org, delegatedFlow('Down, handler', [request('get', '/down', { retry: 0, retryDelayMs: 0, then: 'run_flow', flowId: handler.id })]))).id);
    expect(handled.status).toBe('FAILED');
    const handlerRun = await eventually(async () => (await call(org, 'GET', `/workflows/api/v1/flows/${handler.id}/executions`)).body.find((e: any) => e.status === 'SUCCEEDED'));
    expect(handlerRun).toMatchObject({ trigger: { parentExecutionId: handled.id }, output: { code: 503 } });

    const raised = await runFlow(org, (await createFlow(org, delegatedFlow('Raised', [{ id: 'boom', type: 'control.returnError', inputs: { message: v('stop'), code: v(500) }, errorHandling: { retry: 3, retryDelayMs: 0, then: 'halt' } }]))).id);
    expect(raised.cards[0]).toMatchObject({ attempts: 1, status: 'FAILED' });
  });

  it('retries a card automatically on 429 until the endpoint lets it through, and not at all without error handling', async () => {
    let limited = 0;
    receiver.answer = (c) => {
      if (c.path.startsWith('/limited')) return ++limited === 1 ? { status: 429, body: { errorCode: 'E0000047' } } : { status: 200, body: { ok: true } };
      if (c.path.startsWith('/always-limited')) return { status: 429 };
      return { status: 200 };
    };
    const base = receiver.url.replace(/\/hook$/, '');
    const retried = await runFlow(
      org,
      (await createFlow(org, delegatedFlow('Rate limited', [
        { id: 'get', type: 'http.request', inputs: { method: v('GET'), url: v(`${base}/limited`) }, errorHandling: { retry: 2, retryDelayMs: 0, then: 'halt' } },
        { id: 'out', type: 'control.return', inputs: { status: r('get.statusCode'), ok: r('get.body.ok') } },
      ]))).id,
    );
    expect(retried).toMatchObject({ status: 'SUCCEEDED', output: { status: 200, ok: true } });
    expect(retried.cards[0]).toMatchObject({ cardId: 'get', status: 'SUCCEEDED', attempts: 2, httpStatus: 200 });
    expect(receiver.calls.filter((c) => c.path.startsWith('/limited')).map((c) => c.status)).toEqual([429, 200]);

    const unhandled = await runFlow(org, (await createFlow(org, delegatedFlow('Rate limited, no handling', [{ id: 'get', type: 'http.request', inputs: { method: v('GET'), url: v(`${base}/always-limited`) } }]))).id);
    expect(unhandled).toMatchObject({ status: 'FAILED', error: { code: 429, method: 'get' } });
    expect(unhandled.cards[0].attempts).toBe(1);
    expect(receiver.calls.filter((c) => c.path.startsWith('/always-limited'))).toHaveLength(1);
  });

  it('a helper whose card fails with "return values" hands the values to Call Flow in its parent, which goes on; the helper’s execution is FAILED', async () => {
    receiver.answer = (c) => (c.path.startsWith('/profile-down') ? { status: 503 } : { status: 200 });
    const base = receiver.url.replace(/\/hook$/, '');
    const lookup = await createFlow(
      org,
      helper('Lookup with fallback', [{ key: 'userId', type: 'text' }], [
        { id: 'fetch', type: 'http.request', inputs: { method: v('GET'), url: v(`${base}/profile-down`) }, errorHandling: { retry: 0, retryDelayMs: 0, then: 'return_values', values: { source: v('fallback'), userId: r('in.userId') } } },
        { id: 'ret', type: 'control.return', inputs: { source: v('live'), userId: r('in.userId') } },
      ]),
    );
    const parent = await createFlow(
      org,
      delegatedFlow('Calls the lookup', [
        { id: 'called', type: 'flow.call', flowId: lookup.id, inputs: { userId: r('run.userId') }, outputs: [{ key: 'source', type: 'text' }, { key: 'userId', type: 'text' }] },
        { id: 'note', type: 'text.compose', inputs: { template: v('{{u}} from {{s}}'), u: r('called.userId'), s: r('called.source') } },
        { id: 'out', type: 'control.return', inputs: { note: r('note.output') } },
      ]),
    );
    const execution = await runFlow(org, parent.id, { userId: 'u42' });
    expect(execution.status, JSON.stringify(execution.error)).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ note: 'u42 from fallback' });
    expect(execution.cards.map((c: any) => [c.cardId, c.status])).toEqual([['called', 'SUCCEEDED'], ['note', 'SUCCEEDED'], ['out', 'SUCCEEDED']]);
    expect(execution.cards[0].outputs).toEqual({ source: 'fallback', userId: 'u42' });

    const [child] = (await call(org, 'GET', `/workflows/api/v1/flows/${lookup.id}/executions`)).body.filter((e: any) => e.trigger.parentExecutionId === execution.id);
    expect(child).toMatchObject({ status: 'FAILED', output: { source: 'fallback', userId: 'u42' }, error: { code: 503, method: 'fetch' } });
    expect(child.cards.map((c: any) => [c.cardId, c.status]), 'the helper stopped at the failing card').toEqual([['fetch', 'FAILED']]);

    // Without "return values", the same failure fails the Call Flow card and its parent.
    const strict = await createFlow(org, helper('Lookup, strict', [{ key: 'userId', type: 'text' }], [{ id: 'fetch', type: 'http.request', inputs: { method: v('GET'), url: v(`${base}/profile-down`) } }]));
    const failed = await runFlow(org, (await createFlow(org, delegatedFlow('Calls the strict lookup', [{ id: 'called', type: 'flow.call', flowId: strict.id, inputs: { userId: r('run.userId') }, outputs: [{ key: 'source', type: 'text' }] }, { id: 'out', type: 'control.return', inputs: {} }]))).id);
    expect(failed).toMatchObject({ status: 'FAILED', error: { method: 'called', code: 503 } });
  });

  it('keeps no input, output, or card inputs or outputs when the flow does not save execution data', async () => {
    const flow = await createFlow(org, delegatedFlow('Quiet', [{ id: 'out', type: 'control.return', inputs: { who: r('run.userId') } }], { saveExecutionData: false }));
    const execution = await runFlow(org, flow.id, { userId: 'u9' });
    expect(execution).toMatchObject({ status: 'SUCCEEDED', input: null, output: null });
    expect(execution.cards[0]).not.toHaveProperty('inputs');
    expect(execution.cards[0]).not.toHaveProperty('outputs');
  });

  it('history of an API endpoint flow never keeps the client token or a secret, in input, outputs, Return, Return Raw or an error\'s raw answer', async () => {
    receiver.answer = (c) => (c.path.startsWith('/leaky') ? { status: 503, body: { error: 'down', access_token: 'at-from-the-app', detail: 'visible' } } : { status: 200 });
    const base = receiver.url.replace(/\/hook$/, '');
    const endpoint = (alias: string, saveExecutionData: boolean, cards: unknown[]) => ({
      schemaVersion: '1.0',
      name: `Secrets ${alias}`,
      kind: 'main',
      saveExecutionData,
      trigger: { id: 'api', type: 'api_endpoint', security: 'client_token', alias, inputs: [{ key: 'name', type: 'text' }] },
      cards,
    });
    const returning = [
      { id: 'vars', type: 'control.assign', inputs: { apiKey: r('api.body.password'), name: r('api.name') } },
      { id: 'out', type: 'control.return', inputs: { name: r('vars.name'), token: r('api.body.password') } },
    ];
    const raw = [
      { id: 'body', type: 'object.construct', inputs: { name: r('api.name'), secret: r('api.body.password') } },
      { id: 'out', type: 'control.returnRaw', inputs: { statusCode: v(200), headers: { value: { 'x-kind': 'raw', Authorization: 'Bearer from-the-flow' } }, body: r('body.object') } },
    ];
    const failing = [{ id: 'leak', type: 'http.request', inputs: { method: v('GET'), url: v(`${base}/leaky`) } }];
    const secret = `S3cret-${kind}`;

    const invoke = async (flowId: string, alias: string) => {
      await activateFlow(org, flowId);
      const token = (await call(org, 'GET', `/workflows/api/v1/flows/${flowId}/clientToken`)).body.clientToken;
      const res = await fetch(`${org.url}/workflows/api/v1/invoke/${alias}?clientToken=${token}&trace=on`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sid=session-cookie' },
        body: JSON.stringify({ name: 'Ada', password: secret }),
      });
      const id = res.headers.get('x-keyflow-execution-id')!;
      const shown = (await call(org, 'GET', `/workflows/api/v1/executions/${id}`)).body;
      const stored = JSON.stringify(await org.app.store.workflowExecutions.findById(id));
      for (const leaked of [token, secret, 'session-cookie', 'from-the-flow', 'at-from-the-app']) {
        expect(stored, `the stored execution holds no ${leaked}`).not.toContain(leaked);
        expect(JSON.stringify(shown), `the execution shown holds no ${leaked}`).not.toContain(leaked);
      }
      return { res, shown };
    };

    // Saving data: values are kept, secrets redacted; the caller still gets the real answer.
    const saved = await createFlow(org, endpoint(`secrets-saved-${kind}`, true, returning));
    const a = await invoke(saved.id, `secrets-saved-${kind}`);
    expect(await a.res.json()).toEqual({ name: 'Ada', token: secret });
    expect(a.shown.input).toMatchObject({ name: 'Ada', query: { trace: 'on' }, body: { name: 'Ada', password: '[REDACTED]' } });
    expect(a.shown.input.query).not.toHaveProperty('clientToken');
    expect(a.shown.output).toEqual({ name: 'Ada', token: '[REDACTED]' });
    expect(a.shown.cards.map((c: any) => [c.cardId, c.inputs, c.outputs])).toEqual([
      ['vars', { apiKey: '[REDACTED]', name: 'Ada' }, { apiKey: '[REDACTED]', name: 'Ada' }],
      ['out', { name: 'Ada', token: '[REDACTED]' }, { name: 'Ada', token: '[REDACTED]' }],
    ]);

    const rawFlow = await createFlow(org, endpoint(`secrets-raw-${kind}`, true, raw));
    const b = await invoke(rawFlow.id, `secrets-raw-${kind}`);
    expect(b.res.status).toBe(200);
    expect(b.res.headers.get('authorization')).toBe('Bearer from-the-flow');
    expect(JSON.parse(await b.res.text())).toEqual({ name: 'Ada', secret });
    expect(b.shown.output).toEqual({ statusCode: 200, headers: { 'x-kind': 'raw', Authorization: '[REDACTED]' }, body: JSON.stringify({ name: 'Ada', secret: '[REDACTED]' }) });

    const failingFlow = await createFlow(org, endpoint(`secrets-error-${kind}`, true, failing));
    const c = await invoke(failingFlow.id, `secrets-error-${kind}`);
    expect(c.res.status).toBe(500);
    expect(c.shown.error).toMatchObject({ code: 503, method: 'leak', raw: { error: 'down', access_token: '[REDACTED]', detail: 'visible' } });
    expect(c.shown.cards[0].error.raw).toEqual({ error: 'down', access_token: '[REDACTED]', detail: 'visible' });
    const retried = await call(org, 'POST', `/workflows/api/v1/executions/${c.shown.id}/retry`);
    expect(retried.status, 'a run whose input lost secrets to redaction is not repeated with placeholders').toBe(400);
    expect(retried.body.errorCauses[0].errorSummary).toContain('secret input values');

    // Not saving data: the metadata only (status, timing, which card failed and why), no input, output or raw answer.
    for (const [alias, cards] of [[`quiet-saved-${kind}`, returning], [`quiet-error-${kind}`, failing]] as const) {
      const quiet = await createFlow(org, endpoint(alias, false, cards as unknown[]));
      const q = await invoke(quiet.id, alias);
      expect(q.shown).toMatchObject({ input: null, output: null });
      for (const card of q.shown.cards) {
        expect(card).not.toHaveProperty('inputs');
        expect(card).not.toHaveProperty('outputs');
      }
      if (alias.startsWith('quiet-error')) {
        expect(q.shown.error).toMatchObject({ code: 503, method: 'leak', message: 'HTTP 503' });
        expect(q.shown.error).not.toHaveProperty('raw');
        expect(q.shown.cards[0]).toMatchObject({ status: 'FAILED', httpStatus: 503, error: { code: 503 } });
        expect(q.shown.cards[0].error).not.toHaveProperty('raw');
      } else {
        expect(await q.res.json()).toEqual({ name: 'Ada', token: secret });
        const retry = await call(org, 'POST', `/workflows/api/v1/executions/${q.shown.id}/retry`);
        expect(retry.status).toBe(400);
        expect(retry.body.errorCauses[0].errorSummary).toContain('does not save execution data');
      }
    }
  });

  it('keeps history per flow until cleared, and retries an execution with the same inputs', async () => {
    const flow = await createFlow(org, delegatedFlow('History', [{ id: 'out', type: 'control.return', inputs: { who: r('run.userId') } }]));
    const first = await runFlow(org, flow.id, { userId: 'u1' });
    const retried = await call(org, 'POST', `/workflows/api/v1/executions/${first.id}/retry?wait=true`);
    expect(retried.body).toMatchObject({ status: 'SUCCEEDED', output: { who: 'u1' }, trigger: { retryOf: first.id } });
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/executions`)).body).toHaveLength(2);
    expect((await call(org, 'DELETE', `/workflows/api/v1/flows/${flow.id}/executions`)).body).toEqual({ cleared: 2 });
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/executions`)).body).toEqual([]);
  });
});

/**
 * Cancel (docs/workflows.md "Executions"), on an org with one worker so that what is queued stays queued
 * while the test holds that worker: the receiver keeps `/hold` requests open until the test releases them,
 * and every card's call is seen there, so "never ran" is observed, not assumed.
 */
describe.each(kinds)('Workflows cancel (%s store)', (kind) => {
  let org: TestOrg;
  let receiver: HookReceiver;
  let base: string;
  let gate: { arrived: boolean; release: () => void; held: Promise<void> };

  const openGate = () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    gate = { arrived: false, release, held };
  };

  beforeAll(async () => {
    org = await startTestOrg(kind, { KEYFLOW_WORKFLOWS_CONCURRENCY: '1' });
    receiver = await HookReceiver.start();
    base = receiver.url.replace(/\/hook$/, '');
    receiver.answer = async (c) => {
      if (c.path.startsWith('/hold')) {
        gate.arrived = true;
        await gate.held;
      }
      return { status: 200, body: { path: c.path } };
    };
  });
  afterAll(async () => {
    gate?.release();
    await org?.close();
    await receiver?.down();
  });

  const get = (path: string) => ({ method: { value: 'GET' }, url: { value: `${base}${path}` } });
  const start = async (flowId: string) => {
    const res = await call(org, 'POST', `/workflows/api/v1/flows/${flowId}/run`, { body: { inputs: {} } });
    expect(res.status, res.text).toBe(202);
    return res.body.id as string;
  };
  const execution = async (id: string) => (await call(org, 'GET', `/workflows/api/v1/executions/${id}`)).body;
  const seen = (path: string) => receiver.calls.filter((c) => c.path.startsWith(path)).length;
  /** Runs a one-card flow to its end on the single worker: everything queued before it has been dealt with. */
  const drain = async (name: string) => {
    const flow = await createFlow(org, delegatedFlow(name, [{ id: 'ping', type: 'http.request', inputs: get(`/${name}`) }]));
    const id = await start(flow.id);
    await eventually(async () => (await execution(id)).status === 'SUCCEEDED', 15_000, `${name} succeeded`);
  };

  it('cancels a queued execution: it is CANCELLED and its cards never run', async () => {
    openGate();
    const blocker = await createFlow(org, delegatedFlow('Blocker', [{ id: 'slow', type: 'http.request', inputs: get('/hold/blocker') }]));
    const victim = await createFlow(org, delegatedFlow('Victim', [{ id: 'side', type: 'http.request', inputs: get('/victim') }, { id: 'out', type: 'control.return', inputs: {} }]));
    const blockerId = await start(blocker.id);
    await eventually(() => gate.arrived, 15_000, 'the blocker holds the only worker');
    const victimId = await start(victim.id);
    expect((await execution(victimId)).status).toBe('QUEUED');

    const cancelled = await call(org, 'POST', `/workflows/api/v1/executions/${victimId}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    gate.release();
    await eventually(async () => (await execution(blockerId)).status === 'SUCCEEDED', 15_000, 'the blocker succeeded');
    await drain('after-queued-cancel');

    expect(seen('/victim'), 'the cancelled execution’s card never called out').toBe(0);
    expect(await execution(victimId)).toMatchObject({ status: 'CANCELLED', cards: [], startedAt: null });
    const again = await call(org, 'POST', `/workflows/api/v1/executions/${victimId}/cancel`);
    expect(again.status).toBe(400);
    expect(again.body.errorCauses[0].errorSummary).toContain('already ended (CANCELLED)');
  });

  it('cancels a running execution: it stops before its next card and stays CANCELLED', async () => {
    openGate();
    const flow = await createFlow(org, delegatedFlow('Long', [
      { id: 'slow', type: 'http.request', inputs: get('/hold/long') },
      { id: 'next', type: 'http.request', inputs: get('/after-cancel') },
      { id: 'out', type: 'control.return', inputs: { done: { value: true } } },
    ]));
    const id = await start(flow.id);
    await eventually(() => gate.arrived, 15_000, 'the first card is calling out');
    expect((await execution(id)).status).toBe('RUNNING');

    const cancelled = await call(org, 'POST', `/workflows/api/v1/executions/${id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    gate.release();
    // The single worker takes the next execution only once it has let go of this one.
    await drain('after-running-cancel');

    expect(seen('/hold/long')).toBe(1);
    expect(seen('/after-cancel'), 'the card after the cancel never ran').toBe(0);
    expect(await execution(id)).toMatchObject({ status: 'CANCELLED', output: null });
    const [event] = (await logEvents(org, 'workflows.user.flow.execution.cancel')).filter((e) => e.debugContext.debugData.executionId === id);
    expect(event.actor.id).toBe(org.adminId);
  });

  it('a running execution cancelled after its first card keeps that card in its history, redacted like a finished run\'s', async () => {
    openGate();
    const flow = await createFlow(org, delegatedFlow('Checkpointed', [
      { id: 'first', type: 'http.request', inputs: { ...get('/first'), headers: { value: { Authorization: 'Bearer s3cret-value' } } } },
      { id: 'second', type: 'http.request', inputs: get('/hold/checkpointed') },
      { id: 'third', type: 'http.request', inputs: get('/third-card') },
    ]));
    const id = await start(flow.id);
    await eventually(() => gate.arrived, 15_000, 'the second card is calling out');
    // Checkpointed before the second card ran: a running execution shows the cards that acted so far.
    expect(await execution(id)).toMatchObject({ status: 'RUNNING', cards: [{ cardId: 'first', status: 'SUCCEEDED', httpStatus: 200 }] });

    const cancelled = await call(org, 'POST', `/workflows/api/v1/executions/${id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    gate.release();
    await drain('after-checkpoint-cancel');

    expect(seen('/third-card'), 'the card after the cancel never ran').toBe(0);
    const ended = await execution(id);
    expect(ended).toMatchObject({ status: 'CANCELLED', output: null });
    // The card that ended before the cancel is kept; the one in flight when it came could not be stored
    // any more (the worker no longer held the execution).
    expect(ended.cards.map((c: any) => c.cardId)).toEqual(['first']);
    expect(ended.cards[0]).toMatchObject({ type: 'http.request', status: 'SUCCEEDED', httpStatus: 200, attempts: 1, outputs: { statusCode: 200, body: { path: '/first' } } });
    expect(ended.cards[0].inputs.headers.Authorization, 'a checkpoint is redacted like the final history').toBe('[REDACTED]');
    expect(JSON.stringify(ended)).not.toContain('s3cret-value');
  });
});
