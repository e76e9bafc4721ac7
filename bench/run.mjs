// Keyflow benchmarks: `npm run bench` (builds first). Runs every scenario in sequence against a server in
// a separate child process (bench/server.mjs), with autocannon in this process, and rewrites
// docs/benchmarks.md. Nothing here asserts on time: targets are reported as met or missed.
//
// Options (for investigation; a run with any of them does not rewrite docs/benchmarks.md):
//   --only <regex>     run only scenarios whose id matches (the baselines always run; reference-user
//                      needs the SQLite server seeded, so it seeds it even when get-user:sqlite is not run)
//   --duration <s>     measured seconds per scenario (default 10)
//   --warmup <s>       warm-up seconds per scenario (default 2)
//   --profile          start Keyflow servers with --cpu-prof; prints where the profiles are
//   --no-write         print the report instead of writing docs/benchmarks.md

import autocannon from 'autocannon';
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ARGON2_PARAMS } from '../dist/platform/node-platform.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = join(ROOT, 'docs', 'benchmarks.md');

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    profile: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});

const DURATION = Number(opts.duration);
const WARMUP = Number(opts.warmup);
const CONNECTIONS = 50;
const PIPELINING = 1;
const SEED_USERS = 1000;
const ONLY = opts.only ? new RegExp(opts.only) : null;
const WRITE = !opts['no-write'] && !opts.profile && !ONLY && DURATION === 10 && WARMUP === 2;
const PG_ADMIN_URL = process.env.KEYFLOW_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** A fixed token so that a failing run is easy to reproduce by hand. */
const TOKEN = '00BENCHtoken000000000000000000000000000000';
const RUN = randomBytes(3).toString('hex');
const PROFILE_DIR = opts.profile ? mkdtempSync(join(tmpdir(), 'keyflow-bench-prof-')) : null;

const log = (...args) => console.error('[bench]', ...args);

// ---------------------------------------------------------------------------------------------------
// Server child processes

/** Forks bench/server.mjs with `env`, resolves once it listens. */
function startServer(kind, env = {}, label = kind) {
  const execArgv = ['--no-deprecation'];
  if (PROFILE_DIR) execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${label}-${Date.now()}.cpuprofile`);
  const child = fork(join(ROOT, 'bench', 'server.mjs'), [], {
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEYFLOW_'))), BENCH_SERVER: kind, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = [];
  child.on('message', (m) => {
    const w = waiters.shift();
    if (w) w(m);
  });
  const next = () => new Promise((resolve) => waiters.push(resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${label} server exited with code ${code} before it was ready`)));
    next().then((ready) => {
      if (ready.type !== 'ready') return reject(new Error(`${label} server: ${ready.message ?? JSON.stringify(ready)}`));
      child.removeAllListeners('exit');
      resolve({
        ...ready,
        url: `http://127.0.0.1:${ready.port}`,
        async request(message) {
          const answer = next();
          child.send(message);
          const m = await answer;
          if (m.type === 'error') throw new Error(m.message);
          return m;
        },
        stop: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              res();
            });
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Load

function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, pipelining: PIPELINING, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

// CPU accounting over the measured window, from /proc: how much of the machine the server, the load
// generator, PostgreSQL and everything else used. On a shared 2-core machine "other" explains outliers.
const TICK_MS = 10; // CLK_TCK is 100 on Linux

function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone
  }
}

function postgresTicks() {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = ticksOf(entry);
    if (t && t.comm.startsWith('postgres')) sum += t.ticks;
  }
  return sum;
}

function cpuSnapshot(serverPid) {
  const [, ...cols] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cols.map(Number);
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    busy: user + nice + system + irq + softirq,
    steal,
    server: ticksOf(serverPid)?.ticks ?? 0,
    loadgen: (usage.user + usage.system) / 1000 / TICK_MS,
    postgres: postgresTicks(),
  };
}

