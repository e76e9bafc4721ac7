// System Log at scale: `npm run bench:logs` (builds first). For each store (SQLite file, then PostgreSQL
// when reachable) it seeds N realistic events with the generator behind `keyflow logs seed`, measures
// bulk ingest and the on-disk size, then serves the org on that database and measures, through
// `GET /api/v1/logs` over HTTP, one request at a time:
//   - the p50/p95 of the issue's searches (24-hour window, limit 100, a different day and value each run);
//   - how long a new event takes to reach a polling client (a client that follows `next` and waits
//     20 ms after an empty page) and an event-hook receiver.
// Nothing asserts on time: targets are reported met or missed. Rewrites docs/benchmarks-system-log.md.
//
// Options: --events <n> (default 5,000,000), or per store: --events sqlite=5000000,postgres=1000000
//          --runs <n> per search (default 40)  --store sqlite|postgres
//          --no-write (print the report)  --keep (keep the databases; prints where they are)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/load-config.js';
import { logEventGenerator } from '../dist/core/log-seed/log-event-generator.js';
import { seedLog } from '../dist/services/log-seed.js';
import { threadedLogRows } from '../dist/platform/log-seed-threads.js';
import { databaseBytes } from '../dist/store/database-size.js';
import { openStore } from '../dist/store/open-store.js';
import { createPgDatabase } from './pg-database.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '5000000' },
    runs: { type: 'string', default: '40' },
    store: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
/** Events to seed per store: one number for both, or `sqlite=<n>,postgres=<n>`. */
const EVENTS_BY_STORE = Object.fromEntries(
  opts.events.includes('=') ? opts.events.split(',').map((kv) => { const [k, v] = kv.split('='); return [k.trim(), Number(v)]; }) : [['sqlite', Number(opts.events)], ['postgres', Number(opts.events)]],
);
let EVENTS = 0;
const RUNS = Number(opts.runs);
const DAYS = 30;
/** Events per transaction: `keyflow logs seed`'s default. */
const BATCH = 50_000;
const TOKEN = '00BENCHlogs'.padEnd(42, '0');
const log = (...args) => console.error('[bench:logs]', ...args);
const DAY_MS = 24 * 3600 * 1000;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

const pick = (list, i) => list[i % list.length];

/** `keyflow logs seed`'s own path (services/log-seed.ts, rows made on a worker thread), with progress every 10 s. */
async function seed(store, now) {
  const input = { seed: 'bench', now, days: DAYS, events: EVENTS };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let lastReport = started;
  const done = await seedLog({ store, clock: { now: () => new Date() }, rows: threadedLogRows(input) }, { ...input, batch: BATCH }, (written) => {
    if (performance.now() - lastReport < 10_000) return;
    lastReport = performance.now();
    log(`  ${written.toLocaleString('en-US')} events, ${Math.round(written / ((lastReport - started) / 1000)).toLocaleString('en-US')}/s`);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // This process's CPU per event (the server's share on PostgreSQL is not in it): steadier than the rate
  // on a shared machine.
  const cpuMicros = (cpu.user + cpu.system) / done;
  // The same seed and options give the same org: its people are what the searches look for.
  return { population: logEventGenerator(input).population, seconds, perSecond: done / seconds, cpuMicros };
}

/** A few real values from the log itself, so every search has something to find. */
async function sampleValues(store) {
  const every = Math.max(1, Math.floor(EVENTS / 500));
  const { rows } = await sql`select data from log_events where seq % ${every} = 0 limit 200`.execute(store.db);
  const events = rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data));
  // Each with its time, so the search window can be put where the event is.
  return { requests: events.filter((e) => typeof e.debugContext?.debugData?.requestId === 'string').map((e) => ({ id: e.debugContext.debugData.requestId, published: e.published })) };
}

