import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { IdFactory } from '../core/ids.js';
import type { SecretBox, SecretDigest } from '../core/ports/secrets.js';
import type { Store } from '../core/ports/store.js';
import type { Services } from '../services/services.js';
import { interactionRoutes } from './interactions.js';
import { loadProviderKeys } from './keys.js';
import { mountAuthorizationServers } from './mount.js';
import { createProvider, SIGN_IN_PATHS, type ProviderSettings } from './provider.js';

export interface AuthorizationServerDeps {
  store: Store;
  services: Services;
  clock: Clock;
  ids: IdFactory;
  digest: SecretDigest;
  secrets: SecretBox;
}

/** Everything of the org's authorization servers, added to the API's Fastify instance. */
export async function addAuthorizationServers(app: FastifyInstance, settings: ProviderSettings & { logLevel: string }, deps: AuthorizationServerDeps): Promise<void> {
  const keys = await loadProviderKeys(deps.store, deps.secrets, (n) => deps.ids.secret(n));
  const providerDeps = { store: deps.store, digest: deps.digest, secrets: deps.secrets, clock: deps.clock, keys };
  const org = createProvider('org', settings, providerDeps);
  const custom = createProvider('default', settings, providerDeps);
  mountAuthorizationServers(app, { org, custom, store: deps.store, services: deps.services, eventDeps: { clock: deps.clock, ids: deps.ids } });
  const log = pino({ level: settings.logLevel });
  // oidc-provider answers its own faults with a 500 `server_error`; the cause goes to the server log.
  for (const provider of [org, custom]) provider.on('server_error', (_ctx, err) => log.error({ err }, 'authorization server fault'));
  purgeExpiredArtifacts(app, deps, log);
  for (const [provider, basePath] of [
    [org, SIGN_IN_PATHS.org],
    [custom, SIGN_IN_PATHS.default],
  ] as const) {
    await interactionRoutes(app, {
      provider,
      basePath,
      store: deps.store,
      services: deps.services,
      ids: deps.ids,
      orgUrl: settings.orgUrl,
      orgName: 'Keyflow',
      sessionSeconds: settings.sessionSeconds,
    });
  }
}

/** How often expired codes, tokens, sessions and interactions are deleted, and how many per statement. */
const PURGE_EVERY_MS = 10 * 60 * 1000;
const PURGE_BATCH = 500;

/**
 * Expired artifacts are dead already (every read checks expiry); deleting them keeps the table small.
 * Small batches, each its own statement, so a purge never holds a write lock for long.
 */
function purgeExpiredArtifacts(app: FastifyInstance, deps: AuthorizationServerDeps, log: Logger): void {
  let running = false;
  const purge = async () => {
    if (running) return;
    running = true;
    try {
      const before = deps.clock.now().toISOString();
      while ((await deps.store.oauth.purgeExpired(before, PURGE_BATCH)) === PURGE_BATCH);
    } catch (err) {
      log.warn({ err }, 'purging expired OAuth artifacts failed; retrying at the next interval');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void purge(), PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
