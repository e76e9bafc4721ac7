import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobContext } from '../../src/core/log-event-builder.js';
import { FormBrowser } from '../support/oauth-client.js';
import { logEvents } from '../support/oauth-flows.js';
import { assignUser, bearer, codeTokens, createPerson, createWebApp } from '../support/oauth-org.js';
import { eventually, HookReceiver } from '../support/hook-receiver.js';
import { ManualClock } from '../support/manual-clock.js';
import { ADMIN_PASSWORD, call, restartTestOrg, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, consentAt, createConnection, createFlow, delegatedFlow, getConnection, runFlow, workflowsApp } from '../support/workflows.js';

/**
 * Workflows connections (issue 5, "Connections"; docs/workflows.md): the engine's Okta connection is an
 * OAuth client of the org authorized by whoever consents, it acts as that person with the engine's user
 * agent, and it turns ERROR — loudly — the moment the org refuses it. Everything goes through HTTP: the
 * Workflows API, the hosted sign-in and consent pages, the callback, and the org's API the engine calls.
 */

const kinds = await storeKinds();
const PASSWORD = 'Pers0n-Passw0rd';

describe.each(kinds)('Workflows connections (%s store)', (kind) => {
  let org: TestOrg;
  let notices: HookReceiver;
  let app: any;

  /** A Super Admin assigned to the Keyflow Workflows app, able to authorize connections. */
  async function workflowsPerson(login: string, role = 'SUPER_ADMIN'): Promise<string> {
    const id = await createPerson(org, login, PASSWORD, role);
    await assignUser(org, app.id, id);
    return id;
  }

  /** A user for the engine to act on. */
  async function someone(login: string): Promise<string> {
    const res = await call(org, 'POST', '/api/v1/users?activate=true', { body: { profile: { firstName: 'Sam', lastName: 'Target', email: login, login }, credentials: { password: { value: PASSWORD } } } });
    expect(res.status, res.text).toBe(200);
    return res.body.id;
  }

  beforeAll(async () => {
    notices = await HookReceiver.start();
    org = await startTestOrg(kind, { KEYFLOW_WORKFLOWS_NOTIFY_URL: notices.url });
    app = await workflowsApp(org);
  });
  afterAll(async () => {
    await org?.close();
    await notices?.down();
  });

  it('setup registers the Keyflow Workflows app: a web app with consent, the Okta scopes the cards need, and the first admin assigned', async () => {
    expect(app.status).toBe('ACTIVE');
    expect(app.settings.oauthClient.grant_types.sort()).toEqual(['authorization_code', 'refresh_token']);
    expect(app.settings.oauthClient.redirect_uris).toEqual([`${org.url}/workflows/oauth/okta/cb`]);
    expect(app.settings.oauthClient.consent_method).toBe('REQUIRED');
    const grants = await call(org, 'GET', `/api/v1/apps/${app.id}/grants`);
    expect(grants.body.map((g: any) => g.scopeId).sort()).toEqual(
      ['okta.apps.read', 'okta.eventHooks.manage', 'okta.eventHooks.read', 'okta.groups.manage', 'okta.groups.read', 'okta.logs.read', 'okta.users.manage', 'okta.users.read'],
    );
    const assigned = await call(org, 'GET', `/api/v1/apps/${app.id}/users`);
    expect(assigned.body.map((u: any) => u.id)).toEqual([org.adminId]);
  });

  it('a new connection is PENDING with an authorize URL; consent by the admin makes it ACTIVE, acting as the admin', async () => {
    const created = await createConnection(org, { nickname: 'Okta (admin)' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'PENDING', nickname: 'Okta (admin)', orgUrl: org.url, clientId: app.id, authorizedBy: null });
    const authorize = new URL(created.body.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${org.url}/oauth2/v1/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access', 'okta.users.manage']));
    expect(JSON.stringify(created.body)).not.toMatch(/secret|accessToken|refreshToken/i);

    const page = await consentAt(org, created.body.authorizeUrl);
    expect(page.sawConsent, 'the person sees what the connection may do').toBe(true);
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain('Keyflow Admin (admin@example.com)');

    const connection = await getConnection(org, created.body.id);
    expect(connection).toMatchObject({ status: 'ACTIVE', statusReason: null, lastError: null, authorizedBy: { userId: org.adminId, login: 'admin@example.com', displayName: 'Keyflow Admin' } });
    expect(connection.grantedScopes).toEqual(expect.arrayContaining(['okta.users.manage', 'okta.groups.manage', 'okta.logs.read', 'offline_access']));

    const [event] = (await logEvents(org, 'workflows.user.connection.create')).filter((e) => e.target[0].id === created.body.id);
    expect(event.actor.id).toBe(org.adminId);
    expect(event.target.map((t: any) => t.type)).toEqual(['WorkflowsConnection', 'AppInstance']);
  });

  it('calls through the connection are attributed to the consenting person, with the Azuqua user agent and the Workflows client', async () => {
    const connection = await authorizedConnection(org, { nickname: 'attribution' });
    const target = await someone('attribution-target@example.com');
    const result = await org.app.connections.call(connection.id, { method: 'POST', path: `/api/v1/users/${target}/lifecycle/deactivate` });
    expect(result.status).toBe(200);
    const events = await logEvents(org, 'user.lifecycle.deactivate');
    const event = events.find((e) => e.target[0].id === target);
    expect(event.actor).toMatchObject({ id: org.adminId, type: 'User', alternateId: 'admin@example.com' });
    expect(event.client.userAgent.rawUserAgent).toBe('Azuqua');
    expect(event.client.id).toBe(app.id);
    expect(event.transaction.id).toBe(result.requestId);
    const azuqua = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('client.userAgent.rawUserAgent eq "Azuqua"')}&limit=1000`);
    expect(azuqua.body.map((e: any) => e.uuid)).toContain(event.uuid);
    expect(azuqua.body.every((e: any) => e.client.userAgent.rawUserAgent === 'Azuqua')).toBe(true);
    expect((await getConnection(org, connection.id)).lastUsedAt).not.toBeNull();
  });

  it('only the engine’s own client can put flow, execution and card ids into events: an SSWS caller or another OAuth client sending the same headers cannot', async () => {
    const trace = { 'X-Keyflow-Flow-Id': 'wflForgedFlow00000001', 'X-Keyflow-Execution-Id': 'wfeForgedExec00000001', 'X-Keyflow-Card-Id': 'forged-card' };
    const WORKFLOWS_KEYS = ['workflowsFlowId', 'workflowsExecutionId', 'workflowsCardId'];
    const deactivationOf = async (userId: string) => (await logEvents(org, 'user.lifecycle.deactivate')).find((e) => e.target[0].id === userId);

    const bySsws = await someone('forger-ssws-target@example.com');
    expect((await call(org, 'POST', `/api/v1/users/${bySsws}/lifecycle/deactivate`, { headers: trace })).status).toBe(200);
    const sswsEvent = await deactivationOf(bySsws);
    for (const key of WORKFLOWS_KEYS) expect(sswsEvent.debugContext.debugData, `SSWS: ${key}`).not.toHaveProperty(key);

    const other = await createWebApp(org, { label: 'Not the engine', scopes: ['okta.users.manage'], assign: [org.adminId] });
    const tokens = await codeTokens(org, other, { scope: 'okta.users.manage', username: 'admin@example.com', password: ADMIN_PASSWORD, consent: 'allow' });
    const byOtherClient = await someone('forger-oauth-target@example.com');
    const forged = await call(org, 'POST', `/api/v1/users/${byOtherClient}/lifecycle/deactivate`, { token: null, headers: { ...bearer(tokens.access_token), 'User-Agent': 'Azuqua', ...trace } });
    expect(forged.status, forged.text).toBe(200);
    const oauthEvent = await deactivationOf(byOtherClient);
    expect(oauthEvent.client.id).toBe(other.id);
    for (const key of WORKFLOWS_KEYS) expect(oauthEvent.debugContext.debugData, `other client: ${key}`).not.toHaveProperty(key);

    // The same ids sent by the engine's client are recorded: the headers are honoured for it alone.
    const connection = await authorizedConnection(org, { nickname: 'trace' });
    const byEngine = await someone('engine-trace-target@example.com');
    const result = await org.app.connections.call(connection.id, {
      method: 'POST',
      path: `/api/v1/users/${byEngine}/lifecycle/deactivate`,
      trace: { flowId: 'wflRealFlow0000000001', executionId: 'wfeRealExec0000000001', cardId: 'deactivate' },
    });
    expect(result.status).toBe(200);
    expect((await deactivationOf(byEngine)).debugContext.debugData).toMatchObject({ workflowsFlowId: 'wflRealFlow0000000001', workflowsExecutionId: 'wfeRealExec0000000001', workflowsCardId: 'deactivate' });
  });

  it('"test" succeeds on a healthy connection', async () => {
    const connection = await authorizedConnection(org, { nickname: 'healthy' });
    const res = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 200, error: null, connection: { status: 'ACTIVE' } });
  });

  /** What the org answers a connection once its person had `change` done to them (architecture.md table). */
  const breakers: { change: string; apply: (userId: string) => Promise<void>; status: number; errorCode: string }[] = [
    { change: 'suspended', status: 403, errorCode: 'E0000006', apply: (id) => lifecycle(id, 'suspend') },
    { change: 'deactivated', status: 401, errorCode: 'E0000011', apply: (id) => lifecycle(id, 'deactivate') },
    {
      change: 'deleted',
      status: 401,
      errorCode: 'E0000011',
      apply: async (id) => {
        await lifecycle(id, 'deactivate');
        expect((await call(org, 'DELETE', `/api/v1/users/${id}`)).status).toBe(204);
      },
    },
    {
      change: 'sessions cleared with token revocation',
      status: 401,
      errorCode: 'E0000011',
      apply: async (id) => expect((await call(org, 'DELETE', `/api/v1/users/${id}/sessions?oauthTokens=true`)).status).toBe(204),
    },
  ];

  async function lifecycle(userId: string, op: string): Promise<void> {
    const res = await call(org, 'POST', `/api/v1/users/${userId}/lifecycle/${op}`);
    expect(res.status, res.text).toBe(200);
  }

  for (const breaker of breakers) {
    it(`once the authorizing person is ${breaker.change}, the next call fails with ${breaker.status} ${breaker.errorCode}, the connection turns ERROR at once, and it is logged and notified`, async () => {
      const login = `ops-${breaker.change.split(' ')[0]}@example.com`;
      const person = await workflowsPerson(login);
      const connection = await authorizedConnection(org, { nickname: `ops ${breaker.change}`, username: login, password: PASSWORD });
      expect(connection.authorizedBy.userId).toBe(person);
      await breaker.apply(person);

      const before = notices.calls.length;
      const target = await someone(`target-${breaker.change.split(' ')[0]}@example.com`);
      await expect(org.app.connections.call(connection.id, { method: 'POST', path: `/api/v1/users/${target}/lifecycle/suspend` })).rejects.toMatchObject({
        name: 'Error',
        error: { status: breaker.status, errorCode: breaker.errorCode },
      });
      const after = await getConnection(org, connection.id);
      expect(after.status).toBe('ERROR');
      expect(after.lastError).toMatchObject({ status: breaker.status, errorCode: breaker.errorCode });
      expect(after.statusReason).toContain(login);
      expect(after.statusReason).toContain('Reauthorize');

      // Nothing was retried: the target is still ACTIVE, and exactly one notice went out.
      expect((await call(org, 'GET', `/api/v1/users/${target}`)).body.status).toBe('ACTIVE');
      const notice = await eventually(() => notices.calls.slice(before).find((c) => c.body?.connection?.id === connection.id));
      expect(notice.body).toMatchObject({ eventType: 'keyflow.workflows.connection.error', connection: { status: 'ERROR', lastError: { errorCode: breaker.errorCode } } });
      expect(notices.calls.slice(before).filter((c) => c.body?.connection?.id === connection.id)).toHaveLength(1);

      const logged = (await logEvents(org, 'keyflow.workflows.connection.error')).filter((e) => e.target[0].id === connection.id);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ severity: 'WARN', outcome: { result: 'FAILURE' } });
      expect(logged[0].target.find((t: any) => t.type === 'User').id).toBe(person);

      // The next call is refused without bothering the org; "test" asks the org again and reports the same
      // refusal. Neither reports the breakage a second time.
      await expect(org.app.connections.call(connection.id, { method: 'GET', path: `/api/v1/users/${target}` })).rejects.toMatchObject({ error: { errorCode: breaker.errorCode } });
      const test = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
      expect(test.body).toMatchObject({ ok: false, status: breaker.status, connection: { status: 'ERROR' } });
      expect((await logEvents(org, 'keyflow.workflows.connection.error')).filter((e) => e.target[0].id === connection.id)).toHaveLength(1);
      expect(notices.calls.filter((c) => c.body?.connection?.id === connection.id)).toHaveLength(1);
    });
  }

  it('a suspended person’s connection passes its test again once they are unsuspended, and is ACTIVE again', async () => {
    const person = await workflowsPerson('ops-returning@example.com');
    const connection = await authorizedConnection(org, { nickname: 'returning', username: 'ops-returning@example.com', password: PASSWORD });
    await lifecycle(person, 'suspend');
    const failed = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(failed.body).toMatchObject({ ok: false, status: 403, connection: { status: 'ERROR' } });
    await lifecycle(person, 'unsuspend');
    const passed = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(passed.body).toMatchObject({ ok: true, status: 200, connection: { status: 'ACTIVE', statusReason: null } });
    expect((await org.app.connections.call(connection.id, { method: 'GET', path: `/api/v1/users/${person}` })).status).toBe(200);
  });

  it('reauthorizing with a service account brings the connection back, and new calls name the service account', async () => {
    const login = 'ops-moving@example.com';
    const person = await workflowsPerson(login);
    const connection = await authorizedConnection(org, { nickname: 'moving', username: login, password: PASSWORD });
    await lifecycle(person, 'suspend');
    const target = await someone('moving-target@example.com');
    await expect(org.app.connections.call(connection.id, { method: 'POST', path: `/api/v1/users/${target}/lifecycle/suspend` })).rejects.toThrow();
    expect((await getConnection(org, connection.id)).status).toBe('ERROR');

    const service = await workflowsPerson('svc-workflows@example.com');
    const re = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/reauthorize`);
    expect(re.status, re.text).toBe(200);
    const page = await consentAt(org, re.body.authorizeUrl, { username: 'svc-workflows@example.com', password: PASSWORD });
    expect(page.html).toContain('svc-workflows@example.com');
    const restored = await getConnection(org, connection.id);
    expect(restored).toMatchObject({ status: 'ACTIVE', statusReason: null, lastError: null, authorizedBy: { userId: service, login: 'svc-workflows@example.com' } });

    const result = await org.app.connections.call(connection.id, { method: 'POST', path: `/api/v1/users/${target}/lifecycle/suspend` });
    expect(result.status).toBe(200);
    const event = (await logEvents(org, 'user.lifecycle.suspend')).find((e) => e.target[0].id === target);
    expect(event.actor.id).toBe(service);
    const reauthorized = (await logEvents(org, 'workflows.user.connection.reauthorize')).filter((e) => e.target[0].id === connection.id);
    expect(reauthorized).toHaveLength(1);
    expect(reauthorized[0].actor.id).toBe(org.adminId);
  });

  it('denied consent leaves the connection PENDING with the org’s answer; an authorize link works once', async () => {
    // Someone who has not consented to the Workflows app yet (a consent once given is remembered).
    await workflowsPerson('denier@example.com');
    const created = await createConnection(org, { nickname: 'denied' });
    const denied = await consentAt(org, created.body.authorizeUrl, { decision: 'deny', username: 'denier@example.com', password: PASSWORD });
    expect(denied.sawConsent).toBe(true);
    expect(denied.status).toBe(400);
    expect(denied.html).toContain('access_denied');
    expect(await getConnection(org, created.body.id)).toMatchObject({ status: 'PENDING', lastError: { errorCode: 'access_denied' } });

    const again = await createConnection(org, { nickname: 'once' });
    const browser = new FormBrowser(org.url);
    const first = await consentAt(org, again.body.authorizeUrl, { browser });
    expect(first.status).toBe(200);
    const replay = await browser.follow(first.url);
    expect(replay.res.status).toBe(400);
    expect(replay.html).toContain('unknown, expired or already used');
    const forged = await call(org, 'GET', '/workflows/oauth/okta/cb?code=abc&state=forged', { token: null });
    expect(forged.status).toBe(400);
  });

  it('revoke and delete revoke the tokens at the org and log Okta’s events', async () => {
    const connection = await authorizedConnection(org, { nickname: 'short-lived' });
    const revoked = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.status).toBe('REVOKED');
    await expect(org.app.connections.call(connection.id, { method: 'GET', path: `/api/v1/users/${org.adminId}` })).rejects.toThrow();

    const other = await authorizedConnection(org, { nickname: 'to delete' });
    const tokenRevocations = (await logEvents(org, 'app.oauth2.token.revoke')).length;
    const deleted = await call(org, 'DELETE', `/workflows/api/v1/connections/${other.id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await call(org, 'GET', `/workflows/api/v1/connections/${other.id}`)).status).toBe(404);
    expect((await logEvents(org, 'app.oauth2.token.revoke')).length).toBeGreaterThan(tokenRevocations);
    const byConnection = async (type: string) => (await logEvents(org, type)).filter((e) => e.target[0].id === other.id);
    expect(await byConnection('workflows.user.connection.revoke')).toHaveLength(1);
    expect(await byConnection('workflows.user.connection.delete')).toHaveLength(1);
  });

  it('a delete of a connection and the activation of a flow using it, at the same moment, never both succeed', async () => {
    const connection = await authorizedConnection(org, { nickname: 'raced' });
    const flow = await createFlow(org, delegatedFlow('Races the delete', [{ id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } }]));
    // The test holds the connection's row so that both requests reach their transactions, past every
    // check made before them, and wait there together; then lets them go at once.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = org.app.store.transaction(async (tx) => {
      await tx.workflowConnections.lockExisting([connection.id]);
      held();
      await gate;
    });
    await holding;
    const deleting = call(org, 'DELETE', `/workflows/api/v1/connections/${connection.id}`);
    const activating = call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/activate`);
    if (kind === 'postgres') {
      // Both wait on the row lock (on SQLite the held transaction already keeps every write waiting).
      const client = new pg.Client({ connectionString: org.app.config.databaseUrl! });
      await client.connect();
      try {
        const waiting = async () => Number((await client.query(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].n);
        await eventually(async () => (await waiting()) >= 2 || undefined, 5_000, 'both requests waiting on the connection row');
      } finally {
        await client.end();
      }
    } else {
      await new Promise((r) => setTimeout(r, 300));
    }
    release();
    await holder;
    const [deleted, activated] = await Promise.all([deleting, activating]);
    const deleteWon = deleted.status === 204;
    expect(deleteWon !== (activated.status === 200), `exactly one succeeds: delete ${deleted.status} ${deleted.text}; activate ${activated.status} ${activated.text}`).toBe(true);
    expect(deleteWon ? activated.status : deleted.status).toBe(400);
    const flowAfter = (await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body;
    const connectionAfter = await call(org, 'GET', `/workflows/api/v1/connections/${connection.id}`);
    if (deleteWon) {
      expect(activated.body.errorCauses.map((c: any) => c.errorSummary)).toEqual([`connectionId: No connection ${connection.id}`]);
      expect(flowAfter.active).toBe(false);
      expect(connectionAfter.status).toBe(404);
    } else {
      expect(deleted.body.errorCauses.map((c: any) => c.errorSummary)).toEqual([expect.stringContaining(`Active flow "Races the delete" (${flow.id}) uses this connection`)]);
      expect(flowAfter.active).toBe(true);
      expect(connectionAfter.status).toBe(200);
      expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);
    }
  });

  it('refuses to delete a connection that active flows use, naming them, and changes nothing; once they are off it is deleted', async () => {
    const connection = await authorizedConnection(org, { nickname: 'in use' });
    const flowUsing = async (name: string) =>
      createFlow(org, delegatedFlow(name, [{ id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } }]));
    const first = await flowUsing('Uses it 1');
    const second = await flowUsing('Uses it 2');
    const idle = await flowUsing('Uses it, off');
    await activateFlow(org, first.id);
    await activateFlow(org, second.id);

    const refused = await call(org, 'DELETE', `/workflows/api/v1/connections/${connection.id}`);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: connection in use' });
    const causes = refused.body.errorCauses.map((c: any) => c.errorSummary);
    expect(causes).toHaveLength(2);
    expect(causes.join('\n')).toContain(`Active flow "Uses it 1" (${first.id}) uses this connection`);
    expect(causes.join('\n')).toContain(`Active flow "Uses it 2" (${second.id}) uses this connection`);
    // Nothing happened: not revoked, not deleted, still working.
    const byConnection = async (type: string) => (await logEvents(org, type)).filter((e) => e.target[0].id === connection.id);
    expect(await byConnection('workflows.user.connection.revoke')).toEqual([]);
    expect(await byConnection('workflows.user.connection.delete')).toEqual([]);
    const tested = await call(org, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(tested.body).toMatchObject({ ok: true, connection: { status: 'ACTIVE' } });

    expect((await call(org, 'POST', `/workflows/api/v1/flows/${first.id}/deactivate`)).status).toBe(200);
    const stillOne = await call(org, 'DELETE', `/workflows/api/v1/connections/${connection.id}`);
    expect(stillOne.status).toBe(400);
    expect(stillOne.body.errorCauses.map((c: any) => c.errorSummary)).toEqual([expect.stringContaining(second.id)]);
    expect((await call(org, 'POST', `/workflows/api/v1/flows/${second.id}/deactivate`)).status).toBe(200);

    const deleted = await call(org, 'DELETE', `/workflows/api/v1/connections/${connection.id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(await byConnection('workflows.user.connection.delete')).toHaveLength(1);
    const activation = await call(org, 'POST', `/workflows/api/v1/flows/${idle.id}/activate`);
    expect(activation.status).toBe(400);
    expect(activation.body.errorCauses[0].errorSummary).toBe(`connectionId: No connection ${connection.id}`);
  });

  it('lists connections by who authorized them, with Okta paging', async () => {
    const person = await workflowsPerson('lister@example.com');
    const mine = [await authorizedConnection(org, { nickname: 'list 1', username: 'lister@example.com', password: PASSWORD }), await authorizedConnection(org, { nickname: 'list 2', username: 'lister@example.com', password: PASSWORD })];
    const first = await call(org, 'GET', `/workflows/api/v1/connections?authorizedBy=${person}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(1);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1]!;
    const second = await call(org, 'GET', next.slice(org.url.length));
    expect([...first.body, ...second.body].map((c: any) => c.id).sort()).toEqual(mine.map((c) => c.id).sort());
  });

  it('authorizedBy=<userId> answers what breaks if that person goes: exactly their connections, each with the flows using it and whether each is active', async () => {
    const ana = await workflowsPerson('ana-impact@example.com');
    const ben = await workflowsPerson('ben-impact@example.com');
    const asAna = { username: 'ana-impact@example.com', password: PASSWORD };
    const anaMain = await authorizedConnection(org, { nickname: 'Ana main', ...asAna });
    const anaSpare = await authorizedConnection(org, { nickname: 'Ana spare', ...asAna });
    const benOnly = await authorizedConnection(org, { nickname: 'Ben only', username: 'ben-impact@example.com', password: PASSWORD });
    const read = (id: string, connectionId: string) => ({ id, type: 'okta.readUser', connectionId, inputs: { user: { ref: 'run.userId' } } });
    const live = await createFlow(org, delegatedFlow('Impact live', [read('a', anaMain.id)]));
    const idle = await createFlow(org, delegatedFlow('Impact idle', [read('a', anaMain.id), read('b', benOnly.id)]));
    await activateFlow(org, live.id);

    const byAna = await call(org, 'GET', `/workflows/api/v1/connections?authorizedBy=${ana}`);
    expect(byAna.status, byAna.text).toBe(200);
    const usage = (list: any[]) => Object.fromEntries(list.map((c) => [c.nickname, c.usage.flows.map((f: any) => ({ id: f.id, name: f.name, active: f.active })).sort((x: any, y: any) => x.name.localeCompare(y.name))]));
    expect(byAna.body.map((c: any) => c.authorizedBy)).toEqual([
      { userId: ana, login: 'ana-impact@example.com', displayName: expect.any(String) },
      { userId: ana, login: 'ana-impact@example.com', displayName: expect.any(String) },
    ]);
    expect(usage(byAna.body)).toEqual({
      'Ana main': [
        { id: idle.id, name: 'Impact idle', active: false },
        { id: live.id, name: 'Impact live', active: true },
      ],
      'Ana spare': [],
    });
    expect(byAna.body.map((c: any) => c.id).sort()).toEqual([anaMain.id, anaSpare.id].sort());

    const byBen = await call(org, 'GET', `/workflows/api/v1/connections?authorizedBy=${ben}`);
    expect(usage(byBen.body)).toEqual({ 'Ben only': [{ id: idle.id, name: 'Impact idle', active: false }] });
    // Turning the shared flow on shows in both people's answers.
    await activateFlow(org, idle.id);
    const benAgain = await call(org, 'GET', `/workflows/api/v1/connections?authorizedBy=${ben}`);
    expect(benAgain.body[0].usage.flows).toEqual([{ id: idle.id, name: 'Impact idle', active: true }]);

    // The same answer in-process, whole, for the lifecycle actions that will warn before breaking them.
    const impact = await org.app.services.workflowConnections.authorizedBy(ana);
    expect(Object.fromEntries(impact.map((u) => [u.connection.nickname, u.flows.map((f) => `${f.name}:${f.active}`).sort()]))).toEqual({
      'Ana main': ['Impact idle:true', 'Impact live:true'],
      'Ana spare': [],
    });
    expect(await org.app.services.workflowConnections.authorizedBy('00u00000000000000000')).toEqual([]);

    // Okta's filter form says the same; paging keeps the selection in its links.
    const filtered = await call(org, 'GET', `/workflows/api/v1/connections?filter=${encodeURIComponent(`authorizedBy.userId eq "${ana}"`)}&limit=1`);
    expect(filtered.status, filtered.text).toBe(200);
    expect(filtered.body).toHaveLength(1);
    const next = /<([^>]+)>; rel="next"/.exec(filtered.headers.get('link')!)![1]!;
    expect(new URL(next).searchParams.get('filter')).toBe(`authorizedBy.userId eq "${ana}"`);
    const rest = await call(org, 'GET', next.slice(org.url.length));
    expect([...filtered.body, ...rest.body].map((c: any) => c.id).sort()).toEqual([anaMain.id, anaSpare.id].sort());
    const both = await call(org, 'GET', `/workflows/api/v1/connections?authorizedBy=${ana}&filter=${encodeURIComponent(`authorizedBy.userId eq "${ana}"`)}`);
    expect(both.body.map((c: any) => c.id).sort()).toEqual([anaMain.id, anaSpare.id].sort());

    // Nobody by that id, or two different people at once: an empty list, never 404 (as Okta's filters).
    for (const selects of [
      'authorizedBy=00u00000000000000000',
      `authorizedBy=${encodeURIComponent('not an id/../%')}`,
      `authorizedBy=${ana}&filter=${encodeURIComponent(`authorizedBy.userId eq "${ben}"`)}`,
      `filter=${encodeURIComponent(`authorizedBy.userId eq "${ana}" and authorizedBy.userId eq "${ben}"`)}`,
      `filter=${encodeURIComponent('authorizedBy.userId eq 42')}`,
    ]) {
      const none = await call(org, 'GET', `/workflows/api/v1/connections?${selects}`);
      expect({ selects, status: none.status, body: none.body }).toEqual({ selects, status: 200, body: [] });
    }

    // Bad parameters: Okta's 400s, with the cause in words.
    const refusals: [string, string, string][] = [
      ['authorizedBy=', 'E0000001', 'authorizedBy: must be the id of a user'],
      ['authorizedBy=%20', 'E0000001', 'authorizedBy: must be the id of a user'],
      [`authorizedBy=${ana}&limit=lots`, 'E0000001', 'limit: must be an integer'],
      [`authorizedBy=${ana}&limit=0`, 'E0000001', 'limit: must be at least 1'],
      [`filter=${encodeURIComponent('status eq "ACTIVE"')}`, 'E0000031', `'status eq' is not supported; filter by authorizedBy.userId eq "<userId>"`],
      [`filter=${encodeURIComponent(`authorizedBy.userId sw "${ana}"`)}`, 'E0000031', `'authorizedBy.userId sw' is not supported; filter by authorizedBy.userId eq "<userId>"`],
      [`filter=${encodeURIComponent(`authorizedBy.userId eq "${ana}" or authorizedBy.userId eq "${ben}"`)}`, 'E0000031', "'or' is not supported"],
      [`filter=${encodeURIComponent(`not (authorizedBy.userId eq "${ana}")`)}`, 'E0000031', "'not' is not supported"],
      [`filter=${encodeURIComponent('authorizedBy.userId eq')}`, 'E0000031', ''],
      ['filter=', 'E0000031', ''],
    ];
    for (const [params, errorCode, cause] of refusals) {
      const res = await call(org, 'GET', `/workflows/api/v1/connections?${params}`);
      expect({ params, status: res.status, errorCode: res.body.errorCode }).toEqual({ params, status: 400, errorCode });
      expect(res.body.errorCauses).toHaveLength(1);
      if (cause) expect(res.body.errorCauses[0].errorSummary).toBe(cause);
    }

    // Who may ask: as for the whole list, a read-only Workflows token may, an Org Admin may not.
    const viewer = await createWebApp(org, { label: 'Impact viewer', scopes: ['keyflow.workflows.read'], assign: [org.adminId] });
    const tokens = await codeTokens(org, viewer, { scope: 'openid keyflow.workflows.read', username: 'admin@example.com', password: ADMIN_PASSWORD });
    const asViewer = await fetch(`${org.url}/workflows/api/v1/connections?authorizedBy=${ana}`, { headers: bearer(tokens.access_token) });
    expect(asViewer.status).toBe(200);
    expect(usage((await asViewer.json()) as any[])).toEqual({
      'Ana main': [
        { id: idle.id, name: 'Impact idle', active: true },
        { id: live.id, name: 'Impact live', active: true },
      ],
      'Ana spare': [],
    });
    const orgAdminId = await createPerson(org, 'orgadmin-impact@example.com', PASSWORD, 'ORG_ADMIN');
    const orgAdmin = (await org.app.services.apiTokens.create(jobContext('test'), { name: 'impact' }, (await org.app.store.users.findById(orgAdminId))!)).value;
    const refused = await call(org, 'GET', `/workflows/api/v1/connections?authorizedBy=${ana}`, { token: orgAdmin });
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('E0000006');
  });

  it('refuses bad input with Okta-style errors and changes nothing', async () => {
    const count = async () => (await call(org, 'GET', '/workflows/api/v1/connections?limit=200')).body.length;
    const before = await count();
    const unknown = await createConnection(org, { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errorCode).toBe('E0000003');
    const blank = await createConnection(org, { nickname: ' ' });
    expect(blank.body.errorCode).toBe('E0000001');
    const plain = await createConnection(org, { orgUrl: 'http://example.okta.com', clientId: 'x', clientSecret: 'y' });
    expect(plain.status).toBe(400);
    expect(plain.body.errorCauses[0].errorSummary).toContain('https');
    const foreignWithoutClient = await createConnection(org, { orgUrl: 'https://example.okta.com' });
    expect(foreignWithoutClient.body.errorCauses[0].errorSummary).toContain('client id and secret');
    expect(await count()).toBe(before);
    expect((await call(org, 'GET', '/workflows/api/v1/connections/wfc00000000000000000')).body.errorCode).toBe('E0000007');
  });

  it('is for Super Admins and Workflows Administrators only', async () => {
    /** An SSWS token of a new person holding `role` (made in-process: Okta makes API tokens in its console). */
    const tokenOf = async (login: string, role: string) => {
      const id = await createPerson(org, login, PASSWORD, role);
      const user = (await org.app.store.users.findById(id))!;
      return (await org.app.services.apiTokens.create(jobContext('test'), { name: login }, user)).value;
    };
    const orgAdmin = await tokenOf('orgadmin@example.com', 'ORG_ADMIN');
    const workflowsAdmin = await tokenOf('wfadmin@example.com', 'WORKFLOWS_ADMIN');
    const refused = await call(org, 'GET', '/workflows/api/v1/connections', { token: orgAdmin });
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('E0000006');
    expect((await createConnection(org, {}, orgAdmin)).status).toBe(403);
    expect((await call(org, 'GET', '/workflows/api/v1/connections', { token: workflowsAdmin })).status).toBe(200);
    const created = await createConnection(org, { nickname: 'by a Workflows admin' }, workflowsAdmin);
    expect(created.status, created.text).toBe(201);
    expect(created.body.createdBy).not.toBe(org.adminId);
    expect((await call(org, 'GET', '/workflows/api/v1/connections', { token: null })).status).toBe(403);

    // Bearer tokens need Keyflow's workflows scope, granted to the app like an okta.* scope.
    const console = await createWebApp(org, { label: 'A console', scopes: ['keyflow.workflows.read'], assign: [org.adminId] });
    const tokens = await codeTokens(org, console, { scope: 'openid keyflow.workflows.read', username: 'admin@example.com', password: ADMIN_PASSWORD });
    const read = await fetch(`${org.url}/workflows/api/v1/connections`, { headers: bearer(tokens.access_token) });
    expect(read.status).toBe(200);
    const write = await fetch(`${org.url}/workflows/api/v1/connections`, { method: 'POST', headers: bearer(tokens.access_token, { 'content-type': 'application/json' }), body: JSON.stringify({ nickname: 'x' }) });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(write.headers.get('www-authenticate')).toContain('scope="keyflow.workflows.manage"');
    expect((await call(org, 'GET', '/workflows/api/v1/connections', { token: '00' + 'x'.repeat(40) })).status).toBe(401);
  });
});

