import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchHttp } from './fetch-http.js';

/** The outbound HTTP port over fetch, against a real local server. */
describe('fetchHttp', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1000);
      if (req.url === '/redirect') return void res.writeHead(302, { Location: '/elsewhere' }).end();
      if (req.url === '/big') return void res.end('x'.repeat(200_000));
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the method, headers and body and returns the status and body', async () => {
    const result = await fetchHttp.send({ method: 'POST', url: `${base}/x`, headers: { Authorization: 's3cret' }, body: '{"a":1}', timeoutMs: 3000 });
    expect(result).toEqual({ kind: 'response', status: 201, body: JSON.stringify({ method: 'POST', body: '{"a":1}', auth: 's3cret' }) });
  });

  it('returns a redirect instead of following it, and cuts long bodies at 64 KiB', async () => {
    expect(await fetchHttp.send({ method: 'GET', url: `${base}/redirect`, headers: {}, timeoutMs: 3000 })).toMatchObject({ kind: 'response', status: 302 });
    const big = await fetchHttp.send({ method: 'GET', url: `${base}/big`, headers: {}, timeoutMs: 3000 });
    expect(big.kind === 'response' && big.body.length).toBe(64 * 1024);
  });

  it('reports a timeout, a refused connection and an abort without throwing', async () => {
    expect(await fetchHttp.send({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 50 })).toEqual({ kind: 'failed', reason: 'timeout', message: 'No response within 50 ms' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await fetchHttp.send({ method: 'GET', url: `http://127.0.0.1:${closedPort}/`, headers: {}, timeoutMs: 3000 })).toEqual({ kind: 'failed', reason: 'network', message: 'Connection failed: ECONNREFUSED' });
    const abort = new AbortController();
    const pending = fetchHttp.send({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 3000, signal: abort.signal });
    abort.abort();
    expect(await pending).toMatchObject({ kind: 'failed', reason: 'aborted' });
  });
});
