import { hash } from 'node:crypto';
import type Provider from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';

interface ClientStatics {
  find(id: unknown): Promise<object | undefined>;
  readonly adapter: { find(id: string): Promise<object | undefined> };
}

interface ProviderInternals {
  dynamicClients?: { get(key: string): object | undefined };
  staticClients?: unknown;
}

/**
 * oidc-provider's `Client.find` reads the client's metadata through the adapter on every call (so an app
 * change applies at once) and looks its Client up by a SHA-256 of the metadata's JSON, which it computes
 * each time: ~5% of an introspection, whose client authenticates on every request.
 *
 * Keyflow's adapter hands out the very same frozen metadata object while the app and its scope grants
 * are unchanged (client-metadata.ts; on SQLite, while their rows are served from memory), so the Client
 * built for that object can be remembered by the object itself. On a miss (a new metadata object: an app
 * changed, a first read, every read on PostgreSQL) the Client is looked up exactly as oidc-provider does
 * (same hash, same cache), and built by oidc-provider itself when it has none. A Client is remembered only
 * when oidc-provider's cache holds it under the metadata's own hash, so it is always the one
 * oidc-provider would have returned for that metadata.
 *
 * Must run on each Provider after construction. Returns whether it could be installed (tested, so an
 * oidc-provider upgrade that moves these internals is noticed); when not, oidc-provider's own find stays.
 */
export function memoizeClients(provider: Provider): boolean {
  const Client = provider.Client as unknown as ClientStatics;
  const internals = instance(provider) as ProviderInternals | undefined;
  const dynamicClients = internals?.dynamicClients;
  // Static clients are found before the adapter is asked; Keyflow configures none.
  if (typeof Client.find !== 'function' || typeof dynamicClients?.get !== 'function' || internals?.staticClients !== undefined) return false;
  const find = Client.find.bind(Client);
  const byMetadata = new WeakMap<object, object>();
  Client.find = async (id: unknown) => {
    if (typeof id !== 'string' || id.length === 0) return find(id);
    const metadata = await Client.adapter.find(id);
    if (!metadata) return find(id);
    const known = byMetadata.get(metadata);
    if (known) return known;
    const key = metadataHash(metadata);
    const client = dynamicClients.get(key) ?? (await find(id));
    if (client && dynamicClients.get(key) === client) byMetadata.set(metadata, client);
    return client;
  };
  return true;
}

/** oidc-provider's key for a dynamic client (lib/models/client.js `find`). */
function metadataHash(metadata: object): string {
  return hash('sha256', JSON.stringify(metadata), 'base64url');
}
