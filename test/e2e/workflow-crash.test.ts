import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/hook-receiver.js';
import { pgTestDatabase } from '../support/pg.js';
import { ADMIN_PASSWORD, ADMIN_TOKEN, call, storeKinds, TEST_SECRET_KEY } from '../support/test-org.js';
import { authorizedConnection } from '../support/workflows.js';

/**
 * A Keyflow process killed with SIGKILL in the middle of a flow (issue 5, "Executions"): after a restart
 * on the same database, the execution it was running is FAILED as interrupted — its cards may have acted,
 * so it is not silently run again — but shows the cards that acted before the kill, with the org's request
 * ids, as they were checkpointed — and the executions it had queued run. Keyflow runs here as a real
 * separate process (`node src/main.ts serve` through test/support/register-ts.mjs).
 */

const kinds = await storeKinds();
const root = new URL('../..', import.meta.url).pathname;

function startKeyflow(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', './test/support/register-ts.mjs', 'src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`keyflow exited with ${code}: ${output}`)));
    const check = setInterval(() => {
      if (output.includes('Keyflow is serving')) {
        clearInterval(check);
        child.removeAllListeners('exit');
        resolve(child);
      }
    }, 50);
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe.each(kinds)('a Keyflow process killed during a flow (%s store)', (kind) => {
  let hanging: Server;
  let hangingUrl: string;
  let hangingCalls = 0;
  let dataDir: string | undefined;
  let pg: Awaited<ReturnType<typeof pgTestDatabase>> = null;
  let env: Record<string, string>;
  let org: { url: string; token: string };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // A server that accepts requests and never answers: the flow's first card waits on it.
    hanging = createServer(() => {
      hangingCalls++;
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/never`;
    const port = await freePort();
    env = {
      KEYFLOW_PORT: String(port),
      KEYFLOW_ORG_URL: `http://127.0.0.1:${port}`,
      KEYFLOW_API_TOKEN: ADMIN_TOKEN,
      KEYFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
      KEYFLOW_SECRET_KEY: TEST_SECRET_KEY,
      KEYFLOW_DEMO: 'false',
      KEYFLOW_LOG_LEVEL: 'error',
      KEYFLOW_WORKFLOWS_LEASE_MS: '1000',
      KEYFLOW_WORKFLOWS_CONCURRENCY: '1',
    };
    if (kind === 'sqlite') {
      dataDir = mkdtempSync(join(tmpdir(), 'keyflow-crash-'));
      env.KEYFLOW_DATA_DIR = dataDir;
    } else {
      pg = await pgTestDatabase();
      env.KEYFLOW_DATABASE_URL = pg!.url;
    }
    org = { url: env.KEYFLOW_ORG_URL!, token: ADMIN_TOKEN };
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    hanging?.closeAllConnections();
    await new Promise((r) => hanging?.close(r));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await pg?.drop();
  });

  it('fails the interrupted execution as INTERRUPTED after a restart, keeping the cards that acted, and runs the queued one', async () => {
    const first = await startKeyflow(env);
    children.push(first);
    const connection = await authorizedConnection(org);
    const user = await call(org, 'POST', '/api/v1/users?activate=true', { body: { profile: { firstName: 'Crash', lastName: 'Victim', email: 'crash.victim@example.com', login: 'crash.victim@example.com' } } });
    expect(user.status, user.text).toBe(200);
    const flow = (cards: unknown[], name: string, saveExecutionData = true) => ({ schemaVersion: '1.0', name, kind: 'main', saveExecutionData, trigger: { id: 'run', type: 'delegated', inputs: [{ key: 'note', type: 'text' }] }, cards });
    // The slow flow deactivates a user, then waits forever on its HTTP card. It saves no data: once
    // interrupted, its execution keeps no input (it was kept only to run) and its cards no inputs/outputs.
    const slow = await call(org, 'POST', '/workflows/api/v1/flows', {
      body: flow([
        { id: 'deactivate', type: 'okta.deactivateUser', connectionId: connection.id, inputs: { user: { value: user.body.id } } },
        { id: 'wait', type: 'http.request', inputs: { method: { value: 'GET' }, url: { value: hangingUrl } } },
      ], 'Slow', false),
    });
    const quick = await call(org, 'POST', '/workflows/api/v1/flows', { body: flow([{ id: 'out', type: 'control.return', inputs: { ok: { value: true } } }], 'Quick') });
    expect(slow.status, slow.text).toBe(201);

    const running = (await call(org, 'POST', `/workflows/api/v1/flows/${slow.body.id}/run`, { body: { inputs: { note: 'slow run' } } })).body;
    await eventually(() => hangingCalls === 1, 20_000, 'the second card is waiting');
    // While it runs, the execution already shows the card that acted (checkpointed before the next card ran).
    const midway = (await call(org, 'GET', `/workflows/api/v1/executions/${running.id}`)).body;
    expect(midway).toMatchObject({ status: 'RUNNING', cards: [{ cardId: 'deactivate', status: 'SUCCEEDED', httpStatus: 200 }] });
    expect((await call(org, 'GET', `/api/v1/users/${user.body.id}`)).body.status).toBe('DEPROVISIONED');
    // One worker, busy: this one stays QUEUED until after the crash.
    const queued = (await call(org, 'POST', `/workflows/api/v1/flows/${quick.body.id}/run`, { body: { inputs: {} } })).body;
    expect((await call(org, 'GET', `/workflows/api/v1/executions/${queued.id}`)).body.status).toBe('QUEUED');
    // A queued run keeps its input to run; cancelled, it keeps what history may: none, for a flow that saves no data.
    const quiet = await call(org, 'POST', '/workflows/api/v1/flows', { body: flow([{ id: 'out', type: 'control.return', inputs: {} }], 'Quiet', false) });
    const waiting = (await call(org, 'POST', `/workflows/api/v1/flows/${quiet.body.id}/run`, { body: { inputs: { note: 'private' } } })).body;
    expect(waiting.input).toMatchObject({ note: 'private' });
    const cancelled = await call(org, 'POST', `/workflows/api/v1/executions/${waiting.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', input: null });

    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const second = await startKeyflow(env);
    children.push(second);

    const interrupted = await eventually(async () => {
      const e = (await call(org, 'GET', `/workflows/api/v1/executions/${running.id}`)).body;
      return e.status === 'FAILED' ? e : undefined;
    }, 20_000);
    expect(interrupted.error).toMatchObject({ code: 'INTERRUPTED', flo: slow.body.id, execution: running.id });
    expect(interrupted.error.message).toContain('interrupted');
    expect(interrupted.input, 'an interrupted run of a flow that saves no data keeps no input').toBeNull();
    // The card that deactivated the user before the kill is in the history, with the org's request id;
    // the card that was waiting is not (it never ended). No data: metadata only, like a finished run's.
    expect(interrupted.cards).toHaveLength(1);
    const [deactivated] = interrupted.cards;
    expect(deactivated).toMatchObject({ cardId: 'deactivate', type: 'okta.deactivateUser', status: 'SUCCEEDED', httpStatus: 200, attempts: 1 });
    expect(deactivated.inputs).toBeUndefined();
    expect(deactivated.outputs).toBeUndefined();
    expect(deactivated.requestIds).toHaveLength(1);
    // The request id is the transaction.id of what the card did to the org, in the System Log.
    const logged = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent(`transaction.id eq "${deactivated.requestIds[0]}"`)}`);
    expect(logged.status, logged.text).toBe(200);
    const deactivation = logged.body.find((e: any) => e.eventType === 'user.lifecycle.deactivate');
    expect(deactivation, JSON.stringify(logged.body)).toBeDefined();
    expect(deactivation.target.map((t: any) => t.id)).toContain(user.body.id);
    expect(deactivation.debugContext.debugData).toMatchObject({ workflowsExecutionId: running.id, workflowsCardId: 'deactivate' });
    const byExecution = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent(`debugContext.debugData.workflowsExecutionId eq "${running.id}"`)}`);
    expect(byExecution.body.map((e: any) => e.uuid)).toContain(deactivation.uuid);
    const retry = await call(org, 'POST', `/workflows/api/v1/executions/${running.id}/retry`);
    expect(retry.status).toBe(400);
    expect(retry.body.errorCauses[0].errorSummary).toContain('does not save execution data');
    const ran = await eventually(async () => {
      const e = (await call(org, 'GET', `/workflows/api/v1/executions/${queued.id}`)).body;
      return e.status === 'SUCCEEDED' ? e : undefined;
    }, 20_000);
    expect(ran.output).toEqual({ ok: true });
    second.kill('SIGTERM');
  }, 90_000);
});
