import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from './api/build-api.js';
import type { Config } from './config/config-schema.js';
import { addAuthorizationServers } from './oauth/authorization-servers.js';
import type { Clock } from './core/clock.js';
import type { IdFactory } from './core/ids.js';
import type { Store } from './core/ports/store.js';
import { argon2Hasher, cryptoIds, sha256Digest, systemClock } from './platform/node-platform.js';
import { aesGcmSecretBox, loadOrCreateKeyFile, parseSecretKey } from './platform/secret-box.js';
import { createServices, type Services } from './services/services.js';
import { migrateToLatest } from './store/migrate.js';
import { openStore } from './store/open-store.js';

export interface App {
  config: Readonly<Config>;
  store: Store;
  services: Services;
  api: FastifyInstance;
  close(): Promise<void>;
}

/** Where SQLite lives when no PostgreSQL URL is configured. */
export function sqliteFileOf(config: Pick<Config, 'dataDir'>): string {
  return join(resolve(config.dataDir), 'keyflow.db');
}

export async function openConfiguredStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Store> {
  if (config.databaseUrl) return openStore({ databaseUrl: config.databaseUrl });
  mkdirSync(resolve(config.dataDir), { recursive: true, mode: 0o700 });
  const file = sqliteFileOf(config);
  // The database holds password and token hashes: create it private (SQLite gives its WAL the same mode).
  closeSync(openSync(file, 'a', 0o600));
  return openStore({ sqliteFile: file });
}

/** `keyflow migrate`: applies pending migrations and returns their names. */
export async function migrateConfiguredStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<string[]> {
  if (config.databaseUrl) return migrateToLatest({ databaseUrl: config.databaseUrl });
  mkdirSync(resolve(config.dataDir), { recursive: true, mode: 0o700 });
  return migrateToLatest({ sqliteFile: sqliteFileOf(config) });
}

/** KEYFLOW_SECRET_KEY, or the key file in the data directory (created 0600 on first start). */
export function secretKeyOf(config: Pick<Config, 'secretKey' | 'dataDir'>): Buffer {
  if (config.secretKey) return parseSecretKey(config.secretKey)!;
  return loadOrCreateKeyFile(join(resolve(config.dataDir), 'keyflow.key'));
}

/**
 * The composition root: the only place that wires store, services and api (architecture.md).
 * `clock` and `ids` may be pinned by tests.
 */
export async function createApp(config: Readonly<Config>, overrides: { clock?: Clock; ids?: IdFactory; store?: Store } = {}): Promise<App> {
  const store = overrides.store ?? (await openConfiguredStore(config));
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const secrets = aesGcmSecretBox(secretKeyOf(config));
  const services = createServices({ store, clock, ids, passwords: argon2Hasher, digest: sha256Digest, secrets, orgUrl: config.orgUrl,
    signInPolicy: { lockoutAttempts: config.lockoutAttempts, sessionSeconds: config.sessionSeconds },
  });
  const api = buildApi({ config, services, ids, clock });
  await addAuthorizationServers(api, config, { store, services, clock, ids, digest: sha256Digest, secrets });
  return {
    config,
    store,
    services,
    api,
    close: async () => {
      await api.close();
      await store.close();
    },
  };
}
