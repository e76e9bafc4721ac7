import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../core/clock.js';
import { CUSTOM_AS_PREFIX } from '../core/oauth-artifacts.js';
import type { SecretBox, SecretDigest } from '../core/ports/secrets.js';
import type { Repositories, Store } from '../core/ports/store.js';
import { OIDC_SCOPE_IDS, ORG_SCOPES } from '../core/scopes.js';
import { displayNameOf, type UserRecord } from '../core/user.js';
import { credentialsHonoured } from '../core/user-status.js';
import { adapterFactory } from './adapter.js';
import { clientMetadata } from './client-metadata.js';
import { memoizeClients } from './client-memo.js';
import type { ProviderKeys } from './keys.js';
import { installOpaqueTokenCheck } from './opaque-token-check.js';
import { renderError } from './pages/error-page.js';
import { renderLogout } from './pages/logout-page.js';
import { renderSignedOut } from './pages/signed-out-page.js';
import { reposNow } from './unit-of-work.js';

export interface ProviderSettings {
  orgUrl: string;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  authorizationCodeSeconds: number;
  sessionSeconds: number;
}

export interface ProviderDeps {
  store: Store;
  digest: SecretDigest;
  secrets: SecretBox;
  clock: Clock;
  keys: ProviderKeys;
}

/** The user findAccount read for a request, so its LogEvents need not read it again. */
export const accountUsers = new WeakMap<object, UserRecord>();

/** Where each authorization server's hosted pages live. */
export const SIGN_IN_PATHS = { org: '/signin', default: '/signin/default' } as const;

/** The cookie naming the Keyflow session (the one `DELETE /api/v1/users/{id}/sessions` ends). */
export const SESSION_COOKIE = 'kf_sid';

/** Okta's org AS paths (okta-api.md §11.1). */
const ORG_ROUTES = {
  authorization: '/oauth2/v1/authorize',
  token: '/oauth2/v1/token',
  revocation: '/oauth2/v1/revoke',
  introspection: '/oauth2/v1/introspect',
  jwks: '/oauth2/v1/keys',
  userinfo: '/oauth2/v1/userinfo',
  end_session: '/oauth2/v1/logout',
};

/** The same, relative to a custom authorization server's mount point (`/oauth2/default`). */
const CUSTOM_ROUTES = Object.fromEntries(Object.entries(ORG_ROUTES).map(([k, v]) => [k, v.replace('/oauth2', '')]));

/**
 * Every path oidc-provider serves on either server, as its Koa context sees it (the custom server's
 * relative to its mount): the routes above, the ones oidc-provider derives from them (logout's confirm
 * and success, the authorize resume `<authorize>/:uid`) and the custom server's discovery document.
 * Tells a wrong method on an endpoint from an unknown path (mount.ts).
 */
const ENDPOINT_PATHS = new Set<string>([
  ...[ORG_ROUTES, CUSTOM_ROUTES].flatMap((routes) => [...Object.values(routes), `${routes.end_session}/confirm`, `${routes.end_session}/success`]),
  '/.well-known/openid-configuration',
]);
const RESUME_PARENTS = new Set([ORG_ROUTES.authorization, CUSTOM_ROUTES.authorization]);

/** Whether oidc-provider serves `path` (a trailing slash ignored, as its router does) with some method. */
export function isEndpointPath(path: string): boolean {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (ENDPOINT_PATHS.has(trimmed)) return true;
  const parent = trimmed.slice(0, trimmed.lastIndexOf('/'));
  return RESUME_PARENTS.has(parent);
}

/**
 * Builds one oidc-provider instance: the org authorization server (issuer = the org URL, mints
 * `okta.*` scopes) or the `default` custom authorization server (issuer `<org>/oauth2/default`, OIDC
 * scopes only, artifacts kept apart so its tokens never pass on /api/v1).
 */
