import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { AppRecord } from '../core/apps.js';
import { hasNul } from '../core/storable-text.js';
import type { SecretDigest } from '../core/ports/secrets.js';
import type { OAuthArtifact, Repositories, Store } from '../core/ports/store.js';
import { reposNow, writeNow } from './unit-of-work.js';

/**
 * Kinds whose id is itself a bearer secret (a token value, a code, a session cookie): only their digest
 * is stored, and the payload's copy of the id (`jti`) is removed, so the table holds nothing a thief
 * could present.
 */
const SECRET_KINDS = new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode', 'ClientCredentials', 'Session', 'DeviceCode', 'BackchannelAuthenticationRequest', 'ReplayDetection', 'PushedAuthorizationRequest']);

export interface AdapterDeps {
  store: Store;
  digest: SecretDigest;
  now: () => Date;
  /** The OAuth client metadata of an app, or undefined if the app cannot be a client now. */
  clientOf: (app: AppRecord, repos: Repositories) => Promise<AdapterPayload | undefined>;
}

/**
 * oidc-provider's storage adapter over the store (both dialects). `prefix` separates the artifacts of
 * the `default` custom authorization server from the org AS's, so a custom-AS token can never pass as
 * an org token on /api/v1. Clients are not artifacts: they are read from the org's apps.
 */
export function adapterFactory(deps: AdapterDeps, prefix = ''): new (name: string) => Adapter {
  // oidc-provider looks a presented token up as an access token and as a client-credentials token at
  // once (introspection, revocation), one call right after the other: the digest of the last value
  // serves both. Only that one value is kept.
  let lastSecret: string | undefined;
  let lastDigest = '';
  const digestOf = (secret: string): string => {
    if (secret !== lastSecret) {
      lastDigest = deps.digest(secret);
      lastSecret = secret;
    }
    return lastDigest;
  };

  return class StoreAdapter implements Adapter {
    private readonly kind: string;

    constructor(private readonly name: string) {
      this.kind = prefix + name;
    }

    private key(id: string): string {
      return SECRET_KINDS.has(this.name) ? digestOf(id) : id;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.name === 'Client') throw new Error('clients are managed through /api/v1/apps');
      const stored: Record<string, unknown> = { ...payload };
      if (SECRET_KINDS.has(this.name) && stored.jti === id) delete stored.jti;
      const artifact: OAuthArtifact = {
        kind: this.kind,
        id: this.key(id),
        payload: stored,
        grantId: this.name === 'Grant' ? id : (payload.grantId ?? null),
        userId: payload.accountId ?? null,
        clientId: payload.clientId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        expiresAt: expiresIn ? new Date(deps.now().getTime() + expiresIn * 1000).toISOString() : null,
        consumedAt: null,
      };
      if (this.name === 'ReplayDetection') {
        // oidc-provider finds, then saves: two concurrent requests with one client assertion can both
        // find nothing. Only one claims its record; the other is refused as a replayed assertion, here
        // or, when the write is kept for the end of the request, there (unit-of-work.ts).
        const now = deps.now().toISOString();
        await writeNow(deps.store, async (repos) => {
          if (!(await repos.oauth.claim(artifact, now))) throw new errors.InvalidClientAuth('client assertion tokens must only be used once');
        });
        return;
      }
      await writeNow(deps.store, (repos) => repos.oauth.upsert(artifact));
    }

    // oidc-provider passes what a request names (a client_id in a form body or an assertion, a token,
    // a cookie) as it is; no stored key holds a NUL, and PostgreSQL cannot compare one (core/storable-text.ts).
    async find(id: string): Promise<AdapterPayload | undefined> {
      if (hasNul(id)) return undefined;
      if (this.name === 'Client') {
        const repos = reposNow(deps.store);
        const app = await repos.apps.findById(id);
        return app ? deps.clientOf(app, repos) : undefined;
      }
      const artifact = await reposNow(deps.store).oauth.find(this.kind, this.key(id));
      return artifact && this.revive(artifact, id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (hasNul(userCode)) return undefined;
      const artifact = await reposNow(deps.store).oauth.findByUserCode(this.kind, userCode);
      return artifact && (artifact.payload as AdapterPayload);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (hasNul(uid)) return undefined;
      const artifact = await reposNow(deps.store).oauth.findByUid(this.kind, uid);
      // A session found by uid is used to rebuild its cookie-keyed id: the digest cannot be reversed,
      // so oidc-provider only ever looks sessions up by uid for logout, where the payload suffices.
      return artifact && (artifact.payload as AdapterPayload);
    }

    async consume(id: string): Promise<void> {
      // oidc-provider reads, checks `consumed`, then consumes: two concurrent requests with one code or
      // refresh token can both pass the check. Only one wins the conditional update; the other is refused,
      // here or, when the write is kept for the end of the request, there (unit-of-work.ts).
      const key = this.key(id);
      const at = deps.now().toISOString();
      // Not oidc-provider's "refresh token already used", which it says after revoking the grant (and
      // which is logged as reuse detection): losing this race revokes nothing.
      const what = this.name === 'RefreshToken' ? 'refresh token' : 'grant';
      await writeNow(deps.store, async (repos) => {
        if (!(await repos.oauth.consume(this.kind, key, at))) throw new errors.InvalidGrant(`${what} consumed by a concurrent request`);
      });
    }

    async destroy(id: string): Promise<void> {
      const key = this.key(id);
      await writeNow(deps.store, (repos) => repos.oauth.destroy(this.kind, key));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await writeNow(deps.store, async (repos) => {
        await repos.oauth.revokeByGrantId(grantId);
      });
    }

    private revive(artifact: OAuthArtifact, id: string): AdapterPayload | undefined {
      if (artifact.expiresAt && Date.parse(artifact.expiresAt) <= deps.now().getTime()) return undefined;
      // A payload the store parsed for this read is oidc-provider's to keep (copying it costs more than
      // parsing it did); a frozen one, shared between reads, is copied.
      const payload = (Object.isFrozen(artifact.payload) ? { ...artifact.payload } : artifact.payload) as AdapterPayload;
      if (SECRET_KINDS.has(this.name) && payload.jti === undefined) payload.jti = id;
      return payload;
    }
  };
}