/** Cores used per second of wall time, by whom, between two snapshots. */
function cpuBetween(a, b) {
  const seconds = (b.at - a.at) / 1000;
  const cores = (ticks) => (ticks * TICK_MS) / 1000 / seconds;
  const server = cores(b.server - a.server);
  const loadgen = cores(b.loadgen - a.loadgen);
  const postgres = cores(b.postgres - a.postgres);
  const busy = cores(b.busy - a.busy);
  return { server, loadgen, postgres, other: Math.max(0, busy - server - loadgen - postgres), steal: cores(b.steal - a.steal) };
}

/** Warm-up (discarded), then the measured run. `requests()` makes fresh request templates for each. */
async function measure(server, requests) {
  await cannon({ url: server.url, duration: WARMUP, requests: requests('w') });
  const before = cpuSnapshot(server.pid);
  const result = await cannon({ url: server.url, duration: DURATION, requests: requests('m') });
  result.cpu = cpuBetween(before, cpuSnapshot(server.pid));
  return result;
}

function summary(result) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    // Completed requests over the measured duration (autocannon's per-second samples are histogram-rounded).
    reqPerSec: result.requests.total / result.duration,
    ok: result['2xx'],
    okPerSec: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    duration: result.duration,
    // Headers + body, as autocannon read them off the socket.
    bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : null,
    cpu: result.cpu,
  };
}

const authHeaders = { authorization: `SSWS ${TOKEN}`, accept: 'application/json' };
const jsonHeaders = { ...authHeaders, 'content-type': 'application/json' };

/** Creates `n` password-less STAGED users over HTTP, 20 at a time; returns their ids. */
async function seedUsers(url, n) {
  const ids = [];
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const login = `seed-${RUN}-${i}@bench.example`;
      const res = await fetch(`${url}/api/v1/users?activate=false`, {
        method: 'POST',
        headers: jsonHeaders,
        body: JSON.stringify({ profile: { login, email: login, firstName: 'Seed', lastName: `User ${i}` } }),
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`seeding user ${i}: HTTP ${res.status} ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
  }
  await Promise.all(Array.from({ length: 20 }, worker));
  return ids;
}

/**
 * Pages through `GET /api/v1/logs?filter=eventType eq "user.lifecycle.create"` (1,000 a page) and counts
 * the events per target login prefix (`prefixOf`): the API's view of the System Log, to cross-check the
 * direct count the server makes in its store.
 */
async function countCreateEventsViaApi(url, prefixOf) {
  const counts = {};
  let next = `${url}/api/v1/logs?limit=1000&filter=${encodeURIComponent('eventType eq "user.lifecycle.create"')}`;
  let pages = 0;
  while (next) {
    const res = await fetch(next, { headers: authHeaders });
    if (res.status !== 200) throw new Error(`GET /api/v1/logs: HTTP ${res.status} ${await res.text()}`);
    const events = await res.json();
    pages += 1;
    for (const event of events) {
      const key = prefixOf(event.target?.[0]?.alternateId ?? '');
      counts[key] = (counts[key] ?? 0) + 1;
    }
    const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
    next = events.length === 1000 && link ? link[1] : null;
    if (pages > 500) throw new Error('GET /api/v1/logs: more than 500 pages, giving up');
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

const rows = [];
const checks = [];
const skipped = [];
const profiles = [];
const wanted = (id) => !ONLY || ONLY.test(id);

/** The baseline runs first and again last; "% of baseline" uses the mean of the two, and a large gap
 *  between them says the machine was not steady during the run. */
async function baselineScenario(when) {
  log(`baseline (${when}): bare Fastify hello world`);
  const server = await startServer('baseline');
  try {
    const result = summary(await measure(server, () => [{ method: 'GET', path: '/' }]));
    const id = `baseline-${when}`;
    rows.push({ id, scenario: `Baseline (${when}): bare Fastify 5 \`GET /\` → \`{"hello":"world"}\``, store: '—', ...result, target: null });
    checks.push({ id, store: '—', ...result });
  } finally {
    await server.stop();
  }
}

