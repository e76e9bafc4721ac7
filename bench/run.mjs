// Keyflow benchmarks: `npm run bench` (builds first). Runs every scenario in sequence against a server in
// a separate child process (bench/server.mjs), with autocannon in this process (or, for flows that
// carry state from one request to the next — refresh-token chains, the hosted sign-in — the closed loop
// of bench/oauth.mjs), and rewrites docs/benchmarks.md. Nothing here asserts on time: targets are
// reported as met or missed. Scenario ids: baseline-*, reference-user, argon2-verify and, per store,
// get-user, create-user, create-user-password, get-user-again (SQLite), get-user-bearer, refresh,
// introspect, client-credentials, sign-in (SQLite), e.g. `refresh:sqlite`.
//
// Options (for investigation; a run with any of them does not rewrite docs/benchmarks.md):
//   --only <regex>     run only scenarios whose id matches (the baselines always run; reference-user
//                      needs the SQLite server seeded, so it seeds it even when get-user:sqlite is not run)
//   --duration <s>     measured seconds per scenario (default 10)
//   --warmup <s>       warm-up seconds per scenario (default 2)
//   --profile          a CPU profile of the server over each scenario's measured window, one
//                      <scenario id>.cpuprofile each; prints where they are
//   --connections <n>  connections / concurrent flows per scenario (default 50)
//   --no-write         print the report instead of writing docs/benchmarks.md

import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { KeyObject, randomBytes, randomUUID, sign as cryptoSign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ARGON2_PARAMS } from '../dist/platform/node-platform.js';
import { KEYFLOW_NODE_FLAGS, startChild } from './child-server.mjs';
import { cpuBetween, cpuSnapshot } from './cpu.mjs';
import { createPgDatabase, PG_ADMIN_URL } from './pg-database.mjs';
import { closedLoop, codeTokens, createPerson, createServiceApp, createWebApp, signAssertions, signInForCode } from './oauth.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = join(ROOT, 'docs', 'benchmarks.md');

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    profile: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    connections: { type: 'string', default: '50' },
  },
});

const DURATION = Number(opts.duration);
const WARMUP = Number(opts.warmup);
const CONNECTIONS = Number(opts.connections);
const PIPELINING = 1;
const SEED_USERS = 1000;
const ONLY = opts.only ? new RegExp(opts.only) : null;
const WRITE = !opts['no-write'] && !opts.profile && !ONLY && DURATION === 10 && WARMUP === 2 && CONNECTIONS === 50;
/** A fixed token so that a failing run is easy to reproduce by hand. */
const TOKEN = '00BENCHtoken000000000000000000000000000000';
const RUN = randomBytes(3).toString('hex');
/** Client assertions signed before the client-credentials scenario, per second of warm-up + measured run:
 *  above the target with room to spare (fewer would be signed in the load generator, and counted). */
const ASSERTIONS_PER_SECOND = Number(process.env.BENCH_ASSERTIONS_PER_SECOND ?? 2000);
const PROFILE_DIR = opts.profile ? mkdtempSync(join(tmpdir(), 'keyflow-bench-prof-')) : null;

const log = (...args) => console.error('[bench]', ...args);

// ---------------------------------------------------------------------------------------------------
// Server child processes

/** Forks bench/server.mjs with `env`, resolves once it listens. */
function startServer(kind, env = {}, label = kind) {
  return startChild('server.mjs', { BENCH_SERVER: kind, ...env }, `${label} server`, kind === 'keyflow' ? KEYFLOW_NODE_FLAGS : []);
}

// ---------------------------------------------------------------------------------------------------
// Load

function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, pipelining: PIPELINING, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

/** Warm-up (discarded), then the measured run. `requests()` makes fresh request templates for each. */
async function measure(server, id, requests) {
  await cannon({ url: server.url, duration: WARMUP, requests: requests('w') });
  return measured(server, id, () => cannon({ url: server.url, duration: DURATION, requests: requests('m') }));
}

/** Runs the measured part with the CPU accounting around it (and, with --profile, a CPU profile of the
 *  server over exactly that window, in <profile dir>/<scenario id>.cpuprofile). */
async function measured(server, id, run) {
  const file = PROFILE_DIR ? join(PROFILE_DIR, `${id.replace(/[^\w.-]+/g, '-')}.cpuprofile`) : null;
  if (file) await server.request({ type: 'profile-start' });
  const before = cpuSnapshot(server.pid);
  const result = await run();
  result.cpu = cpuBetween(before, cpuSnapshot(server.pid));
  if (file) {
    await server.request({ type: 'profile-stop', file });
    profiles.push(file);
  }
  return result;
}

