// Workflows engine benchmarks (issue 5's targets): `npm run bench:workflows` (builds first). Per store
// (SQLite file, then PostgreSQL when reachable) one Keyflow server in a child process
// (bench/workflows-server.mjs), and in this process the load:
//
//   api-endpoint:<store>  autocannon invokes API endpoint flows (Assign → Compose → Return, history saved).
//                         Okta's limit of 10 calls/s per flow would cap the bench, so the load is spread
//                         over --flows identical flows (aliases bench-0 … bench-<n-1>), requests cycling
//                         through them: this measures the engine, not the limiter (429s are counted).
//   okta-event:<store>    an Okta event flow on user.lifecycle.create (one card, Read User, through a
//                         connection the admin authorized on the hosted sign-in and consent pages); users
//                         are created at a steady open-loop rate, and the bench waits for the backlog to
//                         drain before it reads the executions through the Workflows API.
//
// A bare Fastify hello world (bench/server.mjs, BENCH_SERVER=baseline) is measured first and last in the
// same run. Nothing asserts on time: targets are reported met or missed. Rewrites
// docs/benchmarks-workflows.md (machine, date, baseline, every scenario).
//
// Options:
//   --duration <s>      measured seconds per scenario (default 10)
//   --store <kind>      sqlite or postgres only (default: both; PostgreSQL when reachable)
//   --no-write          print the report instead of writing docs/benchmarks-workflows.md
//   --warmup <s>        warm-up seconds per scenario (default 2)
//   --connections <n>   autocannon connections (baseline, api-endpoint; default 50)
//   --flows <n>         identical API endpoint flows the load is spread over (default 300: 3,000 invocations/s
//                       stay under Okta's 10 per second per flow, so the engine, not the limiter, is measured)
//   --rate <n>          users created per second in okta-event (open loop; default 150)
//   --concurrency <n>   KEYFLOW_WORKFLOWS_CONCURRENCY for the server (default: unset, the engine's 4)
//   --profile           a CPU profile of the server over each scenario's measured window (okta-event: until
//                       drained), <scenario id>.cpuprofile in a temp directory it prints; summarise with
//                       node bench/profile-summary.mjs <file>

import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KEYFLOW_NODE_FLAGS, startChild } from './child-server.mjs';
import { cpuBetween, cpuSnapshot } from './cpu.mjs';
import { FormBrowser } from './oauth.mjs';
import { createPgDatabase, PG_ADMIN_URL } from './pg-database.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = join(ROOT, 'docs', 'benchmarks-workflows.md');

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    store: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    connections: { type: 'string', default: '50' },
    flows: { type: 'string', default: '300' },
    rate: { type: 'string', default: '150' },
    concurrency: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});

const DURATION = Number(opts.duration);
const WARMUP = Number(opts.warmup);
const CONNECTIONS = Number(opts.connections);
const FLOWS = Number(opts.flows);
const RATE = Number(opts.rate);
const STORES = opts.store ? [opts.store] : ['sqlite', 'postgres'];
for (const [name, value] of Object.entries({ duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, flows: FLOWS, rate: RATE })) {
  if (!Number.isFinite(value) || value < 0 || (name !== 'warmup' && value === 0)) throw new Error(`--${name}: not a valid number: ${opts[name]}`);
}
if (STORES.some((s) => s !== 'sqlite' && s !== 'postgres')) throw new Error(`--store: sqlite or postgres, not ${opts.store}`);
const WRITE = !opts['no-write'];
const PROFILE_DIR = opts.profile ? mkdtempSync(join(tmpdir(), 'keyflow-bench-wf-prof-')) : null;
const profiles = [];

/** With --profile, starts a CPU profile of the server; the function returned stops and writes it. */
async function profile(server, id) {
  if (!PROFILE_DIR) return async () => undefined;
  await server.request({ type: 'profile-start' });
  return async () => {
    const file = join(PROFILE_DIR, `${id.replace(/[^\w.-]+/g, '-')}.cpuprofile`);
    await server.request({ type: 'profile-stop', file });
    profiles.push(file);
  };
}

/** A fixed token and admin password so that a failing run is easy to reproduce by hand. */
const TOKEN = '00BENCHworkflows00000000000000000000000000';
const ADMIN_LOGIN = 'admin@example.com';
const ADMIN_PASSWORD = 'Bench-Adm1n-Passw0rd';
/** Seals the org's secrets (a PostgreSQL run has no data directory for a key file). */
const SECRET_KEY = '62656e63682d776f726b666c6f77732d7365637265742d6b65792d3332627974';
const RUN = randomBytes(3).toString('hex');
/** How long the okta-event scenario waits, with no execution finishing, before it gives up draining. */
const DRAIN_STALL_MS = 30_000;

const log = (...args) => console.error('[bench:workflows]', ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// Server child processes


// ---------------------------------------------------------------------------------------------------
// Load and statistics

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

/** autocannon, with the latency of every 2xx response kept (its own summary has no p95). */
function cannon(options) {
  const latencies = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, pipelining: 1, ...options }, (err, result) => (err ? reject(err) : resolve({ ...result, latencies })));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/** Runs `run` with the CPU accounting of the server's and the machine's cores around it. */
async function withCpu(server, run) {
  const before = cpuSnapshot(server.pid);
  const result = await run();
  return { result, cpu: cpuBetween(before, cpuSnapshot(server.pid)) };
}

/** What a row shows of an autocannon run. */
function summary(result, cpu) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    perSec: result['2xx'] / result.duration,
    requests: result.requests.total,
    ok: result['2xx'],
    latency: distribution(result.latencies),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    duration: result.duration,
    cpu,
  };
}

/**
 * An open loop: request `i` is due at start + i/rate whatever happened to the earlier ones, for `seconds`
 * (keep-alive sockets, at most `sockets` at once; requests beyond wait for a socket, and their latency,
 * counted from when they were due, includes that wait). Resolves once every request has been answered.
 */