/**
 * The same-size reference: bare Fastify 5 answering `GET /` with `body`, a real Keyflow single-user
 * response fetched from the seeded SQLite server, as it is. Not part of the baseline mean; it tells what
 * the response's bytes cost on this machine, apart from what Keyflow does to produce them.
 */
async function referenceScenario({ body, type }) {
  const bytes = Buffer.byteLength(body);
  log(`reference: bare Fastify returning a stored Keyflow user body (${bytes} bytes)`);
  const server = await startServer('reference-user', { BENCH_BODY: body, BENCH_BODY_TYPE: type });
  try {
    const res = await fetch(`${server.url}/`);
    const echoed = await res.text();
    if (res.status !== 200 || echoed !== body) throw new Error(`reference server: HTTP ${res.status}, body ${echoed === body ? 'identical' : 'differs'}`);
    const result = summary(await measure(server, () => [{ method: 'GET', path: '/' }]));
    const id = 'reference-user';
    rows.push({ id, scenario: `Reference: bare Fastify 5 returning a stored Keyflow user body (${fmt(bytes)} bytes)`, store: '—', ...result, bodyBytes: bytes, target: null });
    checks.push({ id, store: '—', ...result });
  } finally {
    await server.stop();
  }
}

/** A setupRequest that posts a new user with a unique login each time. */
function createUserRequests(prefix, withPassword) {
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/users?activate=false',
      headers: jsonHeaders,
      setupRequest: (req) => {
        const i = n++;
        const login = `${prefix}-${i}@bench.example`;
        const user = { profile: { login, email: login, firstName: 'Bench', lastName: `User ${i}` } };
        if (withPassword) user.credentials = { password: { value: `Xy7-Pass-${i}` } };
        return { ...req, body: JSON.stringify(user) };
      },
    },
  ];
}

