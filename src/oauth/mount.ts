import { isManagementScope } from '../core/scopes.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { envelope } from '../api/okta-error.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories, Store } from '../core/ports/store.js';
import { credentialsHonoured } from '../core/user-status.js';
import { recordEvents } from '../services/record-events.js';
import type { ServiceDeps } from '../services/service-deps.js';
import type { Services } from '../services/services.js';
import { toOktaError } from './okta-errors.js';
import { oauthEvents, type Observed } from './oauth-events.js';
import { insideProvider } from './provider-context.js';
import { isEndpointPath, SESSION_COOKIE } from './provider.js';
import { LateRefusal, reposOf, withUnitOfWork } from './unit-of-work.js';

interface RawWithContext extends IncomingMessage {
  keyflowCtx?: RequestContext;
  originalUrl?: string;
}

/** Endpoints that write (codes, tokens, consumption, revocation, sessions): each runs in one transaction. */
const WRITING = /\/v1\/(token|revoke|authorize|logout)(\/|$)/;

export interface MountDeps {
  org: Provider;
  custom: Provider;
  store: Store;
  services: Services;
  /** What LogEvents are built with (services' clock and ids). */
  eventDeps: Pick<ServiceDeps, 'clock' | 'ids'>;
}

/**
 * Mounts the org authorization server (`/oauth2/v1/**`, discovery at `/.well-known/*`) and the
 * `default` custom one (`/oauth2/default/**`) inside Fastify. oidc-provider is a Koa app: its routes
 * get the raw request (Fastify parses no body here) and Keyflow's Koa middleware around it
 *   1. runs writing endpoints in one store transaction with their LogEvents,
 *   2. rewrites errors to Okta's strings, and
 *   3. makes introspection answer as Okta does (`uid`, `username`, inactive while the user cannot act).
 */
export function mountAuthorizationServers(app: FastifyInstance, deps: MountDeps): void {
  for (const [provider, server] of [
    [deps.org, 'org'],
    [deps.custom, 'default'],
  ] as const) {
    provider.use(async (ctx, next) => keyflowMiddleware(ctx as KoaContextWithOIDC, next, server, deps));
    // oidc-provider answers every invalid_grant with the same description; what actually went wrong
    // (PKCE, redirect_uri, replay) is in the error's detail, which Keyflow needs for Okta's wording.
    for (const event of ['grant.error', 'authorization.error', 'introspection.error', 'revocation.error']) {
      (provider as unknown as { on(e: string, f: (ctx: object, err: { error_detail?: string; message?: string }) => void): void }).on(event, (ctx, err) => {
        errorDetails.set(ctx, err.error_detail ?? '');
      });
    }
  }
  const orgCallback = deps.org.callback();
  const customCallback = deps.custom.callback();

  app.register(async (scope) => {
    // oidc-provider reads the request body itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handOver = (callback: (req: IncomingMessage, res: ServerResponse) => unknown, mount?: string) => async (request: FastifyRequest, reply: { hijack(): void; raw: ServerResponse }) => {
      reply.hijack();
      const raw = request.raw as RawWithContext;
      raw.keyflowCtx = request.ctx;
      reply.raw.setHeader('X-Okta-Request-Id', request.ctx.requestId);
      if (mount) {
        raw.originalUrl = raw.url;
        raw.url = raw.url!.slice(mount.length) || '/';
      }
      await insideProvider(async () => callback(raw, reply.raw));
    };
    const org = handOver(orgCallback);
    const custom = handOver(customCallback, '/oauth2/default');
    scope.all('/oauth2/v1/*', org);
    scope.get('/.well-known/openid-configuration', org);
    scope.get('/.well-known/oauth-authorization-server', (request, reply) => {
      // Okta lists it for the org AS; oidc-provider serves one discovery document, so this is an alias.
      request.raw.url = request.raw.url!.replace('/oauth-authorization-server', '/openid-configuration');
      return org(request, reply);
    });
    scope.all('/oauth2/default/*', custom);
    scope.get('/.well-known/oauth-authorization-server/oauth2/default', (request, reply) => {
      request.raw.url = '/oauth2/default/.well-known/openid-configuration';
      return custom(request, reply);
    });
  });
}

