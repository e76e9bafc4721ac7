import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Config } from '../config/config-schema.js';
import { ApiError } from '../core/errors.js';
import { isWellFormedDeep } from '../core/storable-text.js';
import type { IdFactory } from '../core/ids.js';
import type { Clock } from '../core/clock.js';
import type { Services } from '../services/services.js';
import { authorize } from './authenticate.js';
import { errorHandler, sendError } from './okta-error.js';
import { bucketOf, RateLimiter } from './rate-limits.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './parse/json-depth.js';
import { requestContext } from './request-context.js';
import { renderError } from '../oauth/pages/error-page.js';
import { apiTokenRoutes } from './routes/api-tokens.js';
import { appGrantRoutes } from './routes/app-grants.js';
import { appUserRoutes } from './routes/app-users.js';
import { appRoutes } from './routes/apps.js';
import { clientRoleRoutes } from './routes/client-roles.js';
import { eventHookRoutes } from './routes/event-hooks.js';
import { groupRoutes } from './routes/groups.js';
import { logRoutes } from './routes/logs.js';
import { sessionRoutes } from './routes/sessions.js';
import { roleRoutes } from './routes/roles.js';
import { userGrantRoutes } from './routes/user-grants.js';
import { userLifecycleRoutes } from './routes/user-lifecycle.js';
import { userRoutes } from './routes/users.js';

const NUL_IN_JSON = /\u0000|\\u0000/i;
const NUL_IN_URL = /%00/;
/** The authorization server's browser-facing pages: authorize and logout (org and custom servers) and the hosted sign-in. */
const FRONT_CHANNEL = /^\/(?:oauth2\/(?:[^/?]+\/)?v1\/(?:authorize|logout)(?:[/?]|$)|signin\/)/;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export interface ApiDeps {
  config: Pick<Config, 'orgUrl' | 'trustedProxies' | 'rateLimits' | 'bodyLimitBytes' | 'logLevel'>;
  services: Services;
  ids: IdFactory;
  clock: Clock;
}

/**
 * The Fastify app for `/api/v1/**`: request ids, Okta's error envelope, authentication and authorization,
 * rate limits, and one file of routes per resource.
 */
export function buildApi({ config, services, ids, clock }: ApiDeps): FastifyInstance {
  // Keyflow's own server log. Fastify's per-request child loggers are not used: building one per request
  // costs a noticeable share of a cached GET, and the System Log records what each request did.
  const log = pino({ level: config.logLevel });
  const app = Fastify({
    logger: false,
    // Each request gets an Okta-shaped id; an incoming X-Request-Id is never trusted.
    genReqId: () => ids.requestId(),
    requestIdHeader: false,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    // Logins are up to 100 characters, more once URL-encoded; ids are 20.
    routerOptions: { maxParamLength: 1024 },
    // Malformed URLs and over-long path parameters are refused by the router before any hook runs:
    // answer them in Okta's envelope too.
    frameworkErrors: (error, request, reply) => {
      reply.header('X-Okta-Request-Id', request.id);
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return sendError(reply, new ApiError('E0000001', { status: tooLong ? 414 : 400, detail: 'url', causes: [tooLong ? 'url: A path parameter is too long' : 'url: The request URL is malformed'] }), ids);
    },
  });
  const limiter = new RateLimiter(config.rateLimits);

  // JSON only (okta-api.md §1.2). An empty body is fine on body-less lifecycle POSTs.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || body === undefined) return done(null, undefined);
    // PostgreSQL cannot hold NUL or an unpaired surrogate, and no Okta attribute needs either: refuse
    // them at the edge, on both stores (core/storable-text.ts).
    if (NUL_IN_JSON.test(body as string)) return done(new ApiError('E0000003', { causes: ['The request body contains a NUL character'] }), undefined);
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) return done(new ApiError('E0000003', { causes: [`The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`] }), undefined);
    if (!SURROGATE_ESCAPE.test(body as string)) return jsonParser(request, body as string, done);
    // Only an escape can make an unpaired surrogate (raw invalid UTF-8 is decoded as U+FFFD), so only a
    // body with one is walked after parsing.
    jsonParser(request, body as string, (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      if (!isWellFormedDeep(value)) return done(new ApiError('E0000003', { causes: ['The request body contains an unpaired UTF-16 surrogate (a \\uD800–\\uDFFF escape without its partner)'] }), undefined);
      done(null, value);
    });
  });

  app.decorateRequest('ctx', null as never);
  // Synchronous (callback-style) so that the common path allocates no promise.
  app.addHook('onRequest', (request, reply, done) => {
    request.ctx = requestContext(request);
    reply.header('X-Okta-Request-Id', request.id);
    if (NUL_IN_URL.test(request.url)) {
      // A browser sent to the authorization server's pages gets a page, as for any other bad authorize
      // request there; everything else gets Okta's JSON.
      if (request.method === 'GET' && FRONT_CHANNEL.test(request.url)) {
        reply.code(400).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store');
        reply.send(renderError({ title: 'Something went wrong', message: 'The request URL contains a NUL character.', requestId: request.id }));
        return;
      }
      return done(new ApiError('E0000001', { detail: 'url', causes: ['The request URL contains a NUL character'] }));
    }
    // A PUT or POST with neither a body nor a Content-Length is refused with 411 (okta-api.md §1.2).
    if ((request.method === 'POST' || request.method === 'PUT') && request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
      return done(new ApiError('E0000003', { status: 411, causes: ['Content-Length is required'] }));
    }
    done();
  });
  if (limiter.enabled) {
    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.url;
      if (!route) return;
      const bucket = bucketOf(request.method, route);
      const decision = limiter.take(bucket, clock.now().getTime());
      if (!decision) return;
      for (const [name, value] of Object.entries(decision.headers)) reply.header(name, value);
      if (decision.exceeded) {
        if (decision.firstViolation) await services.logs.recordRateLimitViolation(request.ctx, bucket);
        throw RateLimiter.refusal(decision.headers);
      }
    });
  }
  app.addHook('preHandler', async (request) => {
    const requires = request.routeOptions.config.requires;
    if (requires) await authorize(services, request, requires, request.routeOptions.config.scope, config.orgUrl);
  });

  app.setErrorHandler(errorHandler(ids, log));
  app.setNotFoundHandler((request, reply) => {
    request.ctx ??= requestContext(request);
    reply.header('X-Okta-Request-Id', request.id);
    return sendError(reply, new ApiError('E0000008'), ids);
  });

  userRoutes(app, services);
  userLifecycleRoutes(app, services);
  groupRoutes(app, services);
  roleRoutes(app, services);
  apiTokenRoutes(app, services);
  logRoutes(app, services);
  appRoutes(app, services);
  appUserRoutes(app, services);
  appGrantRoutes(app, services);
  userGrantRoutes(app, services);
  clientRoleRoutes(app, services);
  sessionRoutes(app, services);
  eventHookRoutes(app, services);
  return app;
}