function openLoop({ url, rate, seconds, sockets = 64, request }) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const base = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies = [];
  const stats = { sent: 0, answered: 0, codes: {}, errors: 0, firstError: null, maxInFlight: 0 };
  let inFlight = 0;
  const started = performance.now();
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      resolve({ ...stats, total, startedAt, endedAt: Date.now(), sendSeconds: seconds, seconds: (performance.now() - started) / 1000, latency: distribution(latencies) });
    };
    const fire = (i) => {
      const due = started + (i * 1000) / rate;
      const { method, path, headers = {}, body, onAnswer } = request(i);
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const done = () => {
        inFlight -= 1;
        stats.answered += 1;
        if (stats.sent === total && inFlight === 0) finish();
      };
      const req = httpRequest(
        { agent, host: base.hostname, port: base.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - due);
            stats.codes[res.statusCode] = (stats.codes[res.statusCode] ?? 0) + 1;
            try {
              onAnswer?.(res.statusCode, Buffer.concat(chunks).toString('utf8'));
            } catch (error) {
              stats.firstError ??= String(error?.message ?? error);
            }
            done();
          });
          res.on('error', (error) => {
            stats.errors += 1;
            stats.firstError ??= String(error?.message ?? error);
            done();
          });
        },
      );
      req.on('error', (error) => {
        stats.errors += 1;
        stats.firstError ??= String(error?.message ?? error);
        done();
      });
      if (body !== undefined) req.write(body);
      req.end();
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      while (stats.sent < due) fire(stats.sent++);
      if (stats.sent === total) {
        clearInterval(timer);
        if (inFlight === 0) finish();
      }
    }, 2);
  });
}

// ---------------------------------------------------------------------------------------------------
// The Workflows API, as an administrator would use it (SSWS)

const authHeaders = { authorization: `SSWS ${TOKEN}`, accept: 'application/json' };
const jsonHeaders = { ...authHeaders, 'content-type': 'application/json' };

