import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SecretBox } from '../core/ports/secrets.js';
import type { Store } from '../core/ports/store.js';

export interface ProviderKeys {
  /** Private signing keys (RS256), newest first. */
  jwks: { keys: JWK[] };
  /** Keys signing oidc-provider's cookies. */
  cookieKeys: string[];
}

const SETTING = 'oauth.keys';

/**
 * The org's signing and cookie keys, generated on first start and kept in the org settings sealed
 * with the secret key, so every process serving the org (and every restart) signs with the same keys.
 */
export async function loadProviderKeys(store: Store, secrets: SecretBox, random: (n: number) => string): Promise<ProviderKeys> {
  const stored = await store.settings.get(SETTING);
  if (stored) return JSON.parse(secrets.open(stored)) as ProviderKeys;
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const keys: ProviderKeys = {
    jwks: { keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' }] },
    cookieKeys: [random(43)],
  };
  await store.transaction(async (tx) => {
    // Two processes starting together on one PostgreSQL database: the first to commit wins, and the
    // other reads its keys below instead of using its own.
    if (!(await tx.settings.get(SETTING))) await tx.settings.set(SETTING, secrets.seal(JSON.stringify(keys)));
  });
  return JSON.parse(secrets.open((await store.settings.get(SETTING))!)) as ProviderKeys;
}