export function createProvider(kind: 'org' | 'default', settings: ProviderSettings, deps: ProviderDeps): Provider {
  const issuer = kind === 'org' ? settings.orgUrl : `${settings.orgUrl}/oauth2/default`;
  const scopes = kind === 'org' ? ORG_SCOPES.map((s) => s.id) : [...OIDC_SCOPE_IDS];

  const configuration: Configuration = {
    adapter: adapterFactory(
      {
        store: deps.store,
        digest: deps.digest,
        now: () => deps.clock.now(),
        clientOf: (app, repos) => clientMetadata(app, repos, deps.secrets, kind),
      },
      kind === 'org' ? '' : CUSTOM_AS_PREFIX,
    ),
    routes: kind === 'org' ? ORG_ROUTES : CUSTOM_ROUTES,
    scopes,
    claims: {
      openid: ['sub'],
      profile: ['name', 'family_name', 'given_name', 'preferred_username', 'locale', 'zoneinfo', 'updated_at'],
      email: ['email', 'email_verified'],
      phone: ['phone_number'],
      address: ['address'],
      groups: ['groups'],
    },
    findAccount: async (ctx, sub, token) => {
      const user = await reposNow(deps.store).users.findById(sub);
      if (!user || !credentialsHonoured(user.status) || user.status === 'LOCKED_OUT') return undefined;
      // Without a token this is the sign-in session of /authorize: it counts only while the Keyflow
      // session behind it lives, so clearing a user's sessions makes the next /authorize ask again.
      if (!token && !(await liveSession(deps, ctx.cookies.get(SESSION_COOKIE), sub))) return undefined;
      accountUsers.set(ctx, user);
      return {
        accountId: user.id,
        claims: async (_use: string, scope: string) => ({
          sub: user.id,
          name: displayNameOf(user),
          given_name: (user.profile.firstName as string | null) ?? undefined,
          family_name: (user.profile.lastName as string | null) ?? undefined,
          preferred_username: String(user.profile.login),
          email: (user.profile.email as string | null) ?? undefined,
          email_verified: true,
          locale: (user.profile.locale as string | null) ?? 'en_US',
          zoneinfo: (user.profile.timezone as string | null) ?? 'America/Los_Angeles',
          updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
          ...(user.profile.mobilePhone ? { phone_number: String(user.profile.mobilePhone) } : {}),
          // The groups claim costs a query: only when the groups scope asks for it.
          ...(scope.split(' ').includes('groups') ? { groups: (await reposNow(deps.store).groups.listGroupsOfUser(user.id)).map((g) => g.name) } : {}),
        }),
      };
    },
    loadExistingGrant: async (ctx) => loadGrant(ctx, deps),
    interactions: { policy: keyflowPolicy(), url: (_ctx, interaction) => `${SIGN_IN_PATHS[kind]}/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // Keyflow issues no DPoP-bound tokens. Okta involves DPoP only for apps that require it, and the Okta
      // SDK sends a DPoP proof with every PrivateKey token request, which must then simply be ignored.
      dPoP: { enabled: false },
      // A client may introspect only the tokens issued to it (as it may only revoke its own).
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === undefined || token.clientId === client.clientId },
      // Always 200, as Okta answers; another client's token is left alone (a client revokes only its own).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      clientCredentials: { enabled: kind === 'org' },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutConfirm(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = renderSignedOut({ orgName: 'Keyflow' });
        },
      },
    },
    // PKCE (S256 only) for public clients always, and for confidential ones whose app requires it.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' || client['pkce_required'] === true },
    extraClientMetadata: { properties: ['pkce_required'] },
    ttl: {
      AccessToken: settings.accessTokenSeconds,
      ClientCredentials: settings.accessTokenSeconds,
      IdToken: settings.accessTokenSeconds,
      AuthorizationCode: settings.authorizationCodeSeconds,
      RefreshToken: settings.refreshTokenSeconds,
      Grant: settings.refreshTokenSeconds,
      Session: settings.sessionSeconds,
      Interaction: 3600,
    },
    // Okta issues a refresh token whenever offline_access is requested and granted, without prompt=consent.
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    // Every refresh rotates; a replayed (consumed) refresh token revokes its whole grant.
    rotateRefreshToken: () => true,
    // Okta's tokens outlive the sign-in session; only an explicit revocation ends them.
    expiresWithSession: async () => false,
    allowOmittingSingleRegisteredRedirectUri: false,
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'HS256'],
    },
    jwks: deps.keys.jwks as Configuration['jwks'],
    cookies: { keys: deps.keys.cookieKeys, long: { signed: true }, short: { signed: true } },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderError({ title: 'Something went wrong', message: String(out.error_description ?? out.error) });
    },
  };
  installOpaqueTokenCheck();
  const provider = new Provider(issuer, configuration);
  provider.proxy = true;
  requireEndpointAudience(provider, issuer);
  memoizeClients(provider);
  return provider;
}

/**
 * Okta accepts a client assertion only when its `aud` is the endpoint invoked (okta-api.md §11.2:
 * `aud=https://{org}/oauth2/v1/token`); oidc-provider also accepts the issuer. This narrows it to the
 * endpoint, under the public org URL or the URL the request arrived at.
 */
function requireEndpointAudience(provider: Provider, issuer: string): void {
  const context = (provider as unknown as { OIDCContext: { prototype: object } }).OIDCContext;
  Object.defineProperty(context.prototype, 'clientJwtAuthExpectedAudience', {
    value(this: { route: string; urlFor(route: string): string }) {
      const invoked = this.urlFor(this.route);
      return new Set([invoked, new URL(new URL(invoked).pathname, issuer).href]);
    },
  });
}

/**
 * oidc-provider's prompts, plus one: its own session still names a user whose Keyflow session has ended
 * (revoked, cleared or expired; findAccount then finds no account), so the user must sign in again.
 */
function keyflowPolicy() {
  const { Check, base } = interactionPolicy;
  const policy = base();
  policy.get('login')!.checks.add(
    new Check('keyflow_session_ended', 'The sign-in session has ended', (ctx) =>
      ctx.oidc.session?.accountId && !ctx.oidc.account ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
  );
  return policy;
}

/** Whether the Keyflow session named by the cookie is the user's and still alive (read through the
 *  request's transaction: on SQLite, a read through the store would wait for it forever). */
async function liveSession(deps: ProviderDeps, sessionId: string | undefined, userId: string): Promise<boolean> {
  if (!sessionId) return false;
  const session = await reposNow(deps.store).sessions.findById(sessionId);
  return session !== undefined && session.userId === userId && session.expiresAt > deps.clock.now().toISOString();
}

/**
 * Decides, after sign-in, whether the request needs the consent page (architecture: consent is stored
 * per user, client and scope). Unassigned users are refused here, with Okta's `access_denied`, so the
 * check holds whether or not the user had to type a password.
 */
async function loadGrant(ctx: KoaContextWithOIDC, deps: ProviderDeps) {
  const { client, account, session, provider } = ctx.oidc;
  if (!client || !account) return undefined;
  const repos = reposNow(deps.store);
  if (!(await repos.apps.findAssignment(client.clientId, account.accountId))) {
    throw new errors.AccessDenied('User is not assigned to the client application.');
  }
  const requested = [...(ctx.oidc.requestParamScopes ?? [])];
  const covered = await consentCovers(repos, account.accountId, client.clientId, requested);
  const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!covered) return existing;
  const grant = existing ?? new provider.Grant({ accountId: account.accountId, clientId: client.clientId });
  grant.addOIDCScope(requested.join(' '));
  await grant.save();
  return grant;
}

/** Whether the user has consented to every requested scope (or the app is TRUSTED: no consent page). */
export async function consentCovers(repos: Repositories, userId: string, clientId: string, scopes: readonly string[]): Promise<boolean> {
  const app = await repos.apps.findById(clientId);
  if (app?.consentMethod === 'TRUSTED') return true;
  const consented = new Set((await repos.consents.listForUser(userId, clientId)).map((c) => c.scopeId));
  return scopes.every((s) => s === 'openid' || consented.has(s));
}

/**
 * RP-initiated logout asks the user to confirm on a plain page: oidc-provider hands over its form (with
 * its xsrf token) and the buttons submit it, no JavaScript needed. Okta signs out without asking when the
 * id_token_hint is valid; Keyflow keeps the confirmation (documented in docs/oauth.md).
 */
function logoutConfirm(form: string): string {
  return renderLogout({ orgName: 'Keyflow', form: form.replace('<form ', '<form id="op.logoutForm" ') });
}
