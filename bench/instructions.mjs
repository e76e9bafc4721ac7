// Instructions per request, counted by valgrind's callgrind: a repeatable A/B measure for small changes,
// where the wall-clock benchmarks (bench/run.mjs) swing by more than the change on a shared machine.
// Investigation only: it writes nothing to docs/.
//
//   node bench/instructions.mjs <scenario> [checkout …] [--warmup 2500] [--requests 1500] [--rounds 2]
//
// scenario: introspect | bearer | ssws | client-credentials. Each checkout (default: this one) must be
// built (`npm run build:server`); the rounds alternate between checkouts, so the output can be compared
// directly, e.g. `git worktree add /tmp/before HEAD~1`, build it there, then
// `node bench/instructions.mjs introspect /tmp/before .`.
//
// The server (bench/server.mjs, SQLite, npm start's Node flags plus --predictable) runs under callgrind
// with instrumentation off; a person, a web app with a code-flow access token and, for client credentials,
// a service app with pre-signed assertions are set up; the warm-up requests run; then instrumentation is
// switched on for exactly the measured requests, sent one at a time over one keep-alive socket, and off
// again. --predictable (no concurrent compilation or GC threads) and one request at a time keep repeated
// counts of the same code within 1–4% (V8 still decides when to optimise what): run two rounds or more.
// V8 then compiles on the main thread, so a tenth to a third of the count (client credentials: the most)
// is its optimising compiler: compare runs with one another, not with the wall-clock numbers.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startChild } from './child-server.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { warmup: { type: 'string', default: '2500' }, requests: { type: 'string', default: '1500' }, rounds: { type: 'string', default: '2' } },
});
const [scenario, ...dirs] = positionals;
const SCENARIOS = ['introspect', 'bearer', 'ssws', 'client-credentials'];
if (!SCENARIOS.includes(scenario)) {
  console.error(`usage: node bench/instructions.mjs <${SCENARIOS.join('|')}> [checkout …] [--warmup N] [--requests N] [--rounds N]`);
  process.exit(2);
}
const checkouts = (dirs.length > 0 ? dirs : ['.']).map((d) => resolve(d));
const WARMUP = Number(opts.warmup);
const REQUESTS = Number(opts.requests);
const TOKEN = '00BENCHtoken000000000000000000000000000000';
const FORM = 'application/x-www-form-urlencoded';
const SCOPE = 'openid profile email offline_access okta.users.read';
const PASSWORD = 'Xy7-Bench-Pass-1';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** One server under callgrind, set up for the scenario; resolves to its instructions per request. */
async function count(dir) {
  // The checkout's server, its Node flags and its set-up helpers; this checkout's way of starting it.
  const { KEYFLOW_NODE_FLAGS } = await import(join(dir, 'bench/child-server.mjs'));
  const oauth = await import(join(dir, 'bench/oauth.mjs'));
  const work = mkdtempSync(join(tmpdir(), 'keyflow-instructions-'));
  const out = join(work, 'callgrind.out');
  const env = { BENCH_SERVER: 'keyflow', KEYFLOW_LOG_LEVEL: 'warn', KEYFLOW_DEMO: 'false', KEYFLOW_API_TOKEN: TOKEN, KEYFLOW_DATA_DIR: join(work, 'data') };
  const callgrind = { command: 'valgrind', args: ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, '--smc-check=all'] };
  let server;
  try {
    server = await startChild(join(dir, 'bench/server.mjs'), env, `keyflow under callgrind (${dir})`, ['--predictable', ...KEYFLOW_NODE_FLAGS], callgrind);
    const org = { url: server.url, token: TOKEN };
    const login = 'person-instructions@bench.example';
    const userId = await oauth.createPerson(org, login, PASSWORD, 'READ_ONLY_ADMIN');
    const web = await oauth.createWebApp(org, { scopes: ['okta.users.read'], assign: [userId] });
    const tokens = await oauth.codeTokens(org, web, { scope: SCOPE, username: login, password: PASSWORD });
    const request = await requestFor(scenario, { org, oauth, web, userId, accessToken: tokens.access_token });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (n) => sequentially(n, () => exchange(server.url, request(), agent));
    await send(WARMUP);
    execFileSync('callgrind_control', ['--instr=on', String(server.pid)], { stdio: 'ignore' });
    await send(REQUESTS);
    execFileSync('callgrind_control', ['--instr=off', String(server.pid)], { stdio: 'ignore' });
    agent.destroy();
    await server.stop();
    const totals = /^totals: (\d+)/m.exec(readFileSync(out, 'utf8'));
    if (!totals) throw new Error(`no totals in ${out}`);
    return Number(totals[1]) / REQUESTS;
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** A function returning the next request of the scenario: { method, path, headers, body? }. */
async function requestFor(name, { org, oauth, web, userId, accessToken }) {
  switch (name) {
    case 'introspect': {
      const body = new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' }).toString();
      return () => ({ method: 'POST', path: '/oauth2/v1/introspect', headers: { authorization: web.basic, 'content-type': FORM }, body, expect: '"active":true' });
    }
    case 'bearer':
      return () => ({ method: 'GET', path: `/api/v1/users/${userId}`, headers: { authorization: `Bearer ${accessToken}` } });
    case 'ssws':
      return () => ({ method: 'GET', path: `/api/v1/users/${userId}`, headers: { authorization: `SSWS ${TOKEN}` } });
    case 'client-credentials': {
      const service = await oauth.createServiceApp(org, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const pool = await oauth.signAssertions(org, service, WARMUP + REQUESTS);
      let next = 0;
      return () => ({
        method: 'POST',
        path: '/oauth2/v1/token',
        headers: { 'content-type': FORM },
        body: `grant_type=client_credentials&scope=okta.users.read&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${pool[next++]}`,
        expect: '"access_token"',
      });
    }
  }
  throw new Error(`unknown scenario ${name}`);
}

/** One request; rejects unless it is answered 200 (with `expect` in the body, when given). */
function exchange(url, { method, path, headers, body, expect }, agent) {
  return new Promise((res, rej) => {
    const req = http.request(url + path, { method, agent, headers: { accept: 'application/json', ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (answer) => {
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk) => (text += chunk));
      answer.on('end', () => (answer.statusCode === 200 && (!expect || text.includes(expect)) ? res() : rej(new Error(`${method} ${path}: ${answer.statusCode} ${text.slice(0, 200)}`))));
    });
    req.on('error', rej);
    req.end(body);
  });
}

async function sequentially(n, step) {
  for (let i = 0; i < n; i++) await step();
}

const counts = new Map(checkouts.map((d) => [d, []]));
for (let round = 0; round < Number(opts.rounds); round++) {
  for (const dir of checkouts) {
    const perRequest = await count(dir);
    counts.get(dir).push(perRequest);
    console.log(`${scenario} ${dir}: ${Math.round(perRequest).toLocaleString('en-US')} instructions per request`);
  }
}
if (checkouts.length > 1) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(counts.get(checkouts[0]));
  for (const dir of checkouts.slice(1)) {
    const m = mean(counts.get(dir));
    console.log(`${dir} against ${checkouts[0]}: ${(((m - first) / first) * 100).toFixed(1)}%`);
  }
}
