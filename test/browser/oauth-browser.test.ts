import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeScope } from '../../src/core/scopes.js';
import { launchBrowser, requireBrowser, startRedirectStub, type RedirectStub } from '../support/browser.js';
import { pkcePair } from '../support/oauth-client.js';
import { bearer, createPerson, createWebApp, introspect, REDIRECT_URI, tokenRequest, type WebApp } from '../support/oauth-org.js';
import { ADMIN_PASSWORD, call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * The org authorization server's hosted pages in a real browser (Debian's Chromium through
 * playwright-core): sign-in and consent found by their accessible names, forms posted by the browser
 * itself (cookies, CSP form-action, 303s), with JavaScript on and off, and the keyboard alone.
 * Nothing listens on the redirect URI, so the browser's request to it is answered here and the test
 * reads `code`/`error` from the URL the flow ended at.
 */

const kinds = await storeKinds();
const runs = requireBrowser('oauth-browser');

const ADMIN = 'admin@example.com';
const SCOPE = 'openid okta.users.read offline_access';
const LOCKOUT_ATTEMPTS = 3;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = `${ROOT}test-results/screenshots`;
const DOC_SHOTS = `${ROOT}docs/screenshots`;

let browser: Browser;
let stub: RedirectStub | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!runs) return;
  stub = await startRedirectStub(REDIRECT_URI);
  browser = await launchBrowser(stub.args);
});
afterAll(async () => {
  await browser?.close();
  await stub?.close();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/**
 * A fresh browser profile (own cookies) where the redirect URI is answered by a stub page: by the
 * route below when playwright routes the request, else (a request made by a 303) by the stub server
 * the browser was launched with (see startRedirectStub).
 */
async function newPage(opts: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScript ?? true, viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
  contexts.push(context);
  const page = await context.newPage();
  await page.route('http://127.0.0.1:9/**', (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }));
  return page;
}

function authorizeUrl(org: TestOrg, app: { id: string }, state: string): { url: string; verifier: string } {
  const { verifier, challenge } = pkcePair();
  const query = new URLSearchParams({
    client_id: app.id,
    response_type: 'code',
    scope: SCOPE,
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return { url: `${org.url}/oauth2/v1/authorize?${query}`, verifier };
}

/** Where the flow ended: the redirect URI, with its query. */
async function redirected(page: Page): Promise<URL> {
  await page.waitForURL((url) => url.href.startsWith(`${REDIRECT_URI}?`));
  expect(await page.locator('body').innerText()).toBe('callback');
  return new URL(page.url());
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
}

async function onSignInPage(page: Page): Promise<boolean> {
  return new URL(page.url()).pathname.startsWith('/signin/') && (await page.getByLabel('Password').count()) === 1;
}

describe.skipIf(!runs).each(kinds)('hosted sign-in and consent in Chromium (%s store)', (kind) => {
  let org: TestOrg;
  /** A TRUSTED app (no consent page), for the scenarios about signing in. */
  let trusted: WebApp;

  beforeAll(async () => {
    org = await startTestOrg(kind, { KEYFLOW_LOCKOUT_ATTEMPTS: String(LOCKOUT_ATTEMPTS) });
    trusted = await createWebApp(org, { label: 'Browser Trusted App', scopes: ['okta.users.read'], assign: [org.adminId] });
  });
  afterAll(async () => org?.close());

  /** A user with a password, assigned to the trusted app unless told otherwise. */
  async function person(name: string, password: string, assigned = true): Promise<string> {
    const id = await createPerson(org, `${name}.${kind}@example.com`, password);
    if (assigned) expect((await call(org, 'POST', `/api/v1/apps/${trusted.id}/users`, { body: { id, scope: 'USER' } })).status).toBe(200);
    return id;
  }

  it.each([
    ['JavaScript on', true],
    ['JavaScript off', false],
  ])('code + PKCE: sign in, consent to the scopes in words, exchange the code, call the API (%s)', async (_name, javaScript) => {
    const label = javaScript ? 'Acme Web App' : 'Acme Web App (no JS)';
    const app = await createWebApp(org, { label, scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED' });
    const page = await newPage({ javaScript });
    const { url, verifier } = authorizeUrl(org, app, `state-${kind}-${javaScript}`);

    await page.goto(url);
    expect(await onSignInPage(page)).toBe(true);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign In');
    expect(await page.locator('main').innerText()).toContain(`to continue to ${label}`);
    const screenshots = javaScript && kind === kinds[0];
    if (screenshots) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/signin.png` });
    }
    await signIn(page, ADMIN, ADMIN_PASSWORD);

    // The consent page: "<App> would like to:", each scope in words beside its id (openid is not listed).
    await page.getByRole('button', { name: 'Allow Access' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${label} would like to:`);
    expect(await page.title()).toContain(`Allow ${label} access?`);
    const items = await page.getByRole('listitem').allInnerTexts();
    expect(items).toHaveLength(2);
    for (const [i, scope] of ['okta.users.read', 'offline_access'].entries()) {
      expect(describeScope(scope)).not.toMatch(/^Use the/); // Keyflow's own phrase, not the generic fallback
      expect(items[i]).toContain(describeScope(scope));
      expect(items[i]).toContain(scope);
    }
    expect(items.join('\n')).not.toContain('openid');
    expect(await page.locator('main').innerText()).toContain(`as Keyflow Admin (${ADMIN})`);
    if (screenshots) {
      await page.screenshot({ path: `${SHOTS}/consent.png` });
      mkdirSync(DOC_SHOTS, { recursive: true });
      copyFileSync(`${SHOTS}/signin.png`, `${DOC_SHOTS}/signin.png`);
      copyFileSync(`${SHOTS}/consent.png`, `${DOC_SHOTS}/consent.png`);
    }
    await page.getByRole('button', { name: 'Allow Access' }).click();

    const back = await redirected(page);
    expect(back.searchParams.get('error')).toBeNull();
    expect(back.searchParams.get('state')).toBe(`state-${kind}-${javaScript}`);
    const code = back.searchParams.get('code');
    expect(code).toBeTruthy();

    const tokens = await tokenRequest(org, { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: verifier }, app);
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.body.access_token).toBeTruthy();
    expect(tokens.body.refresh_token).toBeTruthy();
    expect(tokens.body.id_token).toBeTruthy();
    expect(tokens.body.scope.split(' ').sort()).toEqual(['offline_access', 'okta.users.read', 'openid']);
    const info = await introspect(org, app, tokens.body.access_token);
    expect(info.active).toBe(true);
    expect(info.username).toBe(ADMIN);

    const users = await call(org, 'GET', '/api/v1/users', { token: null, headers: bearer(tokens.body.access_token) });
    expect(users.status, users.text).toBe(200);
    expect(users.body.map((u: any) => u.profile.login)).toContain(ADMIN);
    // The code is single-use.
    const replay = await tokenRequest(org, { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, code_verifier: verifier }, app);
    expect(replay.status).toBe(400);
  });

  it("\"Don't Allow\" on the consent page redirects with error=access_denied and no code", async () => {
    const app = await createWebApp(org, { label: 'Browser Deny App', scopes: ['okta.users.read'], assign: [org.adminId], consent: 'REQUIRED' });
    const page = await newPage();
    await page.goto(authorizeUrl(org, app, 'deny-state').url);
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.getByRole('button', { name: "Don't Allow" }).click();
    const back = await redirected(page);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('deny-state');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('a wrong password shows the "Unable to sign in" alert and keeps the username (JavaScript off)', async () => {
    const login = `wrongpass.${kind}@example.com`;
    await person('wrongpass', 'Kf-Right-Pass-1');
    const page = await newPage({ javaScript: false });
    await page.goto(authorizeUrl(org, trusted, 'wrong-state').url);
    await signIn(page, login, 'not-the-password');

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Unable to sign in');
    expect(await onSignInPage(page)).toBe(true);
    expect(await page.getByLabel('Username').inputValue()).toBe(login);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Password').getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));

    // The kept username is used as is; the right password then goes through.
    await page.getByLabel('Password').fill('Kf-Right-Pass-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const back = await redirected(page);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('wrong-state');
  });

  it(`${LOCKOUT_ATTEMPTS} wrong passwords lock the user out (LOCKED_OUT) and the right one no longer works`, async () => {
    const login = `lockout.${kind}@example.com`;
    const id = await person('lockout', 'Kf-Lockout-Pass-3');
    const page = await newPage();
    await page.goto(authorizeUrl(org, trusted, 'lock-state').url);
    for (let i = 1; i <= LOCKOUT_ATTEMPTS; i++) {
      await signIn(page, login, `wrong-${i}`);
      await page.getByRole('alert').waitFor();
      const text = await page.getByRole('alert').innerText();
      if (i < LOCKOUT_ATTEMPTS) expect(text).not.toContain('locked');
      else expect(text).toContain('Your account is locked. Please contact your administrator.');
    }
    expect((await call(org, 'GET', `/api/v1/users/${id}`)).body.status).toBe('LOCKED_OUT');

    await signIn(page, login, 'Kf-Lockout-Pass-3');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Your account is locked. Please contact your administrator.');
    expect(await onSignInPage(page)).toBe(true);
    expect(page.url()).not.toContain('code=');
  });

  it('a sign-in session skips the password on the next /authorize, until the user\'s sessions are cleared', async () => {
    const login = `session.${kind}@example.com`;
    const id = await person('session', 'Kf-Session-Pass-1');
    const page = await newPage();
    await page.goto(authorizeUrl(org, trusted, 'first').url);
    await signIn(page, login, 'Kf-Session-Pass-1');
    expect((await redirected(page)).searchParams.get('code')).toBeTruthy();

    // Same browser, same app: straight back to the app with a code, no form.
    await page.goto(authorizeUrl(org, trusted, 'second').url);
    const second = await redirected(page);
    expect(second.searchParams.get('code')).toBeTruthy();
    expect(second.searchParams.get('state')).toBe('second');

    expect((await call(org, 'DELETE', `/api/v1/users/${id}/sessions`)).status).toBe(204);
    await page.goto(authorizeUrl(org, trusted, 'third').url);
    expect(await onSignInPage(page)).toBe(true);
    expect(page.url()).not.toContain('code=');
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('a user not assigned to the app gets access_denied "User is not assigned to the client application."', async () => {
    const login = `unassigned.${kind}@example.com`;
    await person('unassigned', 'Kf-Unassigned-1', false);
    const page = await newPage();
    await page.goto(authorizeUrl(org, trusted, 'unassigned-state').url);
    await signIn(page, login, 'Kf-Unassigned-1');
    const back = await redirected(page);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBe('User is not assigned to the client application.');
    expect(back.searchParams.get('state')).toBe('unassigned-state');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('the sign-in form can be completed with the keyboard alone (Tab, typing, Enter)', async () => {
    const login = `keyboard.${kind}@example.com`;
    await person('keyboard', 'Kf-Keyboard-Pass-1');
    const page = await newPage();
    await page.goto(authorizeUrl(org, trusted, 'keys').url);
    const isFocused = async (locator: Locator) => (await locator.and(page.locator(':focus')).count()) === 1;
    const username = page.getByLabel('Username');
    const password = page.getByLabel('Password');
    const submit = page.getByRole('button', { name: 'Sign in' });
    // The username field has autofocus; if the browser left focus on the document, one Tab reaches it.
    if (!(await isFocused(username))) await page.keyboard.press('Tab');
    expect(await isFocused(username)).toBe(true);
    await page.keyboard.type(login);
    await page.keyboard.press('Tab');
    expect(await isFocused(password)).toBe(true);
    await page.keyboard.type('Kf-Keyboard-Pass-1');
    await page.keyboard.press('Tab');
    expect(await isFocused(submit)).toBe(true);
    expect(await username.inputValue()).toBe(login);
    await page.keyboard.press('Enter');
    const back = await redirected(page);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('keys');
  });
});
