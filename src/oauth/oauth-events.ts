import type { KoaContextWithOIDC } from 'oidc-provider';
import type { EventType } from '../core/event-types.js';
import type { EventSpec } from '../core/log-event-builder.js';
import type { LogTarget } from '../core/log-event.js';
import type { Principal, RequestContext } from '../core/principal.js';
import type { Repositories } from '../core/ports/store.js';
import type { UserRecord } from '../core/user.js';
import { accountUsers } from './provider.js';
import type { PendingEvent } from './unit-of-work.js';

/** The org AS logs `app.oauth2.*`, a custom AS `app.oauth2.as.*` (okta-api.md §5.3). */
function typeOf(server: 'org' | 'default', suffix: string): EventType {
  return (server === 'org' ? `app.oauth2.${suffix}` : `app.oauth2.as.${suffix}`) as EventType;
}

/** What oidc-provider did in one request, as read back from its context once the endpoint has run. */
export interface Observed {
  route: string;
  status: number;
  /** The error before it was rewritten to Okta's wording. */
  providerError?: { error: string; description: string };
  /** The error as answered. */
  answeredError?: string;
  body: Record<string, unknown> | undefined;
  location: string | undefined;
}

/**
 * The LogEvents of an authorization-server request, attributed to the grant's user and the client
 * (architecture.md attribution rule): token grants (one event per token issued), failed grants with
 * `outcome.reason` (a refused refresh is `invalid_refresh_token`, as Okta writes it), refresh-token
 * replay, authorization codes, authorize failures and revocations.
 */
export async function oauthEvents(ctx: KoaContextWithOIDC, base: RequestContext, server: 'org' | 'default', seen: Observed, repos: Repositories): Promise<PendingEvent[]> {
  const client = ctx.oidc.client;
  const accountId = ctx.oidc.account?.accountId ?? ctx.oidc.entities.AccessToken?.accountId ?? ctx.oidc.entities.RefreshToken?.accountId ?? ctx.oidc.entities.AuthorizationCode?.accountId;
  const known = accountUsers.get(ctx);
  const user = known?.id === accountId ? known : accountId ? await repos.users.findById(accountId) : undefined;
  const params = (ctx.oidc.params ?? {}) as Record<string, unknown>;
  const grantType = typeof params.grant_type === 'string' ? params.grant_type : undefined;
  const specs: EventSpec[] = [];
  const failed = seen.status >= 400;
  const reason = seen.answeredError ?? null;

  switch (seen.route) {
    case 'token': {
      const scopes = typeof seen.body?.scope === 'string' ? seen.body.scope : typeof params.scope === 'string' ? params.scope : '';
      const requested = { grantType: grantType ?? 'unknown', requestedScopes: typeof params.scope === 'string' ? params.scope : '', clientAuthType: client?.clientAuthMethod ?? 'unknown' };
      const debugData = { ...requested, grantedScopes: scopes.split(' ').filter(Boolean).join(', ') };
      if (failed) {
        // A refused grant granted nothing: it names what was asked for, never a grantedScopes.
        const why = grantType === 'refresh_token' && seen.answeredError === 'invalid_grant' ? 'invalid_refresh_token' : reason;
        specs.push({ eventType: typeOf(server, 'token.grant'), outcome: { result: 'FAILURE', reason: why }, debugData: requested });
        if (seen.providerError?.description.includes('refresh token already used')) {
          specs.push({ eventType: typeOf(server, 'token.detect_reuse'), outcome: { result: 'FAILURE', reason: 'refresh token already used; its grant was revoked' }, debugData: requested });
        }
        break;
      }
      const subject = user ? [{ id: user.id, type: 'User', alternateId: null, displayName: null, detailEntry: null }] : [];
      specs.push({ eventType: typeOf(server, 'token.grant.access_token'), targets: [...subject, tokenTarget('access_token', 'Access Token')], debugData });
      if (seen.body?.refresh_token) specs.push({ eventType: typeOf(server, 'token.grant.refresh_token'), targets: [...subject, tokenTarget('refresh_token', 'Refresh Token')], debugData });
      if (seen.body?.id_token) specs.push({ eventType: typeOf(server, 'token.grant.id_token'), targets: [...subject, tokenTarget('id_token', 'ID Token')], debugData });
      break;
    }
    case 'authorization':
    case 'resume': {
      const location = seen.location ?? '';
      const redirected = location !== '' && !location.startsWith('/signin/');
      const query = redirected ? new URL(location, 'http://x').searchParams : undefined;
      const scopes = { requestedScopes: typeof params.scope === 'string' ? params.scope : '' };
      if (query?.has('code')) specs.push({ eventType: typeOf(server, 'authorize.code'), debugData: scopes });
      else if (query?.has('error')) specs.push({ eventType: typeOf(server, 'authorize'), outcome: { result: 'FAILURE', reason: query.get('error') }, debugData: { ...scopes, errorDescription: query.get('error_description') ?? '' } });
      else if (failed) specs.push({ eventType: typeOf(server, 'authorize'), outcome: { result: 'FAILURE', reason }, debugData: scopes });
      break;
    }
    case 'revocation':
      specs.push({ eventType: typeOf(server, 'token.revoke'), outcome: failed ? { result: 'FAILURE', reason } : { result: 'SUCCESS' }, debugData: { tokenTypeHint: typeof params.token_type_hint === 'string' ? params.token_type_hint : '' } });
      break;
    default:
      break;
  }
  if (specs.length === 0) return [];
  const attributed = { ...base, principal: oauthPrincipal(user, client ? { id: client.clientId, name: client.clientName ?? client.clientId } : null, ctx) };
  return specs.map((spec) => ({ ctx: attributed, spec }));
}

/** Okta names the token kind in the target; Keyflow never logs token values or their digests. */
function tokenTarget(type: string, displayName: string): LogTarget {
  return { id: 'unknown', type, alternateId: null, displayName, detailEntry: null };
}

function oauthPrincipal(user: UserRecord | undefined, client: { id: string; name: string } | null, ctx: KoaContextWithOIDC): Principal | null {
  if (!user && !client) return null;
  const grantId = ctx.oidc.entities.Grant?.jti ?? null;
  return { kind: user ? 'user' : 'app', user: user ?? null, client, tokenId: '', grantId, scopes: null, via: 'OAUTH2', roles: [], permissions: new Set() };
}
