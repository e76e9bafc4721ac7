import { ApiError } from '../core/errors.js';
import { userActor } from '../core/log-event-builder.js';
import type { Principal, RequestContext } from '../core/principal.js';
import { API_TOKEN_IDLE_WINDOW_MS } from '../core/records.js';
import { permissionsOf, type Permission } from '../core/roles.js';
import { bearerChallenge, INVALID_TOKEN } from '../core/www-authenticate.js';
import { credentialsHonoured } from '../core/user-status.js';
import { tokenTarget } from './api-tokens.js';
import { recordFailure } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/** Who a refused, unknown credential speaks for: nobody Keyflow knows. */
const UNKNOWN_ACTOR = { id: 'unknown', type: 'User', alternateId: 'unknown', displayName: 'unknown', detailEntry: null };

const NO_PERMISSIONS: ReadonlySet<Permission> = new Set();

/**
 * The idle window is refreshed on use. Writing on every read would turn each GET into a write, so the
 * last-use time is stored at most once a minute: a token can outlive its window by at most a minute.
 */
const TOUCH_GRANULARITY_MS = 60 * 1000;

/** Why a presented credential was refused; recorded as `outcome.reason` of `user.authentication.auth`. */
export type RefusalReason = 'INVALID_CREDENTIALS' | 'TOKEN_REVOKED' | 'TOKEN_EXPIRED' | 'USER_NOT_ACTIVE' | 'NO_ADMIN_PRIVILEGE';

/**
 * Resolves the principal of an SSWS request. Token, user and roles are read on every call, so a
 * lifecycle change takes effect on the very next request, in this process or any other.
 */
export class AuthenticationService {
  constructor(private readonly deps: ServiceDeps) {}

  async ssws(ctx: RequestContext, value: string): Promise<Principal> {
    const { store } = this.deps;
    const credential = await store.apiTokens.findCredential(this.deps.digest(value));
    if (!credential) return this.refuse(ctx, 'INVALID_CREDENTIALS');
    const { token, user, roles } = credential;
    const now = this.deps.clock.now();
    if (token.revokedAt !== null) return this.refuse(ctx, 'TOKEN_REVOKED', token);
    const idleMs = now.getTime() - Date.parse(token.lastUsed);
    if (idleMs > API_TOKEN_IDLE_WINDOW_MS) return this.refuse(ctx, 'TOKEN_EXPIRED', token);
    if (!user || !credentialsHonoured(user.status)) return this.refuse(ctx, 'USER_NOT_ACTIVE', token, user);
    if (roles.length === 0) return this.refuse(ctx, 'NO_ADMIN_PRIVILEGE', token, user);
    if (idleMs > TOUCH_GRANULARITY_MS) await store.apiTokens.markUsed(token.id, now.toISOString());
    return {
      kind: 'user',
      user,
      client: null,
      tokenId: token.id,
      grantId: null,
      scopes: null,
      via: 'SSWS',
      roles,
      permissions: permissionsOf(roles),
    };
  }

  /**
   * Resolves the principal of a `Bearer` request: an org AS access token, looked up by digest with its
   * user, the user's roles and its app in one query, on every request (architecture.md token table):
   * a revoked, expired or unknown token, or one whose app is gone or inactive, is refused with 401;
   * a token whose user cannot act now (SUSPENDED, …) resolves to a principal without permissions, so
   * the route answers 403 E0000006 after its scope check, and works again once the user is back.
   */
  async bearer(ctx: RequestContext, value: string): Promise<Principal> {
    const credential = await this.deps.store.oauth.findBearer(this.deps.digest(value));
    if (!credential) return this.refuseBearer(ctx, 'INVALID_CREDENTIALS', INVALID_TOKEN.invalid);
    const { token, user, app } = credential;
    const now = this.deps.clock.now();
    const exp = typeof token.payload.exp === 'number' ? token.payload.exp * 1000 : Infinity;
    if (exp <= now.getTime()) return this.refuseBearer(ctx, 'TOKEN_EXPIRED', INVALID_TOKEN.expired, user);
    if (!app || app.status !== 'ACTIVE') return this.refuseBearer(ctx, 'TOKEN_REVOKED', INVALID_TOKEN.revoked, user);
    const scopes = typeof token.payload.scope === 'string' ? token.payload.scope.split(' ').filter(Boolean) : [];
    const grantId = token.grantId;
    const client = { id: app.id, name: app.label };
    if (token.kind === 'ClientCredentials') {
      const roles = credential.appRoles;
      return { kind: 'app', user: null, client, tokenId: token.id.slice(0, 20), grantId, scopes, via: 'OAUTH2', roles, permissions: permissionsOf(roles) };
    }
    if (!user || user.status === 'DEPROVISIONED') return this.refuseBearer(ctx, 'TOKEN_REVOKED', INVALID_TOKEN.revoked, user);
    const active = credentialsHonoured(user.status);
    const roles = active ? credential.userRoles : [];
    return {
      kind: 'user',
      user,
      client,
      tokenId: token.id.slice(0, 20),
      grantId,
      scopes,
      via: 'OAUTH2',
      roles,
      permissions: active ? permissionsOf(roles) : NO_PERMISSIONS,
    };
  }

  /** A refused bearer token: logged like any refused credential, answered with the bearer challenge. */
  private async refuseBearer(ctx: RequestContext, reason: RefusalReason, description: string, user?: Parameters<typeof userActor>[0]): Promise<never> {
    await this.logRefusal(ctx, reason, 'OAuth 2.0', user);
    throw new ApiError('E0000011', {
      headers: {
        'WWW-Authenticate': bearerChallenge(this.deps.orgUrl, { error: 'invalid_token', description }),
        'Access-Control-Expose-Headers': 'WWW-Authenticate',
      },
    });
  }

  /**
   * 401 E0000011 for any refused token (okta-api.md §11.7), logged as a failed `user.authentication.auth`
   * naming the token's owner when the token is known.
   */
  private async refuse(
    ctx: RequestContext,
    reason: RefusalReason,
    token?: { id: string; name: string },
    user?: Parameters<typeof userActor>[0],
  ): Promise<never> {
    await this.logRefusal(ctx, reason, 'API_TOKEN', user, token);
    throw new ApiError('E0000011');
  }

  private logRefusal(
    ctx: RequestContext,
    reason: RefusalReason,
    credentialType: 'API_TOKEN' | 'OAuth 2.0',
    user?: Parameters<typeof userActor>[0],
    token?: { id: string; name: string },
  ): Promise<void> {
    return recordFailure(this.deps, ctx, {
      eventType: 'user.authentication.auth',
      outcome: { result: 'FAILURE', reason },
      actor: user ? userActor(user) : UNKNOWN_ACTOR,
      targets: token ? [tokenTarget(token)] : [],
      debugData: { credentialType },
    });
  }
}
