import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import type { IdFactory } from '../core/ids.js';
import type { Store } from '../core/ports/store.js';
import { displayNameOf } from '../core/user.js';
import type { Services } from '../services/services.js';
import { renderConsent } from './pages/consent-page.js';
import { renderError } from './pages/error-page.js';
import { renderSignIn, SIGN_IN_FAILED } from './pages/sign-in-page.js';
import { consentCovers, SESSION_COOKIE } from './provider.js';

export interface InteractionDeps {
  provider: Provider;
  /** Where this provider's pages are served (SIGN_IN_PATHS). */
  basePath: string;
  store: Store;
  services: Services;
  ids: IdFactory;
  orgUrl: string;
  orgName: string;
  sessionSeconds: number;
}

interface FormBody {
  _csrf?: string;
  username?: string;
  password?: string;
  decision?: string;
}

/**
 * The hosted sign-in and consent pages of the org authorization server (server-rendered, no JavaScript).
 * oidc-provider sends the browser to `/signin/{uid}`; each POST carries a CSRF token (double-submit,
 * @fastify/csrf-protection) besides oidc-provider's own interaction cookie, and is answered with a
 * redirect back into the authorization request.
 */
export async function interactionRoutes(app: FastifyInstance, deps: InteractionDeps): Promise<void> {
  const secure = deps.orgUrl.startsWith('https:');
  await app.register(async (scope) => {
    await scope.register(fastifyCookie);
    await scope.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
    await scope.register(fastifyCsrf, { cookieKey: 'kf_csrf', cookieOpts: { path: '/signin', httpOnly: true, sameSite: 'lax', secure } });

    scope.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, request, reply) => {
      const csrf = err.code?.startsWith('FST_CSRF') ?? false;
      const status = csrf ? 403 : err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
      const message = csrf
        ? 'This form has expired or did not come from this site. Go back to the application and sign in again.'
        : err.name === 'SessionNotFound'
          ? 'This sign-in request has expired or was already used. Go back to the application and start again.'
          : 'The sign-in request could not be completed.';
      return page(reply.code(status), request, [], (nonce) => renderError({ title: 'Unable to continue', message, requestId: request.ctx.requestId, nonce }));
    });

    scope.get(`${deps.basePath}/:uid`, async (request, reply) => {
      const details = await deps.provider.interactionDetails(request.raw, reply.raw);
      const app = await deps.store.apps.findById(String(details.params.client_id));
      const label = app?.label ?? String(details.params.client_id);
      const targets = redirectOrigins(details.params.redirect_uri);
      if (details.prompt.name === 'login') {
        const csrfToken = reply.generateCsrf();
        return page(reply, request, targets, (nonce) => renderSignIn({ orgName: deps.orgName, appLabel: label, action: `${deps.basePath}/${details.uid}`, csrfToken, nonce }));
      }
      const user = await deps.store.users.findById(String(details.session?.accountId));
      if (!user) throw Object.assign(new Error('no session'), { name: 'SessionNotFound' });
      const requested = String(details.params.scope ?? '').split(' ').filter(Boolean);
      if (await consentCovers(deps.store, user.id, String(details.params.client_id), requested)) {
        // Consent was asked for only to keep offline_access (see keepOfflineAccess): nothing to show.
        return reply.redirect(await finishConsent(request, reply, details, user.id, requested), 303);
      }
      const scopes = requested.filter((s) => s !== 'openid');
      const csrfToken = reply.generateCsrf();
      return page(reply, request, targets, (nonce) => renderConsent({
        orgName: deps.orgName,
        appLabel: label,
        ...(app?.logoUri ? { appLogoUri: app.logoUri } : {}),
        ...(app?.clientUri ? { clientUri: app.clientUri } : {}),
        userDisplay: { name: displayNameOf(user), login: String(user.profile.login) },
        scopes,
        action: `${deps.basePath}/${details.uid}/consent`,
        csrfToken,
        nonce,
      }));
    });

    scope.post(`${deps.basePath}/:uid`, { preHandler: scope.csrfProtection }, async (request, reply) => {
      const details = await deps.provider.interactionDetails(request.raw, reply.raw);
      const form = (request.body ?? {}) as FormBody;
      const username = String(form.username ?? '').slice(0, 256);
      const result = await deps.services.signIn.signIn(request.ctx, username, String(form.password ?? ''), String(details.params.client_id));
      if (!result.ok) {
        const app = await deps.store.apps.findById(String(details.params.client_id));
        const csrfToken = reply.generateCsrf();
        return page(reply.code(401), request, redirectOrigins(details.params.redirect_uri), (nonce) => renderSignIn({
          orgName: deps.orgName,
          appLabel: app?.label ?? String(details.params.client_id),
          action: `${deps.basePath}/${details.uid}`,
          csrfToken,
          username,
          nonce,
          ...(result.reason === 'LOCKED_OUT' ? { locked: true } : { error: result.reason === 'PASSWORD_EXPIRED' ? 'Your password has expired. Ask your administrator to reset it.' : SIGN_IN_FAILED }),
        }));
      }
      reply.setCookie(SESSION_COOKIE, result.session.id, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: deps.sessionSeconds });
      const to = await deps.provider.interactionResult(request.raw, reply.raw, {
        login: { accountId: result.user.id, amr: ['pwd'], ts: Math.floor(Date.parse(result.session.createdAt) / 1000) },
      }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    });

    scope.post(`${deps.basePath}/:uid/consent`, { preHandler: scope.csrfProtection }, async (request, reply) => {
      const details = await deps.provider.interactionDetails(request.raw, reply.raw);
      const form = (request.body ?? {}) as FormBody;
      const accountId = String(details.session?.accountId ?? '');
      const clientId = String(details.params.client_id);
      if (!accountId || details.prompt.name !== 'consent') throw Object.assign(new Error('no consent pending'), { name: 'SessionNotFound' });
      if (form.decision !== 'allow') {
        const to = await deps.provider.interactionResult(request.raw, reply.raw, {
          error: 'access_denied',
          error_description: 'The resource owner or authorization server denied the request.',
        }, { mergeWithLastSubmission: false });
        return reply.redirect(to, 303);
      }
      const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
      await deps.services.apps.recordConsent(request.ctx, accountId, clientId, scopes.filter((s) => s !== 'openid'));
      return reply.redirect(await finishConsent(request, reply, details, accountId, scopes), 303);
    });
  });

  /** Grants the scopes to the client for the user and returns where the authorization request resumes. */
  async function finishConsent(request: FastifyRequest, reply: FastifyReply, details: Interaction, accountId: string, scopes: readonly string[]): Promise<string> {
    const clientId = String(details.params.client_id);
    const grant = (details.grantId ? await deps.provider.Grant.find(details.grantId) : undefined) ?? new deps.provider.Grant({ accountId, clientId });
    grant.addOIDCScope(scopes.join(' '));
    const grantId = await grant.save();
    return deps.provider.interactionResult(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** Sends a hosted page with a CSP that allows only its own nonce'd style and form posts to this org
   *  and the app's redirect origin (Chromium applies form-action to the redirect after the post). */
  function page(reply: FastifyReply, request: FastifyRequest, formTargets: string[], render: (nonce: string) => string): FastifyReply {
    const nonce = deps.ids.secret(22);
    const body = render(nonce);
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('X-Frame-Options', 'DENY')
      .header('Referrer-Policy', 'no-referrer')
      .header('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; img-src https: http:; form-action 'self' ${[deps.orgUrl, ...formTargets].join(' ')}; frame-ancestors 'none'; base-uri 'none'`)
      .header('X-Okta-Request-Id', request.ctx.requestId)
      .send(body);
  }
}

function redirectOrigins(redirectUri: unknown): string[] {
  try {
    return typeof redirectUri === 'string' ? [new URL(redirectUri).origin] : [];
  } catch {
    return [];
  }
}
