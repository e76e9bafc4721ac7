import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { createConnection, createFlow, delegatedFlow, runFlow } from '../support/workflows.js';

/**
 * Two Keyflow extensions of the Workflows API for the console (docs/workflows.md): checking a definition
 * as a save would, without saving (`POST …/flows/validate`), and every flow's execution history in one
 * list (`GET …/executions`).
 */

const kinds = await storeKinds();

describe.each(kinds)('flow validation without saving, and the execution history of every flow (%s store)', (kind) => {
  let org: TestOrg;

  beforeAll(async () => {
    org = await startTestOrg(kind);
  });
  afterAll(async () => {
    await org?.close();
  });

  const flowEvents = async () => (await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType sw "workflows.user.flow"')}&limit=1000`)).body.length;
  const flowCount = async () => (await call(org, 'GET', '/workflows/api/v1/flows?limit=200')).body.length;
  const composeFlow = (name: string, cards: unknown[] = [{ id: 'say', type: 'text.compose', inputs: { template: { value: 'Hello {{who}}' }, who: { ref: 'run.userId' } } }]) => delegatedFlow(name, cards);

  it('answers the 400 a save would answer, with the same causes at their JSON paths, and saves and logs nothing', async () => {
    const broken = composeFlow('Broken', [
      { id: 'deactivate', type: 'okta.deactivateUser', inputs: { user: { ref: 'nowhere.id' } } },
      { id: 'mystery', type: 'no.such.card' },
    ]);
    const [flows, events] = [await flowCount(), await flowEvents()];
    const validated = await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: broken });
    const saved = await call(org, 'POST', '/workflows/api/v1/flows', { body: broken });
    expect(validated.status, validated.text).toBe(400);
    expect(saved.status).toBe(400);
    expect(validated.body.errorCode).toBe('E0000001');
    expect(validated.body.errorCauses).toEqual(saved.body.errorCauses);
    expect(validated.body.errorCauses.map((c: any) => c.errorSummary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^cards\[0\]\.connectionId: /), expect.stringMatching(/^cards\[0\]\.inputs\.user\.ref: /), expect.stringMatching(/^cards\[1\]\.type: /)]),
    );
    // A connection that does not exist is what the service checks, after the shape.
    const unknown = await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: composeFlow('Unknown', [{ id: 'read', type: 'okta.readUser', connectionId: 'wfc00000000000000404', inputs: { user: { ref: 'run.userId' } } }]) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errorCauses).toEqual([{ errorSummary: 'connectionId: No connection wfc00000000000000404' }]);
    // Not JSON object at all: the same 400 as a save.
    expect((await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: [] })).status).toBe(400);
    expect([await flowCount(), await flowEvents()]).toEqual([flows, events]);
  });

  it('answers 200 with the scope warnings the saved flow would carry, without saving it', async () => {
    const pending = await createConnection(org, { nickname: 'Nobody consented' });
    expect(pending.status, pending.text).toBe(201);
    const definition = composeFlow('Reads a user', [{ id: 'read', type: 'okta.readUser', connectionId: pending.body.id, inputs: { user: { ref: 'run.userId' } } }]);
    const flows = await flowCount();
    const validated = await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: definition });
    expect(validated.status, validated.text).toBe(200);
    expect(await flowCount()).toBe(flows);
    expect(validated.body.valid).toBe(true);
    expect(validated.body._keyflow.warnings).toHaveLength(1);
    expect(validated.body._keyflow.warnings[0]).toMatchObject({ path: 'cards[0].connectionId', cardId: 'read', connectionId: pending.body.id, missingScopes: ['okta.users.read'] });
    const saved = await createFlow(org, definition);
    expect(validated.body._keyflow.warnings).toEqual(saved._keyflow.warnings);
    expect((await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: composeFlow('Clean') })).body).toEqual({ valid: true, _keyflow: { warnings: [] } });
  });

  it('with ?flowId checks the definition as the next version of that flow: no main flow turns helper, and a flow keeps its own alias', async () => {
    const main = await createFlow(org, composeFlow('Main flow'));
    const asHelper = { ...composeFlow('Main flow'), kind: 'helper', trigger: { id: 'run', type: 'helper', inputs: [{ key: 'userId', type: 'text' }] } };
    expect((await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: asHelper })).status, 'a new helper flow is fine').toBe(200);
    const changed = await call(org, 'POST', `/workflows/api/v1/flows/validate?flowId=${main.id}`, { body: asHelper });
    expect(changed.status).toBe(400);
    expect(changed.body.errorCauses).toEqual([{ errorSummary: 'kind: A flow cannot change between main and helper' }]);
    expect((await call(org, 'PUT', `/workflows/api/v1/flows/${main.id}`, { body: asHelper })).body.errorCauses).toEqual(changed.body.errorCauses);

    const endpoint = (name: string) => ({ ...composeFlow(name), trigger: { id: 'run', type: 'api_endpoint', security: 'public', alias: 'console-validate', inputs: [{ key: 'userId', type: 'text' }] } });
    const holder = await createFlow(org, endpoint('Holds the alias'));
    const taken = await call(org, 'POST', '/workflows/api/v1/flows/validate', { body: endpoint('Wants the alias') });
    expect(taken.status).toBe(400);
    expect(taken.body.errorCauses).toEqual([{ errorSummary: 'trigger.alias: Another flow already uses this alias' }]);
    expect((await call(org, 'POST', '/workflows/api/v1/flows', { body: endpoint('Wants the alias') })).body.errorCauses).toEqual(taken.body.errorCauses);
    expect((await call(org, 'POST', `/workflows/api/v1/flows/validate?flowId=${holder.id}`, { body: endpoint('Holds the alias, renamed') })).status).toBe(200);
    expect((await call(org, 'POST', '/workflows/api/v1/flows/validate?flowId=wff00000000000000404', { body: composeFlow('x') })).status).toBe(404);
  });

  it('lists every flow’s executions newest first, narrowed by flow and status, a page at a time', async () => {
    const hello = await createFlow(org, composeFlow('History: hello'));
    const failing = await createFlow(org, composeFlow('History: fails', [{ id: 'stop', type: 'control.returnError', inputs: { message: { value: 'No such person' } } }]));
    const first = await runFlow(org, hello.id, { userId: 'ann' });
    const second = await runFlow(org, failing.id, { userId: 'bob' });
    const third = await runFlow(org, hello.id, { userId: 'cy' });
    expect([first.status, second.status, third.status]).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED']);
    const ids = async (query: string) => {
      const res = await call(org, 'GET', `/workflows/api/v1/executions${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.map((e: any) => e.id);
    };
    expect(await ids('?limit=3')).toEqual([third.id, second.id, first.id]);
    expect(await ids(`?flowId=${hello.id}`)).toEqual([third.id, first.id]);
    expect(await ids(`?status=FAILED`)).toEqual([second.id]);
    expect(await ids(`?flowId=${hello.id}&status=FAILED`)).toEqual([]);
    expect(await ids('?flowId=wff00000000000000404')).toEqual([]);
    // Each is shown as `GET …/executions/{id}` shows it.
    const one = await call(org, 'GET', `/workflows/api/v1/executions?status=FAILED&flowId=${failing.id}`);
    expect(one.body[0]).toEqual((await call(org, 'GET', `/workflows/api/v1/executions/${second.id}`)).body);
    // Paging keeps the selection in the Link header.
    const page = await call(org, 'GET', `/workflows/api/v1/executions?flowId=${hello.id}&limit=1`);
    expect(page.body.map((e: any) => e.id)).toEqual([third.id]);
    const next = /<([^>]+)>; rel="next"/.exec(String(page.headers.get('link')))?.[1];
    expect(next).toContain(`flowId=${hello.id}`);
    const rest = await call(org, 'GET', new URL(next!).pathname + new URL(next!).search);
    expect(rest.body.map((e: any) => e.id)).toEqual([first.id]);

    const bad = await call(org, 'GET', '/workflows/api/v1/executions?status=DONE');
    expect(bad.status).toBe(400);
    expect(bad.body.errorCauses[0].errorSummary).toBe('status: Must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, HALTED, CANCELLED');
  });
});