async function keyflowScenarios(store) {
  const ids = ['get-user', 'create-user', 'create-user-password'].map((s) => `${s}:${store}`);
  // The reference's body comes from the SQLite server once it is seeded.
  const reference = store === 'sqlite' && wanted('reference-user');
  if (!ids.some(wanted) && !reference) return;
  let dataDir = null;
  let database = null;
  // Only these settings: KEYFLOW_* variables of the calling shell are not passed on (see startServer).
  const env = { KEYFLOW_LOG_LEVEL: 'warn', KEYFLOW_DEMO: 'false', KEYFLOW_API_TOKEN: TOKEN };
  if (store === 'sqlite') {
    dataDir = mkdtempSync(join(tmpdir(), 'keyflow-bench-'));
    env.KEYFLOW_DATA_DIR = dataDir;
  } else {
    database = await createPgDatabase();
    if (!database) {
      for (const id of ids) skipped.push({ id, reason: `PostgreSQL unreachable at ${PG_ADMIN_URL} (set KEYFLOW_BENCH_PG_URL)` });
      log(`postgres: skipped, ${PG_ADMIN_URL} unreachable`);
      return;
    }
    env.KEYFLOW_DATABASE_URL = database.url;
  }
  let server;
  const cleanup = async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (database) await database.drop();
  };
  interrupted.add(cleanup);
  try {
    server = await startServer('keyflow', env, `keyflow-${store}`);
    if (PROFILE_DIR) profiles.push(`${PROFILE_DIR}/keyflow-${store}-*.cpuprofile`);
    dbVersions[store] = server.dbVersion;

    let userIds = null;
    if (wanted(`get-user:${store}`) || reference) {
      log(`${store}: seeding ${SEED_USERS} users`);
      const t0 = performance.now();
      userIds = await seedUsers(server.url, SEED_USERS);
      log(`${store}: seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    // One real single-user response, kept byte for byte for the reference. The last user seeded has a
    // three-digit login index, like 900 of the 1,000 the GET scenario asks for in turn.
    let referenceBody = null;
    if (reference) {
      const res = await fetch(`${server.url}/api/v1/users/${userIds.at(-1)}`, { headers: authHeaders });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET /api/v1/users/{id} for the reference: HTTP ${res.status} ${body}`);
      referenceBody = { body, type: res.headers.get('content-type') ?? 'application/json; charset=utf-8' };
      log(`${store}: stored the response for ${JSON.parse(body).profile?.login} (${Buffer.byteLength(body)} bytes) for the reference`);
    }

    if (wanted(`get-user:${store}`)) {
      log(`${store}: GET /api/v1/users/{id}`);
      const result = summary(
        await measure(server, () => {
          let i = 0;
          return [{ method: 'GET', headers: authHeaders, setupRequest: (req) => ({ ...req, path: `/api/v1/users/${userIds[i++ % userIds.length]}` }) }];
        }),
      );
      const target = store === 'sqlite' ? { text: '≥ 40% of baseline, 0 errors', met: (row, pct) => clean(row) && pct >= 40 } : null;
      rows.push({ id: `get-user:${store}`, scenario: '`GET /api/v1/users/{id}` (SSWS, 1,000 users, ids round-robin)', store, ...result, target });
      checks.push({ id: `get-user:${store}`, store, ...result });
    }

    // Right after the GET scenario, while the (now idle) Keyflow server waits for the create scenarios.
    if (referenceBody) await referenceScenario(referenceBody);

    for (const withPassword of [false, true]) {
      const id = `${withPassword ? 'create-user-password' : 'create-user'}:${store}`;
      if (!wanted(id)) continue;
      const prefix = `${withPassword ? 'cpw' : 'c'}-${RUN}-${store}`;
      log(`${store}: POST /api/v1/users?activate=false ${withPassword ? 'with' : 'without'} a password`);
      const result = summary(await measure(server, (phase) => createUserRequests(`${prefix}-${phase}`, withPassword)));
      // Let requests still in flight when autocannon stopped finish before counting.
      await new Promise((r) => setTimeout(r, 1000));
      const { result: verified } = await server.request({ type: 'verify', loginPrefix: `${prefix}-` });
      const exactlyOne = verified.users > 0 && Object.keys(verified.histogram).every((n) => n === '1') && verified.orphanEvents === 0;
      const check = { id, store, ...result, prefix, verified, exactlyOne };
      let target = null;
      if (store === 'sqlite' && !withPassword) {
        target = { text: '≥ 1,500 users/s, 0 errors, 1 LogEvent each', met: (row) => clean(row) && logCheckOk(check) && row.okPerSec >= 1500 };
      }
      rows.push({
        id,
        scenario: withPassword ? '`POST /api/v1/users?activate=false` with a password (argon2id) + its LogEvent' : '`POST /api/v1/users?activate=false` (no password) + its LogEvent',
        store,
        ...result,
        target,
      });
      checks.push(check);
    }

    const creates = checks.filter((c) => c.store === store && c.prefix);
    if (creates.length > 0) {
      log(`${store}: cross-checking LogEvents through GET /api/v1/logs`);
      const viaApi = await countCreateEventsViaApi(server.url, (login) => creates.find((c) => login.startsWith(`${c.prefix}-`))?.prefix ?? 'other');
      for (const c of creates) c.apiCreateEvents = viaApi[c.prefix] ?? 0;
    }
  } finally {
    interrupted.delete(cleanup);
    await cleanup();
  }
}

const dbVersions = {};

