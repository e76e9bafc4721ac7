import { exportPKCS8 } from 'jose';
import { Client } from '@okta/okta-sdk-nodejs';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../support/oauth-client.js';
import { discoverServiceApp, discoverWebApp, eventsOfRequest, logEvents, oauthFailure, signInAt } from '../support/oauth-flows.js';
import { bearer, createServiceApp, createWebApp, REDIRECT_URI, type ServiceApp, type WebApp } from '../support/oauth-org.js';
import { RecordingRequestExecutor, unique, type Exchange, type OktaClient } from '../support/okta-client.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * The org authorization server (okta-api.md §11) as the real client libraries see it, on every store
 * kind: openid-client 6 (discovery, authorization code + PKCE through the hosted pages, refresh-token
 * rotation and reuse detection, introspection, revocation, client credentials with private_key_jwt,
 * userinfo, RP-initiated logout), the `default` custom AS, and the Okta Node SDK in `PrivateKey` mode.
 * Nothing here reads Keyflow's internals: only HTTP, HTML and the System Log.
 */

const kinds = await storeKinds();

/** createWebApp registers this post-logout redirect URI. */
const SIGNED_OUT = 'http://127.0.0.1:9/signed-out';
const ADMIN_LOGIN = 'admin@example.com';
const USER_SCOPES = 'openid profile email offline_access okta.users.read';
const REFRESH_REFUSED = { status: 400, error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

const sorted = (scope: string | undefined) => String(scope ?? '').split(' ').filter(Boolean).sort();

describe.each(kinds)('openid-client against the org authorization server (%s store)', (kind) => {
  let org: TestOrg;
  let web: WebApp;
  let config: oidc.Configuration;

  beforeAll(async () => {
    org = await startTestOrg(kind);
    web = await createWebApp(org, { label: 'openid-client Web App', scopes: ['okta.users.read'], assign: [org.adminId] });
    config = await discoverWebApp(org.url, web);
  });
  afterAll(async () => {
    await org?.close();
  });

  /** Authorization code + PKCE: openid-client builds the request and redeems the code; a FormBrowser signs in. */
  async function codeFlow(opts: { config?: oidc.Configuration; scope?: string; browser?: FormBrowser; extra?: Record<string, string> } = {}) {
    const cfg = opts.config ?? config;
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(cfg, {
      redirect_uri: REDIRECT_URI,
      scope: opts.scope ?? USER_SCOPES,
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      ...opts.extra,
    });
    const walked = await signInAt(url, org.url, opts.browser ? { browser: opts.browser } : {});
    expect(walked.redirect.searchParams.get('error'), walked.redirect.href).toBeNull();
    const tokens = await oidc.authorizationCodeGrant(cfg, walked.redirect, { pkceCodeVerifier, expectedState: state });
    return { tokens, ...walked };
  }

  function api(method: string, path: string, accessToken: string, body?: unknown) {
    return call(org, method, path, { token: null, headers: bearer(accessToken), ...(body !== undefined ? { body } : {}) });
  }

  describe('discovery', () => {
    it('discovers the org AS: issuer is the org URL, endpoints at Okta’s /oauth2/v1 paths', () => {
      const meta = config.serverMetadata();
      expect(meta.issuer).toBe(org.url);
      expect(meta).toMatchObject({
        authorization_endpoint: `${org.url}/oauth2/v1/authorize`,
        token_endpoint: `${org.url}/oauth2/v1/token`,
        revocation_endpoint: `${org.url}/oauth2/v1/revoke`,
        introspection_endpoint: `${org.url}/oauth2/v1/introspect`,
        jwks_uri: `${org.url}/oauth2/v1/keys`,
        userinfo_endpoint: `${org.url}/oauth2/v1/userinfo`,
        end_session_endpoint: `${org.url}/oauth2/v1/logout`,
      });
      expect(meta.code_challenge_methods_supported).toContain('S256');
      expect(meta.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'private_key_jwt']));
      expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access', 'okta.users.read']));
    });

    it('discovers the default custom AS at <org>/oauth2/default, which offers no okta.* scopes', async () => {
      const custom = await discoverWebApp(`${org.url}/oauth2/default`, web);
      const meta = custom.serverMetadata();
      expect(meta.issuer).toBe(`${org.url}/oauth2/default`);
      expect(meta).toMatchObject({
        authorization_endpoint: `${org.url}/oauth2/default/v1/authorize`,
        token_endpoint: `${org.url}/oauth2/default/v1/token`,
        jwks_uri: `${org.url}/oauth2/default/v1/keys`,
        userinfo_endpoint: `${org.url}/oauth2/default/v1/userinfo`,
        end_session_endpoint: `${org.url}/oauth2/default/v1/logout`,
      });
      expect(meta.scopes_supported ?? []).not.toContain('okta.users.read');
    });
  });

  describe('authorization code + PKCE', () => {
    it('signs in and consents on the hosted pages; ID token claims, Bearer on /api/v1, userinfo; then SSO', async () => {
      const consenting = await createWebApp(org, { label: 'Consent Required App', scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED' });
      const cfg = await discoverWebApp(org.url, consenting);
      const { tokens, browser, sawSignIn, sawConsent } = await codeFlow({ config: cfg });
      expect({ sawSignIn, sawConsent }).toEqual({ sawSignIn: true, sawConsent: true });
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      expect(tokens.expires_in).toBe(3600);
      expect(sorted(tokens.scope)).toEqual(sorted(USER_SCOPES));
      expect(tokens.refresh_token).toBeTruthy();
      const claims = tokens.claims()!;
      expect(claims.iss).toBe(org.url);
      expect([claims.aud].flat()).toContain(consenting.id);
      expect(claims.sub).toBe(org.adminId);

      const admin = await api('GET', `/api/v1/users/${org.adminId}`, tokens.access_token);
      expect(admin.status, admin.text).toBe(200);
      expect(admin.body.profile.login).toBe(ADMIN_LOGIN);

      const info = await oidc.fetchUserInfo(cfg, tokens.access_token, org.adminId);
      expect(info.sub).toBe(org.adminId);
      expect(info.email).toBe(ADMIN_LOGIN);

      // The same browser again: its session signs it in, and the consent is remembered.
      const again = await codeFlow({ config: cfg, browser });
      expect({ sawSignIn: again.sawSignIn, sawConsent: again.sawConsent }).toEqual({ sawSignIn: false, sawConsent: false });
      expect(again.tokens.claims()!.sub).toBe(org.adminId);
    });

    it('ID token signatures verify against /oauth2/v1/keys (non-repudiation checks on)', async () => {
      const strict = await discoverWebApp(org.url, web);
      oidc.enableNonRepudiationChecks(strict);
      const { tokens } = await codeFlow({ config: strict, scope: 'openid' });
      expect(tokens.claims()!.sub).toBe(org.adminId);
    });
  });

  describe('refresh tokens', () => {
    it('rotate on every refresh; replaying a used one is refused and revokes the whole grant, logged as detect_reuse', async () => {
      const { tokens } = await codeFlow();
      const first = tokens.refresh_token!;
      const refreshed = await oidc.refreshTokenGrant(config, first);
      expect(refreshed.refresh_token).toBeTruthy();
      expect(refreshed.refresh_token).not.toBe(first);
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      expect(sorted(refreshed.scope)).toEqual(sorted(USER_SCOPES));
      expect((await api('GET', `/api/v1/users/${org.adminId}`, refreshed.access_token)).status).toBe(200);

      const replay = await oauthFailure(() => oidc.refreshTokenGrant(config, first));
      expect(replay).toMatchObject(REFRESH_REFUSED);
      // Reuse detection revoked the grant: the rotated refresh token and its access token are dead too.
      expect(await oauthFailure(() => oidc.refreshTokenGrant(config, refreshed.refresh_token!))).toMatchObject(REFRESH_REFUSED);
      expect((await api('GET', `/api/v1/users/${org.adminId}`, refreshed.access_token)).status).toBe(401);

      const reuse = (await logEvents(org, 'app.oauth2.token.detect_reuse')).filter((e) => e.transaction.id === replay.requestId);
      expect(reuse).toHaveLength(1);
      expect(reuse[0].outcome.result).toBe('FAILURE');
      expect(reuse[0].actor).toMatchObject({ id: org.adminId, type: 'User' });
      expect(reuse[0].client.id).toBe(web.id);
      const refusal = (await eventsOfRequest(org, replay.requestId!)).find((e) => e.eventType === 'app.oauth2.token.grant');
      expect(refusal?.outcome).toEqual({ result: 'FAILURE', reason: 'invalid_refresh_token' });
    });
  });

  describe('refresh tokens used twice at once', () => {
    // Token writes are kept for the end of the request (src/oauth/unit-of-work.ts), so two refreshes
    // with one token usually both pass oidc-provider's check and meet only at the conditional consume
    // at commit; the loser must then be refused like any spent token, and nothing it issued may work.
    it('of two concurrent refreshes with one token exactly one gets tokens; the other is refused in Okta\'s words, never a 500', async () => {
      for (let race = 0; race < 6; race++) {
        const { tokens } = await codeFlow();
        const spent = tokens.refresh_token!;
        const outcomes = await Promise.allSettled([oidc.refreshTokenGrant(config, spent), oidc.refreshTokenGrant(config, spent)]);
        const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(won, `race ${race}`).toHaveLength(1);
        const refusal = await oauthFailure(() => Promise.reject(lost[0]));
        expect(refusal, `race ${race}`).toMatchObject(REFRESH_REFUSED);
        const events = await eventsOfRequest(org, refusal.requestId!);
        expect(events.find((e) => e.eventType === 'app.oauth2.token.grant')?.outcome, `race ${race}`).toEqual({ result: 'FAILURE', reason: 'invalid_refresh_token' });
        expect(events.filter((e) => e.eventType.startsWith('app.oauth2.token.grant.')), `race ${race}: the loser issued nothing`).toEqual([]);
        // The log tells the truth about the grant: reuse detection is logged exactly when the loser saw
        // the token already spent and the grant was revoked (the winner's new token dies with it);
        // losing the race at commit revokes nothing, and the winner's token goes on working.
        const revoked = events.some((e) => e.eventType === 'app.oauth2.token.detect_reuse');
        const next = await oidc.refreshTokenGrant(config, won[0]!.refresh_token!).then(
          () => 'works',
          () => 'refused',
        );
        expect(next, `race ${race}`).toBe(revoked ? 'refused' : 'works');
      }
    });
  });

  describe('introspection and revocation', () => {
    it('introspects access and refresh tokens as Okta does (client_id, scope, username, uid)', async () => {
      const { tokens } = await codeFlow();
      for (const [token, hint] of [
        [tokens.access_token, 'access_token'],
        [tokens.refresh_token!, 'refresh_token'],
      ] as const) {
        const info = await oidc.tokenIntrospection(config, token, { token_type_hint: hint });
        expect(info, hint).toMatchObject({ active: true, client_id: web.id, username: ADMIN_LOGIN, uid: org.adminId });
        expect(sorted(info.scope), hint).toEqual(sorted(USER_SCOPES));
      }
    });

    it('revoking the refresh token takes its access token with it; unknown tokens still revoke with 200', async () => {
      const { tokens } = await codeFlow();
      await oidc.tokenRevocation(config, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
      expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
      expect(await oidc.tokenIntrospection(config, tokens.refresh_token!)).toEqual({ active: false });
      const refused = await api('GET', `/api/v1/users/${org.adminId}`, tokens.access_token);
      expect(refused.status, refused.text).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      expect(await oauthFailure(() => oidc.refreshTokenGrant(config, tokens.refresh_token!))).toMatchObject(REFRESH_REFUSED);

      // tokenRevocation resolves only on a 2xx answer.
      await expect(oidc.tokenRevocation(config, 'not-a-token-keyflow-ever-issued')).resolves.toBeUndefined();
      await expect(oidc.tokenRevocation(config, tokens.refresh_token!, { token_type_hint: 'refresh_token' })).resolves.toBeUndefined();
    });
  });

  describe('client credentials (private_key_jwt)', () => {
    it('mints a token for a service app that works on /api/v1 with the app’s role; its writes are logged as the app', async () => {
      const svc = await createServiceApp(org, { scopes: ['okta.users.read', 'okta.users.manage'], roles: ['USER_ADMIN'] });
      const cc = await discoverServiceApp(org, svc);
      const tokens = await oidc.clientCredentialsGrant(cc, { scope: 'okta.users.read okta.users.manage' });
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      expect(tokens.expires_in).toBe(3600);
      expect(tokens.refresh_token).toBeUndefined();
      expect(sorted(tokens.scope)).toEqual(['okta.users.manage', 'okta.users.read']);

      const list = await api('GET', '/api/v1/users?limit=200', tokens.access_token);
      expect(list.status, list.text).toBe(200);
      expect((list.body as { id: string }[]).map((u) => u.id)).toContain(org.adminId);

      const login = `${unique('svc')}@example.com`;
      const created = await api('POST', '/api/v1/users?activate=false', tokens.access_token, { profile: { firstName: 'Svc', lastName: 'Made', email: login, login } });
      expect(created.status, created.text).toBe(200);
      const events = await eventsOfRequest(org, created.headers.get('x-okta-request-id')!);
      const create = events.find((e) => e.eventType === 'user.lifecycle.create');
      expect(create, JSON.stringify(events)).toBeDefined();
      expect(create.actor).toMatchObject({ id: svc.id, type: 'PublicClientApp' });
      expect(create.client.id).toBe(svc.id);
      expect(create.authenticationContext.credentialType).toBe('OAuth 2.0');
      expect(create.target).toEqual([expect.objectContaining({ id: created.body.id, type: 'User' })]);
    });

    it('refuses a scope not granted to the app: consent_required', async () => {
      const svc = await createServiceApp(org, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const cc = await discoverServiceApp(org, svc);
      expect(await oauthFailure(() => oidc.clientCredentialsGrant(cc, { scope: 'okta.groups.read' }))).toMatchObject({
        status: 400,
        error: 'consent_required',
        error_description: 'You are not allowed any of the requested scopes.',
      });
    });
  });

  describe('RP-initiated logout', () => {
    it('asks to confirm, ends the session, lands on the registered URI; the next /authorize asks to sign in again', async () => {
      const { tokens, browser } = await codeFlow({ scope: 'openid' });
      const before = (await logEvents(org, 'user.session.end')).length;
      const url = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT, state: 'bye' });
      expect(url.href.startsWith(`${org.url}/oauth2/v1/logout?`)).toBe(true);

      const confirm = await browser.follow(url.href);
      expect(confirm.res.status).toBe(200);
      expect(confirm.html).toMatch(/<button[^>]*name="logout"[^>]*value="yes"[^>]*>Sign out</);
      const done = await browser.submit(confirm.url, confirm.html, { logout: 'yes' });
      const landed = new URL(done.url);
      expect(`${landed.origin}${landed.pathname}`).toBe(SIGNED_OUT);
      expect(landed.searchParams.get('state')).toBe('bye');

      const ended = await logEvents(org, 'user.session.end');
      expect(ended).toHaveLength(before + 1);
      expect(ended.at(-1).actor).toMatchObject({ id: org.adminId, type: 'User' });

      const again = await codeFlow({ scope: 'openid', browser });
      expect(again.sawSignIn).toBe(true);
    });
  });

  describe('the default custom authorization server', () => {
    it('runs the code flow on its own issuer; its tokens are not for /api/v1', async () => {
      const custom = await discoverWebApp(`${org.url}/oauth2/default`, web);
      const { tokens, redirect } = await codeFlow({ config: custom, scope: 'openid email' });
      expect(redirect.searchParams.get('iss')).toBe(`${org.url}/oauth2/default`);
      expect(tokens.claims()).toMatchObject({ iss: `${org.url}/oauth2/default`, sub: org.adminId });
      expect((await oidc.fetchUserInfo(custom, tokens.access_token, org.adminId)).email).toBe(ADMIN_LOGIN);
      const refused = await api('GET', `/api/v1/users/${org.adminId}`, tokens.access_token);
      expect(refused.status, refused.text).toBe(401);
    });

    it('issues a refresh token for offline_access (no prompt named) and refreshes it', async () => {
      const custom = await discoverWebApp(`${org.url}/oauth2/default`, web);
      const { tokens } = await codeFlow({ config: custom, scope: 'openid email offline_access' });
      expect(tokens.refresh_token).toBeTruthy();
      const refreshed = await oidc.refreshTokenGrant(custom, tokens.refresh_token!);
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    });
  });
});

describe.each(kinds)('Okta Node SDK in PrivateKey mode (%s store)', (kind) => {
  let org: TestOrg;

  beforeAll(async () => {
    org = await startTestOrg(kind);
  });
  afterAll(async () => {
    await org?.close();
  });

  /**
   * The SDK as an Okta integration configures it for a service app (okta-client.ts explains cacheMiddleware
   * and the recording executor). The SDK signs its own client assertion (aud = the token endpoint) and
   * always sends a DPoP proof with the token request (src/oauth.js, src/dpop.js).
   */
  function privateKeyClient(app: ServiceApp, privateKey: Record<string, unknown> | string, scopes: string[]): { client: OktaClient; recorder: RecordingRequestExecutor } {
    const recorder = new RecordingRequestExecutor();
    const client = new Client({ orgUrl: org.url, authorizationMode: 'PrivateKey', clientId: app.id, scopes, privateKey, keyId: app.kid, cacheMiddleware: null, requestExecutor: recorder });
    return { client, recorder };
  }

  /** Runs `fn` and returns its outcome with the exchanges the SDK made meanwhile. */
  async function exchangesOf<T>(recorder: RecordingRequestExecutor, fn: () => Promise<T>): Promise<{ result?: T; error?: any; exchanges: Exchange[] }> {
    await recorder.settle();
    const start = recorder.exchanges.length;
    try {
      const result = await fn();
      return { result, exchanges: (await recorder.settle()).slice(start) };
    } catch (error) {
      return { error, exchanges: (await recorder.settle()).slice(start) };
    }
  }

  const summary = (exchanges: Exchange[]) => exchanges.map((e) => `${e.method} ${e.path} ${e.status}`);
  const bodies = (exchanges: Exchange[]) => JSON.stringify(exchanges.map((e) => e.text.slice(0, 300)));

  async function listUserIds(client: OktaClient): Promise<string[]> {
    const out: string[] = [];
    for await (const user of await client.userApi.listUsers()) if (user) out.push(user.id!);
    return out;
  }

  it('gets its own token and lists users; its calls are logged as the app; deactivating the app kills the token', async () => {
    const svc = await createServiceApp(org, { scopes: ['okta.users.read', 'okta.users.manage'], roles: ['USER_ADMIN'] });
    const { client, recorder } = privateKeyClient(svc, { ...svc.privateJwk }, ['okta.users.read', 'okta.users.manage']);

    // First call: POST /oauth2/v1/token (client_credentials, private_key_jwt), then the list with the token.
    const listed = await exchangesOf(recorder, () => listUserIds(client));
    expect(summary(listed.exchanges), bodies(listed.exchanges)).toEqual(['POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
    expect(listed.error).toBeUndefined();
    expect(listed.result).toContain(org.adminId);
    expect(listed.exchanges[0]!.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.users.manage' });

    // The token request is the app's in the System Log.
    const grant = (await eventsOfRequest(org, listed.exchanges[0]!.requestId!)).find((e) => e.eventType === 'app.oauth2.token.grant.access_token');
    expect(grant?.actor).toMatchObject({ id: svc.id, type: 'PublicClientApp' });
    expect(grant?.client.id).toBe(svc.id);

    // A write with the cached token (no new token request) is attributed to the app.
    const login = `${unique('sdk')}@example.com`;
    const created = await exchangesOf(recorder, () => client.userApi.createUser({ body: { profile: { firstName: 'Sdk', lastName: 'Made', email: login, login } }, activate: false }));
    expect(summary(created.exchanges), bodies(created.exchanges)).toEqual(['POST /api/v1/users 200']);
    const event = (await eventsOfRequest(org, created.exchanges[0]!.requestId!)).find((e) => e.eventType === 'user.lifecycle.create');
    expect(event?.actor).toMatchObject({ id: svc.id, type: 'PublicClientApp' });
    expect(event?.client).toMatchObject({ id: svc.id, userAgent: { rawUserAgent: String(client.http.defaultHeaders['User-Agent']) } });
    expect(event?.target).toEqual([expect.objectContaining({ id: created.result!.id, type: 'User' })]);

    // Deactivation kills the cached token (401 invalid_token); the SDK drops it and asks for a new one,
    // which the org refuses (an inactive app is no client: invalid_client), so the call fails with 401.
    // (SDK 8.1 oauth.js never sees that refusal — `Http.errorFilter` is undefined there — and retries
    // with "Bearer undefined", 401 again; only the first two exchanges are the contract.)
    const deactivated = await call(org, 'POST', `/api/v1/apps/${svc.id}/lifecycle/deactivate`);
    expect(deactivated.status, deactivated.text).toBe(200);
    const refused = await exchangesOf(recorder, () => listUserIds(client));
    expect(refused.error?.name, String(refused.error)).toBe('OktaApiError');
    expect(refused.error?.status).toBe(401);
    expect(summary(refused.exchanges).slice(0, 2)).toEqual(['GET /api/v1/users 401', 'POST /oauth2/v1/token 401']);
    expect(refused.exchanges[0]!.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(refused.exchanges[1]!.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.' });
  });

  it('takes the private key as PEM too (scopes ["okta.users.read"], read-only admin role)', async () => {
    const svc = await createServiceApp(org, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    const { client, recorder } = privateKeyClient(svc, await exportPKCS8(svc.privateKey), ['okta.users.read']);
    const listed = await exchangesOf(recorder, () => listUserIds(client));
    expect(summary(listed.exchanges), bodies(listed.exchanges)).toEqual(['POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
    expect(listed.result).toContain(org.adminId);
  });
});
