import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_APP_SCOPES } from '../../src/core/console-app.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * `/console/` on a real server (docs/console.md): the "Keyflow Console" OIDC app made at setup, the
 * bundle served with its CSP and content types, the single-page fallback, and a clear page when the
 * bundle was never built. The browser flow itself is test/browser/console.test.ts.
 */

const kinds = await storeKinds();

describe.each(kinds)('the admin console app and its files (%s store)', (kind) => {
  let org: TestOrg;
  let bundleDir: string;

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'keyflow-console-e2e-'));
    org = await startTestOrg(kind, {}, { consoleDir: bundleDir });
  });
  afterAll(async () => {
    await org?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  async function consoleApp() {
    const config = await call(org, 'GET', '/console/config.json', { token: null });
    expect(config.status).toBe(200);
    return { config: config.body, app: (await call(org, 'GET', `/api/v1/apps/${config.body.clientId}`)).body };
  }

  it('setup makes a public browser app with PKCE, the console callback and the Super Admin assigned', async () => {
    const { config, app } = await consoleApp();
    expect(config).toMatchObject({ issuer: org.url, redirectUri: `${org.url}/console/callback`, postLogoutRedirectUri: `${org.url}/console/` });
    expect(config.scopes).toEqual(expect.arrayContaining(['openid', ...CONSOLE_APP_SCOPES]));
    expect(app.label).toBe('Keyflow Console');
    expect(app.status).toBe('ACTIVE');
    expect(app.credentials.oauthClient).toMatchObject({ token_endpoint_auth_method: 'none', pkce_required: true });
    expect(app.credentials.oauthClient.client_secret).toBeUndefined();
    expect(app.settings.oauthClient).toMatchObject({
      application_type: 'browser',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [`${org.url}/console/callback`],
      post_logout_redirect_uris: [`${org.url}/console/`],
    });
    const grants = await call(org, 'GET', `/api/v1/apps/${app.id}/grants`);
    expect(grants.body.map((g: { scopeId: string }) => g.scopeId).sort()).toEqual([...CONSOLE_APP_SCOPES].sort());
    const users = await call(org, 'GET', `/api/v1/apps/${app.id}/users`);
    expect(users.body.map((u: { id: string }) => u.id)).toEqual([org.adminId]);
  });

  it('running setup again keeps the same app', async () => {
    const before = await consoleApp();
    await org.app.services.setup.run({ demo: false });
    expect((await consoleApp()).config.clientId).toBe(before.config.clientId);
  });

  /** The console app's grants, and how to revoke one as an admin would. */
  async function scopeIds(appId: string): Promise<string[]> {
    return (await call(org, 'GET', `/api/v1/apps/${appId}/grants`)).body.map((g: { scopeId: string }) => g.scopeId).sort();
  }
  async function revoke(appId: string, scopeId: string): Promise<void> {
    const grant = (await call(org, 'GET', `/api/v1/apps/${appId}/grants`)).body.find((g: { scopeId: string }) => g.scopeId === scopeId);
    expect((await call(org, 'DELETE', `/api/v1/apps/${appId}/grants/${grant.id}`)).status).toBe(204);
    expect(await scopeIds(appId)).not.toContain(scopeId);
  }
  const GRANTED_KEY = 'console.oktaAppId.scopesGranted';

  it('setup keeps a console scope an admin revoked revoked, as Okta would', async () => {
    const { config } = await consoleApp();
    expect(JSON.parse((await org.app.store.settings.get(GRANTED_KEY))!)).toEqual([...CONSOLE_APP_SCOPES]);
    await revoke(config.clientId, 'okta.eventHooks.manage');
    await org.app.services.setup.run({ demo: false });
    await org.app.services.setup.run({ demo: false });
    expect(await scopeIds(config.clientId)).toEqual(CONSOLE_APP_SCOPES.filter((s) => s !== 'okta.eventHooks.manage').sort());
    // Put back for the tests after this one.
    expect((await call(org, 'POST', `/api/v1/apps/${config.clientId}/grants`, { body: { scopeId: 'okta.eventHooks.manage', issuer: org.url } })).status).toBe(201);
  });

  it('setup grants the app a console scope a newer Keyflow added (an org made before the console needed it), once', async () => {
    const { config } = await consoleApp();
    // An org whose console was set up by a Keyflow that did not offer okta.appGrants.manage yet.
    await revoke(config.clientId, 'okta.appGrants.manage');
    await org.app.store.settings.set(GRANTED_KEY, JSON.stringify(CONSOLE_APP_SCOPES.filter((s) => s !== 'okta.appGrants.manage')));
    await org.app.services.setup.run({ demo: false });
    expect(await scopeIds(config.clientId)).toEqual([...CONSOLE_APP_SCOPES].sort());
    expect(JSON.parse((await org.app.store.settings.get(GRANTED_KEY))!).sort()).toEqual([...CONSOLE_APP_SCOPES].sort());
    // Granted once: revoked afterwards, it stays revoked.
    await revoke(config.clientId, 'okta.appGrants.manage');
    await org.app.services.setup.run({ demo: false });
    expect(await scopeIds(config.clientId)).not.toContain('okta.appGrants.manage');

    // No list Keyflow can read (an org made before it remembered its grants): every missing scope is granted once, then remembered.
    await org.app.store.settings.set(GRANTED_KEY, 'not a list');
    await org.app.services.setup.run({ demo: false });
    expect(await scopeIds(config.clientId)).toEqual([...CONSOLE_APP_SCOPES].sort());
  });

  it('setup makes the app again, assigned to its admin, after an admin deleted it (as for an org made before the console)', async () => {
    const { config } = await consoleApp();
    expect((await call(org, 'POST', `/api/v1/apps/${config.clientId}/lifecycle/deactivate`)).status).toBe(200);
    expect((await call(org, 'DELETE', `/api/v1/apps/${config.clientId}`)).status).toBe(204);
    expect((await call(org, 'GET', '/console/config.json', { token: null })).status).toBe(503);
    await org.app.services.setup.run({ demo: false });
    const again = await consoleApp();
    expect(again.config.clientId).not.toBe(config.clientId);
    const users = await call(org, 'GET', `/api/v1/apps/${again.config.clientId}/users`);
    expect(users.body.map((u: { id: string }) => u.id)).toEqual([org.adminId]);
  });

  it('answers /console/ with a page saying to build the console while the bundle is missing', async () => {
    const res = await call(org, 'GET', '/console/', { token: null, headers: { Accept: 'text/html' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('npm run build');
  });

  it('serves the bundle with its content types and CSP, and index.html for the app routes', async () => {
    mkdirSync(join(bundleDir, 'assets'), { recursive: true });
    writeFileSync(join(bundleDir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/console/assets/index-abc.js"></script>');
    writeFileSync(join(bundleDir, 'assets', 'index-abc.js'), 'export {};');
    writeFileSync(join(bundleDir, 'assets', 'index-abc.css'), 'body{}');
    for (const path of ['/console/', '/console/callback?code=x&state=y', '/console/users/00u1', '/console/users/jane.doe@example.com']) {
      const res = await call(org, 'GET', path, { token: null, headers: { Accept: 'text/html' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.text).toContain('<title>console</title>');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const js = await call(org, 'GET', '/console/assets/index-abc.js', { token: null });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await call(org, 'GET', '/console/assets/index-abc.css', { token: null })).headers.get('content-type')).toBe('text/css; charset=utf-8');
    writeFileSync(join(bundleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await call(org, 'GET', '/console/favicon.svg', { token: null })).headers.get('content-type')).toBe('image/svg+xml');
    expect((await call(org, 'GET', '/console/assets/missing.js', { token: null })).status).toBe(404);
    expect((await call(org, 'GET', '/console/assets/..%2f..%2f..%2fpackage.json', { token: null })).status).toBe(404);
    const outside = await call(org, 'GET', '/console/..%2f..%2f..%2fpackage.json', { token: null });
    expect(outside.text).not.toContain('"name"');
    expect(outside.text).toContain('<title>console</title>');
    const bare = await fetch(`${org.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('config.json says in words that the app is inactive once an admin deactivates it', async () => {
    const { config } = await consoleApp();
    expect((await call(org, 'POST', `/api/v1/apps/${config.clientId}/lifecycle/deactivate`)).status).toBe(200);
    const res = await call(org, 'GET', '/console/config.json', { token: null });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(/inactive/);
    expect((await call(org, 'POST', `/api/v1/apps/${config.clientId}/lifecycle/activate`)).status).toBe(200);
  });
});
