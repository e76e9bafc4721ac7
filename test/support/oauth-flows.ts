import * as oidc from 'openid-client';
import { expect } from 'vitest';
import { FormBrowser } from './oauth-client.js';
import type { ServiceApp, WebApp } from './oauth-org.js';
import { ADMIN_PASSWORD, call, type TestOrg } from './test-org.js';

/**
 * Glue between the real OAuth client libraries (openid-client 6) and a Keyflow test org: discovery over
 * plain http on 127.0.0.1, the hosted sign-in pages walked by a FormBrowser, and System Log look-ups.
 */

/** openid-client refuses http:// issuers unless told otherwise; the test org is plain http. */
const insecure = { execute: [oidc.allowInsecureRequests] };

/** Discovers `issuer` (the org URL, or `<org>/oauth2/default`) for a web app using client_secret_basic. */
export function discoverWebApp(issuer: string, app: WebApp): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), app.id, { client_secret: app.secret }, oidc.ClientSecretBasic(app.secret), insecure);
}

/**
 * Discovers the org AS for a service app authenticating with private_key_jwt. openid-client puts the
 * issuer in the assertion's `aud`; Okta's org AS wants the token endpoint there (okta-api.md §11.2,
 * `client_assertion_invalid_audience`), so unless `audience: 'issuer'` is asked for, the assertion is
 * rewritten the way an Okta integration configures openid-client.
 */
export async function discoverServiceApp(org: TestOrg, app: ServiceApp, opts: { audience?: 'token_endpoint' | 'issuer' } = {}): Promise<oidc.Configuration> {
  const tokenEndpoint = `${org.url}/oauth2/v1/token`;
  const assertion = opts.audience === 'issuer' ? {} : { [oidc.modifyAssertion]: (_header: Record<string, unknown>, payload: Record<string, unknown>) => void (payload.aud = tokenEndpoint) };
  return oidc.discovery(new URL(org.url), app.id, { token_endpoint_auth_method: 'private_key_jwt' }, oidc.PrivateKeyJwt({ key: app.privateKey, kid: app.kid }, assertion), insecure);
}

/**
 * Drives an authorization URL built by openid-client through the hosted pages like a browser without
 * JavaScript: signs in (if asked to), approves consent (if shown) and returns where it ended — the
 * app's redirect URI with the code (or error) — plus the browser, whose cookies keep the session.
 */
export async function signInAt(
  authorizationUrl: URL,
  orgUrl: string,
  opts: { browser?: FormBrowser; username?: string; password?: string } = {},
): Promise<{ redirect: URL; browser: FormBrowser; sawSignIn: boolean; sawConsent: boolean }> {
  const browser = opts.browser ?? new FormBrowser(orgUrl);
  let step = await browser.follow(authorizationUrl.href);
  const sawSignIn = step.html.includes('name="password"');
  if (sawSignIn) {
    step = await browser.submit(step.url, step.html, { username: opts.username ?? 'admin@example.com', password: opts.password ?? ADMIN_PASSWORD });
  }
  const sawConsent = step.html.includes('name="decision"');
  if (sawConsent) step = await browser.submit(step.url, step.html, { decision: 'allow' });
  expect(step.url.startsWith(orgUrl), `the flow stopped inside the org at ${step.url} (${step.res.status}): ${step.html.slice(0, 400)}`).toBe(false);
  return { redirect: new URL(step.url), browser, sawSignIn, sawConsent };
}

/** The System Log events of one type, newest last (`filter=eventType eq "…"`, read with the admin's SSWS token). */
export async function logEvents(org: TestOrg, eventType: string): Promise<any[]> {
  const filter = encodeURIComponent(`eventType eq "${eventType}"`);
  const res = await call(org, 'GET', `/api/v1/logs?filter=${filter}&limit=1000`);
  expect(res.status, res.text).toBe(200);
  return res.body as any[];
}

/** The events one request caused: Okta's `transaction.id` is the request's X-Okta-Request-Id. */
export async function eventsOfRequest(org: TestOrg, requestId: string): Promise<any[]> {
  const filter = encodeURIComponent(`transaction.id eq "${requestId}"`);
  const res = await call(org, 'GET', `/api/v1/logs?filter=${filter}&limit=1000`);
  expect(res.status, res.text).toBe(200);
  return res.body as any[];
}

/** Runs `fn` and returns the OAuth error it failed with (openid-client's ResponseBodyError) and its request id. */
export async function oauthFailure(fn: () => Promise<unknown>): Promise<{ status: number; error: string; error_description: string | undefined; requestId: string | null }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof oidc.ResponseBodyError) {
      return { status: err.status, error: err.error, error_description: err.error_description, requestId: err.response.headers.get('x-okta-request-id') };
    }
    throw err;
  }
  throw new Error('expected the OAuth request to fail; it succeeded');
}
