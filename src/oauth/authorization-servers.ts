import type { FastifyInstance } from 'fastify';
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
export async function addAuthorizationServers(app: FastifyInstance, settings: ProviderSettings, deps: AuthorizationServerDeps): Promise<void> {
  const keys = await loadProviderKeys(deps.store, deps.secrets, (n) => deps.ids.secret(n));
  const providerDeps = { store: deps.store, digest: deps.digest, secrets: deps.secrets, clock: deps.clock, keys };
  const org = createProvider('org', settings, providerDeps);
  const custom = createProvider('default', settings, providerDeps);
  mountAuthorizationServers(app, { org, custom, store: deps.store, services: deps.services, eventDeps: { clock: deps.clock, ids: deps.ids } });
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