function searches(population, samples) {
  const users = population.users;
  return [
    { id: 'eventType', text: '`eventType eq "user.session.start"` (and 3 other types)', target: 50, params: (i) => ({ filter: `eventType eq "${pick(['user.session.start', 'user.authentication.sso', 'group.user_membership.add', 'app.oauth2.token.grant.access_token'], i)}"` }) },
    { id: 'actor', text: '`actor.id eq "<a person>"`', target: 50, params: (i) => ({ filter: `actor.id eq "${pick(users, i * 7919).id}"` }) },
    { id: 'target', text: '`target.id eq "<a person>"`', target: 50, params: (i) => ({ filter: `target.id eq "${pick(users, i * 104729).id}"` }) },
    { id: 'azuqua', text: '`client.userAgent.rawUserAgent eq "Azuqua"`', target: 50, params: () => ({ filter: 'client.userAgent.rawUserAgent eq "Azuqua"' }) },
    { id: 'failures', text: '`outcome.result eq "FAILURE" and eventType sw "user.session"`', target: 50, params: () => ({ filter: 'outcome.result eq "FAILURE" and eventType sw "user.session"' }) },
    { id: 'q', text: '`q=<a person\'s login>` (one keyword)', target: 200, params: (i) => ({ q: pick(users, i * 31).login }) },
    { id: 'q-common', text: '`q=Chrome` (one keyword found in many events)', target: null, params: () => ({ q: 'Chrome' }) },
    { id: 'debugData', text: '`debugContext.debugData.requestId eq "<a request id>"` (a 24-hour window holding it)', target: 1000, around: (i) => pick(samples.requests, i).published, params: (i) => ({ filter: `debugContext.debugData.requestId eq "${pick(samples.requests, i).id}"` }) },
    { id: 'debugData-7d', text: 'the same over 7 days holding it', target: null, window: 7, around: (i) => pick(samples.requests, i + 1).published, params: (i) => ({ filter: `debugContext.debugData.requestId eq "${pick(samples.requests, i + 1).id}"` }) },
  ];
}

async function timeSearches(url, list, now) {
  const results = [];
  for (const search of list) {
    const samples = [];
    let found = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      // A different day each run, anywhere in the seeded month (or around the event looked for).
      const until = search.around
        ? new Date(Date.parse(search.around(i)) + ((search.window ?? 1) * DAY_MS) / 2)
        : new Date(now.getTime() - (i % (DAYS - (search.window ?? 1))) * DAY_MS);
      const since = new Date(until.getTime() - (search.window ?? 1) * DAY_MS);
      const query = new URLSearchParams({ since: since.toISOString(), until: until.toISOString(), limit: '100', ...search.params(i) });
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/logs?${query}`, { headers: { authorization: `SSWS ${TOKEN}`, accept: 'application/json' } });
      const body = await res.json();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${search.id}: ${res.status} ${JSON.stringify(body)}`);
      if (i >= 3) {
        samples.push(ms); // the first three warm the caches
        found += body.length;
      }
    }
    results.push({ ...search, ...stats(samples), meanFound: found / RUNS });
    log(`  ${search.id}: p50 ${stats(samples).p50.toFixed(1)} ms, p95 ${stats(samples).p95.toFixed(1)} ms, ${(found / RUNS).toFixed(0)} events per page`);
  }
  return results;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function createGroup(url, name) {
  const res = await fetch(`${url}/api/v1/groups`, { method: 'POST', headers: { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ profile: { name } }) });
  if (res.status !== 200) throw new Error(`create group: ${res.status}`);
  return { id: (await res.json()).id, committedAt: performance.now() };
}

/** A polling client like the SDK's subscribe(), waiting 20 ms after an empty page. */
async function pollingLatency(url, n) {
  const seen = new Map();
  let stop = false;
  const poller = (async () => {
    let next = `${url}/api/v1/logs?filter=${encodeURIComponent('eventType eq "group.lifecycle.create"')}&since=${new Date().toISOString()}`;
    while (!stop) {
      const res = await fetch(next, { headers: { authorization: `SSWS ${TOKEN}`, accept: 'application/json' } });
      const events = await res.json();
      const at = performance.now();
      for (const e of events) seen.set(e.target[0].id, at);
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link'))[1];
      if (events.length === 0) await sleep(20);
    }
  })();
  const latencies = [];
  for (let i = 0; i < n; i++) {
    await sleep(30 + (i % 7) * 10);
    const { id, committedAt } = await createGroup(url, `poll-${i}-${Date.now()}`);
    while (!seen.has(id)) await sleep(1);
    latencies.push(Math.max(0, seen.get(id) - committedAt));
  }
  stop = true;
  await poller;
  return stats(latencies);
}

