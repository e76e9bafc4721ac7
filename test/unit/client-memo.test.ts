import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Adapter, type AdapterPayload, type JWKS } from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { describe, expect, it } from 'vitest';
import { memoizeClients } from '../../src/oauth/client-memo.js';

/** Client metadata by id, handed out as the very objects stored here (as Keyflow's adapter does). */
const clients = new Map<string, AdapterPayload>();
let reads = 0;

class ClientsOnly implements Adapter {
  constructor(private readonly name: string) {}
  async find(id: string) {
    if (this.name !== 'Client') return undefined;
    reads++;
    return clients.get(id);
  }
  async upsert() {}
  async findByUid() { return undefined; }
  async findByUserCode() { return undefined; }
  async consume() {}
  async destroy() {}
  async revokeByGrantId() {}
}

const metadata = (redirect: string): AdapterPayload =>
  Object.freeze({ client_id: 'app1', client_secret: 'a-secret-of-some-length-0123456789', redirect_uris: [redirect], grant_types: ['authorization_code'], response_types: ['code'] }) as AdapterPayload;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwks = { keys: [{ ...(await exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] } as JWKS;

function provider() {
  const p = new Provider('http://127.0.0.1:1', { adapter: ClientsOnly, jwks, features: { devInteractions: { enabled: false } } });
  expect(memoizeClients(p)).toBe(true);
  const cache = (instance(p) as { dynamicClients: { clear(): void } }).dynamicClients;
  return { p, forget: () => cache.clear() };
}

describe("remembering oidc-provider's Client per metadata object", () => {
  it('returns the Client built for the very metadata object the adapter hands out again', async () => {
    const { p, forget } = provider();
    clients.set('app1', metadata('http://127.0.0.1:9/cb'));
    const first = await p.Client.find('app1');
    expect(first?.redirectUris).toEqual(['http://127.0.0.1:9/cb']);
    // With oidc-provider's own cache emptied, only the memo can give back the same instance.
    forget();
    expect(await p.Client.find('app1')).toBe(first);
  });

  it("finds the Client under oidc-provider's own hash for an equal, new metadata object", async () => {
    const { p, forget } = provider();
    clients.set('app1', metadata('http://127.0.0.1:9/cb'));
    const first = await p.Client.find('app1');
    clients.set('app1', metadata('http://127.0.0.1:9/cb'));
    // Found in oidc-provider's cache by the same hash (a different hash would build a new Client, and
    // then the memo would not keep it: the next find, with the cache emptied, would differ).
    expect(await p.Client.find('app1')).toBe(first);
    forget();
    expect(await p.Client.find('app1')).toBe(first);
  });

  it('builds a new Client as soon as the metadata changes, reading the adapter on every find', async () => {
    const { p } = provider();
    clients.set('app1', metadata('http://127.0.0.1:9/cb'));
    const first = await p.Client.find('app1');
    clients.set('app1', metadata('http://127.0.0.1:9/other'));
    const before = reads;
    const changed = await p.Client.find('app1');
    expect(changed).not.toBe(first);
    expect(changed?.redirectUris).toEqual(['http://127.0.0.1:9/other']);
    await p.Client.find('app1');
    expect(reads - before).toBeGreaterThanOrEqual(2);
    clients.delete('app1');
    expect(await p.Client.find('app1')).toBeUndefined();
    expect(await p.Client.find('')).toBeUndefined();
  });
});