const clean = (r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
/** Exactly one create event per user in the store, none orphaned, and the API shows the same number. */
const logCheckOk = (c) => c.exactlyOne && c.apiCreateEvents === c.verified.users;

async function createPgDatabase() {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `keyflow_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (src/ has uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    model,
    cores: cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
  };
}

const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
// autocannon records latencies in whole milliseconds: 0 means under 1 ms.
const ms = (n) => (n === null || n === undefined ? '—' : n === 0 ? '< 1' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** The baseline both rows are compared with, and each row's share of it and target verdict. */
function finalize() {
  const baselines = rows.filter((r) => r.id.startsWith('baseline-')).map((r) => r.reqPerSec);
  const baseline = baselines.length ? baselines.reduce((a, b) => a + b, 0) / baselines.length : null;
  for (const r of rows) {
    r.pct = baseline ? (100 * r.reqPerSec) / baseline : null;
    r.met = r.target ? r.target.met(r, r.pct) : null;
  }
  // The same-size reference is not a baseline: it only gives the GET rows a second comparison.
  const reference = rows.find((r) => r.id === 'reference-user') ?? null;
  for (const r of rows) r.pctOfReference = reference && r.id.startsWith('get-user:') ? (100 * r.reqPerSec) / reference.reqPerSec : null;
  return { baseline, baselines, reference };
}

function report(m, { baseline, baselines, reference }) {
  const baselineFirst = (a, b) => Number(b.id.startsWith('baseline-')) - Number(a.id.startsWith('baseline-'));
  const resultRows = [...rows].sort(baselineFirst).map((r) => {
    const pct = r.pct === null ? '—' : `${fmt(r.pct, 1)}%`;
    const met = r.target ? (r.met ? 'yes' : '**no**') : '—';
    return `| ${r.scenario} | ${r.store} | ${fmt(r.reqPerSec)} | ${ms(r.p50)} | ${ms(r.p99)} | ${pct} | ${r.target?.text ?? '—'} | ${met} |`;
  });
  const checkRows = [...checks].sort(baselineFirst).map((c) => {
    const statuses = Object.entries(c.statuses)
      .map(([code, n]) => `${code}: ${fmt(n)}`)
      .join(', ');
    const v = c.verified;
    const logCheck = v
      ? `${fmt(v.users)} users; LogEvents per user ${Object.entries(v.histogram)
          .map(([n, users]) => `${n}×${fmt(users)}`)
          .join(', ')}; orphan events ${v.orphanEvents}; via /api/v1/logs ${fmt(c.apiCreateEvents)} → ${c.exactlyOne && c.apiCreateEvents === v.users ? 'OK' : '**MISMATCH**'}`
      : '—';
    const usersPerSec = v ? fmt(c.okPerSec) : '—';
    const cpu = c.cpu ? `${fmt(c.cpu.server, 2)} / ${fmt(c.cpu.loadgen, 2)} / ${fmt(c.cpu.postgres, 2)} / ${fmt(c.cpu.other, 2)}` : '—';
    return `| ${c.id.split(':')[0]} | ${c.store} | ${fmt(c.ok)} | ${usersPerSec} | ${fmt(c.non2xx)} | ${fmt(c.errors)} | ${fmt(c.timeouts)} | ${statuses} | ${logCheck} | ${cpu} |`;
  });
  const skippedLines = skipped.map((s) => `- \`${s.id}\` skipped: ${s.reason}`);
  const argon = `argon2id, memoryCost ${ARGON2_PARAMS.memoryCost} KiB (${(ARGON2_PARAMS.memoryCost / 1024).toFixed(0)} MiB), timeCost ${ARGON2_PARAMS.timeCost}, parallelism ${ARGON2_PARAMS.parallelism}`;
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/run.mjs); do not edit by hand — rerun it. -->

Measured ${m.date} on ${m.model}, ${m.cores} cores, ${m.memory} RAM, Node ${m.node}, commit ${m.commit}.
SQLite: ${dbVersions.sqlite ?? '—'}. PostgreSQL: ${dbVersions.postgres ? dbVersions.postgres.replace(/ on .*$/, '') : '—'}.

## Results