/** An event hook on group.lifecycle.create to a receiver on loopback. */
async function hookLatency(url, n) {
  const arrived = new Map();
  const receiver = createServer((req, res) => {
    const challenge = req.headers['x-okta-verification-challenge'];
    if (challenge) return res.setHeader('content-type', 'application/json').end(JSON.stringify({ verification: challenge }));
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const at = performance.now();
      for (const e of JSON.parse(body).data.events) for (const t of e.target) arrived.set(t.id, at);
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const headers = { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' };
  try {
    const created = await fetch(`${url}/api/v1/eventHooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'bench',
        events: { type: 'EVENT_TYPE', items: ['group.lifecycle.create'] },
        channel: { type: 'HTTP', version: '1.0.0', config: { uri: `http://127.0.0.1:${receiver.address().port}/hook`, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: 'bench-secret' } } },
      }),
    });
    if (created.status !== 200) return { error: `create hook: ${created.status} ${await created.text()}` };
    const hook = await created.json();
    const verified = await fetch(`${url}/api/v1/eventHooks/${hook.id}/lifecycle/verify`, { method: 'POST', headers });
    if (verified.status !== 200) return { error: `verify hook: ${verified.status} ${await verified.text()}` };
    const latencies = [];
    for (let i = 0; i < n; i++) {
      await sleep(30 + (i % 7) * 10);
      const { id, committedAt } = await createGroup(url, `hook-${i}-${Date.now()}`);
      const deadline = performance.now() + 10_000;
      while (!arrived.has(id) && performance.now() < deadline) await sleep(1);
      if (!arrived.has(id)) return { error: 'a delivery did not arrive within 10 s' };
      latencies.push(Math.max(0, arrived.get(id) - committedAt));
    }
    return stats(latencies);
  } finally {
    receiver.close();
  }
}

async function benchStore(kind) {
  EVENTS = EVENTS_BY_STORE[kind] ?? 0;
  const now = new Date();
  let file = null;
  let database = null;
  let dir = null;
  if (kind === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'keyflow-bench-logs-'));
    file = join(dir, 'keyflow.db');
  } else {
    database = await createPgDatabase();
    if (!database) return { kind, skipped: 'PostgreSQL unreachable' };
  }
  const where = file ? { sqliteFile: file } : { databaseUrl: database.url };
  // Seeded like `keyflow logs seed` (a store opened for bulk loading), then served by a store opened as
  // the server opens it, so the searches run with the server's page cache.
  const loader = await openStore({ ...where, bulkLoad: true });
  let seeded;
  let bytes;
  try {
    const sizeBefore = await databaseBytes(loader);
    log(`${kind}: seeding ${EVENTS.toLocaleString('en-US')} events over ${DAYS} days, ${BATCH} per transaction`);
    seeded = await seed(loader, now);
    bytes = (await databaseBytes(loader)) - sizeBefore;
  } finally {
    await loader.close();
  }
  const store = await openStore(where);
  try {
    log(`${kind}: ${Math.round(seeded.perSecond).toLocaleString('en-US')} events/s, ${Math.round(seeded.cpuMicros)} µs CPU per event, ${(bytes / EVENTS).toFixed(0)} bytes per event on disk`);
    if (kind === 'postgres') await sql`analyze`.execute(store.db);
    else await sql`analyze`.execute(store.db);
    const samples = await sampleValues(store);

    const config = loadConfig({ KEYFLOW_LOG_LEVEL: 'silent', KEYFLOW_DEMO: 'false', KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS: '127.0.0.1' });
    const app = await createApp(config, { store });
    await app.services.setup.run({ apiToken: TOKEN, demo: false });
    await app.api.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${app.api.server.address().port}`;
    try {
      log(`${kind}: searches (${RUNS} runs each)`);
      const results = await timeSearches(url, searches(seeded.population, samples), now);
      log(`${kind}: polling latency`);
      const polling = await pollingLatency(url, RUNS);
      log(`${kind}: event hook latency`);
      const hook = await hookLatency(url, RUNS);
      return { kind, events: EVENTS, seeded, bytes, results, polling, hook, dbVersion: await dbVersion(store) };
    } finally {
      await app.api.close();
    }
  } finally {
    await store.close();
    if (opts.keep) log(`${kind}: kept ${file ?? database.url}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
    else await database.drop();
  }
}