async function keyflowMiddleware(ctx: KoaContextWithOIDC, next: () => Promise<void>, server: 'org' | 'default', deps: MountDeps): Promise<void> {
  const base = (ctx.req as RawWithContext).keyflowCtx!;
  keepOfflineAccess(ctx);
  const observe = async (): Promise<void> => {
    await next();
    if (!ctx.oidc && ctx.status === 404 && ctx.body == null) return answerUnrouted(ctx, deps.eventDeps.ids);
    await afterEndpoint(ctx, deps.store);
  };
  // Introspection and userinfo only read: they run outside a transaction, on the hot read path.
  if (WRITING.test(ctx.path)) {
    const logEvents = async (tx: Repositories) => {
      if (!ctx.oidc?.route) return;
      const seen = observedNow(ctx);
      // One append for the request's events (they share one attributed context): three statements, not nine.
      const events = await oauthEvents(ctx, base, server, seen, tx);
      if (events.length > 0) await recordEvents(deps.eventDeps, tx, events[0]!.ctx, events.map((e) => e.spec));
      if (seen.route === 'end_session_confirm' && seen.status < 400) await endKeyflowSession(ctx, tx, base, deps.services);
    };
    try {
      await withUnitOfWork(deps.store, ctx, observe, logEvents);
    } catch (thrown) {
      const err = thrown instanceof LateRefusal ? refusalOf(ctx, thrown) : thrown;
      if (!(err instanceof Refusal)) throw err;
      ctx.status = err.status;
      ctx.body = err.body;
      observations.set(ctx, { ...observedNow(ctx), status: err.status, answeredError: err.body.error, body: err.body, ...(err.providerError ? { providerError: err.providerError } : {}) });
      await deps.store.transaction((tx) => logEvents(tx));
    }
  } else {
    await observe();
  }
}

/**
 * A request oidc-provider routes nowhere: 405 E0000022 on a path it serves with another method, 404
 * E0000008 elsewhere, in Okta's JSON envelope as on /api/v1 (rather than Koa's plain-text "Not Found").
 */
function answerUnrouted(ctx: KoaContextWithOIDC, ids: ServiceDeps['ids']): void {
  const err = new ApiError(isEndpointPath(ctx.path) ? 'E0000022' : 'E0000008');
  ctx.status = err.status;
  ctx.type = 'application/json';
  ctx.body = envelope(err, ids);
}

/**
 * Okta issues a refresh token whenever `offline_access` is requested and granted; oidc-provider follows
 * OIDC Core and drops `offline_access` unless the request says `prompt=consent`. Adding that prompt to a
 * request that names no prompt keeps the scope; the consent step it causes is answered at once, without
 * a page, when the user has already consented (src/oauth/interactions.ts).
 */
function keepOfflineAccess(ctx: KoaContextWithOIDC): void {
  if (ctx.method !== 'GET' || !ctx.path.endsWith('/v1/authorize')) return;
  const query = ctx.query;
  const scope = typeof query.scope === 'string' ? query.scope.split(' ') : [];
  if (!scope.includes('offline_access') || query.prompt !== undefined) return;
  // oidc-provider derives its mount path (`/oauth2/default`) from where the request URL sits inside
  // `originalUrl`; the rewritten URL must stay inside it.
  const raw = ctx.req as RawWithContext;
  const mount = raw.originalUrl ? raw.originalUrl.slice(0, raw.originalUrl.length - ctx.url.length) : undefined;
  ctx.query = { ...query, prompt: 'consent' };
  if (mount !== undefined) raw.originalUrl = mount + ctx.url;
}

/** Thrown inside an endpoint's transaction to undo what oidc-provider did and answer an error instead. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; error_description: string },
    /** The error before it was rewritten to Okta's wording, when oidc-provider raised it. */
    readonly providerError?: { error: string; description: string },
  ) {
    super(body.error_description);
  }
}

/**
 * The answer to a request whose kept writes were refused at its end (unit-of-work.ts): what the
 * endpoint would have answered had the write failed when oidc-provider made it, in Okta's wording.
 */
function refusalOf(ctx: KoaContextWithOIDC, late: LateRefusal): Refusal {
  const cause = late.cause as Error & { error?: string; error_description?: string; error_detail?: string; status?: number };
  const error = cause.error ?? 'invalid_grant';
  const description = cause.error_description ?? '';
  const detail = cause.error_detail ?? cause.message;
  const mapped = toOktaError({ error, error_description: description }, { ...errorContext(ctx), detail });
  return new Refusal(mapped.status ?? cause.status ?? 400, { error: mapped.error, error_description: mapped.error_description ?? '' }, { error, description: `${description} ${detail}`.trim() });
}

/** What Okta's wording of an error depends on in the request: its grant type and first `okta.*` scope. */
function errorContext(ctx: KoaContextWithOIDC): { grantType?: string; scope?: string } {
  const params = (ctx.oidc?.params ?? {}) as Record<string, unknown>;
  return {
    ...(typeof params.grant_type === 'string' ? { grantType: params.grant_type } : {}),
    ...(typeof params.scope === 'string' ? { scope: firstOktaScope(params.scope) } : {}),
  };
}

