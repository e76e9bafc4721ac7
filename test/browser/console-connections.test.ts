import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, requireBrowser } from '../support/browser.js';
import { buildConsole } from '../support/console-bundle.js';
import { ConsoleBrowser } from '../support/console-browser.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, type TestOrg } from '../support/test-org.js';
import { activateFlow, createFlow, delegatedFlow, getConnection, workflowsApp } from '../support/workflows.js';

/**
 * The console's Workflows connections page and service accounts (docs/console.md) in Chromium against a
 * real server on SQLite: a service account made one step from the connections page, a connection made
 * and authorized through the org's hosted sign-in and consent pages, tested, broken, reauthorized as the
 * service account, refused deletion while an active flow uses it.
 */

const runs = requireBrowser('console connections');

const SVC_LOGIN = 'svc-workflows@example.com';
const SVC_PASSWORD = 'Kf-Service-Account-7';

let bundleDir: string;

beforeAll(async () => {
  bundleDir = await buildConsole();
});
afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe.skipIf(!runs)('the Workflows connections page and service accounts in Chromium (sqlite store)', () => {
  let org: TestOrg;
  let browser: Browser;
  let harness: ConsoleBrowser;

  beforeAll(async () => {
    org = await startTestOrg('sqlite', {}, { consoleDir: bundleDir });
    browser = await launchBrowser();
    harness = new ConsoleBrowser(org, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await org?.close();
  });
  afterEach(async () => {
    await harness?.closePages();
  });

  async function openConnections(page: Page): Promise<void> {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Workflows' }).click();
    await page.waitForURL((url) => url.pathname === '/console/workflows/connections');
    expect(await page.getByRole('navigation', { name: 'Workflows' }).getByRole('link', { name: 'Connections' }).getAttribute('aria-current')).toBe('page');
  }

  /** The hosted sign-in page (when asked) and the consent page, ending on the engine's callback page. */
  async function signInAndConsent(page: Page, login: string, password: string): Promise<void> {
    await page.waitForURL((url) => url.pathname.startsWith('/signin/'));
    await page.getByLabel('Username').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow Access' }).click();
    await page.getByRole('heading', { name: 'Connection authorized' }).waitFor();
    await page.getByRole('link', { name: 'Back to the Workflows connections in the console' }).click();
    await page.waitForURL((url) => url.pathname === '/console/workflows/connections');
  }

  it('creates a service account from the connections page (flag ticked, Super Admin, assigned to Keyflow Workflows) and shows its badge', async () => {
    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await openConnections(page);
    await page.getByTestId('connections-empty').waitFor();

    await page.getByRole('link', { name: 'Create a service account' }).click();
    await page.waitForURL((url) => url.pathname === '/console/users/new' && url.searchParams.get('serviceAccount') === '1');
    expect(await page.getByLabel('Service account', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByTestId('service-account-explanation').innerText()).toContain('Keyflow Workflows');
    expect(await page.getByLabel('Activate now').isChecked()).toBe(true);

    await page.getByLabel('First name').fill('Workflows');
    await page.getByLabel('Last name').fill('Service Account');
    await page.getByLabel('Username').fill(SVC_LOGIN);
    // A password the org refuses: Okta's words, under the field, which is marked invalid.
    await page.getByLabel('Password').fill('short');
    await page.evaluate('window.scrollTo(0, 0)');
    await harness.screenshot(page, 'console-create-user', { doc: true });
    await page.getByRole('button', { name: 'Create service account' }).click();
    await page.getByTestId('error-password').waitFor();
    expect(await page.getByTestId('error-password').innerText()).toContain('password: Password requirements were not met');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('create-error').innerText()).toContain('Api validation failed: password');
    expect((await call(org, 'GET', `/api/v1/users/${encodeURIComponent(SVC_LOGIN)}`)).status).toBe(404);

    await page.getByLabel('Password').fill(SVC_PASSWORD);
    await page.getByRole('button', { name: 'Create service account' }).click();
    await page.waitForURL((url) => /^\/console\/users\/00u/.test(url.pathname));
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1 }).getByTestId('service-account-badge').waitFor();

    const user = (await call(org, 'GET', `/api/v1/users/${id}`)).body;
    expect(user.status).toBe('ACTIVE');
    expect(user.profile).toMatchObject({ login: SVC_LOGIN, email: SVC_LOGIN, firstName: 'Workflows', lastName: 'Service Account', keyflowServiceAccount: true });
    const roles = (await call(org, 'GET', `/api/v1/users/${id}/roles`)).body as { type: string }[];
    expect(roles.map((r) => r.type)).toEqual(['SUPER_ADMIN']);
    const app = await workflowsApp(org);
    expect((await call(org, 'GET', `/api/v1/apps/${app.id}/users/${id}`)).status).toBe(200);

    // The Directory marks it, and has the way to create a user.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Directory' }).click();
    await page.getByTestId('users-table').waitFor();
    expect(await page.getByRole('link', { name: 'Create user' }).getAttribute('href')).toBe('/console/users/new');
    const row = page.locator(`tr[data-user-id="${id}"]`);
    expect(await row.getByTestId('service-account-badge').innerText()).toBe('Service account');
    expect(await page.locator('tr[data-user-id] [data-testid="service-account-badge"]').count()).toBe(1);
    // The refused password is the one expected failure (its response, and Chromium's console line about it).
    expect(problems.filter((p) => !p.includes('/api/v1/users?activate=true'))).toEqual([]);
  }, 60_000);

  it('authorizes a connection through sign-in and consent, tests it, shows it broken, reauthorizes it as the service account, refuses deleting it while in use', async () => {
    const svc = (await call(org, 'GET', `/api/v1/users/${encodeURIComponent(SVC_LOGIN)}`)).body;
    expect(svc.profile.keyflowServiceAccount, 'made by the test above').toBe(true);
    const personLogin = 'pat.connections@example.com';
    const personPassword = 'Kf-Pat-Connects-5';
    const person = await createPerson(org, personLogin, personPassword, 'SUPER_ADMIN');
    await assignUser(org, (await workflowsApp(org)).id, person);

    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await openConnections(page);

    // New connection, signed in as someone else than the console's admin: the hosted pages ask who.
    await page.getByLabel('Nickname').fill('Okta (console test)');
    await page.getByLabel('Sign in as another account (a service account) rather than as you').check();
    await page.getByRole('button', { name: 'Create and authorize' }).click();
    await signInAndConsent(page, personLogin, personPassword);
    const card = page.locator('article.connection');
    await card.getByTestId('connection-status').filter({ hasText: 'ACTIVE' }).waitFor();
    expect(await card.getByTestId('connection-authorized-by').innerText()).toContain(personLogin);
    // The person's name becomes a link once their user is read; only then is "no badge" a finding.
    await card.getByTestId('connection-authorized-by').getByRole('link').waitFor();
    expect(await card.getByTestId('service-account-badge').count()).toBe(0);
    const connectionId = (await card.getAttribute('data-connection-id'))!;
    expect((await getConnection(org, connectionId)).authorizedBy.userId).toBe(person);

    await card.getByRole('button', { name: 'Test' }).click();
    expect(await card.getByTestId('test-result').innerText()).toBe('Test passed: the org answered 200.');

    // An active flow uses it; the page lists it, marked active, linking to the flow.
    const flow = await createFlow(org, delegatedFlow('Console connections live flow', [{ id: 'read', type: 'okta.readUser', connectionId, inputs: { user: { ref: 'run.userId' } } }]));
    await activateFlow(org, flow.id);
    await page.reload();
    const usage = card.getByTestId('connection-usage');
    await usage.getByRole('link', { name: 'Console connections live flow' }).waitFor();
    expect(await usage.getByRole('link').getAttribute('href')).toBe(`/console/workflows/flows/${flow.id}`);
    expect(await usage.innerText()).toContain('active');

    // Break it: the person is suspended. Test says why in words; the connection is ERROR with its last error.
    expect((await call(org, 'POST', `/api/v1/users/${person}/lifecycle/suspend`)).status).toBe(200);
    await card.getByRole('button', { name: 'Test' }).click();
    const failed = await card.getByTestId('test-result').innerText();
    expect(failed).toMatch(/^Test failed: the org answered 403 E0000006: /);
    await card.getByTestId('connection-status').filter({ hasText: 'ERROR' }).waitFor();
    expect(await card.getByTestId('connection-last-error').innerText()).toContain('the org answered 403 E0000006');

    // What the Directory's impact dialog links to: the person's connections only.
    await page.goto(`${org.url}/console/workflows/connections?authorizedBy=${person}`);
    await page.getByTestId('authorized-by-filter').waitFor();
    // The heading names the person once their user is read (until then it shows the id), so wait for it.
    await page.getByRole('heading', { name: /^Connections authorized by Pat / }).waitFor();
    expect(await page.getByRole('heading', { name: /^Connections authorized by / }).count()).toBe(1);
    await card.first().waitFor();
    expect(await card.count()).toBe(1);

    // Reauthorize as the service account: the dialog explains, and asks who signs in by default.
    await card.getByRole('button', { name: 'Reauthorize' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('becomes the connection’s identity');
    expect(await dialog.getByRole('checkbox').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Continue to sign-in' }).click();
    await signInAndConsent(page, SVC_LOGIN, SVC_PASSWORD);
    await card.getByTestId('connection-status').filter({ hasText: 'ACTIVE' }).waitFor();
    const authorizedBy = card.getByTestId('connection-authorized-by');
    expect(await authorizedBy.innerText()).toContain(SVC_LOGIN);
    await authorizedBy.getByTestId('service-account-badge').waitFor();
    const reauthorized = await getConnection(org, connectionId);
    expect(reauthorized).toMatchObject({ status: 'ACTIVE', authorizedBy: { userId: svc.id } });
    await card.getByRole('button', { name: 'Test' }).click();
    expect(await card.getByTestId('test-result').innerText()).toBe('Test passed: the org answered 200.');

    // Rename, from the keyboard-reachable dialog.
    await card.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('dialog').getByLabel('Nickname').fill('Okta (svc-workflows)');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await card.getByRole('heading', { name: 'Okta (svc-workflows)' }).waitFor();
    expect((await getConnection(org, connectionId)).nickname).toBe('Okta (svc-workflows)');
    // Tall enough to show the connection's card whole under the form.
    await page.setViewportSize({ width: 1280, height: 1240 });
    await page.evaluate('window.scrollTo(0, 0)');
    await harness.screenshot(page, 'console-connections', { doc: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Delete is refused while the active flow uses it: the org's causes name the flow. Escape cancels.
    await card.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    const refusal = await dialog.getByTestId('delete-error').innerText();
    expect(refusal).toContain('connection in use');
    expect(refusal).toContain('Active flow "Console connections live flow"');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await call(org, 'GET', `/workflows/api/v1/connections/${connectionId}`)).status).toBe(200);

    // Turned off, the flow no longer holds it: Delete goes through.
    expect((await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/deactivate`)).status).toBe(200);
    await card.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('connections-notice').filter({ hasText: 'Okta (svc-workflows) was deleted.' }).waitFor();
    expect((await call(org, 'GET', `/workflows/api/v1/connections/${connectionId}`)).status).toBe(404);
    // The refused delete is the one expected failure (its response, and Chromium's console line about it).
    const refusedDelete = (p: string) => p.includes('400') && p.includes(`/workflows/api/v1/connections/${connectionId}`);
    expect(problems.filter((p) => !refusedDelete(p))).toEqual([]);
  }, 90_000);

  it('a person created in the console authorizes a connection there; deactivating them in the console first names it and its active flow, then the connection fails', async () => {
    const login = 'robin.leaver@example.com';
    const password = 'Kf-Robin-Leaves-3';
    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page, { path: '/console/users/new' });
    expect(await page.getByLabel('Service account', { exact: true }).isChecked()).toBe(false);
    await page.getByLabel('First name').fill('Robin');
    await page.getByLabel('Last name').fill('Leaver');
    await page.getByLabel('Username').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL((url) => /^\/console\/users\/00u/.test(url.pathname));
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await call(org, 'GET', `/api/v1/users/${id}`)).body).toMatchObject({ status: 'ACTIVE', profile: { login, firstName: 'Robin' } });
    expect(await page.getByRole('heading', { level: 1 }).getByTestId('service-account-badge').count()).toBe(0);
    await assignUser(org, (await workflowsApp(org)).id, id);

    // Robin authorizes a connection made on the connections page; an active flow uses it.
    await openConnections(page);
    await page.getByLabel('Nickname').fill('Okta (Robin)');
    await page.getByLabel('Sign in as another account (a service account) rather than as you').check();
    await page.getByRole('button', { name: 'Create and authorize' }).click();
    await signInAndConsent(page, login, password);
    const card = page.locator('article.connection', { hasText: 'Okta (Robin)' });
    await card.getByTestId('connection-status').filter({ hasText: 'ACTIVE' }).waitFor();
    const connectionId = (await card.getAttribute('data-connection-id'))!;
    expect((await getConnection(org, connectionId)).authorizedBy.userId).toBe(id);
    const flow = await createFlow(org, delegatedFlow('Robin reads people', [{ id: 'read', type: 'okta.readUser', connectionId, inputs: { user: { ref: 'run.userId' } } }]));
    await activateFlow(org, flow.id);

    // Deactivate Robin from their page: the dialog names the connection and the active flow first.
    await page.goto(`${org.url}/console/users/${id}`);
    await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Deactivate', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const impact = dialog.getByTestId('impact-list');
    await impact.waitFor();
    expect(await impact.locator(`[data-connection-id="${connectionId}"] .connection-nickname`).innerText()).toBe('Okta (Robin)');
    expect(await impact.locator('.flow-name').allInnerTexts()).toEqual(['Robin reads people']);
    expect(await dialog.getByRole('link', { name: 'Reauthorize with a service account' }).getAttribute('href')).toBe(`/console/workflows/connections?authorizedBy=${id}`);
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await page.getByTestId('detail-status').filter({ hasText: /^DEPROVISIONED$/ }).waitFor();

    // The org now refuses Robin's tokens: the connection's test fails, and it is ERROR with the org's 401.
    await page.goto(`${org.url}/console/workflows/connections?authorizedBy=${id}`);
    await card.getByRole('button', { name: 'Test' }).click();
    expect(await card.getByTestId('test-result').innerText()).toMatch(/^Test failed: the org answered 401 E0000011/);
    await card.getByTestId('connection-status').filter({ hasText: 'ERROR' }).waitFor();
    expect((await getConnection(org, connectionId)).status).toBe('ERROR');
    expect(problems).toEqual([]);
  }, 90_000);

  it('fits a phone: the connections page and the create form without sideways scrolling', async () => {
    await call(org, 'POST', '/workflows/api/v1/connections', { body: { nickname: 'Okta (waiting for consent, with a rather long nickname)' } });
    const { page, problems } = await harness.newPage(390, 844);
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await openConnections(page);
    await page.locator('article.connection', { hasText: 'waiting for consent' }).getByTestId('connection-status').filter({ hasText: 'PENDING' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await harness.screenshot(page, 'console-connections-phone');
    await page.getByRole('link', { name: 'Create a service account' }).click();
    await page.getByTestId('create-user-form').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await harness.screenshot(page, 'console-create-user-phone');
    expect(problems).toEqual([]);
  }, 60_000);
});