async function call(server, method, path, body) {
  const res = await fetch(`${server.url}${path}`, { method, headers: body === undefined ? authHeaders : jsonHeaders, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function createActiveFlow(server, definition) {
  const flow = (await call(server, 'POST', '/workflows/api/v1/flows', definition)).body;
  await call(server, 'POST', `/workflows/api/v1/flows/${flow.id}/activate`);
  return flow;
}

/** Every execution of a flow, newest first, paging `GET /workflows/api/v1/flows/{id}/executions` (200 a page). */
async function allExecutions(server, flowId) {
  const out = [];
  let next = `${server.url}/workflows/api/v1/flows/${flowId}/executions?limit=200`;
  let pages = 0;
  const started = performance.now();
  while (next) {
    const res = await fetch(next, { headers: authHeaders });
    if (res.status !== 200) throw new Error(`GET executions: HTTP ${res.status} ${await res.text()}`);
    const page = await res.json();
    out.push(...page);
    pages += 1;
    const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
    next = page.length > 0 && link ? link[1] : null;
    if (pages > 10_000) throw new Error('GET executions: more than 10,000 pages, giving up');
  }
  return { executions: out, pages, seconds: (performance.now() - started) / 1000 };
}

/** Executions per status of `flowIds` and the event hooks' delivery state, counted in the server's store. */
const workflowState = async (server, flowIds) => server.request({ type: 'workflow-state', flowIds });
const terminal = (statuses) => ['SUCCEEDED', 'FAILED', 'HALTED', 'CANCELLED'].reduce((n, s) => n + (statuses[s] ?? 0), 0);

/**
 * A Workflows connection authorized by the admin: created through the API, then its authorize URL walked
 * like a browser without JavaScript — the hosted sign-in page, the consent page — to the engine's
 * callback page, which must say "Connection authorized".
 */
async function authorizedConnection(server, nickname) {
  const created = (await call(server, 'POST', '/workflows/api/v1/connections', { nickname })).body;
  const browser = new FormBrowser(server.url);
  let step = await browser.follow(created.authorizeUrl);
  if (!step.html.includes('name="password"')) throw new Error(`connection: no sign-in form at ${step.url} (HTTP ${step.res.status}): ${step.html.slice(0, 300)}`);
  step = await browser.submit(step.url, step.html, { username: ADMIN_LOGIN, password: ADMIN_PASSWORD });
  const sawConsent = step.html.includes('name="decision"');
  if (sawConsent) step = await browser.submit(step.url, step.html, { decision: 'allow' });
  if (step.res.status !== 200 || !step.html.includes('Connection authorized')) {
    throw new Error(`connection: the consent walk ended at ${step.url} (HTTP ${step.res.status}): ${step.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  const connection = (await call(server, 'GET', `/workflows/api/v1/connections/${created.id}`)).body;
  if (connection.status !== 'ACTIVE') throw new Error(`connection ${created.id} is ${connection.status} after consent`);
  return { connection, sawConsent, requests: browser.requests };
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

const rows = [];
const skipped = [];
const dbVersions = {};
let engineSettings = null;
let interruptedCleanup = null;

async function baselineScenario(when) {
  log(`baseline (${when}): bare Fastify hello world`);
  const server = await startChild('server.mjs', { BENCH_SERVER: 'baseline' }, 'baseline server');
  try {
    await cannon({ url: server.url, duration: WARMUP });
    const { result, cpu } = await withCpu(server, () => cannon({ url: server.url, duration: DURATION }));
    rows.push({ id: `baseline-${when}`, kind: 'baseline', store: '—', ...summary(result, cpu) });
  } finally {
    await server.stop();
  }
}

/** Greeter: `api_endpoint` (public) with input `name`; Assign → Compose → Return; history saved. */
function greeter(alias) {
  return {
    schemaVersion: '1.0',
    name: `Bench greeter ${alias}`,
    kind: 'main',
    saveExecutionData: true,
    trigger: { id: 'api', type: 'api_endpoint', security: 'public', alias, inputs: [{ key: 'name', type: 'text' }] },
    cards: [
      { id: 'vars', type: 'control.assign', inputs: { greeting: { value: 'Hello' } } },
      { id: 'text', type: 'text.compose', inputs: { template: { value: '{{g}}, {{n}}!' }, g: { ref: 'vars.greeting' }, n: { ref: 'api.name' } } },
      { id: 'out', type: 'control.return', inputs: { message: { ref: 'text.output' } } },
    ],
  };
}

async function apiEndpointScenario(server, store) {
  const id = `api-endpoint:${store}`;
  log(`${store}: creating and activating ${FLOWS} API endpoint flows`);
  const aliases = Array.from({ length: FLOWS }, (_, i) => `bench-${i}`);
  const flows = [];
  for (const alias of aliases) flows.push(await createActiveFlow(server, greeter(alias)));
  const expected = JSON.stringify({ message: 'Hello, Ada!' });
  const probe = await fetch(`${server.url}/workflows/api/v1/invoke/${aliases[0]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada' }) });
  const probeBody = await probe.text();
  if (probe.status !== 200 || probeBody !== expected) throw new Error(`${id}: a first invocation answered HTTP ${probe.status} ${probeBody}`);

  let wrongBodies = 0;
  const requests = () => {
    let n = 0;
    return [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada' }),
        setupRequest: (req) => ({ ...req, path: `/workflows/api/v1/invoke/${aliases[n++ % aliases.length]}` }),
        onResponse: (status, body) => {
          if (status === 200 && body !== expected) wrongBodies += 1;
        },
      },
    ];
  };
  log(`${store}: invoking them, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s`);
  const warm = await cannon({ url: server.url, duration: WARMUP, requests: requests() });
  const stopProfile = await profile(server, id);
  const { result, cpu } = await withCpu(server, () => cannon({ url: server.url, duration: DURATION, requests: requests() }));
  await stopProfile();
  const row = { id, kind: 'api-endpoint', store, ...summary(result, cpu) };
  await sleep(1000); // invocations autocannon stopped waiting for finish meanwhile

  // The engine's record: every answered invocation is a stored execution (counted in the store), and one
  // flow's history, read through the Workflows API, shows each execution SUCCEEDED with its 3 cards.
  const state = await workflowState(server, flows.map((f) => f.id));
  const answered = 1 + warm['2xx'] + result['2xx'];
  const recorded = Object.values(state.statuses).reduce((a, b) => a + b, 0);
  const { executions, pages, seconds } = await allExecutions(server, flows[0].id);
  const good = executions.filter(
    (e) =>
      e.status === 'SUCCEEDED' &&
      e.trigger?.type === 'api_endpoint' &&
      e.cards.length === 3 &&
      e.cards.map((c) => c.cardId).join() === 'vars,text,out' &&
      e.cards.every((c) => c.status === 'SUCCEEDED') &&
      e.output?.message === 'Hello, Ada!',
  ).length;
  const historyOk = executions.length > 0 && good === executions.length;
  const countsOk = (state.statuses.SUCCEEDED ?? 0) === recorded && recorded >= answered;
  row.checks = {
    passed: historyOk && countsOk && wrongBodies === 0 && probe.status === 200,
    wrongBodies,
    answered,
    recorded,
    statuses: state.statuses,
    history: { flow: aliases[0], executions: executions.length, good, pages, seconds },
    warmup: { ok: warm['2xx'], non2xx: warm.non2xx, errors: warm.errors },
  };
  row.limited = row.statuses['429'] ?? 0;
  row.target = { text: '≥ 300 executions/s, 0 errors', met: row.perSec >= 300 && clean(row) && row.checks.passed };
  rows.push(row);
  log(`${id}: ${fmt(row.perSec)} executions/s, p50 ${fmt(row.latency.p50, 1)} ms, p95 ${fmt(row.latency.p95, 1)} ms, p99 ${fmt(row.latency.p99, 1)} ms, non-2xx ${row.non2xx} (429: ${row.limited}), errors ${row.errors}; ${recorded} executions recorded for ${answered} answers; ${aliases[0]}: ${good}/${executions.length} SUCCEEDED with 3 cards`);
}

/** The event flow: on user.lifecycle.create, Read User (the created user) through the connection. */
function onUserCreated(connectionId) {
  return {
    schemaVersion: '1.0',
    name: `Bench user created ${RUN}`,
    kind: 'main',
    saveExecutionData: true,
    trigger: { id: 'evt', type: 'okta.event', event: 'user.lifecycle.create', connectionId },
    cards: [{ id: 'read', type: 'okta.readUser', connectionId, inputs: { user: { ref: 'evt.oktaUser.id' } } }],
  };
}

/** Password-less STAGED users, `rate` a second for `seconds`; returns the open loop's stats and the ids. */
async function createUsers(server, phase, rate, seconds) {
  const ids = new Set();
  const run = await openLoop({
    url: server.url,
    rate,
    seconds,
    request: (i) => {
      const login = `${phase}-${RUN}-${i}@bench.example`;
      return {
        method: 'POST',
        path: '/api/v1/users?activate=false',
        headers: jsonHeaders,
        body: JSON.stringify({ profile: { login, email: login, firstName: 'Bench', lastName: `User ${i}` } }),
        onAnswer: (status, text) => {
          if (status === 200) ids.add(JSON.parse(text).id);
        },
      };
    },
  });
  return { ...run, ids };
}

/**
 * Waits until the flow has a finished execution for each of `expected` users and none queued or running,
 * polling the store's counts; gives up after DRAIN_STALL_MS without progress. Returns how it ended.
 */
async function drain(server, flowId, expected) {
  const started = performance.now();
  let last = -1;
  let lastProgress = performance.now();
  for (;;) {
    const state = await workflowState(server, [flowId]);
    const done = terminal(state.statuses);
    const pending = (state.statuses.QUEUED ?? 0) + (state.statuses.RUNNING ?? 0);
    const hook = state.hooks.find((h) => h.name.startsWith('Keyflow Workflows: '));
    if (done >= expected && pending === 0) return { drained: true, seconds: (performance.now() - started) / 1000, state, hook };
    if (done !== last) {
      last = done;
      lastProgress = performance.now();
    }
    if (performance.now() - lastProgress > DRAIN_STALL_MS) return { drained: false, seconds: (performance.now() - started) / 1000, state, hook, finished: done, expected };
    await sleep(100);
  }
}

async function oktaEventScenario(server, store) {
  const id = `okta-event:${store}`;
  log(`${store}: authorizing a Workflows connection as ${ADMIN_LOGIN} (hosted sign-in + consent)`);
  const { connection, sawConsent, requests: walkRequests } = await authorizedConnection(server, `Bench events ${RUN}`);
  const flow = await createActiveFlow(server, onUserCreated(connection.id));
  const hooks = (await call(server, 'GET', '/api/v1/eventHooks')).body.filter((h) => h.name === `Keyflow Workflows: ${flow.name}`);
  if (hooks.length !== 1 || hooks[0].status !== 'ACTIVE' || hooks[0].verificationStatus !== 'VERIFIED') {
    throw new Error(`${id}: activating the flow left ${JSON.stringify(hooks.map((h) => ({ status: h.status, verificationStatus: h.verificationStatus })))} as its event hook`);
  }

  // One user first, to fail early (and say why) if the chain event → hook → execution → card is broken.
  const first = await createUsers(server, `first-${store}`, 1, 1);
  const firstDrain = await drain(server, flow.id, 1);
  const firstState = firstDrain.state.statuses;
  if (!firstDrain.drained || (firstState.SUCCEEDED ?? 0) !== 1) {
    const { executions } = await allExecutions(server, flow.id);
    throw new Error(`${id}: the first event's execution: ${JSON.stringify(firstState)} ${JSON.stringify(executions[0]?.error ?? firstDrain.hook)}`);
  }
  let created = first.ids.size;

  log(`${store}: creating users at ${RATE}/s (open loop), ${WARMUP} s warm-up, then waiting for its executions`);
  const warm = await createUsers(server, `w-${store}`, RATE, WARMUP);
  created += warm.ids.size;
  const warmDrain = await drain(server, flow.id, created);

  log(`${store}: creating users at ${RATE}/s for ${DURATION} s, then waiting for the backlog to drain`);
  const stopProfile = await profile(server, id);
  const before = cpuSnapshot(server.pid);
  const window = await createUsers(server, `m-${store}`, RATE, DURATION);
  const windowCpu = cpuBetween(before, cpuSnapshot(server.pid));
  created += window.ids.size;
  const drained = await drain(server, flow.id, created);
  const drainCpu = cpuBetween(before, cpuSnapshot(server.pid));
  await stopProfile();

  // Failed deliveries to the flow's hook (a timeout, a refusal) are in the org's System Log; a delivery
  // retried after the receiver had queued its events duplicates them (at least once).
  const deliveryFailures = (await call(server, 'GET', `/api/v1/logs?limit=1000&filter=${encodeURIComponent(`eventType eq "event_hook.delivery" and target.id eq "${hooks[0].id}"`)}`)).body;

  log(`${store}: reading the flow's executions through the Workflows API`);
  const listed = await allExecutions(server, flow.id);
  const mine = listed.executions.filter((e) => window.ids.has(e.input?.oktaUser?.id));
  const perUser = new Map();
  for (const e of mine) perUser.set(e.input.oktaUser.id, (perUser.get(e.input.oktaUser.id) ?? 0) + 1);
  const duplicates = [...perUser.values()].filter((n) => n > 1).length;
  const missing = window.ids.size - perUser.size;
  const succeeded = mine.filter((e) => e.status === 'SUCCEEDED' && e.cards.length === 1 && e.cards[0].status === 'SUCCEEDED');
  const notSucceeded = mine.filter((e) => !succeeded.includes(e));
  const t0 = window.startedAt;
  const t1 = t0 + DURATION * 1000;
  const finishedMs = succeeded.map((e) => Date.parse(e.finishedAt));
  const inWindow = finishedMs.filter((t) => t <= t1).length;
  const lastFinished = finishedMs.length ? Math.max(...finishedMs) : null;
  const ms = (a, b) => Date.parse(b) - Date.parse(a);
  const latency = distribution(succeeded.map((e) => ms(e.input.eventTime, e.cards[0].startedAt)));
  const segments = {
    delivery: distribution(succeeded.map((e) => ms(e.input.eventTime, e.queuedAt))),
    queue: distribution(succeeded.map((e) => ms(e.queuedAt, e.startedAt))),
    start: distribution(succeeded.map((e) => ms(e.startedAt, e.cards[0].startedAt))),
    card: distribution(succeeded.map((e) => e.cards[0].durationMs)),
    run: distribution(succeeded.map((e) => ms(e.startedAt, e.finishedAt))),
    total: distribution(succeeded.map((e) => ms(e.input.eventTime, e.finishedAt))),
  };
  const running = concurrencyOf(succeeded, server.workflowsConcurrency);
  // Executions finished in each second from the window's start: how the backlog built and drained.
  const perSecond = [];
  for (const t of finishedMs) {
    const i = Math.floor((t - t0) / 1000);
    if (i >= 0) perSecond[i] = (perSecond[i] ?? 0) + 1;
  }
  const timeline = {
    perSecond: Array.from(perSecond, (n) => n ?? 0),
    firstQueued: mine.length ? (Math.min(...mine.map((e) => Date.parse(e.queuedAt))) - t0) / 1000 : null,
    firstStarted: succeeded.length ? (Math.min(...succeeded.map((e) => Date.parse(e.startedAt))) - t0) / 1000 : null,
    createsEnded: (window.endedAt - t0) / 1000,
  };
  const duringWindow = inWindow / DURATION;
  const untilDrained = lastFinished === null ? 0 : succeeded.length / ((lastFinished - t0) / 1000);
  const firstFailure = notSucceeded[0] ? `${notSucceeded[0].status}: ${JSON.stringify(notSucceeded[0].error ?? notSucceeded[0].cards?.[0]?.error ?? null).slice(0, 300)}` : null;
  const createErrors = window.errors + Object.entries(window.codes).reduce((n, [code, c]) => (Number(code) >= 300 ? n + c : n), 0);
  const row = {
    id,
    kind: 'okta-event',
    store,
    perSec: untilDrained,
    duringWindow,
    latency,
    segments,
    running,
    timeline,
    offered: RATE,
    creates: { sent: window.total, ok: window.ids.size, errors: createErrors, codes: window.codes, firstError: window.firstError, latency: window.latency, sendSeconds: window.sendSeconds, seconds: window.seconds, maxInFlight: window.maxInFlight },
    executions: { window: mine.length, succeeded: succeeded.length, notSucceeded: notSucceeded.length, firstFailure, duplicates, missing, inWindow, drainSeconds: drained.seconds, lastFinishedAfter: lastFinished === null ? null : (lastFinished - t0) / 1000 },
    drained: drained.drained,
    drainState: drained,
    warm: { created: warm.ids.size, drained: warmDrain.drained, drainSeconds: warmDrain.seconds },
    listing: { executions: listed.executions.length, pages: listed.pages, seconds: listed.seconds },
    connection: { sawConsent, walkRequests, hook: hooks[0].id },
    deliveryFailures: {
      count: deliveryFailures.length,
      first: deliveryFailures[0] ? `${deliveryFailures[0].outcome?.reason ?? ''} (HTTP ${deliveryFailures[0].debugContext?.debugData?.httpStatus ?? '—'})` : null,
      hookState: drained.hook ?? null,
    },
    cpu: windowCpu,
    cpuUntilDrained: drainCpu,
    non2xx: createErrors,
    errors: notSucceeded.length + duplicates + missing,
    timeouts: 0,
  };
  row.checks = { passed: drained.drained && missing === 0 && duplicates === 0 && notSucceeded.length === 0 && createErrors === 0 };
  row.target = { text: '≥ 100 executions/s (until drained), all SUCCEEDED', met: untilDrained >= 100 && row.checks.passed };
  row.latencyTarget = { text: 'p95 ≤ 250 ms', met: latency.p95 !== null && latency.p95 <= 250 };
  rows.push(row);
  log(
    `${id}: offered ${RATE} users/s, created ${window.ids.size} in ${fmt(window.seconds, 1)} s; ${succeeded.length}/${window.ids.size} executions SUCCEEDED (${notSucceeded.length} not, ${duplicates} duplicated, ${missing} missing); ` +
      `${fmt(duringWindow)}/s during the window, ${fmt(untilDrained)}/s until drained (${fmt(drained.seconds, 1)} s after the window); event → first card p50 ${fmt(latency.p50)} ms, p95 ${fmt(latency.p95)} ms, p99 ${fmt(latency.p99)} ms` +
      `; ${deliveryFailures.length} failed deliveries to the hook${deliveryFailures[0] ? ` (first: ${deliveryFailures[0].outcome?.reason})` : ''}` +
      `; running at once: mean ${fmt(running.mean, 2)}, peak ${running.peak}, ${fmt(running.idleWhileQueued, 2)} s with some queued and a worker idle` +
      (firstFailure ? `; first failure ${firstFailure}` : ''),
  );
}

const clean = (r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;

/**
 * How many of `executions` were running at once (claimed → finished), from their first start to their
 * last end: the mean and the most at any moment; and for how long some were queued (queued → claimed)
 * while fewer than `workers` ran — time a worker sat idle although work waited.
 */
function concurrencyOf(executions, workers) {
  const edges = [];
  let busy = 0;
  for (const e of executions) {
    const q = Date.parse(e.queuedAt);
    const a = Date.parse(e.startedAt);
    const b = Date.parse(e.finishedAt);
    edges.push([q, 0, 1], [a, 1, 1], [a, 0, -1], [b, 1, -1]);
    busy += b - a;
  }
  if (edges.length === 0) return { mean: null, peak: null, seconds: 0, idleWhileQueued: null };
  // At one instant: ends before starts, so that a worker handing over does not count twice.
  edges.sort((x, y) => x[0] - y[0] || x[2] - y[2]);
  const n = [0, 0]; // [queued, running]
  let peak = 0;
  let idleWhileQueued = 0;
  let at = edges[0][0];
  for (const [t, kind, d] of edges) {
    if (n[0] > 0 && n[1] < workers) idleWhileQueued += t - at;
    at = t;
    n[kind] += d;
    peak = Math.max(peak, n[1]);
  }
  const starts = executions.map((e) => Date.parse(e.startedAt));
  const ends = executions.map((e) => Date.parse(e.finishedAt));
  const span = Math.max(...ends) - Math.min(...starts);
  return { mean: span > 0 ? busy / span : null, peak, seconds: span / 1000, idleWhileQueued: idleWhileQueued / 1000 };
}

async function storeScenarios(store) {
  let dataDir = null;
  let database = null;
  const env = {
    KEYFLOW_LOG_LEVEL: 'warn',
    KEYFLOW_DEMO: 'false',
    KEYFLOW_API_TOKEN: TOKEN,
    KEYFLOW_ADMIN_LOGIN: ADMIN_LOGIN,
    KEYFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KEYFLOW_SECRET_KEY: SECRET_KEY,
    ...(opts.concurrency ? { KEYFLOW_WORKFLOWS_CONCURRENCY: opts.concurrency } : {}),
  };
  if (store === 'sqlite') {
    dataDir = mkdtempSync(join(tmpdir(), 'keyflow-bench-wf-'));
    env.KEYFLOW_DATA_DIR = dataDir;
  } else {
    database = await createPgDatabase();
    if (!database) {
      for (const s of ['api-endpoint', 'okta-event']) skipped.push({ id: `${s}:${store}`, reason: `PostgreSQL unreachable at ${PG_ADMIN_URL} (set KEYFLOW_BENCH_PG_URL)` });
      log(`postgres: skipped, ${PG_ADMIN_URL} unreachable`);
      return;
    }
    // No data directory is used on PostgreSQL (the secret key is given), but give it a private one anyway.
    dataDir = mkdtempSync(join(tmpdir(), 'keyflow-bench-wf-'));
    env.KEYFLOW_DATA_DIR = dataDir;
    env.KEYFLOW_DATABASE_URL = database.url;
  }
  let server;
  const cleanup = async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (database) await database.drop();
  };
  interruptedCleanup = cleanup;
  try {
    server = await startChild('workflows-server.mjs', env, `keyflow-${store} server`, KEYFLOW_NODE_FLAGS);
    dbVersions[store] = server.dbVersion;
    engineSettings = { concurrency: server.workflowsConcurrency, pollMs: server.workflowsPollMs, eventHookPollMs: server.eventHookPollMs };
    for (const [name, run] of [
      ['api-endpoint', apiEndpointScenario],
      ['okta-event', oktaEventScenario],
    ]) {
      try {
        await run(server, store);
      } catch (error) {
        log(`${name}:${store} failed: ${error.stack ?? error}`);
        skipped.push({ id: `${name}:${store}`, reason: `failed: ${String(error.message ?? error).slice(0, 500)}` });
      }
    }
  } finally {
    interruptedCleanup = null;
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

function machine() {
  let model = cpus()[0]?.model?.trim() ?? 'unknown';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (src/ has uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return { model, cores: cpus().length, memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`, node: process.version, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), commit };
}

const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const msFmt = (n) => fmt(n, n !== null && n !== undefined && n < 10 ? 1 : 0);
const cpuText = (c) => (c ? `${fmt(c.server, 2)} / ${fmt(c.loadgen, 2)} / ${fmt(c.postgres, 2)} / ${fmt(c.other, 2)}` : '—');
const statusText = (codes) =>
  Object.entries(codes)
    .map(([code, n]) => `${code}: ${fmt(n)}`)
    .join(', ');

function report(m) {
  const baselines = rows.filter((r) => r.kind === 'baseline').map((r) => r.perSec);
  const baseline = baselines.length ? baselines.reduce((a, b) => a + b, 0) / baselines.length : null;
  const pct = (r) => (baseline ? `${fmt((100 * r.perSec) / baseline, 1)}%` : '—');
  const met = (t) => (t ? (t.met ? 'yes' : '**no**') : '—');
  const lines = [];
  lines.push(
    '# Workflows benchmarks',
    '',
    '<!-- Generated by `npm run bench:workflows` (bench/workflows.mjs); do not edit by hand — rerun it. -->',
    '',
    `Measured ${m.date} on ${m.model}, ${m.cores} cores, ${m.memory} RAM, Node ${m.node}, commit ${m.commit}.`,
    `SQLite: ${dbVersions.sqlite ?? '—'}. PostgreSQL: ${dbVersions.postgres ? dbVersions.postgres.replace(/ on .*$/, '') : '—'}.`,
    `Engine: KEYFLOW_WORKFLOWS_CONCURRENCY ${engineSettings?.concurrency ?? '—'}${opts.concurrency ? ' (set by --concurrency)' : ' (the default)'}, KEYFLOW_WORKFLOWS_POLL_MS ${engineSettings?.pollMs ?? '—'}, KEYFLOW_EVENT_HOOK_POLL_MS ${engineSettings?.eventHookPollMs ?? '—'} (defaults).`,
    `Each scenario: ${WARMUP} s warm-up (discarded), then ${DURATION} s measured.`,
    '',
    '## Results',
    '',
    '| scenario | store | executions/s | p50 ms | p95 ms | p99 ms | errors | % of baseline | target | met? |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---|',
  );
  for (const r of rows.filter((x) => x.kind === 'baseline')) {
    lines.push(`| Baseline (${r.id.replace('baseline-', '')}): bare Fastify 5 \`GET /\` → \`{"hello":"world"}\` (**req/s**) | — | ${fmt(r.perSec)} | ${msFmt(r.latency.p50)} | ${msFmt(r.latency.p95)} | ${msFmt(r.latency.p99)} | ${fmt(r.non2xx + r.errors + r.timeouts)} | 100.0% | — | — |`);
  }
  for (const r of rows.filter((x) => x.kind === 'api-endpoint')) {
    lines.push(`| API endpoint flow, Assign → Compose → Return, history saved; ${FLOWS} identical flows, ${CONNECTIONS} connections (latency: of the HTTP call) | ${r.store} | ${fmt(r.perSec)} | ${msFmt(r.latency.p50)} | ${msFmt(r.latency.p95)} | ${msFmt(r.latency.p99)} | ${fmt(r.non2xx + r.errors + r.timeouts)} | ${pct(r)} | ${r.target.text} | ${met(r.target)} |`);
  }
  for (const r of rows.filter((x) => x.kind === 'okta-event')) {
    lines.push(`| Okta event flow on \`user.lifecycle.create\`, Read User through the connection; ${fmt(RATE)} users/s offered (executions/s until drained; latency: event published → first card started) | ${r.store} | ${fmt(r.perSec)} | ${msFmt(r.latency.p50)} | ${msFmt(r.latency.p95)} | ${msFmt(r.latency.p99)} | ${fmt(r.errors + r.non2xx)} | ${pct(r)} | ${r.target.text}; ${r.latencyTarget.text} | ${met(r.target)}; ${met(r.latencyTarget)} |`);
  }
  if (skipped.length) lines.push('', ...skipped.map((s) => `- \`${s.id}\` not measured: ${s.reason}`));
  lines.push(
    '',
    `"% of baseline" is against ${fmt(baseline)} req/s, the mean of the bare-Fastify baseline measured first and last in`,
    `this run (${baselines.map((b) => fmt(b)).join(' and ')} req/s${baselines.length === 2 && baseline ? `, ${fmt((100 * Math.abs(baselines[0] - baselines[1])) / baseline, 1)}% apart` : ''}): executions per second over hello-world requests per second.`,
    'Targets are judged on the executions/s column (and, for the event flow, on the p95), never asserted.',
  );

  const api = rows.filter((x) => x.kind === 'api-endpoint');
  if (api.length) {
    lines.push(
      '',
      '## API endpoint flows',
      '',
      '| store | executions (measured) | status codes | 429 (per-flow limit) | wrong bodies | executions recorded / invocations answered (warm-up + measured) | one flow\'s history via the API | CPU cores: server / load generator / PostgreSQL / other | server CPU ms per execution | check |',
      '|---|---:|---|---:|---:|---|---|---|---:|---|',
    );
    for (const r of api) {
      const c = r.checks;
      const h = c.history;
      lines.push(
        `| ${r.store} | ${fmt(r.ok)} | ${statusText(r.statuses)} | ${fmt(r.limited)} | ${fmt(c.wrongBodies)} | ${fmt(c.recorded)} / ${fmt(c.answered)} (${statusText(c.statuses)}) | \`${h.flow}\`: ${fmt(h.good)} of ${fmt(h.executions)} SUCCEEDED with cards vars, text, out and the message (${h.pages} pages in ${fmt(h.seconds, 2)} s) | ${cpuText(r.cpu)} | ${r.cpu && r.perSec ? fmt((1000 * r.cpu.server) / r.perSec, 2) : '—'} | ${c.passed ? 'OK' : '**MISMATCH**'} |`,
      );
    }
  }

  const events = rows.filter((x) => x.kind === 'okta-event');
  if (events.length) {
    lines.push(
      '',
      '## Okta event flows',
      '',
      '| store | users created (offered / answered 2xx) | create latency p50 / p95 / p99 ms | executions of those users: SUCCEEDED / other / duplicated / missing | finished in the window | executions/s during the window | executions/s until drained | drained after the window | event → first card p50 / p95 / p99 / max ms | CPU cores in the window: server / load generator / PostgreSQL / other | check |',
      '|---|---|---|---|---:|---:|---:|---:|---|---|---|',
    );
    for (const r of events) {
      const e = r.executions;
      lines.push(
        `| ${r.store} | ${fmt(r.creates.sent)} / ${fmt(r.creates.ok)} in ${fmt(r.creates.seconds, 1)} s (${fmt(r.creates.ok / r.creates.seconds)}/s${r.creates.errors ? `; ${fmt(r.creates.errors)} failed: ${statusText(r.creates.codes)}${r.creates.firstError ? `, ${r.creates.firstError}` : ''}` : ''}) | ${msFmt(r.creates.latency.p50)} / ${msFmt(r.creates.latency.p95)} / ${msFmt(r.creates.latency.p99)} | ${fmt(e.succeeded)} / ${fmt(e.notSucceeded)} / ${fmt(e.duplicates)} / ${fmt(e.missing)}${e.firstFailure ? ` (first: ${e.firstFailure})` : ''} | ${fmt(e.inWindow)} | ${fmt(r.duringWindow)} | ${fmt(r.perSec)} | ${r.drained ? `${fmt(e.drainSeconds, 1)} s` : `**not drained** (${fmt(r.drainState.finished)} of ${fmt(r.drainState.expected)} after ${fmt(e.drainSeconds, 1)} s)`} | ${msFmt(r.latency.p50)} / ${msFmt(r.latency.p95)} / ${msFmt(r.latency.p99)} / ${msFmt(r.latency.max)} | ${cpuText(r.cpu)} | ${r.checks.passed ? 'OK' : '**MISMATCH**'} |`,
      );
    }
    lines.push(
      '',
      ...events.map(
        (r) =>
          `Timeline (${r.store}; seconds from the window's start): the last create answered at ${fmt(r.timeline.createsEnded, 1)} s; the first execution was queued at ${fmt(r.timeline.firstQueued, 2)} s and started at ${fmt(r.timeline.firstStarted, 2)} s; executions finished per second: ${r.timeline.perSecond.join(', ')}. ` +
          `Server CPU from the window's start until drained: ${r.cpuUntilDrained ? `${fmt(r.cpuUntilDrained.server, 2)} cores, ${fmt((1000 * r.cpuUntilDrained.server * r.cpuUntilDrained.seconds) / Math.max(1, r.executions.succeeded), 2)} ms per event (its create, delivery, execution and the card's call)` : '—'}.`,
      ),
    );
    lines.push('', ...events.map((r) => `Executions running at once (${r.store}; claimed → finished, over the ${fmt(r.running.seconds, 1)} s from the first start to the last end): mean ${fmt(r.running.mean, 2)}, at most ${fmt(r.running.peak)}, with ${engineSettings?.concurrency ?? '—'} workers; for ${fmt(r.running.idleWhileQueued, 2)} s of it some were queued while fewer than ${engineSettings?.concurrency ?? '—'} ran.`));
    lines.push(
      '',
      'Where the time from an event to its first card goes (p50 / p95 / p99 ms, executions of the measured window):',
      '',
      '| store | event published → execution queued (delivery to the hook, the hook request queues it) | queued → claimed by a worker | claimed → first card started | Read User card (the org call) | claimed → finished | event published → execution finished |',
      '|---|---|---|---|---|---|---|',
    );
    const d = (x) => `${msFmt(x.p50)} / ${msFmt(x.p95)} / ${msFmt(x.p99)}`;
    for (const r of events) lines.push(`| ${r.store} | ${d(r.segments.delivery)} | ${d(r.segments.queue)} | ${d(r.segments.start)} | ${d(r.segments.card)} | ${d(r.segments.run)} | ${d(r.segments.total)} |`);
    lines.push(
      '',
      ...events.map(
        (r) =>
          `Deliveries to the flow's event hook (${r.store}): ${fmt(r.deliveryFailures.count)} \`event_hook.delivery\` failures in the System Log${r.deliveryFailures.first ? ` (first: ${r.deliveryFailures.first})` : ''}; a batch the org retried after the receiver had queued it runs twice ("duplicated" above).`,
      ),
    );
  }

  lines.push(
    '',
    '## How to run',
    '',
    '```sh',
    'npm run bench:workflows                                   # builds, runs everything, rewrites this file',
    'node bench/workflows.mjs --store sqlite --duration 3 --no-write   # a quick look, report on stdout',
    'node bench/workflows.mjs --rate 300 --no-write            # offer more events per second',
    'node bench/workflows.mjs --concurrency 16 --no-write      # more engine workers (KEYFLOW_WORKFLOWS_CONCURRENCY)',
    '```',
    '',
    'PostgreSQL is taken from `KEYFLOW_BENCH_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`); the',
    'run creates a database `keyflow_bench_<random>` on it and drops it afterwards. When PostgreSQL is',
    'unreachable its rows are listed as not measured.',
    '',
    '## Method',
    '',
    '- The server under test runs in its own child process (`bench/workflows-server.mjs`: `dist/app.js` set up',
    `  as \`keyflow serve\` does, with the Node flags \`npm start\` gives it (\`${KEYFLOW_NODE_FLAGS.join(' ') || 'none'}\`), \`KEYFLOW_LOG_LEVEL=warn\`,`,
    '  no demo data, rate limits off, a fresh SQLite file or',
    '  PostgreSQL database), the load generator in the parent: they never share an event loop, but on a',
    `  ${m.cores}-core machine they share the CPU (with PostgreSQL too): compare rows with the baseline of the same run.`,
    '  Both scenarios of a store run one after the other on the same server.',
    '- Baseline: bare Fastify 5 answering `GET /` with `{"hello":"world"}` (`bench/server.mjs`), autocannon with the',
    `  same ${CONNECTIONS} connections, measured first and last; "% of baseline" is over the mean of the two.`,
    `- API endpoint: ${FLOWS} identical flows (aliases \`bench-0\` … \`bench-${FLOWS - 1}\`), each a public \`api_endpoint\``,
    '  trigger with input `name` → `control.assign` {greeting: "Hello"} → `text.compose` "{{g}}, {{n}}!" →',
    '  `control.return` {message}, `saveExecutionData: true`. Okta allows 10 invocations per second per flow',
    `  (Keyflow too: 429 beyond), which would cap the bench at 10/s; autocannon (${CONNECTIONS} connections, pipelining 1)`,
    `  posts \`{"name":"Ada"}\` to \`/workflows/api/v1/invoke/bench-<i>\`, cycling through the ${FLOWS} aliases, so that`,
    `  the engine, not the limiter, is measured (up to ${fmt(FLOWS * 10)} invocations/s stay under the limit; the 429`,
    '  column says whether it was reached). Each call is answered when its execution has run, so executions/s',
    '  is 2xx answers/s, and latency is the whole HTTP call (percentiles of every 2xx answer). Every answer\'s',
    '  body must be `{"message":"Hello, Ada!"}`. Afterwards the store\'s executions of the flows are counted',
    '  (all SUCCEEDED, at least one per answer) and one flow\'s whole history is read through',
    '  `GET /workflows/api/v1/flows/{id}/executions`: every execution SUCCEEDED with its 3 cards.',
    `- Okta event: the admin (\`${ADMIN_LOGIN}\`, password from \`KEYFLOW_ADMIN_PASSWORD\`) authorizes a Workflows`,
    '  connection: `POST /workflows/api/v1/connections`, then its `authorizeUrl` walked like a browser without',
    '  JavaScript through the hosted sign-in and consent pages to the engine\'s callback page. A flow on',
    '  `user.lifecycle.create` with one card, `okta.readUser` of `evt.oktaUser.id` through that connection',
    '  (`saveExecutionData: true`), is activated, which registers and verifies an event hook at the org',
    '  through the connection. Users (`POST /api/v1/users?activate=false`, password-less STAGED) are created in',
    `  an open loop: one due every 1/${fmt(RATE)} s whatever the earlier ones did (keep-alive sockets, at most 64 at`,
    '  once), first one user alone (the chain must work), then the warm-up, whose executions must all finish',
    `  before the measured ${DURATION} s start. Each create appends its event, the org delivers it to the flow's`,
    '  hook (same process: at once, batches of up to 50), the hook request queues one execution per event, and',
    `  the engine's workers (${engineSettings?.concurrency ?? 4}) claim and run them; the card reads the user over HTTP with the`,
    '  connection\'s access token. After the window the bench waits until the flow has a finished execution',
    `  for every user created and none queued or running (counted in the store every 100 ms; it gives up after`,
    `  ${DRAIN_STALL_MS / 1000} s without progress), then reads all the flow's executions through the Workflows API and keeps`,
    '  those of the users created in the window: each must have exactly one, SUCCEEDED. "During the window"',
    `  counts those that finished within the ${DURATION} s, over ${DURATION} s; "until drained" counts all of them, over the time`,
    '  from the window\'s start to the last one\'s end (the target is judged on this one). The latency is',
    '  `cards[0].startedAt − input.eventTime` (the event\'s `published`) of each, in milliseconds as the',
    '  timestamps have them.',
    '- The CPU columns are cores used during the measured window, from /proc: the server process (all its',
    '  threads), the load generator (this process), PostgreSQL\'s processes, and everything else on the',
    '  machine. "Other" well above zero means something else was running and the row is less trustworthy.',
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------

process.once('SIGINT', async () => {
  log('interrupted: cleaning up');
  await interruptedCleanup?.().catch(() => undefined);
  process.exit(130);
});

const started = performance.now();
await baselineScenario('first');
for (const store of STORES) await storeScenarios(store);
await baselineScenario('last');
const text = report(machine());
if (WRITE) {
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, text);
  log(`wrote ${REPORT}`);
} else {
  process.stdout.write(text);
}
if (PROFILE_DIR) log(`CPU profiles in ${PROFILE_DIR} (summarise with node bench/profile-summary.mjs <file>): ${profiles.map((f) => f.slice(PROFILE_DIR.length + 1)).join(', ')}`);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
