import { rmSync } from 'node:fs';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, requireBrowser } from '../support/browser.js';
import { ConsoleBrowser } from '../support/console-browser.js';
import { buildConsole } from '../support/console-bundle.js';
import { authorize, bearer, codeTokens, createPerson, createWebApp, type WebApp } from '../support/oauth-org.js';
import { call, callAll, startTestOrg, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, createConnection, createFlow, delegatedFlow, workflowsApp } from '../support/workflows.js';

/**
 * The console's Applications pages and its Dashboard (docs/console.md) in Debian's Chromium against a
 * real server on SQLite: the apps list, an app's settings, scopes, people and lifecycle, and every
 * dashboard panel checked against what the API answers.
 */

const runs = requireBrowser('console applications and dashboard');

const PERSON = 'app.person@example.com';
const PERSON_PASSWORD = 'Kf-App-Person-51';
const OTHER = 'assign.me@example.com';

let bundleDir: string;

beforeAll(async () => {
  bundleDir = await buildConsole();
});
afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

const noSidewaysScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

describe.skipIf(!runs)('the console Applications pages and Dashboard in Chromium (sqlite store)', () => {
  let org: TestOrg;
  let browser: Browser;
  let harness: ConsoleBrowser;
  let testApp: WebApp;
  let personId: string;
  let otherId: string;
  let consoleAppId: string;

  beforeAll(async () => {
    org = await startTestOrg('sqlite', {}, { consoleDir: bundleDir });
    browser = await launchBrowser();
    harness = new ConsoleBrowser(org, browser);
    personId = await createPerson(org, PERSON, PERSON_PASSWORD, 'READ_ONLY_ADMIN');
    otherId = await createPerson(org, OTHER, 'Kf-Assign-Me-77');
    testApp = await createWebApp(org, { label: 'Payroll Portal', scopes: ['okta.users.read'], assign: [personId] });
    consoleAppId = (await call(org, 'GET', '/console/config.json', { token: null })).body.clientId;
  });
  afterAll(async () => {
    await browser?.close();
    await org?.close();
  });
  afterEach(async () => {
    await harness?.closePages();
  });

  const scopesOf = async (appId: string) => (await call(org, 'GET', `/api/v1/apps/${appId}/grants`)).body.map((g: { scopeId: string }) => g.scopeId);
  const assignedTo = async (appId: string) => (await call(org, 'GET', `/api/v1/apps/${appId}/users`)).body.map((u: { id: string }) => u.id);

  /** Opens an app's page from the list, through the navigation. */
  async function openApp(page: Page, appId: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL((url) => url.pathname === '/console/apps');
    await page.locator(`tr[data-app-id="${appId}"]`).getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/console/apps/${appId}`);
    await page.getByTestId('app-status').waitFor();
  }

  it('Applications: lists the console, Workflows and an app made through the API, with type, client id and status; fits a phone', async () => {
    const workflows = await workflowsApp(org);
    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL((url) => url.pathname === '/console/apps');
    expect(await page.getByRole('link', { name: 'Applications' }).getAttribute('aria-current')).toBe('page');
    await page.getByTestId('apps-table').waitFor();
    const row = (id: string) => page.locator(`tr[data-app-id="${id}"]`);
    const cells = async (id: string) => (await row(id).locator('td').allInnerTexts()).map((t) => t.trim());
    expect(await cells(consoleAppId)).toEqual(['Keyflow Console', 'Single-page application', consoleAppId, 'ACTIVE']);
    expect(await cells(workflows.id)).toEqual(['Keyflow Workflows', 'Web application', workflows.id, 'ACTIVE']);
    expect(await cells(testApp.id)).toEqual(['Payroll Portal', 'Web application', testApp.id, 'ACTIVE']);
    await harness.screenshot(page, 'console-apps', { doc: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll(page)).toBe(true);
    await harness.screenshot(page, 'console-apps-phone');
    expect(problems).toEqual([]);
  });

  it('Applications: an app shows its settings, granted scopes and people; grants and revokes a scope, assigns and unassigns a person', async () => {
    const { page, problems } = await harness.newPage(1280, 1200);
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await openApp(page, testApp.id);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Payroll Portal');
    expect(await page.getByTestId('app-grant-types').innerText()).toBe('authorization_code, refresh_token');
    expect(await page.getByTestId('app-auth-method').innerText()).toBe('client_secret_basic');
    expect(await page.getByTestId('app-consent').innerText()).toBe('TRUSTED');
    const scopes = page.getByTestId('scope-list');
    await scopes.waitFor();
    expect(await scopes.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-scope')))).toEqual(['okta.users.read']);
    const assigned = page.getByTestId('assigned-list');
    await assigned.waitFor();
    expect(await assigned.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-user-id')))).toEqual([personId]);
    expect(await assigned.innerText()).toContain(PERSON);

    // Grant a scope: the org records it, the list shows it.
    const scopeField = page.getByLabel('Grant a scope');
    await scopeField.fill('okta.groups.read');
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    await page.getByTestId('scopes-message').filter({ hasText: 'Granted okta.groups.read.' }).waitFor();
    await scopes.locator('li[data-scope="okta.groups.read"]').waitFor();
    expect((await scopesOf(testApp.id)).sort()).toEqual(['okta.groups.read', 'okta.users.read']);
    expect(await scopeField.inputValue()).toBe('');

    // Assign a person found by the search box.
    await page.getByLabel('Assign a person').fill('assign.me');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByTestId('assign-candidates').waitFor();
    await page.getByRole('button', { name: `Assign ${OTHER}` }).click();
    await page.getByTestId('users-message').filter({ hasText: `Assigned ${OTHER}.` }).waitFor();
    await assigned.locator(`li[data-user-id="${otherId}"]`).waitFor();
    expect((await assignedTo(testApp.id)).sort()).toEqual([personId, otherId].sort());
    // The candidate is now marked as assigned rather than offered again.
    expect(await page.getByTestId('assign-candidates').innerText()).toContain('Assigned');
    await page.evaluate('window.scrollTo(0, 0)');
    await harness.screenshot(page, 'console-app', { doc: true });

    // A scope the org does not know: refused in Okta's words, nothing changes.
    await scopeField.fill('okta.nothing.read');
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    const refused = page.getByTestId('scopes-message');
    await refused.filter({ hasText: 'not an Okta API scope' }).waitFor();
    expect(await refused.innerText()).toContain("scopeId: 'okta.nothing.read' is not an Okta API scope");
    expect(await refused.getAttribute('role')).toBe('alert');
    expect((await scopesOf(testApp.id)).sort()).toEqual(['okta.groups.read', 'okta.users.read']);
    await scopeField.fill('');

    // Unassign them, and revoke the scope.
    await page.getByRole('button', { name: `Unassign ${OTHER}` }).click();
    await assigned.locator(`li[data-user-id="${otherId}"]`).waitFor({ state: 'detached' });
    expect(await assignedTo(testApp.id)).toEqual([personId]);
    await page.getByRole('button', { name: 'Revoke okta.groups.read' }).click();
    await scopes.locator('li[data-scope="okta.groups.read"]').waitFor({ state: 'detached' });
    expect(await scopesOf(testApp.id)).toEqual(['okta.users.read']);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll(page)).toBe(true);
    await harness.screenshot(page, 'console-app-phone');
    // The only refusal is the unknown scope's 400.
    expect(problems.filter((p) => !p.startsWith('400 ') && !p.includes('status of 400'))).toEqual([]);
  });

  it('Applications: deactivating asks first and says the tokens are revoked; they stop working, and activating does not bring them back', async () => {
    const tokens = await codeTokens(org, testApp, { scope: 'okta.users.read', username: PERSON, password: PERSON_PASSWORD });
    const usersWith = async () => (await fetch(`${org.url}/api/v1/users?limit=1`, { headers: bearer(tokens.access_token) })).status;
    expect(await usersWith()).toBe(200);

    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await openApp(page, testApp.id);
    const deactivate = page.getByRole('button', { name: 'Deactivate' });
    await deactivate.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe('Deactivate application');
    expect(await dialog.innerText()).toContain('every token it holds is revoked at once');
    expect(await dialog.getByTestId('deactivate-console-warning').count()).toBe(0);
    expect(await dialog.getByTestId('deactivate-workflows-warning').count()).toBe(0);
    // Focus is in the dialog; Escape cancels, changes nothing and gives focus back.
    expect(await page.evaluate(`document.activeElement?.closest('[role="dialog"]') !== null`)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Deactivate');
    expect((await call(org, 'GET', `/api/v1/apps/${testApp.id}`)).body.status).toBe('ACTIVE');
    expect(await usersWith()).toBe(200);

    await deactivate.click();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByTestId('app-status').filter({ hasText: 'INACTIVE' }).waitFor();
    expect((await call(org, 'GET', `/api/v1/apps/${testApp.id}`)).body.status).toBe('INACTIVE');
    expect(await usersWith()).toBe(401);

    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByTestId('app-status').filter({ hasText: /^ACTIVE$/ }).waitFor();
    expect((await call(org, 'GET', `/api/v1/apps/${testApp.id}`)).body.status).toBe('ACTIVE');
    expect(await usersWith()).toBe(401);
    expect(problems).toEqual([]);
  });

  it('Applications: the deactivate dialog warns that the console app closes the console and that the Workflows app stops every connection', async () => {
    const workflows = await workflowsApp(org);
    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await openApp(page, consoleAppId);
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('deactivate-console-warning').innerText()).toContain('closes this console');
    expect(await dialog.getByTestId('deactivate-workflows-warning').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await openApp(page, workflows.id);
    await page.getByRole('button', { name: 'Deactivate' }).click();
    expect(await dialog.getByTestId('deactivate-workflows-warning').innerText()).toContain('stops every Workflows connection');
    expect(await dialog.getByTestId('deactivate-console-warning').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await call(org, 'GET', `/api/v1/apps/${consoleAppId}`)).body.status).toBe('ACTIVE');
    expect((await call(org, 'GET', `/api/v1/apps/${workflows.id}`)).body.status).toBe('ACTIVE');
    expect(problems).toEqual([]);
  });

  it('Dashboard: active flows, connections by status, the 24-hour chart by outcome and the latest failures, as the API counts them', async () => {
    // Workflows: one ACTIVE connection used by an active flow, one PENDING; one flow left off.
    const connection = await authorizedConnection(org, { nickname: 'Okta (dashboard)' });
    expect((await createConnection(org, { nickname: 'Okta (never consented)' })).status).toBe(201);
    const live = await createFlow(org, delegatedFlow('Dashboard live flow', [{ id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } }]));
    await activateFlow(org, live.id);
    await createFlow(org, delegatedFlow('Dashboard idle flow', [{ id: 'note', type: 'text.compose', inputs: { template: { value: 'idle' } } }]));
    // Failed sign-ins on the hosted page: user.session.start with outcome FAILURE.
    for (let i = 0; i < 3; i++) await authorize(org, testApp, { scope: 'openid', username: 'nobody@example.com', password: 'Wrong-Password-1' });

    const { page, problems } = await harness.newPage(1280, 1500);
    page.setDefaultTimeout(15_000);
    await harness.signIn(page);
    await page.getByTestId('active-flows').waitFor();
    expect(await page.getByTestId('active-flows').innerText()).toBe('1');
    expect(await page.getByTestId('panel-flows').innerText()).toContain('of 2 flows on');
    const connections = (status: string) => page.locator(`[data-connection-status="${status}"]`).innerText();
    expect(await connections('ACTIVE')).toBe('1');
    expect(await connections('PENDING')).toBe('1');
    expect(await connections('ERROR')).toBe('0');
    expect(await connections('REVOKED')).toBe('0');

    // The chart counts exactly what the API has in its range, hour by hour and by outcome.
    const chart = page.getByTestId('events-chart');
    await chart.waitFor();
    const since = (await chart.getAttribute('data-since'))!;
    const until = (await chart.getAttribute('data-until'))!;
    const events = await callAll(org, `/api/v1/logs?limit=1000&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`);
    const outcome = (e: any) => (e.outcome?.result === 'SUCCESS' ? 0 : e.outcome?.result === 'FAILURE' ? 1 : 2);
    const expected = Array.from({ length: 24 }, () => [0, 0, 0]);
    for (const e of events) expected[Math.floor((Date.parse(e.published) - Date.parse(since)) / 3_600_000)]![outcome(e)]! += 1;
    const bars = await chart.locator('svg[role="img"] > g').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-values')));
    expect(bars).toEqual(expected.map((v) => v.join(',')));
    const failed = events.filter((e) => e.outcome?.result === 'FAILURE').length;
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(await chart.getAttribute('data-total')).toBe(String(events.length));
    expect(await chart.getAttribute('data-failure')).toBe(String(failed));
    expect(await chart.locator('[data-outcome="failure"]').innerText()).toBe(String(failed));
    const summary = (await chart.locator('svg[role="img"]').getAttribute('aria-label'))!;
    expect(summary).toContain(`${events.length} events from`);
    expect(summary).toContain(`${failed} failed`);
    expect(await chart.locator('figcaption').innerText()).toContain(summary);
    // Each bar's tooltip names its hour and its counts by outcome.
    expect(await chart.locator('svg[role="img"] > g > title').count()).toBe(24);
    expect(await chart.locator('svg[role="img"] > g > title').last().textContent()).toMatch(/events? \(success \d+, failure \d+, other \d+\)$/);

    // The latest failures: the API's newest, each linking to the System Log.
    const newest = (await call(org, 'GET', `/api/v1/logs?sortOrder=DESCENDING&limit=10&filter=${encodeURIComponent('outcome.result eq "FAILURE"')}`)).body;
    const list = page.getByTestId('failure-list');
    await list.waitFor();
    expect(await list.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-uuid')))).toEqual(newest.map((e: { uuid: string }) => e.uuid));
    expect(await list.locator('li').first().innerText()).toContain('INVALID_CREDENTIALS');
    expect(await list.locator('li').first().innerText()).toContain('nobody@example.com');
    await harness.screenshot(page, 'console-dashboard', { doc: true });

    await page.getByTestId('all-failures').click();
    await page.waitForURL((url) => url.pathname === '/console/logs');
    expect(new URL(page.url()).searchParams.get('filter')).toBe('outcome.result eq "FAILURE"');
    await page.locator(`tr[data-uuid="${newest[0].uuid}"]`).waitFor();
    // Back on the dashboard, a failure's own link opens that one event.
    await page.goBack();
    await page.getByTestId('failure-list').locator('li').first().getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/console/logs');
    expect(new URL(page.url()).searchParams.get('filter')).toBe(`uuid eq "${newest[0].uuid}"`);
    await page.locator(`tr[data-uuid="${newest[0].uuid}"]`).waitFor();
    expect(await page.locator('tr[data-uuid]').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 60_000);

  it('Dashboard: panels keep their place and size while they load, at desktop and phone width', async () => {
    for (const [width, height] of [
      [1280, 1500],
      [390, 2400],
    ] as const) {
      const { page, problems } = await harness.newPage(width, height);
      page.setDefaultTimeout(15_000);
      await harness.signIn(page);
      // Hold every panel's answer until the loading layout is measured.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const held = (url: URL) => url.pathname === '/api/v1/users' || url.pathname === '/api/v1/logs' || url.pathname.startsWith('/workflows/api/v1/');
      await page.route(
        (url) => held(url),
        async (route: Route) => {
          await gate;
          await route.continue();
        },
      );
      await page.reload();
      await page.getByTestId('panel-events').getByRole('status').waitFor();
      const layout = () =>
        page.locator('.dash-panel').evaluateAll((panels) =>
          panels.map((p) => {
            const box = p.getBoundingClientRect();
            return { id: p.getAttribute('data-testid'), top: Math.round(box.top), height: Math.round(box.height) };
          }),
        );
      const loading = await layout();
      release();
      await page.getByTestId('failure-list').or(page.getByTestId('panel-failures').getByText('No event failed')).waitFor();
      await page.getByTestId('events-chart').waitFor();
      await page.getByTestId('connection-counts').waitFor();
      await page.getByTestId('active-flows').waitFor();
      await page.getByTestId('user-counts').waitFor();
      const loaded = await layout();
      // Every panel starts where it started; all but the last (whose growth moves nothing) keep their height.
      expect(loaded.map((p) => [p.id, p.top])).toEqual(loading.map((p) => [p.id, p.top]));
      expect(loaded.slice(0, -1)).toEqual(loading.slice(0, -1));
      expect(await noSidewaysScroll(page)).toBe(true);
      if (width < 640) await harness.screenshot(page, 'console-dashboard-full-phone');
      expect(problems).toEqual([]);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
  }, 60_000);

  it('Dashboard: a Workflows panel the org refuses (an admin without Workflows rights) says so in words; the other panels still load', async () => {
    const { page, problems } = await harness.newPage();
    page.setDefaultTimeout(10_000);
    await harness.signIn(page);
    await page.route(
      (url) => url.pathname.startsWith('/workflows/api/v1/'),
      (route) => route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [] }) }),
    );
    await page.reload();
    for (const panel of ['panel-flows', 'panel-connections']) {
      const error = page.getByTestId(`${panel}-error`);
      await error.waitFor();
      expect(await error.innerText()).toContain('You may not see Workflows: it needs a Super Admin or Workflows Administrator role');
      expect(await error.innerText()).toContain('You do not have permission to perform the requested action');
    }
    await page.getByTestId('user-counts').waitFor();
    await page.getByTestId('events-chart').waitFor();
    expect(problems.filter((p) => !p.includes('403'))).toEqual([]);
  });

  it('Dashboard: counts service accounts apart from people', async () => {
    const login = 'svc.dashboard@example.com';
    const created = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { firstName: 'Svc', lastName: 'Dashboard', login, email: login, keyflowServiceAccount: true } } });
    expect(created.status, created.text).toBe(200);
    const everyone = [...(await callAll(org, '/api/v1/users?limit=200')), ...(await callAll(org, `/api/v1/users?limit=200&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`))];
    const services = everyone.filter((u) => u.profile.keyflowServiceAccount === true).length;
    const { page, problems } = await harness.newPage();
    await harness.signIn(page);
    await page.getByTestId('user-total').waitFor();
    expect(await page.getByTestId('service-account-total').innerText()).toBe(String(services));
    expect(await page.getByTestId('user-total').innerText()).toBe(String(everyone.length - services));
    expect(problems).toEqual([]);
  });
});