/** The same for flows autocannon cannot drive (bench/oauth.mjs closedLoop): warm-up, then measured. */
async function measureLoop(server, id, step) {
  await closedLoop({ url: server.url, workers: CONNECTIONS, seconds: WARMUP, step });
  return measured(server, id, () => closedLoop({ url: server.url, workers: CONNECTIONS, seconds: DURATION, step }));
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
    const id = `baseline-${when}`;
    const result = summary(await measure(server, id, () => [{ method: 'GET', path: '/' }]));
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
    const id = 'reference-user';
    const result = summary(await measure(server, id, () => [{ method: 'GET', path: '/' }]));
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
  const ids = ['get-user', 'get-user-again', 'get-user-bearer', 'create-user', 'create-user-password', ...OAUTH_SCENARIOS, ...(store === 'sqlite' ? ['sign-in'] : [])].map((s) => `${s}:${store}`);
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
    dbVersions[store] = server.dbVersion;

    let userIds = null;
    if (wanted(`get-user:${store}`) || wanted(`get-user-again:${store}`) || wanted(`get-user-bearer:${store}`) || reference) {
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

    /** `GET /api/v1/users/{id}` for each seeded user in turn, with `headers`. */
    const getUsers = (id, headers) =>
      measure(server, id, () => {
        let i = 0;
        return [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: `/api/v1/users/${userIds[i++ % userIds.length]}` }) }];
      });

    // Measured before anything reaches the authorization server (see get-user-again below).
    if (wanted(`get-user:${store}`)) {
      log(`${store}: GET /api/v1/users/{id}`);
      const result = summary(await getUsers(`get-user:${store}`, authHeaders));
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
      const result = summary(await measure(server, id, (phase) => createUserRequests(`${prefix}-${phase}`, withPassword)));
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

    // The OAuth clients and the person signing in, set up as an administrator would, over HTTP. From the
    // first request oidc-provider serves, its AsyncLocalStorage is in use, which on Node 20 puts async
    // hooks on every promise of the process: the SSWS GET is measured again after it (SQLite only).
    const oauth = ids.some((id) => /^(get-user-again|get-user-bearer|refresh|introspect|client-credentials|sign-in):/.test(id) && wanted(id)) ? await prepareOAuth(server, store) : null;

    if (store === 'sqlite' && wanted(`get-user-again:${store}`)) {
      const id = `get-user-again:${store}`;
      log(`${store}: GET /api/v1/users/{id} again, now that the authorization server has served requests`);
      const result = summary(await getUsers(id, authHeaders));
      rows.push({ id, scenario: '`GET /api/v1/users/{id}` (SSWS) again, after the authorization server has served its first requests', store, ...result, target: null });
      checks.push({ id, store, ...result });
    }

    if (wanted(`get-user-bearer:${store}`)) {
      const id = `get-user-bearer:${store}`;
      log(`${store}: GET /api/v1/users/{id} with a Bearer access token`);
      const result = summary(await getUsers(id, { authorization: `Bearer ${oauth.accessToken}`, accept: 'application/json' }));
      const target = store === 'sqlite' ? { text: '≥ 35% of baseline, 0 errors', met: (row, pct) => clean(row) && pct >= 35 } : null;
      rows.push({ id, scenario: '`GET /api/v1/users/{id}` (Bearer access token of a user\'s code grant, `okta.users.read`, READ_ONLY_ADMIN; 1,000 users, ids round-robin)', store, ...result, target });
      checks.push({ id, store, ...result });
    }

    if (oauth) await oauthScenarios(server, store, oauth);
  } finally {
    interrupted.delete(cleanup);
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------
// Authorization-server scenarios

const OAUTH_SCENARIOS = ['refresh', 'introspect', 'client-credentials'];
/** What the bench person's web app asks for: a refresh token (offline_access), an id_token (openid) and
 *  an access token good for `GET /api/v1/users/{id}` (okta.users.read). */
const OAUTH_SCOPE = 'openid profile email offline_access okta.users.read';
const PERSON_PASSWORD = 'Xy7-Bench-Pass-1';
const FORM = 'application/x-www-form-urlencoded';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const countEvents = async (server, eventTypes) => (await server.request({ type: 'count-events', eventTypes })).counts;
const delta = (before, after, type) => after[type] - before[type];
const settle = () => new Promise((r) => setTimeout(r, 1000));

/** Runs `fn` for 0..n-1, `concurrency` at a time; returns the results in order. */
async function inParallel(n, concurrency, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/**
 * An ACTIVE person with a password and the READ_ONLY_ADMIN role, assigned to a web app
 * (client_secret_basic, code + refresh_token, `okta.users.read` granted), one access token from the
 * code flow through the hosted sign-in form, and a service app (private_key_jwt, `okta.users.read`
 * granted, READ_ONLY_ADMIN given to the client).
 */
async function prepareOAuth(server, store) {
  const org = { url: server.url, token: TOKEN };
  const login = `person-${RUN}-${store}@bench.example`;
  const userId = await createPerson(org, login, PERSON_PASSWORD, 'READ_ONLY_ADMIN');
  const web = await createWebApp(org, { scopes: ['okta.users.read'], assign: [userId] });
  const tokens = await codeTokens(org, web, { scope: OAUTH_SCOPE, username: login, password: PERSON_PASSWORD });
  let service = null;
  // Service apps with response_types ["token"] (as Okta creates them); retried once in case of a refusal.
  for (let attempt = 1; !service; attempt++) {
    try {
      service = await createServiceApp(org, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    } catch (error) {
      if (attempt >= 2) {
        log(`${store}: no service app: ${error.message}`);
        service = { error: error.message };
      }
    }
  }
  return { org, login, userId, web, service, accessToken: tokens.access_token };
}

async function oauthScenarios(server, store, oauth) {
  const { org, web, login } = oauth;
  const basicForm = { authorization: web.basic, 'content-type': FORM, accept: 'application/json' };

  if (wanted(`refresh:${store}`)) {
    const id = `refresh:${store}`;
    log(`${store}: preparing ${CONNECTIONS} refresh-token chains (a sign-in and a code exchange each)`);
    const chains = await inParallel(CONNECTIONS, 10, async () => {
      const tokens = await codeTokens(org, web, { scope: OAUTH_SCOPE, username: login, password: PERSON_PASSWORD });
      return { token: tokens.refresh_token, refreshes: 0, failure: null };
    });
    const types = ['app.oauth2.token.grant.refresh_token', 'app.oauth2.token.grant.id_token', 'app.oauth2.token.detect_reuse'];
    const before = await countEvents(server, types);
    /** One refresh on a chain: spends its token, keeps the new one. */
    const refresh = async (chain, send) => {
      if (chain.failure) return false;
      const res = await send('/oauth2/v1/token', { method: 'POST', headers: basicForm, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(chain.token)}` });
      const body = res.status === 200 ? JSON.parse(res.body) : null;
      if (!body?.refresh_token || body.refresh_token === chain.token || !body.access_token || !body.id_token) {
        chain.failure = `HTTP ${res.status} ${res.body.slice(0, 200)}`;
        return false;
      }
      chain.token = body.refresh_token;
      chain.refreshes += 1;
      return true;
    };
    log(`${store}: refresh-token grants, ${CONNECTIONS} chains`);
    const raw = await measureLoop(server, id, (worker, send) => refresh(chains[worker], send));
    // After the run every chain must still hold a live token: one more refresh each.
    const fetchSend = async (path, init) => {
      const res = await fetch(`${server.url}${path}`, init);
      return { status: res.status, body: await res.text() };
    };
    const intact = (await Promise.all(chains.map((c) => refresh(c, fetchSend)))).filter(Boolean).length;
    const after = await countEvents(server, types);
    const refreshes = chains.reduce((n, c) => n + c.refreshes, 0);
    const events = delta(before, after, types[0]);
    const reuse = delta(before, after, types[2]);
    const ok = intact === chains.length && events === refreshes && delta(before, after, types[1]) === refreshes && reuse === 0;
    const failure = chains.find((c) => c.failure)?.failure;
    const note = `${intact}/${chains.length} chains intact after the run (one more refresh each); ${fmt(refreshes)} refreshes (warm-up + measured + final), ${fmt(events)} \`token.grant.refresh_token\` and ${fmt(delta(before, after, types[1]))} \`token.grant.id_token\` events; ${reuse} reuse detections → ${ok ? 'OK' : `**MISMATCH**${failure ? ` (${failure})` : ''}`}`;
    const result = summary(raw);
    const target = store === 'sqlite' ? { text: '≥ 600 grants/s, 0 errors, chains intact', met: (row) => clean(row) && ok && row.reqPerSec >= 600 } : null;
    rows.push({ id, scenario: `\`POST /oauth2/v1/token\` refresh_token grant (client_secret_basic; rotates the refresh token, new access + id_token), ${CONNECTIONS} chains`, store, ...result, target });
    checks.push({ id, store, ...result, note, passed: ok });
  }

  if (wanted(`introspect:${store}`)) {
    const id = `introspect:${store}`;
    log(`${store}: POST /oauth2/v1/introspect`);
    const body = new URLSearchParams({ token: oauth.accessToken, token_type_hint: 'access_token' }).toString();
    let active = 0;
    let other = 0;
    const result = summary(
      await measure(server, id, () => [
        {
          method: 'POST',
          path: '/oauth2/v1/introspect',
          headers: basicForm,
          body,
          onResponse: (status, text) => {
            if (status === 200 && text.includes('"active":true') && text.includes(`"username":"${login}"`)) active += 1;
            else other += 1;
          },
        },
      ]),
    );
    const ok = other === 0;
    const note = `${fmt(active)} answers (warm-up + measured) \`active: true\` with the user's \`username\`, ${fmt(other)} otherwise → ${ok ? 'OK' : '**MISMATCH**'}`;
    const target = store === 'sqlite' ? { text: '≥ 3,000/s, 0 errors, all active', met: (row) => clean(row) && ok && row.reqPerSec >= 3000 } : null;
    rows.push({ id, scenario: '`POST /oauth2/v1/introspect` of a valid access token (client_secret_basic)', store, ...result, target });
    checks.push({ id, store, ...result, note, passed: ok });
  }

  if (wanted(`client-credentials:${store}`)) {
    const id = `client-credentials:${store}`;
    if (oauth.service.error) {
      skipped.push({ id, reason: `the service app could not be created: ${oauth.service.error}` });
    } else {
      const service = oauth.service;
      const n = Math.ceil(ASSERTIONS_PER_SECOND * (WARMUP + DURATION));
      log(`${store}: signing ${fmt(n)} client assertions (RS256) for the client-credentials scenario`);
      const pool = await signAssertions(org, service, n);
      // Should the pool run out, assertions are signed in the load generator, synchronously, and counted.
      const key = KeyObject.from(service.privateKey);
      let signedLate = 0;
      const lateAssertion = () => {
        signedLate += 1;
        const now = Math.floor(Date.now() / 1000);
        const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const input = `${enc({ alg: 'RS256', kid: service.kid })}.${enc({ iss: service.id, sub: service.id, aud: `${org.url}/oauth2/v1/token`, iat: now, exp: now + 3600, jti: randomUUID() })}`;
        return `${input}.${cryptoSign('sha256', Buffer.from(input), key).toString('base64url')}`;
      };
      let next = 0;
      let issued = 0;
      let other = 0;
      const types = ['app.oauth2.token.grant.access_token'];
      const before = await countEvents(server, types);
      const result = summary(
        await measure(server, id, () => [
          {
            method: 'POST',
            path: '/oauth2/v1/token',
            headers: { 'content-type': FORM, accept: 'application/json' },
            setupRequest: (req) => ({
              ...req,
              body: `grant_type=client_credentials&scope=okta.users.read&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${next < pool.length ? pool[next++] : lateAssertion()}`,
            }),
            onResponse: (status, text) => {
              if (status === 200 && text.includes('"access_token"') && text.includes('"scope":"okta.users.read"')) issued += 1;
              else other += 1;
            },
          },
        ]),
      );
      await settle();
      const events = delta(before, await countEvents(server, types), types[0]);
      // autocannon drops the requests in flight when a run ends: the server may have granted up to
      // CONNECTIONS more per run (warm-up and measured) than were answered.
      const ok = other === 0 && events >= issued && events <= issued + 2 * CONNECTIONS;
      const note = `${fmt(issued)} tokens answered (warm-up + measured), ${fmt(events)} \`token.grant.access_token\` events (≤ ${2 * CONNECTIONS} more for requests in flight at each stop), ${fmt(other)} other answers; assertions signed during the run: ${fmt(signedLate)} → ${ok ? 'OK' : '**MISMATCH**'}`;
      const target = store === 'sqlite' ? { text: '≥ 1,000 grants/s, 0 errors', met: (row) => clean(row) && ok && row.reqPerSec >= 1000 } : null;
      rows.push({ id, scenario: '`POST /oauth2/v1/token` client_credentials grant (private_key_jwt, RS256, a fresh assertion each), `okta.users.read`', store, ...result, target });
      checks.push({ id, store, ...result, note, passed: ok });
    }
  }

  if (store === 'sqlite' && wanted(`sign-in:${store}`)) {
    const id = `sign-in:${store}`;
    log(`${store}: sign-in through the hosted form, ${CONNECTIONS} browsers`);
    const types = ['user.session.start', 'app.oauth2.authorize.code'];
    const before = await countEvents(server, types);
    let logins = 0;
    let requestsPerLogin = 0;
    const raw = await measureLoop(server, id, async (_worker, send) => {
      const flow = await signInForCode(org, web, { scope: OAUTH_SCOPE, username: login, password: PERSON_PASSWORD, send });
      requestsPerLogin = flow.requests;
      logins += 1;
      return true;
    });
    await settle();
    const after = await countEvents(server, types);
    const sessions = delta(before, after, types[0]);
    const codes = delta(before, after, types[1]);
    const ok = raw.flows.failed === 0 && sessions === logins && codes === logins;
    const failure = raw.flows.failed ? `; ${raw.flows.failed} logins failed, the first with: ${raw.flows.firstError}` : '';
    const note = `${fmt(logins)} logins ended at the app's redirect with a code (warm-up + measured), ${requestsPerLogin} HTTP requests each; ${fmt(sessions)} \`user.session.start\` and ${fmt(codes)} \`authorize.code\` events${failure} → ${ok ? 'OK' : '**MISMATCH**'}`;
    // The row counts logins, not HTTP requests; its latencies are of a whole login.
    const result = { ...summary(raw), reqPerSec: raw.flows.total / raw.duration, p50: raw.flows.latency.p50, p99: raw.flows.latency.p99 };
    rows.push({
      id,
      scenario: `Sign-in: \`/oauth2/v1/authorize\` → hosted form → POST (argon2id verify) → code, in a fresh browser each (**logins/s**; ${requestsPerLogin} requests each, ${CONNECTIONS} at a time)`,
      store,
      ...result,
      target: null,
    });
    checks.push({ id, store, ...result, passed: raw.flows.failed === 0, note });
  }
}

/** argon2id verifies per second with Keyflow's parameters, on libuv's thread pool, in this process. */
async function argon2Scenario() {
  if (!wanted('argon2-verify')) return;
  log('argon2id verify, alone');
  const { hash, verify } = await import('@node-rs/argon2');
  const phc = await hash(PERSON_PASSWORD, ARGON2_PARAMS);
  const concurrency = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const run = async (seconds) => {
    const latencies = [];
    let wrong = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          if (!(await verify(phc, PERSON_PASSWORD))) wrong += 1;
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { latencies: latencies.sort((a, b) => a - b), wrong, duration: (performance.now() - started) / 1000 };
  };
  await run(WARMUP / 2);
  const before = cpuSnapshot(process.pid);
  const r = await run(DURATION / 2);
  const cpu = cpuBetween(before, cpuSnapshot(process.pid));
  // The verifies run in this process: its CPU is the "server" here.
  cpu.server = cpu.loadgen;
  cpu.loadgen = 0;
  const at = (p) => Math.floor(r.latencies[Math.min(r.latencies.length - 1, Math.floor((p / 100) * r.latencies.length))]);
  const result = {
    reqPerSec: r.latencies.length / r.duration,
    ok: r.latencies.length - r.wrong,
    okPerSec: (r.latencies.length - r.wrong) / r.duration,
    p50: at(50),
    p99: at(99),
    non2xx: r.wrong,
    errors: 0,
    timeouts: 0,
    statuses: {},
    duration: r.duration,
    bytesPerResponse: null,
    cpu,
  };
  const id = 'argon2-verify';
  rows.push({ id, scenario: `argon2id verify alone (m=${ARGON2_PARAMS.memoryCost} KiB, t=${ARGON2_PARAMS.timeCost}, p=${ARGON2_PARAMS.parallelism}; ${concurrency} at a time; **verifies/s**, no HTTP)`, store: '—', ...result, target: null });
  checks.push({ id, store: '—', ...result, note: `${fmt(r.latencies.length)} verifies of the right password in ${fmt(DURATION / 2)} s, ${r.wrong} refused → ${r.wrong === 0 ? 'OK' : '**MISMATCH**'}`, passed: r.wrong === 0 });
}

const dbVersions = {};

const clean = (r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
/** Exactly one create event per user in the store, none orphaned, and the API shows the same number. */
const logCheckOk = (c) => c.exactlyOne && c.apiCreateEvents === c.verified.users;


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
      : (c.note ?? '—');
    const usersPerSec = v ? fmt(c.okPerSec) : '—';
    const cpu = c.cpu ? `${fmt(c.cpu.server, 2)} / ${fmt(c.cpu.loadgen, 2)} / ${fmt(c.cpu.postgres, 2)} / ${fmt(c.cpu.other, 2)}` : '—';
    const perRequest = c.cpu && c.reqPerSec ? fmt((1000 * c.cpu.server) / c.reqPerSec, 2) : '—';
    return `| ${c.id.split(':')[0]} | ${c.store} | ${fmt(c.ok)} | ${usersPerSec} | ${fmt(c.non2xx)} | ${fmt(c.errors)} | ${fmt(c.timeouts)} | ${statuses} | ${logCheck} | ${cpu} | ${perRequest} |`;
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
The sign-in row counts whole logins per second (several HTTP requests each) and its latencies are of a
whole login; the argon2id row counts verifies per second, in the bench process, without HTTP.

Password hashing: ${argon} (\`ARGON2_PARAMS\` in src/platform/node-platform.ts), on libuv's
thread pool (UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4, the default'}).

${boundsSection()}

## Correctness of each run

Every response is counted; a run with errors or non-2xx responses is reported here and fails its target.
For the create scenarios the server counts, in its own store, the \`user.lifecycle.create\` events that
target each user the scenario (warm-up included) created — each must have exactly one — and events whose
target user does not exist ("orphans"); then the same events are counted again by paging
\`GET /api/v1/logs?filter=eventType eq "user.lifecycle.create"\`. The authorization-server scenarios check
every answer's body and compare the LogEvents the server stored during the scenario with the grants
answered (see Method); in the sign-in row the 2xx column counts the redirects of the flow with the pages.

| scenario | store | 2xx (measured) | created users/s | non-2xx | errors | timeouts | status codes | check (warm-up + measured) | CPU cores: server / load generator / PostgreSQL / other | server CPU ms per request |
|---|---|---:|---:|---:|---:|---:|---|---|---|---:|
${checkRows.join('\n')}

## How to run

\`\`\`sh
npm run bench            # builds, runs every scenario (~${fmt(Math.ceil((performance.now() - started) / 60000))} minutes), rewrites this file
node bench/run.mjs --only 'create-user:sqlite' --no-write     # one scenario, report on stdout
node bench/run.mjs --only 'refresh:sqlite' --profile          # + a CPU profile of the server's measured window
node bench/profile-summary.mjs /tmp/keyflow-bench-prof-*/refresh-sqlite.cpuprofile   # top self time
node bench/run.mjs --only 'introspect' --connections 4 --no-write   # fewer concurrent connections / flows
# CPU time of every thread, JavaScript functions named (the server inherits NODE_OPTIONS):
NODE_OPTIONS=--perf-basic-prof-only-functions node bench/run.mjs --only 'refresh:sqlite' --duration 30 --no-write &
perf record -g -p "$(pgrep -n -f bench/server.mjs)" -- sleep 10     # once the measured window has begun
# instructions per request under callgrind, alternating between built checkouts (repeatable A/B):
node bench/instructions.mjs introspect /tmp/before .      # or bearer, ssws, client-credentials
\`\`\`

PostgreSQL is taken from \`KEYFLOW_BENCH_PG_URL\` (default \`postgres://postgres@127.0.0.1:5432/postgres\`);
the run creates a database \`keyflow_bench_<random>\` on it and drops it afterwards. When PostgreSQL is
unreachable its rows are listed as skipped.

## Method

- The server under test runs in its own child process (\`bench/server.mjs\`, forked, with the Node flags
  \`npm start\` gives Keyflow: \`${KEYFLOW_NODE_FLAGS.join(' ') || 'none'}\`; the baselines run with Node's defaults), the load generator
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
  threads), the load generator's process (autocannon, or the closed loop of bench/oauth.mjs, both in
  the bench process), PostgreSQL's processes, and everything else on the machine. "Other"
  well above zero means something else was running and the row is less trustworthy; rerun.
- Every scenario: ${CONNECTIONS} connections (the closed-loop scenarios: ${CONNECTIONS} flows, one socket each), pipelining
  ${PIPELINING}, ${WARMUP} s warm-up (discarded), then ${DURATION} s measured. Latencies are per-request percentiles in
  whole milliseconds (autocannon's, or the closed loop's floored the same way; per login for sign-in).
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
- \`GET /api/v1/users/{id}\` again (SQLite): the SSWS row repeated once the OAuth set-up below has sent
  the first requests to the authorization server, after the create scenarios; the Bearer row follows it.
- \`GET /api/v1/users/{id}\` with a Bearer token: the same 1,000 users and requests as the SSWS row, with
  \`Authorization: Bearer <access token>\` instead: a token of the web app below, for a person with the
  READ_ONLY_ADMIN role, with \`${OAUTH_SCOPE}\`. Every request looks the token up by digest (with
  its user, roles and app) and reads the user asked for.
- OAuth set-up, over HTTP with the SSWS token, as an administrator would: an ACTIVE person with a password
  and READ_ONLY_ADMIN; a web app (\`client_secret_basic\`, authorization_code + refresh_token, TRUSTED,
  \`okta.users.read\` granted, the person assigned); a service app (\`private_key_jwt\` with a 2048-bit RSA
  key, client_credentials, \`okta.users.read\` granted, READ_ONLY_ADMIN given to the client). Tokens come
  from the authorization-code flow with PKCE, walked through the hosted sign-in form like a browser
  without JavaScript (bench/oauth.mjs).
- Refresh: ${CONNECTIONS} chains, each prepared by its own sign-in (so its own session and grant) and code
  exchange. A closed loop (bench/oauth.mjs, \`node:http\` with a keep-alive agent, one socket per chain)
  posts \`grant_type=refresh_token\` with the chain's current token and continues with the one in the
  answer: the server rotates it and revokes the grant if a spent one is presented again. When the time
  is up the refreshes in flight are allowed to finish (so no chain loses its token) and the duration
  runs until the last one has; warm-up and measured run continue the same chains. After the run every
  chain refreshes once more, which must succeed, and the \`token.grant.refresh_token\` and
  \`token.grant.id_token\` LogEvents must number the successful refreshes exactly.
- Introspection: autocannon posts \`token=<access token>&token_type_hint=access_token\` with the web app's
  \`client_secret_basic\` credentials; every answer must be \`active: true\` with the user's \`username\`.
- Client credentials: every request carries a fresh client assertion (RS256, unique \`jti\`, \`aud\` the
  token endpoint), from a pool of ${fmt(ASSERTIONS_PER_SECOND)} per second of warm-up + measured run signed with
  jose before the run, so the load generator does not measure its own signing (should the pool run out,
  the rest are signed in the load generator and counted in the check column).
- Sign-in (SQLite): ${CONNECTIONS} browsers at a time, each login in a fresh cookie jar: \`/oauth2/v1/authorize\`,
  the hosted sign-in page, the form's POST (argon2id verify, a new session), consent answered without a
  page (TRUSTED), up to the redirect to the app with a code. A login is counted when it ends there.
- argon2id verify: the bench process alone verifies a hash made with \`ARGON2_PARAMS\`, as many at a time
  as libuv has threads, for ${fmt(DURATION / 2)} s after ${fmt(WARMUP / 2)} s of warm-up.
- "Server CPU ms per request" is the server's CPU (all its threads) over the measured window divided by
  the requests (logins, verifies) it completed. It moves much less than req/s when something else runs
  on the machine (though it does rise), so it is the better number to compare between runs.
- Targets are reported, never asserted: the test suite contains no timing assertions.
`;
}

/**
 * What limits the authorization-server rows. Rates and per-request CPU come from this run; the statement
 * counts, WAL pages, profile shares and A/B figures were measured on this machine when these scenarios
 * were added (November 2026) and are stated as such: rerun those measurements when the code changes.
 */
function boundsSection() {
  const row = (id) => rows.find((r) => r.id === id);
  const cpuMs = (id) => {
    const r = row(id);
    return r?.cpu && r.reqPerSec ? `${fmt((1000 * r.cpu.server) / r.reqPerSec, 2)} ms` : '— ms';
  };
  const rate = (id) => (row(id) ? fmt(row(id).reqPerSec) : '—');
  return `## What bounds the authorization-server numbers

Refresh, introspection and client credentials each keep the server's one JavaScript thread busy (server
CPU a little over one core: the main thread plus libuv's pool), at 4 connections as at 50, so each rate
is one core divided by the CPU one request costs, not a wait for a lock; the "server CPU ms per request"
column is the steadier measure on this shared machine. An authorization-server request reads the client
(app and scope grants), the presented token, its grant and the user outside any transaction, on the hot
read path, and begins its one transaction at its first write; the LogEvents of the request are appended
to it in one call before the commit. **Refresh** (${rate('refresh:sqlite')}/s, ${cpuMs('refresh:sqlite')} of server CPU each on SQLite)
consumes the old refresh token (a conditional update only one concurrent request can win), inserts the
new access and refresh tokens and three LogEvents (access, refresh and ID token granted, as Okta logs
them) and commits. Profiles of CPU time on every thread (\`perf\`, not the wall-clock samples of
\`--profile\`, which on a busy machine charge a native call with the time the thread waited for a core)
put SQLite at about a quarter of a refresh, oidc-provider and Koa at a tenth, garbage collection at a
tenth and the RS256 id_token signature at a tenth, on libuv's pool (so beside the main thread, not in its
budget). Most of SQLite's share is the commit: the WAL rewrites every page a transaction touched, whole
(8 KiB, two \`pwrite\`s each), and a refresh touches about 45 of them, about 12 for its token rows
(\`oauth_artifacts\`' table, primary key and four indexes, under random digest keys, and the consumed
token's row) and about 33 for its three LogEvents (\`log_events\` and its eight indexes, the targets and
their index, the FTS5 keyword index and the sequence row). Measured alone, in one process, the three
LogEvents' part of the transaction (their rows, keyword tokens, four statements and share of the commit)
costs about 0.75 ms of CPU and the token rows about 0.1 ms: the System Log's write volume is the largest
single cost of a refresh, and what a much higher rate would have to change. Committing several
requests' transactions together would write the pages they share once (replaying refresh transactions,
4 per commit wrote 20 pages per refresh instead of 45, 16 per commit 9) but saved only 0.1 to 0.2 ms of
CPU per refresh, since each index insert still costs its B-tree work. The keyword tokens of an event are
hashed directly; a memo of recent words, a Map of up to 100,000 entries, cost more in the server than the
hashing it saved (src/core/log-keywords.ts). Client secrets cost no hashing per request: the sealed
secret is opened once and oidc-provider compares in constant time (docs/oauth.md). **Introspection** (${rate('introspect:sqlite')}/s, ${cpuMs('introspect:sqlite')})
writes nothing and runs outside transactions; its reads (client, token, grant, user) are served from the
hot-read memory, so nearly all of it is HTTP, oidc-provider and Koa. Keyflow's own part was trimmed where
profiles found it: oidc-provider's check that the token is not a JWT no longer throws and catches an
exception for every opaque token (src/oauth/opaque-token-check.ts), and oidc-provider's Client is
remembered per client-metadata object instead of being looked up by a SHA-256 of the metadata's JSON on
every request (src/oauth/client-memo.ts; with one digest per presented token and no copies of the stored
payload, about 5% fewer instructions per introspection under callgrind). **Client credentials** (${rate('client-credentials:sqlite')}/s, ${cpuMs('client-credentials:sqlite')}) verifies the RS256 assertion,
writes a replay-detection row for its \`jti\`, the token and one LogEvent; SQLite is about a quarter of its CPU
here too, and the commit's \`pwrite\`s alone a tenth. **Bearer GET**
(${rate('get-user-bearer:sqlite')}/s, ${cpuMs('get-user-bearer:sqlite')}) reads twice where SSWS reads once (the token with its user, roles and app in
one join, then the user asked for); like the SSWS row, most of its time is HTTP. The SSWS GET measured
again after the authorization-server scenarios is slower than before them (${rate('get-user:sqlite')}/s before,
${rate('get-user-again:sqlite')}/s after in this run, ${cpuMs('get-user:sqlite')} → ${cpuMs('get-user-again:sqlite')} per request). Profiles
showed one certain cause: oidc-provider enables its \`AsyncLocalStorage\` with its first request and never
disables it, and on Node 20 that puts async hooks on every promise of the process (~7 µs of a GET). Keyflow
now disables it whenever no request is inside oidc-provider (src/oauth/provider-context.ts), and the hook
functions are gone from profiles of the later GETs; any difference that remains is not that, and is within
this machine's run-to-run noise or due to the larger database and heap after the OAuth scenarios. **Sign-in** (${rate('sign-in:sqlite')} logins/s,
${cpuMs('sign-in:sqlite')} of server CPU per login, on both cores) is mostly argon2id: one verify with
m=${fmt(ARGON2_PARAMS.memoryCost)} KiB, t=${ARGON2_PARAMS.timeCost}, p=${ARGON2_PARAMS.parallelism} takes about 9.4 ms of a core alone and ${cpuMs('argon2-verify')} of CPU each when
${process.env.UV_THREADPOOL_SIZE ?? 4} run at once on this ${cpus().length}-core machine (the verifies-alone row, ${rate('argon2-verify')}/s, is the ceiling); the rest of a
login is its other requests, the session, the interaction, the grant and the code, on the main thread.
On PostgreSQL every statement is a round trip to a server that shares the same cores, which is what
the PostgreSQL rows (and their PostgreSQL CPU column) show.`;
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
await argon2Scenario();
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
if (PROFILE_DIR) log(`CPU profiles of the measured windows in ${PROFILE_DIR} (summarise with node bench/profile-summary.mjs <file>): ${profiles.map((f) => f.slice(PROFILE_DIR.length + 1)).join(', ')}`);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