/** The detail of the error an endpoint failed with, keyed by its Koa context. */
const errorDetails = new WeakMap<object, string>();

/** Filled in by afterEndpoint, read when the events are built. */
const observations = new WeakMap<KoaContextWithOIDC, Observed>();

function observedNow(ctx: KoaContextWithOIDC): Observed {
  return observations.get(ctx) ?? { route: ctx.oidc?.route ?? '', status: ctx.status, body: undefined, location: undefined };
}

/** Rewrites the answer the Okta way and remembers what happened (observations) for the LogEvents. */
async function afterEndpoint(ctx: KoaContextWithOIDC, store: Store): Promise<void> {
  const seen: Observed = { route: ctx.oidc?.route ?? '', status: ctx.status, body: undefined, location: ctx.response.get('location') || undefined };
  const context = errorContext(ctx);
  const body = ctx.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.error === 'string') {
    const detail = errorDetails.get(ctx) ?? '';
    seen.providerError = { error: body.error, description: `${String(body.error_description ?? '')} ${detail}`.trim() };
    const app = ctx.oidc?.client ? await reposOf(ctx, store).apps.findById(ctx.oidc.client.clientId) : undefined;
    const mapped = toOktaError(
      { error: body.error, error_description: String(body.error_description ?? '') },
      { ...context, detail, ...(app ? { applicationType: app.applicationType } : {}) },
    );
    ctx.body = { error: mapped.error, error_description: mapped.error_description };
    if (mapped.status) ctx.status = seen.status = mapped.status;
    seen.answeredError = mapped.error;
  } else if (seen.location && ctx.status >= 300 && ctx.status < 400 && seen.location.includes('error=')) {
    const url = new URL(seen.location);
    const error = url.searchParams.get('error');
    if (error) {
      const detail = errorDetails.get(ctx) ?? '';
      seen.providerError = { error, description: `${url.searchParams.get('error_description') ?? ''} ${detail}`.trim() };
      const mapped = toOktaError({ error, error_description: url.searchParams.get('error_description') ?? '' }, { ...context, detail });
      url.searchParams.set('error', mapped.error);
      if (mapped.error_description) url.searchParams.set('error_description', mapped.error_description);
      ctx.redirect(url.href);
      ctx.status = seen.status;
      seen.location = url.href;
      seen.answeredError = mapped.error;
    }
  } else if (seen.route === 'introspection' && body && body.active === true) {
    ctx.body = await introspectionAsOkta(body, reposOf(ctx, store));
  } else if (seen.route === 'token' && context.grantType === 'client_credentials' && body && !body.scope) {
    // Okta refuses a client-credentials request without scopes; the token oidc-provider minted is
    // rolled back with the transaction.
    throw new Refusal(400, { error: 'invalid_scope', error_description: 'No scopes were requested.' });
  }
  seen.body = ctx.body as Record<string, unknown> | undefined;
  observations.set(ctx, seen);
}

function firstOktaScope(scope: string): string | undefined {
  return scope.split(' ').find(isManagementScope);
}

/**
 * Okta's introspection: `sub` is the user's login and `uid` the user id for user tokens; a token whose
 * user cannot act now (suspended, deactivated) is `{"active": false}` (architecture.md token table).
 */
async function introspectionAsOkta(body: Record<string, unknown>, repos: Repositories): Promise<Record<string, unknown>> {
  const userId = typeof body.sub === 'string' && body.sub.startsWith('00u') ? body.sub : undefined;
  if (!userId) return body;
  const user = await repos.users.findById(userId);
  if (!user || !credentialsHonoured(user.status)) return { active: false };
  // oidc-provider built `body` for this answer alone; set in place (a copy of it cost more than the rest).
  const login = String(user.profile.login);
  body.sub = login;
  body.username = login;
  body.uid = user.id;
  return body;
}

/**
 * RP-initiated logout ends the Keyflow session too, and says so in the System Log. Only the session of the
 * account being logged out: when someone signs in as another account over an existing session
 * (`prompt=login`, e.g. to authorize a Workflows connection as a service account), oidc-provider logs the
 * previous account out after the sign-in, and the cookie by then names the new account's session, which
 * must live on (otherwise the new account would be asked to sign in a second time).
 */
async function endKeyflowSession(ctx: KoaContextWithOIDC, tx: Repositories, base: RequestContext, services: Services): Promise<void> {
  const sessionId = ctx.cookies.get(SESSION_COOKIE);
  if (!sessionId) return;
  const loggedOut = ctx.oidc.session?.accountId;
  const ended = await services.signIn.endSessionIn(tx, base, sessionId, ctx.oidc.client?.clientId, loggedOut);
  if (ended || !loggedOut) ctx.cookies.set(SESSION_COOKIE, null);
}
