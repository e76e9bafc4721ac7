import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import { buildApi } from './api/build-api.js';
import { consoleRoutes } from './api/routes/console.js';
import type { Config } from './config/config-schema.js';
import { addAuthorizationServers } from './oauth/authorization-servers.js';
import type { Clock } from './core/clock.js';
import type { IdFactory } from './core/ids.js';
import type { Store } from './core/ports/store.js';
import { fetchHttp } from './platform/fetch-http.js';
import { threadedLogRows } from './platform/log-seed-threads.js';
import { argon2Hasher, cryptoIds, sha256Digest, systemClock } from './platform/node-platform.js';
import { aesGcmSecretBox, loadOrCreateKeyFile, parseSecretKey } from './platform/secret-box.js';
import { EventHookDispatcher } from './services/event-hook-delivery.js';
import { createServices, type Services } from './services/services.js';
import { migrateToLatest } from './store/migrate.js';
import { openStore } from './store/open-store.js';
import type { SqlStore } from './store/sql-store.js';
import { databaseBytes } from './store/database-size.js';
import { seedLog, type SeedLogInput } from './services/log-seed.js';
import { allNotifiers, serverLogNotifier, webhookNotifier } from './workflows/connection-notifier.js';
import { ConnectionRuntime } from './workflows/connection-runtime.js';
import { connectionRoutes } from './workflows/routes/connection-routes.js';
import { flowRoutes } from './workflows/routes/flow-routes.js';
import { WorkflowEngine } from './workflows/engine.js';
import { EventTriggers } from './workflows/event-triggers.js';
import { Scheduler } from './workflows/scheduler.js';
import { CARDS } from './core/workflows/card-registry.js';
import { hostname } from 'node:os';

export interface App {
  config: Readonly<Config>;
  store: Store;
  services: Services;
  /** The Workflows engine's Okta connections. */
  connections: ConnectionRuntime;
  engine: WorkflowEngine;
  scheduler: Scheduler;
  api: FastifyInstance;
  close(): Promise<void>;
}

/** How often System Log retention deletes events older than KEYFLOW_LOG_RETENTION_DAYS. */
const RETENTION_EVERY_MS = 3600_000;

/** Where SQLite lives when no PostgreSQL URL is configured. */
export function sqliteFileOf(config: Pick<Config, 'dataDir'>): string {
  return join(resolve(config.dataDir), 'keyflow.db');
}

export async function openConfiguredStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>, options: { bulkLoad?: boolean } = {}): Promise<SqlStore> {
  if (config.databaseUrl) return openStore({ databaseUrl: config.databaseUrl });
  mkdirSync(resolve(config.dataDir), { recursive: true, mode: 0o700 });
  const file = sqliteFileOf(config);
  // The database holds password and token hashes: create it private (SQLite gives its WAL the same mode).
  closeSync(openSync(file, 'a', 0o600));
  return openStore({ sqliteFile: file, bulkLoad: options.bulkLoad ?? false });
}

/** `keyflow migrate`: applies pending migrations and returns their names. */
export async function migrateConfiguredStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<string[]> {
  if (config.databaseUrl) return migrateToLatest({ databaseUrl: config.databaseUrl });
  mkdirSync(resolve(config.dataDir), { recursive: true, mode: 0o700 });
  return migrateToLatest({ sqliteFile: sqliteFileOf(config) });
}

export interface SeedLogResult {
  written: number;
  store: 'sqlite' | 'postgres';
  bytesBefore: number;
  bytesAfter: number;
}

/** `keyflow logs seed`: generated LogEvents written straight into the configured store, not over HTTP. */
export async function seedConfiguredLog(config: Pick<Config, 'databaseUrl' | 'dataDir'>, input: SeedLogInput, onBatch?: (written: number) => void): Promise<SeedLogResult> {
  const store = await openConfiguredStore(config, { bulkLoad: true });
  try {
    const bytesBefore = await databaseBytes(store);
    const written = await seedLog({ store, clock: systemClock, rows: threadedLogRows(input) }, input, onBatch);
    return { written, store: store.dialect, bytesBefore, bytesAfter: await databaseBytes(store) };
  } finally {
    await store.close();
  }
}

