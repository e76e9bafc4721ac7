import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/hook-receiver.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';
import { createFlow, delegatedFlow } from '../support/workflows.js';

/**
 * The engine's workers: executions queued together run together. Idle workers poll only every
 * KEYFLOW_WORKFLOWS_POLL_MS (for other processes' work); this process's own queueing must wake every idle
 * worker, not one, or a burst (an event hook delivery of 50 events) runs one at a time until the poll.
 */
const kinds = await storeKinds();

describe.each(kinds)('Workflows workers (%s store)', (kind) => {
  let org: TestOrg;
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => void held.push(res));
  let url = '';

  beforeAll(async () => {
    // A poll far longer than the test waits: only being woken can start the queued executions.
    org = await startTestOrg(kind, { KEYFLOW_WORKFLOWS_CONCURRENCY: '4', KEYFLOW_WORKFLOWS_POLL_MS: '60000' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    server.close();
    await org?.close();
  });

  it('four runs queued one after another are all running at once on four workers', async () => {
    const flow = await createFlow(
      org,
      delegatedFlow('Slow call', [
        { id: 'wait', type: 'http.request', inputs: { method: { value: 'GET' }, url: { value: url } } },
        { id: 'done', type: 'control.return', inputs: { status: { ref: 'wait.statusCode' } } },
      ]),
    );
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const queued = await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/run`, { body: { inputs: {} } });
      expect(queued.status, queued.text).toBeLessThan(300);
      ids.push(queued.body.id);
    }
    // Each worker holds its execution open on the receiver: four requests there at once means four ran.
    await eventually(() => held.length === 4, 15_000, 'four executions calling the receiver at once');
    const running = await Promise.all(ids.map(async (id) => (await call(org, 'GET', `/workflows/api/v1/executions/${id}`)).body.status));
    expect(running).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);

    for (const res of held.splice(0)) res.writeHead(204).end();
    const finished = await eventually(async () => {
      const all = await Promise.all(ids.map(async (id) => (await call(org, 'GET', `/workflows/api/v1/executions/${id}`)).body));
      return all.every((e) => e.status === 'SUCCEEDED') ? all : undefined;
    });
    expect(finished.map((e) => e.output)).toEqual(Array(4).fill({ status: 204 }));
  });
});