| scenario | store | req/s (mean) | p50 ms | p99 ms | % of baseline | target | met? |
|---|---|---:|---:|---:|---:|---|---|
${resultRows.join('\n')}
${skippedLines.length ? `\n${skippedLines.join('\n')}\n` : ''}
"% of baseline" is against ${fmt(baseline)} req/s, the mean of the baseline measured first and last in this
run (${baselines.map((b) => fmt(b)).join(' and ')} req/s${baselines.length === 2 ? `, ${fmt((100 * Math.abs(baselines[0] - baselines[1])) / baseline, 1)}% apart` : ''}).
The reference row is not part of that mean; targets are judged against the hello-world baseline only.
${referenceSentence(reference)}"Created users/s" (below) is what the create targets are judged on.

Password hashing: ${argon} (\`ARGON2_PARAMS\` in src/platform/node-platform.ts), on libuv's
thread pool (UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4, the default'}).

## Correctness of each run

Every response is counted; a run with errors or non-2xx responses is reported here and fails its target.
For the create scenarios the server counts, in its own store, the \`user.lifecycle.create\` events that
target each user the scenario (warm-up included) created — each must have exactly one — and events whose
target user does not exist ("orphans"); then the same events are counted again by paging
\`GET /api/v1/logs?filter=eventType eq "user.lifecycle.create"\`.

| scenario | store | 2xx (measured) | created users/s | non-2xx | errors | timeouts | status codes | LogEvent check (warm-up + measured) | CPU cores: server / autocannon / PostgreSQL / other |
|---|---|---:|---:|---:|---:|---:|---|---|---|
${checkRows.join('\n')}

## How to run

\`\`\`sh
npm run bench            # builds, runs every scenario (~2.5 minutes), rewrites this file
node bench/run.mjs --only 'create-user:sqlite' --no-write     # one scenario, report on stdout
node bench/run.mjs --only 'create-user:sqlite' --profile      # same with --cpu-prof on the server
node bench/profile-summary.mjs /tmp/keyflow-bench-prof-*/keyflow-sqlite-*.cpuprofile   # top self time
\`\`\`

PostgreSQL is taken from \`KEYFLOW_BENCH_PG_URL\` (default \`postgres://postgres@127.0.0.1:5432/postgres\`);
the run creates a database \`keyflow_bench_<random>\` on it and drops it afterwards. When PostgreSQL is
unreachable its rows are listed as skipped.

## Method

- The server under test runs in its own child process (\`bench/server.mjs\`, forked), the load generator
  (autocannon ${autocannonVersion()}, programmatic API) in the parent: they never share an event loop. On a
  ${m.cores}-core machine they still share the CPU with each other (and with PostgreSQL's backends), so
  absolute numbers are lower than on a dedicated server; compare rows with the baseline of the same run.
- Baseline: a bare Fastify 5 app answering \`GET /\` with \`{"hello":"world"}\`, logger off, in its own
  child process, under the same load settings, measured at the start and again at the end of the run.
  "% of baseline" is a scenario's mean req/s over the mean of the two. With the server and autocannon
  each near one full core during the baseline (CPU column), it is the most this machine can push through
  one Node process, which is what the Keyflow rows are up against too.
- Reference: the same bare Fastify 5 app, but \`GET /\` returns a fixed body — one real
  \`GET /api/v1/users/{id}\` response (${reference ? `${fmt(reference.bodyBytes)} bytes` : 'about 1.4 KB'}) fetched with the SSWS token from the
  seeded SQLite server and handed to the reference server as it is (\`BENCH_BODY\`), measured right after
  the SQLite GET scenario. On this ${m.cores}-core loopback machine the kernel's TCP work for each response
  is charged to the server's \`writev\` (the system part of its CPU), so the response size alone can lower
  bare Fastify's req/s: ${reference && baseline ? `in this run, from ${fmt(baseline)} (hello world, mean) to ${fmt(reference.reqPerSec)} req/s (${fmt(reference.pct, 1)}%)` : 'see the reference row'}.
  The reference separates what Keyflow's own work costs (authentication, look-ups, serialisation) from
  what the bytes cost: "% of same-size reference" is the GET scenario's req/s over the reference's.
- The CPU column is cores used during the measured ${DURATION} s, from /proc: the server process (all its
  threads), autocannon's process, PostgreSQL's processes, and everything else on the machine. "Other"
  well above zero means something else was running and the row is less trustworthy; rerun.
- Every scenario: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${WARMUP} s warm-up (discarded), then
  ${DURATION} s measured. Latencies are autocannon's per-request percentiles, in whole milliseconds.
- Keyflow runs as \`keyflow serve\` would (\`createApp\` + \`setup.run\`), \`KEYFLOW_LOG_LEVEL=warn\`, no demo data,
  rate limits off (the default), over a fresh SQLite file in a temp directory or a fresh PostgreSQL
  database. Requests authenticate with \`Authorization: SSWS <token>\` of the Super Admin, so every request
  includes the token, user and role look-ups.
- \`GET /api/v1/users/{id}\`: ${fmt(SEED_USERS)} password-less STAGED users are created first over HTTP; each
  request asks for the next id in turn.
- Create: every request posts a user with a fresh login (\`setupRequest\`), \`activate=false\`, so the user
  is STAGED and its one LogEvent is \`user.lifecycle.create\`, written in the same transaction. "Created
  users/s" is 2xx responses over the measured duration. The password variant adds
  \`credentials.password\`, hashed with argon2id before the transaction.
- Targets are reported, never asserted: the test suite contains no timing assertions.
`;
}