/** KEYFLOW_SECRET_KEY, or the key file in the data directory (created 0600 on first start). */
export function secretKeyOf(config: Pick<Config, 'secretKey' | 'dataDir'>): Buffer {
  if (config.secretKey) return parseSecretKey(config.secretKey)!;
  return loadOrCreateKeyFile(join(resolve(config.dataDir), 'keyflow.key'));
}

/**
 * The composition root: the only place that wires store, services and api (architecture.md).
 * `clock` and `ids` may be pinned by tests, and `serverLog` (where the server log is written, stdout by
 * default) captured.
 */
export async function createApp(config: Readonly<Config>, overrides: { clock?: Clock; ids?: IdFactory; store?: Store; serverLog?: DestinationStream; consoleDir?: string } = {}): Promise<App> {
  const store = overrides.store ?? (await openConfiguredStore(config));
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const secrets = aesGcmSecretBox(secretKeyOf(config));
  const deps = { store, clock, ids, passwords: argon2Hasher, digest: sha256Digest, secrets, orgUrl: config.orgUrl,
    outbound: fetchHttp, eventHookHttpHosts: config.eventHookAllowedHosts,
    signInPolicy: { lockoutAttempts: config.lockoutAttempts, sessionSeconds: config.sessionSeconds },
    logRetentionDays: config.logRetentionDays,
  };
  const services = createServices(deps);
  const api = buildApi({ config, services, ids, clock });
  await addAuthorizationServers(api, config, { store, services, clock, ids, digest: sha256Digest, secrets });
  // The API's Fastify logger is off (see build-api.ts): background faults get their own server log.
  const faults = overrides.serverLog ? pino({ level: config.logLevel }, overrides.serverLog) : pino({ level: config.logLevel });
  const connections = new ConnectionRuntime({
    clock,
    secrets,
    digest: sha256Digest,
    orgUrl: config.orgUrl,
    userAgent: config.workflowsUserAgent,
    connections: services.workflowConnections,
    workflowsApp: services.workflowsApp,
    notifier: allNotifiers([serverLogNotifier(faults), ...(config.workflowsNotifyUrl ? [webhookNotifier(config.workflowsNotifyUrl, faults)] : [])]),
    callTimeoutMs: 30_000,
  });
  connectionRoutes(api, { connections: services.workflowConnections, runtime: connections });
  const engine = new WorkflowEngine(
    { clock, flows: services.workflowFlows, executions: services.workflowExecutions, connections, cards: CARDS, onError: (err) => faults.error({ err }, 'Workflows engine fault') },
    { workerId: `${hostname()}:${process.pid}:${ids.secret(6)}`, concurrency: config.workflowsConcurrency, pollMs: config.workflowsPollMs, leaseMs: config.workflowsLeaseMs, callTimeoutMs: 30_000, maxCallDepth: 20, historyDays: config.workflowsHistoryDays },
  );
  const triggers = new EventTriggers({ orgUrl: config.orgUrl, flows: services.workflowFlows, connections, engine, log: faults });
  const scheduler = new Scheduler({ clock, flows: services.workflowFlows, executions: services.workflowExecutions, onError: (err) => faults.error({ err }, 'Workflows scheduler fault') }, config.workflowsSchedulerMs);
  consoleRoutes(api, { orgUrl: config.orgUrl, consoleApp: services.consoleApp, ...(overrides.consoleDir ? { bundleDir: overrides.consoleDir } : {}) });
  flowRoutes(api, { flows: services.workflowFlows, executions: services.workflowExecutions, engine, triggers, scheduler });
  engine.start();
  scheduler.start();
  const stopRetention = services.retention.schedule(RETENTION_EVERY_MS, (err) => faults.error({ err }, 'System Log retention failed'));
  const hookDelivery = new EventHookDispatcher(deps, services.eventHooks, {
    pollMs: config.eventHookPollMs,
    retry: { initialMs: config.eventHookRetryMs, maxMs: config.eventHookRetryMaxMs },
    onError: (err) => faults.error({ err }, 'event hook delivery failed'),
  });
  hookDelivery.start();
  return {
    config,
    store,
    services,
    connections,
    engine,
    scheduler,
    api,
    close: async () => {
      // First, so that no delivery loop or flow runs into the closing store.
      await hookDelivery.stop();
      await scheduler.stop();
      await engine.stop();
      await api.close();
      await stopRetention();
      await store.close();
    },
  };
}
