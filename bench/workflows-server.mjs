// The Keyflow server of bench/workflows.mjs, in its own process (forked; the bare-Fastify baseline is
// bench/server.mjs's). Like bench/server.mjs's keyflow server — dist/app.js with the KEYFLOW_* environment
// the parent passes — except that setup gives the Super Admin the password in KEYFLOW_ADMIN_PASSWORD (as
// `keyflow serve` does), so that the bench can sign in on the hosted page and consent to a Workflows
// connection. Talks to the parent over IPC:
//
//   child → parent  { type: 'ready', port, pid, ... }              once listening
//   parent → child  { type: 'workflow-state', flowIds }            → { type: 'state', ... } counts read in the
//                   store: executions per status of those flows, and each event hook's delivery cursor
//                   against the System Log's high-water mark (cheap enough to poll while a backlog drains)
//   parent → child  { type: 'profile-start' }                      → { type: 'profiling' }  CPU profile of this process
//   parent → child  { type: 'profile-stop', file }                 → { type: 'profiled' }   written to `file` (.cpuprofile)
//   parent → child  { type: 'stop' }                               → closes and exits 0

import { startProfile, stopProfile } from './profiler.mjs';
import { createServer } from 'node:net';
import { sql } from 'kysely';

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

/** Executions per status of `flowIds`, and where each event hook's delivery stands. */
async function workflowState(store, flowIds) {
  const statuses = {};
  if (flowIds.length > 0) {
    const { rows } = await sql`select status, count(*) as n from workflow_executions where flow_id in (${sql.join(flowIds)}) group by status`.execute(store.db);
    for (const row of rows) statuses[row.status] = Number(row.n);
  }
  const hooks = await sql`select name, status, delivered_seq, consecutive_failures, last_error_status, last_error_message from event_hooks`.execute(store.db);
  return {
    statuses,
    highWater: await store.logEvents.highWater(),
    hooks: hooks.rows.map((h) => ({
      name: h.name,
      status: h.status,
      deliveredSeq: Number(h.delivered_seq),
      consecutiveFailures: Number(h.consecutive_failures),
      lastError: h.last_error_status === null && h.last_error_message === null ? null : `${h.last_error_status ?? ''} ${h.last_error_message ?? ''}`.trim(),
    })),
  };
}

async function start() {
  const { createApp } = await import('../dist/app.js');
  const { loadConfig } = await import('../dist/config/load-config.js');
  const port = await freePort();
  const config = loadConfig({ ...process.env, KEYFLOW_PORT: String(port), KEYFLOW_HOST: HOST, KEYFLOW_ORG_URL: `http://${HOST}:${port}` });
  const app = await createApp(config);
  const setup = await app.services.setup.run({
    apiToken: config.apiToken,
    demo: false,
    ...(config.adminLogin ? { adminLogin: config.adminLogin } : {}),
    ...(config.adminPassword ? { adminPassword: config.adminPassword } : {}),
  });
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
    app,
    info: {
      dialect: app.store.dialect,
      adminId: setup.admin.id,
      adminLogin: setup.admin.login,
      dbVersion,
      workflowsConcurrency: config.workflowsConcurrency,
      workflowsPollMs: config.workflowsPollMs,
      eventHookPollMs: config.eventHookPollMs,
    },
  };
}

let server;
try {
  server = await start();
} catch (error) {
  send({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
}

process.on('message', async (message) => {
  try {
    if (message.type === 'workflow-state') {
      send({ type: 'state', ...(await workflowState(server.app.store, message.flowIds ?? [])) });
    } else if (message.type === 'profile-start') {
      await startProfile();
      send({ type: 'profiling' });
    } else if (message.type === 'profile-stop') {
      await stopProfile(message.file);
      send({ type: 'profiled' });
    } else if (message.type === 'stop') {
      await server.app.close();
      process.exit(0);
    }
  } catch (error) {
    send({ type: 'error', message: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));

send({ type: 'ready', port: server.port, pid: process.pid, ...server.info });