describe.each(kinds)('Workflows connection tokens near expiry (%s store)', (kind) => {
  let org: TestOrg;
  let app: any;

  // The org's own clock, moved by the test: tokens the engine holds age without waiting an hour.
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    org = await startTestOrg(kind, {}, { clock });
    app = await workflowsApp(org);
  });
  afterAll(async () => {
    await org?.close();
  });

  async function person(login: string): Promise<string> {
    const id = await createPerson(org, login, PASSWORD, 'SUPER_ADMIN');
    await assignUser(org, app.id, id);
    return id;
  }

  it('refreshes an expiring access token once, even for many concurrent calls, without tripping reuse detection', async () => {
    const connection = await authorizedConnection(org, { nickname: 'refreshing' });
    // 59.5 minutes on: the hour-long access token is inside the engine's one-minute refresh margin.
    clock.advance(59.5);
    const results = await Promise.all(Array.from({ length: 8 }, () => org.app.connections.call(connection.id, { method: 'GET', path: `/api/v1/users/${org.adminId}` })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await logEvents(org, 'app.oauth2.token.detect_reuse')).toEqual([]);
    const again = await org.app.connections.call(connection.id, { method: 'GET', path: `/api/v1/users/${org.adminId}` });
    expect(again.status).toBe(200);
    expect((await getConnection(org, connection.id)).status).toBe('ACTIVE');
    const refreshes = (await logEvents(org, 'app.oauth2.token.grant.access_token')).filter((e) => e.client.id === app.id && e.debugContext.debugData.grantType === 'refresh_token');
    expect(refreshes.length, 'one refresh for the eight concurrent calls; the call after uses the new token').toBe(1);
  });

  for (const [change, op] of [['deactivated', 'deactivate'], ['suspended', 'suspend']] as const) {
    it(`a refused refresh (the person was ${change}) turns the connection ERROR with the org’s invalid_grant`, async () => {
      const login = `refresh-${op}@example.com`;
      const id = await person(login);
      const connection = await authorizedConnection(org, { nickname: `refresh ${change}`, username: login, password: PASSWORD });
      expect((await call(org, 'POST', `/api/v1/users/${id}/lifecycle/${op}`)).status).toBe(200);
      clock.advance(59.5);
      await expect(org.app.connections.call(connection.id, { method: 'GET', path: `/api/v1/users/${id}` })).rejects.toMatchObject({ error: { status: 400, errorCode: 'invalid_grant' } });
      const after = await getConnection(org, connection.id);
      expect(after).toMatchObject({ status: 'ERROR', lastError: { status: 400, errorCode: 'invalid_grant' } });
      expect(after.statusReason).toContain(login);
      expect((await logEvents(org, 'keyflow.workflows.connection.error')).filter((e) => e.target[0].id === connection.id)).toHaveLength(1);
    });
  }
});

