import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { expect } from 'vitest';
import { FormBrowser, pkcePair } from './oauth-client.js';
import { call, type TestOrg } from './test-org.js';

/** Callback URL of the test apps; nothing listens there: the flow stops at the redirect. */
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export interface WebApp {
  id: string;
  secret: string;
}

/** Creates an active OIDC web app through `POST /api/v1/apps`, grants it `okta.*` scopes, assigns users. */
export async function createWebApp(
  org: TestOrg,
  opts: { label?: string; scopes?: string[]; assign?: string[]; consent?: 'REQUIRED' | 'TRUSTED'; redirectUris?: string[] } = {},
): Promise<WebApp> {
  const res = await call(org, 'POST', '/api/v1/apps', {
    body: {
      name: 'oidc_client',
      label: opts.label ?? 'Test Web App',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: {
        oauthClient: {
          application_type: 'web',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: opts.redirectUris ?? [REDIRECT_URI],
          post_logout_redirect_uris: ['http://127.0.0.1:9/signed-out'],
          consent_method: opts.consent ?? 'TRUSTED',
        },
      },
    },
  });
  expect(res.status, res.text).toBe(200);
  const app = { id: res.body.id as string, secret: res.body.credentials.oauthClient.client_secret as string };
  for (const scope of opts.scopes ?? []) await grantScope(org, app.id, scope);
  for (const userId of opts.assign ?? []) await assignUser(org, app.id, userId);
  return app;
}

export async function grantScope(org: TestOrg, appId: string, scopeId: string): Promise<void> {
  const res = await call(org, 'POST', `/api/v1/apps/${appId}/grants`, { body: { scopeId, issuer: org.url } });
  expect(res.status, res.text).toBe(201);
}

export async function assignUser(org: TestOrg, appId: string, userId: string): Promise<void> {
  const res = await call(org, 'POST', `/api/v1/apps/${appId}/users`, { body: { id: userId, scope: 'USER' } });
  expect(res.status, res.text).toBe(200);
}

export interface ServiceApp {
  id: string;
  privateKey: CryptoKey;
  privateJwk: JWK;
  kid: string;
}

/** A service app with a fresh RSA key pair, authenticating with private_key_jwt. */
export async function createServiceApp(org: TestOrg, opts: { scopes?: string[]; roles?: string[]; authMethod?: string } = {}): Promise<ServiceApp> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `k${Math.random().toString(36).slice(2, 10)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const res = await call(org, 'POST', '/api/v1/apps', {
    body: {
      name: 'oidc_client',
      label: 'Test Service App',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: opts.authMethod ?? 'private_key_jwt' } },
      settings: {
        oauthClient: {
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          redirect_uris: [],
          ...(opts.authMethod && opts.authMethod !== 'private_key_jwt' ? {} : { jwks: { keys: [publicJwk] } }),
        },
      },
    },
  });
  expect(res.status, res.text).toBe(200);
  const id = res.body.id as string;
  for (const scope of opts.scopes ?? []) await grantScope(org, id, scope);
  for (const type of opts.roles ?? []) {
    const role = await call(org, 'POST', `/oauth2/v1/clients/${id}/roles`, { body: { type } });
    expect(role.status, role.text).toBe(200);
  }
  return { id, privateKey, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' }, kid };
}

/** A private_key_jwt client assertion for the org's token endpoint (what the Okta SDK signs). */
export async function clientAssertion(org: TestOrg, app: ServiceApp, overrides: { exp?: number; aud?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: app.kid })
    .setIssuer(app.id)
    .setSubject(app.id)
    .setAudience(overrides.aud ?? `${org.url}/oauth2/v1/token`)
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 300)
    .setJti(crypto.randomUUID())
    .sign(app.privateKey);
}

/** A form POST to an authorization-server endpoint, with client_secret_basic when a client is given. */
export function clientPost(org: TestOrg, path: string, form: Record<string, string>, auth?: WebApp): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth.id}:${auth.secret}`).toString('base64')}`;
  return fetch(`${org.url}${path}`, { method: 'POST', headers, body: new URLSearchParams(form) });
}

export async function tokenRequest(org: TestOrg, form: Record<string, string>, auth?: WebApp): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await clientPost(org, '/oauth2/v1/token', form, auth);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** `POST /oauth2/v1/revoke` as the client `app`. */
export function revokeToken(org: TestOrg, app: WebApp, token: string): Promise<Response> {
  return clientPost(org, '/oauth2/v1/revoke', { token }, app);
}

export async function clientCredentials(org: TestOrg, app: ServiceApp, scope: string) {
  return tokenRequest(org, {
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(org, app),
  });
}

export interface CodeFlow {
  browser: FormBrowser;
  /** Where the authorization request ended: the client's redirect URI with code or error. */
  redirect: URL;
  verifier: string;
}

/**
 * Runs /authorize through the hosted pages like a browser without JavaScript: signs in with the given
 * credentials (if asked to), approves or denies consent (if shown), and stops at the redirect to the app.
 */
export async function authorize(
  org: TestOrg,
  app: { id: string },
  opts: { scope: string; username?: string; password?: string; consent?: 'allow' | 'deny'; browser?: FormBrowser; extra?: Record<string, string> },
): Promise<CodeFlow> {
  const browser = opts.browser ?? new FormBrowser(org.url);
  const { verifier, challenge } = pkcePair();
  const query = new URLSearchParams({
    client_id: app.id,
    response_type: 'code',
    scope: opts.scope,
    redirect_uri: REDIRECT_URI,
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...opts.extra,
  });
  let step = await browser.follow(`${org.url}/oauth2/v1/authorize?${query}`);
  if (step.html.includes('name="password"')) {
    step = await browser.submit(step.url, step.html, { username: opts.username ?? '', password: opts.password ?? '' });
  }
  if (step.html.includes('name="decision"')) {
    const form = step.html;
    step = await browser.submit(step.url, form, { decision: opts.consent ?? 'allow' });
  }
  return { browser, redirect: new URL(step.url), verifier };
}

/** The full code flow to tokens: authorize, then exchange the code with the client secret. */
export async function codeTokens(org: TestOrg, app: WebApp, opts: Parameters<typeof authorize>[2]) {
  const flow = await authorize(org, app, opts);
  const code = flow.redirect.searchParams.get('code');
  expect(code, `authorize ended at ${flow.redirect.href}`).toBeTruthy();
  const res = await tokenRequest(org, { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: flow.verifier }, app);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...res.body, browser: flow.browser } as { access_token: string; refresh_token?: string; id_token?: string; scope: string; browser: FormBrowser };
}

/** Creates an active user with a password, optionally with an admin role. */
export async function createPerson(org: TestOrg, login: string, password: string, role?: string): Promise<string> {
  const res = await call(org, 'POST', '/api/v1/users?activate=true', {
    body: { profile: { firstName: 'Pat', lastName: login.split('@')[0], email: login, login }, credentials: { password: { value: password } } },
  });
  expect(res.status, res.text).toBe(200);
  if (role) {
    const r = await call(org, 'POST', `/api/v1/users/${res.body.id}/roles`, { body: { type: role } });
    expect(r.status, r.text).toBe(201);
  }
  return res.body.id as string;
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...extra };
}

export async function introspect(org: TestOrg, app: WebApp, token: string, hint?: string): Promise<any> {
  const res = await clientPost(org, '/oauth2/v1/introspect', { token, ...(hint ? { token_type_hint: hint } : {}) }, app);
  expect(res.status).toBe(200);
  return res.json();
}
