// The server under test, in its own process so that it never shares an event loop (or, on a 2-core
// machine, a core) with the load generator. Forked by bench/run.mjs; talks to it over IPC:
//
//   child → parent  { type: 'ready', port, ... }        once listening
//   parent → child  { type: 'verify', loginPrefix }      → { type: 'verified', ... } (keyflow only)
//   parent → child  { type: 'count-events', eventTypes } → { type: 'counted', counts: { [eventType]: n } } (keyflow only)
//   parent → child  { type: 'profile-start' }            → { type: 'profiling' }   CPU profile of this process
//   parent → child  { type: 'profile-stop', file }       → { type: 'profiled' }    written to `file` (.cpuprofile)
//   parent → child  { type: 'stop' }                     → closes and exits 0 (so --cpu-prof is written)
//
// BENCH_SERVER=baseline        bare Fastify 5 hello world: GET / → {"hello":"world"}
// BENCH_SERVER=reference-user  bare Fastify 5: GET / → the fixed body in BENCH_BODY (a real Keyflow
//                              `GET /api/v1/users/{id}` response the parent fetched), sent as-is with the
//                              content type in BENCH_BODY_TYPE: the cost of the response size, without Keyflow
// BENCH_SERVER=keyflow         dist/app.js with the KEYFLOW_* environment the parent passes (SQLite or PostgreSQL)

import { startProfile, stopProfile } from './profiler.mjs';
import { createServer } from 'node:net';
import { sql } from 'kysely';

const kind = process.env.BENCH_SERVER;
const HOST = '127.0.0.1';

function send(message) {
  process.send?.(message);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      srv.close(() => resolve(address.port));
    });
  });
}

async function startBaseline() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: HOST });
  return { port: app.server.address().port, close: () => app.close(), info: {} };
}

async function startReference() {
  const body = process.env.BENCH_BODY;
  const type = process.env.BENCH_BODY_TYPE || 'application/json; charset=utf-8';
  if (!body) throw new Error('BENCH_SERVER=reference-user needs BENCH_BODY');
  JSON.parse(body); // must be the JSON document Keyflow sent, byte for byte
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  // A string payload with the content type set is written as it is: no serialisation per request.
  app.get('/', async (_request, reply) => reply.type(type).send(body));
  await app.listen({ port: 0, host: HOST });
  return { port: app.server.address().port, close: () => app.close(), info: { bodyBytes: Buffer.byteLength(body) } };
}

/**
 * Counts, inside the server's own store, how many `user.lifecycle.create` events target each user whose
 * login starts with `loginPrefix` (the histogram should be `{ "1": <users> }`), and how many such events
 * target a user that does not exist.
 */
async function verify(store, loginPrefix) {
  const db = store.db;
  const like = `${loginPrefix}%`;
  const perUser = await sql`
    select n, count(*) as users from (
      select u.id,
        (select count(*) from log_event_targets t join log_events e on e.seq = t.seq
          where t.target_id = u.id and e.event_type = 'user.lifecycle.create') as n
      from users u where u.login like ${like}
    ) x group by n order by n`.execute(db);
  const orphans = await sql`
    select count(*) as n from log_events e join log_event_targets t on t.seq = e.seq and t.target_type = 'User'
    where e.event_type = 'user.lifecycle.create' and not exists (select 1 from users u where u.id = t.target_id)`.execute(db);
  const histogram = {};
  let users = 0;
  for (const row of perUser.rows) {
    histogram[String(Number(row.n))] = Number(row.users);
    users += Number(row.users);
  }
  return {
    users,
    histogram,
    orphanEvents: Number(orphans.rows[0].n),
    totalUsers: await store.users.count(),
    totalLogEvents: await store.logEvents.count(),
  };
}

/** How many LogEvents of each type the store holds (the OAuth scenarios compare counts before and after). */
async function countEvents(store, eventTypes) {
  const counts = {};
  for (const type of eventTypes) {
    const { rows } = await sql`select count(*) as n from log_events where event_type = ${type}`.execute(store.db);
    counts[type] = Number(rows[0].n);
  }
  return counts;
}

async function startKeyflow() {
  const { createApp } = await import('../dist/app.js');
  const { loadConfig } = await import('../dist/config/load-config.js');
  const port = await freePort();
  const config = loadConfig({ ...process.env, KEYFLOW_PORT: String(port), KEYFLOW_HOST: HOST, KEYFLOW_ORG_URL: `http://${HOST}:${port}` });
  const app = await createApp(config);
  const setup = await app.services.setup.run({ apiToken: config.apiToken, demo: false });
  await app.api.listen({ port, host: HOST });
  let dbVersion = null;
  try {
    const q = app.store.dialect === 'postgres' ? sql`select version() as v` : sql`select 'SQLite ' || sqlite_version() as v`;
    dbVersion = String((await q.execute(app.store.db)).rows[0].v);
  } catch {
    // informational only
  }
  return {
    port,
    close: () => app.close(),
    info: { dialect: app.store.dialect, adminId: setup.admin.id, dbVersion },
    verify: (prefix) => verify(app.store, prefix),
    countEvents: (eventTypes) => countEvents(app.store, eventTypes),
  };
}

const starters = { baseline: startBaseline, 'reference-user': startReference, keyflow: startKeyflow };
const server = Object.hasOwn(starters, kind) ? await starters[kind]() : null;
if (!server) {
  console.error(`bench/server.mjs: BENCH_SERVER must be one of ${Object.keys(starters).join(', ')}, not ${kind}`);
  process.exit(2);
}

process.on('message', async (message) => {
  try {
    if (message.type === 'verify') {
      send({ type: 'verified', result: await server.verify(message.loginPrefix) });
    } else if (message.type === 'count-events') {
      send({ type: 'counted', counts: await server.countEvents(message.eventTypes) });
    } else if (message.type === 'profile-start') {
      await startProfile();
      send({ type: 'profiling' });
    } else if (message.type === 'profile-stop') {
      await stopProfile(message.file);
      send({ type: 'profiled' });
    } else if (message.type === 'stop') {
      await server.close();
      process.exit(0);
    }
  } catch (error) {
    send({ type: 'error', message: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));

send({ type: 'ready', port: server.port, pid: process.pid, ...server.info });