describe.each(kinds)('a Workflows connection to another org (%s store)', (kind) => {
  let home: TestOrg;
  let other: TestOrg;
  // Home's clock, moved by the last tests so that the tokens home holds for the other org near expiry.
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    [home, other] = await Promise.all([startTestOrg(kind, {}, { clock }), startTestOrg(kind)]);
  });
  afterAll(async () => {
    await Promise.all([home?.close(), other?.close()]);
  });

  /** At the other org: an OIDC web app whose redirect URI is this Keyflow's callback (workflows.md §5.1), and a connection to it authorized there by its admin. */
  async function connectToOther(label: string, extraScopes: string[] = []): Promise<any> {
    const remoteApp = await createWebApp(other, { label, scopes: ['okta.users.read', 'okta.users.manage', ...extraScopes], assign: [other.adminId], consent: 'REQUIRED', redirectUris: [`${home.url}/workflows/oauth/okta/cb`] });
    const created = await createConnection(home, { nickname: label, orgUrl: other.url, clientId: remoteApp.id, clientSecret: remoteApp.secret, scopes: ['openid', 'profile', 'email', 'offline_access', 'okta.users.read', 'okta.users.manage', ...extraScopes] });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ orgUrl: other.url, clientId: remoteApp.id, status: 'PENDING' });
    expect(created.body.authorizeUrl.startsWith(`${other.url}/oauth2/v1/authorize`)).toBe(true);

    // The browser signs in and consents at the other org, which sends it back home.
    const atOther = new FormBrowser(other.url);
    let step = await atOther.follow(created.body.authorizeUrl);
    step = await atOther.submit(step.url, step.html, { username: 'admin@example.com', password: ADMIN_PASSWORD });
    step = await atOther.submit(step.url, step.html, { decision: 'allow' });
    expect(step.url.startsWith(`${home.url}/workflows/oauth/okta/cb?`)).toBe(true);
    const back = await new FormBrowser(home.url).follow(step.url);
    expect(back.res.status, back.html).toBe(200);

    const connection = await getConnection(home, created.body.id);
    expect(connection).toMatchObject({ status: 'ACTIVE', authorizedBy: { userId: other.adminId } });
    return connection;
  }

  it('authorizes at the other org with that org’s OIDC app, and acts there as the person who consented there', async () => {
    const connection = await connectToOther('Workflows from home');
    const target = (await call(other, 'POST', '/api/v1/users?activate=true', { body: { profile: { firstName: 'Far', lastName: 'Away', email: 'far@example.com', login: 'far@example.com' }, credentials: { password: { value: PASSWORD } } } })).body.id;
    const result = await home.app.connections.call(connection.id, { method: 'POST', path: `/api/v1/users/${target}/lifecycle/suspend` });
    expect(result.status).toBe(200);
    const event = (await logEvents(other, 'user.lifecycle.suspend')).find((e) => e.target[0].id === target);
    expect(event).toMatchObject({ actor: { id: other.adminId }, client: { id: connection.clientId, userAgent: { rawUserAgent: 'Azuqua' } } });
    expect(await logEvents(home, 'user.lifecycle.suspend')).toEqual([]);
  });

  it('an Okta card whose call cannot reach the org is retried like a 503 and fails with 503, the connection stays ACTIVE, and the flow works again once the org is back', async () => {
    const connection = await connectToOther('Workflows from home, unreachable');
    const flow = await createFlow(home, delegatedFlow('Read over there', [
      { id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { value: 'admin@example.com' } }, errorHandling: { retry: 2, retryDelayMs: 0, then: 'halt' } },
      { id: 'out', type: 'control.return', inputs: { login: { ref: 'read.profile.login' } } },
    ]));
    let unreachable: any;
    // The other org's port is closed while the flow runs: every attempt fails to connect.
    await restartTestOrg(other, async () => {
      unreachable = await runFlow(home, flow.id);
    });
    expect(unreachable).toMatchObject({ status: 'FAILED', error: { code: 503, method: 'read' } });
    expect(unreachable.error.message).toContain(other.url);
    expect(unreachable.cards[0]).toMatchObject({ cardId: 'read', status: 'FAILED', attempts: 3 });
    expect(unreachable.cards[0].httpStatus, 'nothing answered').toBeUndefined();
    expect(await getConnection(home, connection.id), 'a network failure is not a refusal').toMatchObject({ status: 'ACTIVE', statusReason: null, lastError: null });

    const back = await runFlow(home, flow.id);
    expect(back.status, JSON.stringify(back.error)).toBe('SUCCEEDED');
    expect(back.output).toEqual({ login: 'admin@example.com' });
  });

  it('"test" while the org is unreachable answers ok: false with 503 and the reason, and the connection stays ACTIVE; it passes again once the org is back', async () => {
    const connection = await connectToOther('Workflows from home, test while down');
    let res: Awaited<ReturnType<typeof call>> | undefined;
    await restartTestOrg(other, async () => {
      res = await call(home, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    });
    expect(res!.status, res!.text).toBe(200);
    expect(res!.body).toMatchObject({ ok: false, status: 503, error: { status: 503, errorCode: null }, connection: { id: connection.id, status: 'ACTIVE', statusReason: null, lastError: null } });
    expect(res!.body.error.errorSummary).toContain(other.url);
    expect(await getConnection(home, connection.id), 'nothing was refused').toMatchObject({ status: 'ACTIVE', lastError: null });
    expect((await logEvents(home, 'keyflow.workflows.connection.error')).filter((e) => e.target[0].id === connection.id)).toEqual([]);

    const again = await call(home, 'POST', `/workflows/api/v1/connections/${connection.id}/test`);
    expect(again.body).toMatchObject({ ok: true, status: 200, connection: { status: 'ACTIVE' } });
  });

  it('creating a connection to an org that does not answer is refused with 400 naming orgUrl, and leaves no connection behind', async () => {
    const remoteApp = await createWebApp(other, { label: 'never reached', scopes: ['okta.users.read'], assign: [other.adminId], consent: 'REQUIRED', redirectUris: [`${home.url}/workflows/oauth/okta/cb`] });
    const before = (await call(home, 'GET', '/workflows/api/v1/connections?limit=200')).body.length;
    let res: Awaited<ReturnType<typeof call>> | undefined;
    await restartTestOrg(other, async () => {
      res = await createConnection(home, { nickname: 'to a stopped org', orgUrl: other.url, clientId: remoteApp.id, clientSecret: remoteApp.secret });
    });
    expect(res!.status, res!.text).toBe(400);
    expect(res!.body.errorCode).toBe('E0000001');
    expect(res!.body.errorCauses[0].errorSummary).toContain(`orgUrl: The org at ${other.url} could not be reached`);
    expect((await call(home, 'GET', '/workflows/api/v1/connections?limit=200')).body).toHaveLength(before);
  });

  it('a consent whose code exchange cannot reach the org shows a 502 page and changes nothing', async () => {
    const remoteApp = await createWebApp(other, { label: 'exchange fails', scopes: ['okta.users.read'], assign: [other.adminId], consent: 'REQUIRED', redirectUris: [`${home.url}/workflows/oauth/okta/cb`] });
    const created = await createConnection(home, { nickname: 'exchange fails', orgUrl: other.url, clientId: remoteApp.id, clientSecret: remoteApp.secret, scopes: ['openid', 'profile', 'offline_access', 'okta.users.read'] });
    expect(created.status, created.text).toBe(201);
    const atOther = new FormBrowser(other.url);
    let step = await atOther.follow(created.body.authorizeUrl);
    step = await atOther.submit(step.url, step.html, { username: 'admin@example.com', password: ADMIN_PASSWORD });
    step = await atOther.submit(step.url, step.html, { decision: 'allow' });
    expect(step.url.startsWith(`${home.url}/workflows/oauth/okta/cb?`)).toBe(true);
    let back: Awaited<ReturnType<FormBrowser['follow']>> | undefined;
    await restartTestOrg(other, async () => {
      back = await new FormBrowser(home.url).follow(step.url);
    });
    expect(back!.res.status, back!.html).toBe(502);
    expect(back!.html).toContain('could not be reached');
    expect(await getConnection(home, created.body.id)).toMatchObject({ status: 'PENDING', authorizedBy: null });
  });

  it('turning on an event flow whose connection cannot reach its org is refused with 400 and the reason, and the flow stays off', async () => {
    const connection = await connectToOther('Workflows from home, hooks', ['okta.eventHooks.manage']);
    const flow = await createFlow(home, { schemaVersion: '1.0', name: 'On deactivation over there', kind: 'main', saveExecutionData: true, trigger: { id: 'evt', type: 'okta.event', event: 'user.lifecycle.deactivate', connectionId: connection.id }, cards: [] });
    let res: Awaited<ReturnType<typeof call>> | undefined;
    await restartTestOrg(other, async () => {
      res = await call(home, 'POST', `/workflows/api/v1/flows/${flow.id}/activate`);
    });
    expect(res!.status, res!.text).toBe(400);
    expect(res!.body.errorCauses[0].errorSummary).toContain(`The connection cannot register the event hook: The call to ${other.url} failed`);
    expect((await call(home, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body.active).toBe(false);
    expect(await getConnection(home, connection.id)).toMatchObject({ status: 'ACTIVE', lastError: null });
  });

  // Last in this block: it moves home's clock an hour on.
  it('a token refresh the org does not answer fails the card with a retried 503, keeps the connection ACTIVE, and the flow works once the org is back', async () => {
    const connection = await connectToOther('Workflows from home, refresh while down');
    const flow = await createFlow(home, delegatedFlow('Read over there, refreshing', [
      { id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { value: 'admin@example.com' } }, errorHandling: { retry: 1, retryDelayMs: 0, then: 'halt' } },
      { id: 'out', type: 'control.return', inputs: { login: { ref: 'read.profile.login' } } },
    ]));
    // 59.5 minutes on at home: the hour-long access token is inside the engine's one-minute refresh margin.
    clock.advance(59.5);
    let unreachable: any;
    await restartTestOrg(other, async () => {
      unreachable = await runFlow(home, flow.id);
    });
    expect(unreachable).toMatchObject({ status: 'FAILED', error: { code: 503, method: 'read' } });
    expect(unreachable.error.message).toContain(other.url);
    expect(unreachable.cards[0]).toMatchObject({ cardId: 'read', status: 'FAILED', attempts: 2 });
    expect(await getConnection(home, connection.id), 'an unanswered refresh is not a refusal').toMatchObject({ status: 'ACTIVE', statusReason: null, lastError: null });
    expect((await logEvents(home, 'keyflow.workflows.connection.error')).filter((e) => e.target[0].id === connection.id)).toEqual([]);

    const back = await runFlow(home, flow.id);
    expect(back.status, JSON.stringify(back.error)).toBe('SUCCEEDED');
    expect(back.output).toEqual({ login: 'admin@example.com' });
    const refreshes = (await logEvents(other, 'app.oauth2.token.grant.access_token')).filter((e) => e.client.id === connection.clientId && e.debugContext.debugData.grantType === 'refresh_token');
    expect(refreshes, 'the refresh happened once the org was back').toHaveLength(1);
  });
});
