import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { eventually } from '../support/hook-receiver.js';
import { ManualClock } from '../support/manual-clock.js';
import { logEvents } from '../support/oauth-flows.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, createFlow, delegatedFlow, getConnection, runFlow, workflowsApp } from '../support/workflows.js';

/**
 * What admins do to flows and connections, as the System Log and the server log tell it, and how long
 * history is kept (issue 5: "`workflows.*` events for admin actions", "Retention configurable (30 days
 * default)", "a notification hook … at least … the server log"; docs/workflows.md).
 */

const kinds = await storeKinds();
const PASSWORD = 'Pers0n-Passw0rd';
const DAY = 24 * 60;

describe.each(kinds)('Workflows administration and history (%s store)', (kind) => {
  let org: TestOrg;
  // The org's clock, moved by the retention test: executions age without waiting a month.
  const clock = new ManualClock(Date.now());
  // The server log (pino's JSON lines), captured through createApp's `serverLog`.
  const serverLog: any[] = [];
  // A server that answers nothing until released: the HTTP card waiting on it holds the only worker.
  let holder: Server;
  let holdUrl: string;
  const held: ServerResponse[] = [];
  const release = () => {
    for (const res of held.splice(0)) res.end('{}');
  };

  beforeAll(async () => {
    holder = createServer((_req, res) => void held.push(res));
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    holdUrl = `http://127.0.0.1:${(holder.address() as AddressInfo).port}/hold`;
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) serverLog.push(JSON.parse(line));
        done();
      },
    });
    // One worker, and a lease long enough that moving the clock a month does not declare it dead.
    org = await startTestOrg(kind, { KEYFLOW_WORKFLOWS_CONCURRENCY: '1', KEYFLOW_WORKFLOWS_LEASE_MS: '3600000' }, { clock, serverLog: sink });
  });
  afterAll(async () => {
    release();
    await org?.close();
    holder?.closeAllConnections();
    await new Promise((r) => holder?.close(r));
  });

  const holding = (name: string) => delegatedFlow(name, [{ id: 'wait', type: 'http.request', inputs: { method: { value: 'GET' }, url: { value: holdUrl } } }]);
  const quick = (name: string) => delegatedFlow(name, [{ id: 'out', type: 'control.return', inputs: { ok: { value: true } } }]);
  const apiFlow = (name: string, alias: string) => ({
    schemaVersion: '1.0',
    name,
    kind: 'main',
    saveExecutionData: true,
    trigger: { id: 'api', type: 'api_endpoint', security: 'public', alias, inputs: [] },
    cards: [{ id: 'out', type: 'control.return', inputs: { ok: { value: true } } }],
  });
  const execution = async (id: string) => (await call(org, 'GET', `/workflows/api/v1/executions/${id}`)).body;
  const queue = async (flowId: string) => {
    const res = await call(org, 'POST', `/workflows/api/v1/flows/${flowId}/run`, { body: { inputs: {} } });
    expect(res.status, res.text).toBe(202);
    return res.body.executionId as string;
  };
  /** The events of a type whose first target is `targetId`. */
  const eventsOn = async (eventType: string, targetId: string) => (await logEvents(org, eventType)).filter((e) => e.target?.[0]?.id === targetId);

  it('logs flow create, activate, deactivate and delete and execution cancel as workflows.* events, the admin as actor and the flow as target', async () => {
    const flow = await createFlow(org, apiFlow('Audited', 'audited'));
    await activateFlow(org, flow.id);
    expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);

    // A queued execution to cancel: the only worker is held by another flow.
    const blocker = await createFlow(org, holding('Audit blocker'));
    const blocking = await queue(blocker.id);
    await eventually(async () => held.length === 1, 15_000, 'the blocker holds the only worker');
    const cancelledId = await queue(flow.id);
    const cancelled = await call(org, 'POST', `/workflows/api/v1/executions/${cancelledId}/cancel`);
    expect(cancelled.body.status, cancelled.text).toBe('CANCELLED');
    release();
    await eventually(async () => (await execution(blocking)).status === 'SUCCEEDED', 15_000, 'the blocker finished');

    expect((await call(org, 'DELETE', `/workflows/api/v1/flows/${flow.id}`)).status).toBe(204);

    const flowTarget = { id: flow.id, type: 'Flow', alternateId: 'Audited', displayName: 'Audited' };
    for (const type of ['workflows.user.flow.create', 'workflows.user.flow.activate', 'workflows.user.flow.deactivate', 'workflows.user.flow.execution.cancel', 'workflows.user.flow.delete']) {
      const events = await eventsOn(type, flow.id);
      expect(events, type).toHaveLength(1);
      expect(events[0], type).toMatchObject({ actor: { id: org.adminId, type: 'User' }, target: [flowTarget], outcome: { result: 'SUCCESS' } });
    }
    expect((await eventsOn('workflows.user.flow.execution.cancel', flow.id))[0].debugContext.debugData.executionId).toBe(cancelledId);
  });

  it('DELETE of a flow removes it with its history; an active flow must be turned off first', async () => {
    const flow = await createFlow(org, apiFlow('To delete', 'to-delete'));
    const ran = await runFlow(org, flow.id);
    await activateFlow(org, flow.id);
    const refused = await call(org, 'DELETE', `/workflows/api/v1/flows/${flow.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'active: Turn the flow off before deleting it' }] });
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).status, 'a refused delete changes nothing').toBe(200);
    expect((await call(org, 'GET', '/workflows/api/v1/invoke/to-delete')).status).toBe(200);

    expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);
    expect((await call(org, 'DELETE', `/workflows/api/v1/flows/${flow.id}`)).status).toBe(204);
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body.errorCode).toBe('E0000007');
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}/executions`)).status).toBe(404);
    expect((await call(org, 'GET', `/workflows/api/v1/executions/${ran.executionId}`)).status, 'its history went with it').toBe(404);
    expect((await call(org, 'GET', `/workflows/api/v1/flows?limit=200`)).body.map((f: any) => f.id)).not.toContain(flow.id);
    expect((await call(org, 'DELETE', `/workflows/api/v1/flows/${flow.id}`)).status).toBe(404);
  });

  it('an admin running a flow that is not delegated is not logged as a delegated run; the execution names the admin', async () => {
    const scheduled = await createFlow(org, { schemaVersion: '1.0', name: 'Nightly, run by hand', kind: 'main', saveExecutionData: true, trigger: { id: 'tick', type: 'schedule', schedule: { frequency: 'day', interval: 1, timezone: 'UTC' } }, cards: [{ id: 'out', type: 'control.return', inputs: { ok: { value: true } } }] });
    const api = await createFlow(org, apiFlow('Endpoint, run by hand', 'by-hand'));
    const delegated = await createFlow(org, quick('Delegated, run by hand'));
    for (const flow of [scheduled, api]) {
      const run = await runFlow(org, flow.id);
      expect(run.status, JSON.stringify(run.error)).toBe('SUCCEEDED');
      expect(run.trigger).toEqual({ type: 'manual', userId: org.adminId });
      expect(await eventsOn('workflows.user.delegatedflow.run', flow.id), flow.name).toEqual([]);
    }
    const run = await runFlow(org, delegated.id);
    expect(run.trigger).toEqual({ type: 'delegated', userId: org.adminId });
    const [event] = await eventsOn('workflows.user.delegatedflow.run', delegated.id);
    expect(event).toMatchObject({ actor: { id: org.adminId }, debugContext: { debugData: { executionId: run.executionId } } });
  });

  it('renames a connection (PUT, only the nickname) and lists in its usage the flows that use it, active or not', async () => {
    const connection = await authorizedConnection(org, { nickname: 'before rename' });
    expect(connection.usage).toEqual({ flows: [] });
    const renamed = await call(org, 'PUT', `/workflows/api/v1/connections/${connection.id}`, { body: { nickname: '  after rename ' } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ id: connection.id, nickname: 'after rename', status: 'ACTIVE', authorizedBy: connection.authorizedBy });
    expect((await getConnection(org, connection.id)).nickname).toBe('after rename');
    // A GET's record sent back: only the nickname is taken, the org and the status stay.
    const echoed = await call(org, 'PUT', `/workflows/api/v1/connections/${connection.id}`, { body: { ...renamed.body, nickname: 'echoed', orgUrl: 'https://elsewhere.example.com', status: 'REVOKED' } });
    expect(echoed.status, echoed.text).toBe(200);
    expect(echoed.body).toMatchObject({ nickname: 'echoed', orgUrl: connection.orgUrl, status: 'ACTIVE' });
    for (const body of [{ nickname: '' }, { nickname: 'x'.repeat(101) }, { nickname: 'ok', clientSecret: 'nope' }, {}]) {
      const refused = await call(org, 'PUT', `/workflows/api/v1/connections/${connection.id}`, { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(['E0000001', 'E0000003'], JSON.stringify(body)).toContain(refused.body.errorCode);
    }
    expect((await getConnection(org, connection.id)).nickname, 'refused renames change nothing').toBe('echoed');

    const reader = await createFlow(org, delegatedFlow('Uses it', [{ id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } }]));
    const nested = await createFlow(org, delegatedFlow('Uses it inside If Error', [{ id: 'try', type: 'control.ifError', try: [{ id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } }], ifError: [] }]));
    await createFlow(org, quick('Does not use it'));
    const usage = (await getConnection(org, connection.id)).usage.flows;
    expect(usage.map((f: any) => f.id).sort()).toEqual([reader.id, nested.id].sort());
    expect(usage.find((f: any) => f.id === reader.id)).toEqual({ id: reader.id, name: 'Uses it', active: false });

    // A new version without the connection drops the flow from the usage.
    const saved = await call(org, 'PUT', `/workflows/api/v1/flows/${reader.id}`, { body: quick('Uses it no more') });
    expect(saved.status, saved.text).toBe(200);
    expect((await getConnection(org, connection.id)).usage.flows.map((f: any) => f.id)).toEqual([nested.id]);
  });

  it('writes a warning naming the connection and the reason to the server log when a connection turns ERROR', async () => {
    const app = await workflowsApp(org);
    const login = 'notified-owner@example.com';
    const owner = await createPerson(org, login, PASSWORD, 'SUPER_ADMIN');
    await assignUser(org, app.id, owner);
    const connection = await authorizedConnection(org, { nickname: 'watched', username: login, password: PASSWORD });
    expect((await call(org, 'POST', `/api/v1/users/${owner}/lifecycle/suspend`)).status).toBe(200);
    const tested = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(tested.body).toMatchObject({ ok: false, status: 403, connection: { status: 'ERROR' } });

    const warnings = serverLog.filter((l) => l.connection?.id === connection.id);
    expect(warnings, 'one warning, once').toHaveLength(1);
    const [warning] = warnings;
    expect(warning.level, 'pino warn').toBe(40);
    expect(warning.msg).toContain('"watched"');
    expect(warning.msg).toContain(connection.id);
    expect(warning.msg).toContain(tested.body.connection.statusReason);
    expect(warning.connection).toMatchObject({ status: 'ERROR', lastError: { status: 403, errorCode: 'E0000006' }, authorizedBy: { login } });
    expect(JSON.stringify(warning), 'no token reaches the server log').not.toMatch(/accessToken|refreshToken|tokensSealed/);

    // A second failure while ERROR is not reported again.
    await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(serverLog.filter((l) => l.connection?.id === connection.id)).toHaveLength(1);
  });

  // Last: it moves the org's clock a month on.
  it('keeps finished executions KEYFLOW_WORKFLOWS_HISTORY_DAYS (30 by default) days: the purge deletes older finished ones and keeps newer, queued and running ones', async () => {
    expect(loadConfig({}).workflowsHistoryDays, 'the default').toBe(30);
    expect(loadConfig({ KEYFLOW_WORKFLOWS_HISTORY_DAYS: '7' }).workflowsHistoryDays).toBe(7);
    expect(org.app.config.workflowsHistoryDays, 'the test org runs with the default').toBe(30);

    const flow = await createFlow(org, quick('Aging'));
    const old = (await runFlow(org, flow.id)).executionId;
    clock.advance(2 * DAY);
    const younger = (await runFlow(org, flow.id)).executionId;
    // A running and a queued execution, both started long ago.
    const blocker = await createFlow(org, holding('Aging blocker'));
    const running = await queue(blocker.id);
    await eventually(async () => held.length === 1, 15_000, 'the blocker holds the only worker');
    const queued = await queue(flow.id);

    // 30 days and a minute after the first run: it alone is past retention.
    clock.advance(28 * DAY + 1);
    // (Earlier tests' executions, all finished before the first run, go too.)
    expect(await org.app.engine.purgeHistory()).toBeGreaterThanOrEqual(1);
    expect((await call(org, 'GET', `/workflows/api/v1/executions/${old}`)).status, 'finished 30 days ago').toBe(404);
    expect((await execution(younger)).status, 'finished 28 days ago').toBe('SUCCEEDED');
    expect((await execution(running)).status).toBe('RUNNING');
    expect((await execution(queued)).status).toBe('QUEUED');

    // Once they finish they are kept 30 days from then, not from when they were queued.
    release();
    await eventually(async () => (await execution(queued)).status === 'SUCCEEDED', 15_000, 'the queued run ran');
    expect(await org.app.engine.purgeHistory()).toBe(0);
    clock.advance(2 * DAY);
    expect(await org.app.engine.purgeHistory(), 'the younger run is now past retention').toBe(1);
    expect((await call(org, 'GET', `/workflows/api/v1/executions/${younger}`)).status).toBe(404);
    expect((await execution(running)).status).toBe('SUCCEEDED');
    expect((await execution(queued)).status).toBe('SUCCEEDED');
  });
});
