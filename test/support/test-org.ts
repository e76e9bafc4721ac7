import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { pgTestDatabase, pgUnreachable } from './pg.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface TestOrg {
  kind: StoreKind;
  app: App;
  /** Base URL of the running server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** A Super Admin's SSWS token value. */
  token: string;
  adminId: string;
  close(): Promise<void>;
}

/** The Super Admin's password (admin@example.com), for tests that sign in on the hosted page. */
export const ADMIN_PASSWORD = 'Adm1n-Passw0rd';

/** Every test org seals its secrets with this key (a second process on the same database needs it). */
export const TEST_SECRET_KEY = '6b6579666c6f772d746573742d7365637265742d6b65792d3332627974657321';

/** A fixed, valid token value so that test failures are easy to reproduce by hand. */
export const ADMIN_TOKEN = '00TESTtoken0000000000000000000000000000000';

/**
 * Starts a real Keyflow server on an ephemeral port over a fresh database of the given kind: a temp
 * SQLite file, or a new PostgreSQL database dropped on close.
 */
export async function startTestOrg(kind: StoreKind, env: Record<string, string> = {}, overrides: Parameters<typeof createApp>[1] = {}): Promise<TestOrg> {
  return startOrg(kind, env, undefined, overrides);
}

/**
 * A second Keyflow process (an independent app: its own store connections, providers, caches) serving
 * the same PostgreSQL database as `first`, for checks that must hold "in one process or many".
 */
export async function startSecondProcess(first: TestOrg, env: Record<string, string> = {}, overrides: Parameters<typeof createApp>[1] = {}): Promise<TestOrg> {
  if (first.kind !== 'postgres') throw new Error('several processes share PostgreSQL only (SQLite is single-process)');
  // Behind one public URL, as processes behind a load balancer are.
  return startOrg('postgres', { ...env, KEYFLOW_ORG_URL: first.url }, first.app.config.databaseUrl!, overrides);
}

async function startOrg(kind: StoreKind, env: Record<string, string>, sharedDatabaseUrl: string | undefined, overrides: Parameters<typeof createApp>[1] = {}): Promise<TestOrg> {
  let dataDir: string | undefined;
  let pg: Awaited<ReturnType<typeof pgTestDatabase>> = null;
  const base: Record<string, string> = { KEYFLOW_LOG_LEVEL: 'warn', KEYFLOW_DEMO: 'false', KEYFLOW_API_TOKEN: ADMIN_TOKEN, KEYFLOW_SECRET_KEY: TEST_SECRET_KEY, ...env };
  if (kind === 'sqlite') {
    dataDir = mkdtempSync(join(tmpdir(), 'keyflow-test-'));
    base.KEYFLOW_DATA_DIR = dataDir;
  } else if (sharedDatabaseUrl) {
    base.KEYFLOW_DATABASE_URL = sharedDatabaseUrl;
  } else {
    pg = await pgTestDatabase();
    if (!pg) throw new Error('PostgreSQL is not reachable');
    base.KEYFLOW_DATABASE_URL = pg.url;
  }
  // The org URL must name the port, which is known only after listen: listen first, then rebuild config.
  const port = await freePort();
  const config = loadConfig({ ...base, KEYFLOW_PORT: String(port), KEYFLOW_ORG_URL: base.KEYFLOW_ORG_URL ?? `http://127.0.0.1:${port}` });
  const app = await createApp(config, overrides);
  const setup = await app.services.setup.run({ apiToken: ADMIN_TOKEN, demo: false, adminPassword: ADMIN_PASSWORD });
  await app.api.listen({ port, host: '127.0.0.1' });
  const org: TestOrg = {
    kind,
    app,
    url: `http://127.0.0.1:${port}`,
    token: ADMIN_TOKEN,
    adminId: setup.admin.id,
    close: async () => {
      // The app of the last restart, if any.
      await org.app.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (pg) await pg.drop();
    },
  };
  return org;
}

/**
 * Stops the org's server and starts a new one (a new process, as far as Keyflow can tell) on the same
 * database, port and configuration. `whileStopped` runs in between, e.g. to write to the database as
 * another process would.
 */
export async function restartTestOrg(org: TestOrg, whileStopped?: () => Promise<void>): Promise<void> {
  await org.app.close();
  await whileStopped?.();
  org.app = await createApp(org.app.config);
  await org.app.api.listen({ port: Number(new URL(org.url).port), host: '127.0.0.1' });
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A thin fetch wrapper for hand-made requests (the SDK tests use @okta/okta-sdk-nodejs instead). */
export async function call(
  org: Pick<TestOrg, 'url' | 'token'>,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = opts.token === undefined ? org.token : opts.token;
  if (token !== null) headers.Authorization = `SSWS ${token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  if (body === undefined && (method === 'POST' || method === 'PUT')) headers['Content-Length'] = '0';
  const res = await fetch(`${org.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Store kinds to run e2e suites on: SQLite always; PostgreSQL when reachable (always in CI). */
export async function storeKinds(): Promise<StoreKind[]> {
  const reason = await pgUnreachable();
  if (reason === null) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error(`${reason}. CI must run the e2e suites on PostgreSQL.`);
  console.warn(`e2e suites run on SQLite only: ${reason}`);
  return ['sqlite'];
}

/** Every page of a list answered by `call` (SSWS), following `Link: <…>; rel="next"`. */
export async function callAll(org: Pick<TestOrg, 'url' | 'token'>, path: string): Promise<any[]> {
  const all: any[] = [];
  let next: string | undefined = `${org.url}${path}`;
  while (next) {
    const res = await call(org, 'GET', next.slice(org.url.length));
    if (res.status !== 200) throw new Error(`GET ${next}: ${res.status} ${res.text}`);
    all.push(...res.body);
    next = /<([^>]+)>\s*;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return all;
}
