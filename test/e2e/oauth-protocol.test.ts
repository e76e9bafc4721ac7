import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FormBrowser, pkcePair } from '../support/oauth-client.js';
import { eventsOfRequest, logEvents } from '../support/oauth-flows.js';
import {
  authorize,
  bearer,
  clientAssertion,
  clientPost,
  clientCredentials,
  codeTokens,
  createPerson,
  createServiceApp,
  createWebApp,
  REDIRECT_URI,
  revokeToken,
  tokenRequest,
  type WebApp,
} from '../support/oauth-org.js';
import { ADMIN_PASSWORD, call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * What the authorization server refuses, and how: Okta's error strings (okta-api.md §11.5), no open
 * redirects, single-use codes whose replay revokes what they issued, PKCE, CSRF on the hosted forms.
 * Every refusal is checked to have changed nothing that matters (no token, no session).
 */

const kinds = await storeKinds();
const ADMIN = 'admin@example.com';
const SCOPE = 'openid okta.users.read';

function authorizeUrl(org: TestOrg, clientId: string, overrides: Record<string, string | undefined> = {}): string {
  const { challenge } = pkcePair();
  const params: Record<string, string | undefined> = {
    client_id: clientId,
    response_type: 'code',
    scope: SCOPE,
    redirect_uri: REDIRECT_URI,
    state: 's1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return `${org.url}/oauth2/v1/authorize?${query}`;
}

describe.each(kinds)('authorization server refusals (%s store)', (kind) => {
  let org: TestOrg;
  let app: WebApp;

  beforeAll(async () => {
    org = await startTestOrg(kind);
    app = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId] });
  });
  afterAll(async () => org?.close());
  afterEach(() => vi.useRealTimers());

  it.each([
    ['an unregistered redirect_uri', 'http://127.0.0.1:9/other'],
    ['an open-redirect attempt', 'https://evil.example/steal'],
    ['a registered URI with extra path', `${REDIRECT_URI}/../evil`],
  ])('%s gets an error page, never a redirect', async (_name, redirectUri) => {
    const res = await new FormBrowser(org.url).fetch(authorizeUrl(org, app.id, { redirect_uri: redirectUri }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });

  it('a code is exchanged only with the redirect_uri it was issued for', async () => {
    const flow = await authorize(org, app, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD });
    const res = await tokenRequest(org, { grant_type: 'authorization_code', code: flow.redirect.searchParams.get('code')!, redirect_uri: 'http://127.0.0.1:9/other', code_verifier: flow.verifier }, app);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: "The 'redirect_uri' does not match the redirection URI used in the authorization request." });
  });

  it('a wrong PKCE verifier is refused with Okta\'s words', async () => {
    const flow = await authorize(org, app, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD });
    const res = await tokenRequest(org, { grant_type: 'authorization_code', code: flow.redirect.searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: pkcePair().verifier }, app);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
  });

  it('a public client must use PKCE', async () => {
    const created = await call(org, 'POST', '/api/v1/apps', {
      body: {
        name: 'oidc_client',
        label: 'SPA',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
        settings: { oauthClient: { application_type: 'browser', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [REDIRECT_URI] } },
      },
    });
    expect(created.status, created.text).toBe(200);
    const res = await new FormBrowser(org.url).fetch(authorizeUrl(org, created.body.id, { scope: 'openid', code_challenge: undefined, code_challenge_method: undefined }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('a replayed code is refused and revokes the tokens issued from it', async () => {
    const flow = await authorize(org, app, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD });
    const form = { grant_type: 'authorization_code', code: flow.redirect.searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: flow.verifier };
    const first = await tokenRequest(org, form, app);
    expect(first.status).toBe(200);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(first.body.access_token) })).status).toBe(200);
    const replay = await tokenRequest(org, form, app);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
    const after = await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(first.body.access_token) });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('a code expires after 300 seconds', async () => {
    const flow = await authorize(org, app, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 301_000 });
    const res = await tokenRequest(org, { grant_type: 'authorization_code', code: flow.redirect.searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: flow.verifier }, app);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  it('a wrong client secret is invalid_client with Okta\'s words, and issues nothing', async () => {
    const flow = await authorize(org, app, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD });
    const code = flow.redirect.searchParams.get('code')!;
    const res = await tokenRequest(org, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: flow.verifier }, { id: app.id, secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.' });
    // The code was not spent by the refused attempt.
    const good = await tokenRequest(org, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: flow.verifier }, app);
    expect(good.status).toBe(200);
  });

  it('an unassigned user gets access_denied "User is not assigned to the client application."', async () => {
    const login = `unassigned.${kind}@example.com`;
    await createPerson(org, login, 'Kf-Unassigned-1', 'ORG_ADMIN');
    const flow = await authorize(org, app, { scope: SCOPE, username: login, password: 'Kf-Unassigned-1' });
    expect(flow.redirect.searchParams.get('error')).toBe('access_denied');
    expect(flow.redirect.searchParams.get('error_description')).toBe('User is not assigned to the client application.');
    expect(flow.redirect.searchParams.get('code')).toBeNull();
  });

  it('an okta.* scope not granted to the app gets consent_required', async () => {
    const res = await new FormBrowser(org.url).fetch(authorizeUrl(org, app.id, { scope: 'openid okta.groups.manage' }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('consent_required');
    expect(location.searchParams.get('error_description')).toBe('You are not allowed any of the requested scopes.');
  });

  it('the sign-in form refuses a post without its CSRF token and starts no session', async () => {
    const browser = new FormBrowser(org.url);
    const page = await browser.follow(authorizeUrl(org, app.id));
    expect(page.html).toContain('name="_csrf"');
    const before = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.session.start"')}&limit=1000`);
    const res = await browser.fetch(page.url, { form: { username: ADMIN, password: ADMIN_PASSWORD } });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('kf_sid');
    const forged = await browser.fetch(page.url, { form: { username: ADMIN, password: ADMIN_PASSWORD, _csrf: 'forged' } });
    expect(forged.status).toBe(403);
    const after = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.session.start"')}&limit=1000`);
    expect(after.body.length).toBe(before.body.length);
  });

  it('the consent form refuses a post without its CSRF token', async () => {
    const consentApp = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED', label: 'Consent CSRF' });
    const browser = new FormBrowser(org.url);
    const page = await browser.follow(authorizeUrl(org, consentApp.id));
    const consent = await browser.submit(page.url, page.html, { username: ADMIN, password: ADMIN_PASSWORD });
    expect(consent.html).toContain('name="decision"');
    const action = new URL(/<form\b[^>]*action="([^"]*)"/.exec(consent.html)![1]!.replace(/&amp;/g, '&'), consent.url).href;
    const res = await browser.fetch(action, { form: { decision: 'allow' } });
    expect(res.status).toBe(403);
    const grants = await call(org, 'GET', `/api/v1/users/${org.adminId}/grants`);
    expect(grants.body.filter((g: any) => g.clientId === consentApp.id)).toEqual([]);
  });

  it('consent denied ends at the app with access_denied and records no grant', async () => {
    const consentApp = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED', label: 'Consent deny' });
    const flow = await authorize(org, consentApp, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD, consent: 'deny' });
    expect(flow.redirect.searchParams.get('error')).toBe('access_denied');
    const grants = await call(org, 'GET', `/api/v1/users/${org.adminId}/grants`);
    expect(grants.body.filter((g: any) => g.clientId === consentApp.id)).toEqual([]);
  });

  it('consent approved is stored per scope, listable and revocable through the API, and revoking kills the tokens', async () => {
    const consentApp = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED', label: 'Consent allow' });
    const tokens = await codeTokens(org, consentApp, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD, consent: 'allow' });
    const grants = (await call(org, 'GET', `/api/v1/users/${org.adminId}/grants`)).body.filter((g: any) => g.clientId === consentApp.id);
    expect(grants.map((g: any) => g.scopeId)).toEqual(['okta.users.read']);
    expect(grants[0]).toMatchObject({ status: 'ACTIVE', source: 'END_USER', userId: org.adminId, issuer: org.url });
    expect((await call(org, 'DELETE', `/api/v1/users/${org.adminId}/grants/${grants[0].id}`)).status).toBe(204);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.access_token) })).status).toBe(401);
  });

  it('client credentials: service apps with private_key_jwt only, and scopes are required', async () => {
    const web = await tokenRequest(org, { grant_type: 'client_credentials', scope: 'okta.users.read' }, app);
    expect(web.status, JSON.stringify(web.body)).toBe(401);
    expect(web.body).toEqual({ error: 'invalid_client', error_description: "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server." });

    const secretSvc = await call(org, 'POST', '/api/v1/apps', {
      body: {
        name: 'oidc_client',
        label: 'Secret service',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
        settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], redirect_uris: [] } },
      },
    });
    expect(secretSvc.status, secretSvc.text).toBe(200);
    const bySecret = await tokenRequest(org, { grant_type: 'client_credentials', scope: 'okta.users.read' }, { id: secretSvc.body.id, secret: secretSvc.body.credentials.oauthClient.client_secret });
    expect(bySecret.status).toBe(401);
    expect(bySecret.body).toEqual({ error: 'invalid_client', error_description: 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.' });

    const svc = await createServiceApp(org, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    const none = await clientCredentials(org, svc, '');
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ error: 'invalid_scope', error_description: 'No scopes were requested.' });
    const ungranted = await clientCredentials(org, svc, 'okta.groups.manage');
    expect(ungranted.body).toEqual({ error: 'consent_required', error_description: 'You are not allowed any of the requested scopes.' });
    const issuerAudience = await tokenRequest(org, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(org, svc, { aud: org.url }),
    });
    expect(issuerAudience.status).toBe(401);
    expect(issuerAudience.body).toEqual({ error: 'invalid_client', error_description: 'The audience claim for client_assertion must be the endpoint invoked for the request.' });
    const ok = await clientCredentials(org, svc, 'okta.users.read');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read' });
    expect(ok.body.refresh_token).toBeUndefined();
  });

  it('accepts a client assertion once: a replay is refused, and of two concurrent uses of one exactly one gets a token', async () => {
    const svc = await createServiceApp(org, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    const form = (assertion: string) => ({ grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
    const refused = { error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.' };
    const once = await clientAssertion(org, svc);
    expect((await tokenRequest(org, form(once))).status).toBe(200);
    const replay = await tokenRequest(org, form(once));
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(refused);
    // Both usually pass oidc-provider's "seen before?" check; the replay record is claimed at commit
    // (src/oauth/adapter.ts), and only one claim can win.
    for (let race = 0; race < 5; race++) {
      const shared = await clientAssertion(org, svc);
      const answers = await Promise.all([tokenRequest(org, form(shared)), tokenRequest(org, form(shared))]);
      expect(answers.map((a) => a.status).sort(), `race ${race}`).toEqual([200, 401]);
      expect(answers.find((a) => a.status === 401)!.body, `race ${race}`).toEqual(refused);
    }
  });

  it('revocation is always 200, and revoking a refresh token takes its access tokens with it', async () => {
    const tokens = await codeTokens(org, app, { scope: `${SCOPE} offline_access`, username: ADMIN, password: ADMIN_PASSWORD });
    const revoke = (token: string) => revokeToken(org, app, token);
    expect((await revoke('never-issued')).status).toBe(200);
    // Another client presenting this app's token gets 200 and revokes nothing.
    const other = await createWebApp(org, { label: 'Other client' });
    const foreign = await revokeToken(org, other, tokens.refresh_token!);
    expect(foreign.status).toBe(200);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.access_token) })).status).toBe(200);
    expect((await revoke(tokens.refresh_token!)).status).toBe(200);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.access_token) })).status).toBe(401);
    const refresh = await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, app);
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it("an app's changed redirect URIs hold on the next request, though its client was just used", async () => {
    const moved = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId], label: 'Moving' });
    const NEW_URI = 'http://127.0.0.1:9/moved';
    const start = (redirectUri: string) => new FormBrowser(org.url).fetch(authorizeUrl(org, moved.id, { redirect_uri: redirectUri }));
    expect((await start(REDIRECT_URI)).status).toBe(303);
    expect((await start(NEW_URI)).status).toBe(400);
    const current = (await call(org, 'GET', `/api/v1/apps/${moved.id}`)).body;
    current.settings.oauthClient.redirect_uris = [NEW_URI];
    expect((await call(org, 'PUT', `/api/v1/apps/${moved.id}`, { body: current })).status).toBe(200);
    const old = await start(REDIRECT_URI);
    expect(old.status).toBe(400);
    expect(old.headers.get('location')).toBeNull();
    const now = await start(NEW_URI);
    expect(now.status).toBe(303);
    expect(now.headers.get('location')).toContain('/signin/');
  });

  it('deactivating an app kills its tokens at once; reactivating does not bring them back', async () => {
    const other = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId], label: 'Short-lived' });
    const tokens = await codeTokens(org, other, { scope: `${SCOPE} offline_access`, username: ADMIN, password: ADMIN_PASSWORD });
    expect((await call(org, 'POST', `/api/v1/apps/${other.id}/lifecycle/deactivate`)).status).toBe(200);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.access_token) })).status).toBe(401);
    const refused = await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, other);
    expect(refused.body.error).toBe('invalid_client');
    expect((await call(org, 'POST', `/api/v1/apps/${other.id}/lifecycle/activate`)).status).toBe(200);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.access_token) })).status).toBe(401);
    expect((await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, other)).body.error).toBe('invalid_grant');
  });

  it('a sign-in session is reused, and clearing the user\'s sessions makes the next /authorize ask again', async () => {
    const first = await authorize(org, app, { scope: SCOPE, username: ADMIN, password: ADMIN_PASSWORD });
    expect(first.redirect.searchParams.get('code')).toBeTruthy();
    const again = await first.browser.follow(authorizeUrl(org, app.id));
    expect(new URL(again.url).searchParams.get('code')).toBeTruthy();
    expect((await call(org, 'DELETE', `/api/v1/users/${org.adminId}/sessions`)).status).toBe(204);
    const afterClear = await first.browser.follow(authorizeUrl(org, app.id));
    expect(afterClear.html).toContain('name="password"');
  });

  it('failed sign-ins lock the user out (LOCKED_OUT, user.account.lock) and the right password no longer works', async () => {
    const login = `lockout.${kind}@example.com`;
    const id = await createPerson(org, login, 'Kf-Lockout-Pass-3', 'ORG_ADMIN');
    await call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id, scope: 'USER' } });
    const browser = new FormBrowser(org.url);
    let page = await browser.follow(authorizeUrl(org, app.id));
    for (let i = 0; i < 10; i++) {
      page = await browser.submit(page.url, page.html, { username: login, password: `wrong-${i}` });
      expect(page.res.status).toBe(401);
      expect(page.html).toContain('role="alert"');
    }
    expect(page.html).toContain('Your account is locked. Please contact your administrator.');
    expect((await call(org, 'GET', `/api/v1/users/${id}`)).body.status).toBe('LOCKED_OUT');
    const locked = await browser.submit(page.url, page.html, { username: login, password: 'Kf-Lockout-Pass-3' });
    expect(locked.res.status).toBe(401);
    const logs = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.account.lock"')}&limit=100`);
    expect(logs.body.some((e: any) => e.target[0]?.id === id)).toBe(true);
    // An admin unlock restores sign-in, and the failure count starts again.
    expect((await call(org, 'POST', `/api/v1/users/${id}/lifecycle/unlock`)).status).toBe(200);
    const signedIn = await browser.submit(page.url, page.html, { username: login, password: 'Kf-Lockout-Pass-3' });
    expect(new URL(signedIn.url).searchParams.get('code')).toBeTruthy();
  });

  it('every step of a sign-in is in the System Log with actor, client.id, user agent and IP', async () => {
    const logged = await createWebApp(org, { scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED', label: 'Logged steps' });
    const tokens = await codeTokens(org, logged, { scope: `${SCOPE} offline_access`, username: ADMIN, password: ADMIN_PASSWORD, consent: 'allow' });
    await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, logged);
    await revokeToken(org, logged, tokens.access_token);
    const all = (await call(org, 'GET', '/api/v1/logs?limit=1000')).body.filter((e: any) => e.client.id === logged.id);
    const types = all.map((e: any) => e.eventType);
    for (const type of [
      'policy.evaluate_sign_on',
      'user.session.start',
      'app.oauth2.consent.grant',
      'app.oauth2.authorize.code',
      'app.oauth2.token.grant.access_token',
      'app.oauth2.token.grant.refresh_token',
      'app.oauth2.token.grant.id_token',
      'app.oauth2.token.revoke',
    ]) {
      expect(types, type).toContain(type);
    }
    for (const event of all) {
      expect(event.actor, event.eventType).toMatchObject({ id: org.adminId, type: 'User' });
      expect(event.client.ipAddress, event.eventType).toBe('127.0.0.1');
      expect(event.client.userAgent.rawUserAgent, event.eventType).toMatch(/FormBrowser|node|undici/);
    }
    // Two access-token grants: the code exchange and the refresh.
    expect(types.filter((t: string) => t === 'app.oauth2.token.grant.access_token')).toHaveLength(2);
  });

  it('hostile input to every authorization-server endpoint gets a 4xx, never a 500', async () => {
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', ''],
      ['application/x-www-form-urlencoded', 'grant_type=refresh_token&refresh_token=%00%ff'],
      ['application/x-www-form-urlencoded', 'grant_type=authorization_code&code=' + 'A'.repeat(5000)],
      ['application/x-www-form-urlencoded', 'token=x&token=y&client_id=a&client_id=b'],
      ['application/x-www-form-urlencoded', 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=e30.e30.&grant_type=client_credentials'],
      ['application/json', '{"grant_type":'],
      ['text/plain', 'grant_type=client_credentials'],
      ['application/x-www-form-urlencoded', 'x='.padEnd(70_000, 'y')],
    ];
    const paths = ['/oauth2/v1/token', '/oauth2/v1/revoke', '/oauth2/v1/introspect', '/oauth2/v1/logout', '/oauth2/default/v1/token', `/signin/${'x'.repeat(40)}`, `/signin/${'x'.repeat(40)}/consent`];
    for (const path of paths) {
      for (const [type, body] of bodies) {
        const res = await fetch(`${org.url}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });
        expect(res.status, `${path} ${type} ${body.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${type} ${body.slice(0, 40)}`).toBeLessThan(500);
      }
    }
    for (const query of ['', 'client_id=%00', `client_id=${app.id}&redirect_uri=javascript:alert(1)&response_type=code&scope=openid`, `client_id=${app.id}&response_type=token&scope=openid&redirect_uri=${REDIRECT_URI}`, 'scope=' + 'okta.users.read '.repeat(500)]) {
      const res = await fetch(`${org.url}/oauth2/v1/authorize?${query}`, { redirect: 'manual' });
      expect(res.status, query.slice(0, 60)).toBeLessThan(500);
    }
    // A NUL in the URL of a page a browser is sent to gets a page; an API endpoint keeps Okta's JSON.
    for (const path of ['/oauth2/v1/authorize?client_id=%00', '/oauth2/default/v1/authorize?client_id=a%00', '/oauth2/v1/logout?state=%00', '/signin/%00']) {
      const res = await fetch(`${org.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      const page = await res.text();
      expect(page, path).toContain('The request URL contains a NUL character.');
      expect(page, path).toContain(res.headers.get('x-okta-request-id')!);
    }
    const api = await fetch(`${org.url}/oauth2/v1/keys?x=%00`);
    expect([api.status, ((await api.json()) as any).errorCode]).toEqual([400, 'E0000001']);
    const badUid = await fetch(`${org.url}/signin/nope`);
    expect(badUid.status).toBe(400);
    expect(await badUid.text()).toContain('expired');
  });

  it('a NUL inside a form body or a client assertion is refused as Okta refuses the value, and its LogEvent is kept', async () => {
    // Past the API's NUL check at the edge (URLs and JSON), oidc-provider reads these itself; PostgreSQL
    // could neither look such a client up nor store such an event (core/storable-text.ts).
    const invalidClient = { error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.' };
    for (const path of ['/oauth2/v1/token', '/oauth2/default/v1/token', '/oauth2/v1/introspect', '/oauth2/v1/revoke']) {
      const res = await clientPost(org, path, { grant_type: 'client_credentials', token: 'x', client_id: 'a\u0000b', client_secret: 'x' });
      expect(res.status, path).toBe(401);
      expect(await res.json(), path).toEqual(invalidClient);
    }
    // The client is looked up by the assertion's subject before its signature is checked.
    const claims = { iss: 'a\u0000b', sub: 'a\u0000b', aud: `${org.url}/oauth2/v1/token`, jti: 'j\u0000', exp: Math.floor(Date.now() / 1000) + 60 };
    const unsigned = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.AAAA`;
    const byAssertion = await tokenRequest(org, { grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: unsigned });
    expect(byAssertion.status).toBe(401);
    expect(byAssertion.body).toEqual(invalidClient);

    const svc = await createServiceApp(org, { scopes: ['okta.users.read'] });
    const badScope = await clientCredentials(org, svc, 'okta.users.read\u0000');
    expect(badScope.status).toBe(400);
    expect(badScope.body.error).toBe('invalid_scope');
    const grantEvents = await eventsOfRequest(org, badScope.headers.get('x-okta-request-id')!);
    expect(grantEvents.map((e) => [e.eventType, e.outcome.result])).toEqual([['app.oauth2.token.grant', 'FAILURE']]);
    expect(grantEvents[0].debugContext.debugData.requestedScopes).toBe('okta.users.read\uFFFD');
    // A refused grant granted nothing.
    expect(grantEvents[0].debugContext.debugData).not.toHaveProperty('grantedScopes');

    // The hosted sign-in form: an unknown user, answered and logged as any other.
    const browser = new FormBrowser(org.url);
    const form = await browser.follow(authorizeUrl(org, app.id));
    const refused = await browser.submit(form.url, form.html, { username: 'a\u0000b@example.com', password: 'x' });
    expect(refused.res.status).toBe(401);
    expect(refused.html).toContain('role="alert"');
    const failures = (await logEvents(org, 'user.session.start')).filter((e) => e.outcome.result === 'FAILURE');
    expect(failures.map((e) => e.actor.alternateId)).toContain('a\uFFFDb@example.com');
  });

  it('a wrong method on an endpoint is 405 E0000022, an unknown path under /oauth2 404 E0000008, in Okta\'s JSON envelope', async () => {
    const cases: [string, string, number, string][] = [
      ['GET', '/oauth2/v1/token', 405, 'E0000022'],
      ['DELETE', '/oauth2/v1/keys', 405, 'E0000022'],
      ['PUT', '/oauth2/v1/introspect', 405, 'E0000022'],
      ['GET', '/oauth2/v1/revoke/', 405, 'E0000022'],
      ['DELETE', '/oauth2/v1/logout/confirm', 405, 'E0000022'],
      ['GET', '/oauth2/default/v1/token', 405, 'E0000022'],
      ['POST', '/oauth2/default/.well-known/openid-configuration', 405, 'E0000022'],
      ['GET', '/oauth2/v1/nope', 404, 'E0000008'],
      ['POST', '/oauth2/default/v1/keys/extra', 404, 'E0000008'],
    ];
    for (const [method, path, status, errorCode] of cases) {
      const res = await fetch(`${org.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.headers.get('content-type'), `${method} ${path}`).toMatch(/^application\/json/);
      expect(res.headers.get('x-okta-request-id')).toBeTruthy();
      expect(await res.json(), `${method} ${path}`).toMatchObject({
        errorCode,
        errorSummary: status === 405 ? 'The endpoint does not support the provided HTTP method' : 'The requested path was not found',
        errorLink: errorCode,
        errorCauses: [],
      });
    }
    // The endpoints themselves still answer.
    expect((await fetch(`${org.url}/oauth2/v1/keys`)).status).toBe(200);
    expect((await fetch(`${org.url}/oauth2/default/.well-known/openid-configuration`)).status).toBe(200);
  });

  it('a bearer token of the default custom authorization server is not an org token', async () => {
    const browser = new FormBrowser(org.url);
    const { verifier, challenge } = pkcePair();
    const query = new URLSearchParams({ client_id: app.id, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
    let step = await browser.follow(`${org.url}/oauth2/default/v1/authorize?${query}`);
    if (step.html.includes('name="password"')) step = await browser.submit(step.url, step.html, { username: ADMIN, password: ADMIN_PASSWORD });
    const code = new URL(step.url).searchParams.get('code');
    expect(code, `${step.url} ${step.res.status} ${step.html.replace(/<style[\s\S]*<\/style>/, "").slice(0, 1500)}`).toBeTruthy();
    const res = await clientPost(org, '/oauth2/default/v1/token', { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: verifier }, app);
    const tokens = (await res.json()) as { access_token: string; id_token: string };
    expect(res.status).toBe(200);
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString());
    expect(claims.iss).toBe(`${org.url}/oauth2/default`);
    expect((await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.access_token) })).status).toBe(401);
  });
});