async function dbVersion(store) {
  const q = store.dialect === 'postgres' ? sql`select version() as v` : sql`select 'SQLite ' || sqlite_version() as v`;
  return String((await q.execute(store.db)).rows[0].v).replace(/ on .*$/, '');
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

/**
 * The document: a header, then one section per store, each with its own "Measured" line. Sections of
 * stores not run this time (`--store`) are `kept` as they were in the existing file, so re-measuring one
 * store does not cost (or lose) the other's run.
 */
function report(runs, kept = new Map()) {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  const measured = `Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${cpus()[0].model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, commit ${commit}.`;
  const lines = [
    '# System Log benchmarks',
    '',
    '<!-- Generated by `npm run bench:logs` (bench/logs.mjs); do not edit by hand — rerun it. -->',
    '',
    `Events from the \`keyflow logs seed\` generator (seed "bench"), spread over ${DAYS} days, appended ${fmt(BATCH)} per transaction.`,
    'Searches are `GET /api/v1/logs` over HTTP, one at a time, bounded (`since`/`until` of 24 hours, a different day of the month each run), `limit=100`; the first three runs of each are discarded.',
    'Each store\'s section says when and where it was measured (`--store` re-measures one and keeps the other\'s).',
    '',
  ];
  const sections = new Map(kept);
  for (const r of runs) sections.set(r.kind, sectionOf(r, measured));
  for (const kind of ['sqlite', 'postgres']) if (sections.has(kind)) lines.push(sections.get(kind));
  return lines.join('\n');
}

/** The sections of an existing document, by store (`## sqlite …` up to the next `## `). A section
 *  from before sections had their own "Measured" line is given the document's. */
function sectionsIn(text) {
  const [preamble, ...parts] = text.split(/^(?=## )/m);
  const documentMeasured = /^Measured .*$/m.exec(preamble)?.[0];
  const found = new Map();
  for (const part of parts) {
    const kind = /^## (\w+)/.exec(part)?.[1];
    if (!kind) continue;
    let section = part.replace(/\n+$/, '\n');
    if (!/^Measured /m.test(section) && documentMeasured) section = section.replace(/^(## .*\n\n)/, `$1${documentMeasured}\n\n`);
    found.set(kind, section);
  }
  return found;
}

function sectionOf(r, measured) {
  const lines = [];
  if (r.skipped) {
    lines.push(`## ${r.kind}`, '', measured, '', `Skipped: ${r.skipped}.`, '');
    return lines.join('\n');
  }
  lines.push(`## ${r.kind} (${r.dbVersion}), ${fmt(r.events)} events`, '', measured, '');
  lines.push(`Bulk ingest: **${fmt(r.seeded.perSecond)} events/s** (${fmt(r.seeded.seconds, 1)} s, ${fmt(r.seeded.cpuMicros)} µs of CPU per event in the seeding process; target ≥ 30,000/s on SQLite: ${r.kind === 'sqlite' ? (r.seeded.perSecond >= 30000 ? 'met' : '**missed**') : 'n/a'}). On disk: ${fmt(r.bytes / 2 ** 20)} MiB, **${fmt(r.bytes / r.events)} bytes per event** (the database's growth: events, targets and every index).`, '');
  lines.push('| search | runs | p50 ms | p95 ms | max ms | events per page (mean) | target p95 | met? |', '|---|---:|---:|---:|---:|---:|---|---|');
  for (const s of r.results) {
    const met = s.target === null ? '—' : s.p95 <= s.target ? 'yes' : '**no**';
    lines.push(`| ${s.text} | ${s.n} | ${fmt(s.p50, 1)} | ${fmt(s.p95, 1)} | ${fmt(s.max, 1)} | ${fmt(s.meanFound)} | ${s.target === null ? '—' : `≤ ${fmt(s.target)} ms`} | ${met} |`);
  }
  lines.push('');
  const latency = (name, l, target) => (l.error ? `| ${name} | — | — | — | ${target} | not measured: ${l.error} |` : `| ${name} | ${fmt(l.p50, 1)} | ${fmt(l.p95, 1)} | ${fmt(l.max, 1)} | ${target} | ${l.p95 <= Number(target.replace(/\D/g, '')) ? 'yes' : '**no**'} |`);
  lines.push('| a new event reaches … | p50 ms | p95 ms | max ms | target p95 | met? |', '|---|---:|---:|---:|---|---|');
  lines.push(latency('a polling client (next link, 20 ms wait after an empty page)', r.polling, '≤ 100 ms'));
  lines.push(latency('an event-hook receiver on loopback', r.hook, '≤ 250 ms'));
  lines.push('');
  return lines.join('\n');
}

const kinds = opts.store ? [opts.store] : ['sqlite', 'postgres'];
const runs = [];
for (const kind of kinds) runs.push(await benchStore(kind));
const DOC = join(ROOT, 'docs', 'benchmarks-system-log.md');
const kept = opts.store && existsSync(DOC) ? new Map([...sectionsIn(readFileSync(DOC, 'utf8'))].filter(([kind]) => !kinds.includes(kind))) : new Map();
const text = report(runs, kept);
if (opts['no-write']) process.stdout.write(`${text}\n`);
else {
  writeFileSync(DOC, `${text}\n`);
  log('wrote docs/benchmarks-system-log.md');
}