/** The GET rows as a share of the same-size reference, with the bytes per response on the wire. */
function referenceSentence(reference) {
  if (!reference) return '';
  const gets = rows.filter((r) => r.pctOfReference !== null);
  const wire = (r) => `${fmt(r.bytesPerResponse)} bytes`;
  if (gets.length === 0) return `The reference measured ${fmt(reference.reqPerSec)} req/s (${wire(reference)} per response, headers + body).\n`;
  const parts = gets.map((r) => `${fmt(r.pctOfReference, 1)}% (${r.store}, ${wire(r)} per response)`);
  return `"% of same-size reference": \`GET /api/v1/users/{id}\` is ${parts.join(' and ')} of the reference's
${fmt(reference.reqPerSec)} req/s (${wire(reference)} per response; headers + body as autocannon read them).
`;
}

function autocannonVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf8')).version;
}

// ---------------------------------------------------------------------------------------------------

// Ctrl-C: stop the servers and throw away the temporary databases before leaving.
const interrupted = new Set();
process.once('SIGINT', async () => {
  log('interrupted: cleaning up');
  await Promise.allSettled([...interrupted].map((fn) => fn()));
  process.exit(130);
});

const started = performance.now();
await baselineScenario('first');
await keyflowScenarios('sqlite');
await keyflowScenarios('postgres');
await baselineScenario('last');
const text = report(machine(), finalize());
if (WRITE) {
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, text);
  log(`wrote ${REPORT}`);
} else {
  process.stdout.write(text);
}
for (const r of rows) {
  const cpu = r.cpu ? `  cpu server ${fmt(r.cpu.server, 2)} other ${fmt(r.cpu.other, 2)}` : '';
  log(`${r.id.padEnd(30)} ${fmt(r.reqPerSec).padStart(7)} req/s ${fmt(r.pct, 1).padStart(5)}%  p50 ${ms(r.p50)} ms  p99 ${ms(r.p99)} ms  non2xx ${r.non2xx} errors ${r.errors}${cpu}${r.target ? `  target ${r.met ? 'met' : 'MISSED'}` : ''}`);
}
if (PROFILE_DIR) log(`CPU profiles in ${PROFILE_DIR} (summarise with node bench/profile-summary.mjs <file>)`);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
