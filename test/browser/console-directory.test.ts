import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_LABELS, ROLE_TYPES as SERVER_ROLE_TYPES } from '../../src/core/roles.js';
import { ROLE_TYPES } from '../../web/src/pages/Directory/role-types.js';
import { launchBrowser, requireBrowser } from '../support/browser.js';
import { ConsoleBrowser } from '../support/console-browser.js';
import { buildConsole } from '../support/console-bundle.js';
import { FormBrowser } from '../support/oauth-client.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, type TestOrg } from '../support/test-org.js';
import { activateFlow, authorizedConnection, createConnection, createFlow, delegatedFlow, workflowsApp } from '../support/workflows.js';

/**
 * The console's Directory beyond the list (docs/console.md): a person's groups, admin roles, OAuth
 * grants, sign-ins and recent events; editing a profile; every lifecycle action the org offers;
 * assigning and removing an admin role behind the Workflows impact dialog; the Groups pages; the API
 * tokens page. Debian's Chromium against a real server on SQLite.
 */

const runs = requireBrowser('console directory');
/** Failed sign-ins that lock a person out in this org (KEYFLOW_LOCKOUT_ATTEMPTS). */
const LOCKOUT_ATTEMPTS = 3;

describe("the console's admin roles", () => {
  it('offers exactly the standard roles the org supports, with Okta labels', () => {
    expect(ROLE_TYPES.map((r) => r.type)).toEqual([...SERVER_ROLE_TYPES]);
    for (const role of ROLE_TYPES) expect(role.label).toBe(ROLE_LABELS[role.type as keyof typeof ROLE_LABELS]);
  });
});

describe.skipIf(!runs)('the console Directory in Chromium (sqlite store)', () => {
  let bundleDir: string;
  let org: TestOrg;
  let browser: Browser;
  let harness: ConsoleBrowser;

  beforeAll(async () => {
    bundleDir = await buildConsole();
    org = await startTestOrg('sqlite', { KEYFLOW_LOCKOUT_ATTEMPTS: String(LOCKOUT_ATTEMPTS) }, { consoleDir: bundleDir });
    browser = await launchBrowser();
    harness = new ConsoleBrowser(org, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await org?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await harness?.closePages();
  });

  const newPage = async (width?: number, height?: number) => {
    const opened = await harness.newPage(width, height);
    opened.page.setDefaultTimeout(10_000);
    return opened;
  };
  const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
  /** Signs in (the console then shows its dashboard) and opens `path`. */
  const openSignedIn = async (page: Page, path: string) => {
    await harness.signIn(page);
    await page.goto(`${org.url}${path}`);
  };
  const statusOf = async (id: string) => (await call(org, 'GET', `/api/v1/users/${id}`)).body.status as string;

  /** Creates a person through the API; `password` makes them able to sign in, `activate` false leaves them STAGED. */
  async function person(login: string, { activate = true, password }: { activate?: boolean; password?: string } = {}): Promise<string> {
    const res = await call(org, 'POST', `/api/v1/users?activate=${activate}`, {
      body: { profile: { firstName: 'Dee', lastName: login.split('@')[0], login, email: login }, ...(password ? { credentials: { password: { value: password } } } : {}) },
    });
    expect(res.status, res.text).toBe(200);
    return res.body.id;
  }

  /** Presses a lifecycle button, confirms its dialog (whose title is `title`), and waits for the new status. */
  async function lifecycle(page: Page, label: string, title: string | null, status: string): Promise<void> {
    await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: label, exact: true }).click();
    if (title) {
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getByRole('heading').innerText()).toBe(title);
      await dialog.getByRole('button', { name: label, exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.getByTestId('detail-status').filter({ hasText: new RegExp(`^${status}$`) }).waitFor();
    expect(await page.getByTestId('action-result').innerText()).toBe(`${label}: done.`);
  }

  it('a person page shows their groups, admin roles, OAuth grants, sign-ins and recent events; a role is assigned and removed behind the impact dialog', async () => {
    const login = 'dir.person@example.com';
    const password = 'Kf-Directory-Person-5';
    const id = await createPerson(org, login, password, 'SUPER_ADMIN');
    await assignUser(org, (await workflowsApp(org)).id, id);
    // Authorizing a connection signs the person in (a session event) and grants the Workflows app scopes.
    const connection = await authorizedConnection(org, { nickname: 'Okta (directory person)', username: login, password });
    const flow = await createFlow(org, delegatedFlow('Directory roles flow', [{ id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } }]));
    await activateFlow(org, flow.id);
    const group = await call(org, 'POST', '/api/v1/groups', { body: { profile: { name: 'Directory engineers', description: 'People who build the directory' } } });
    expect(group.status, group.text).toBe(200);
    expect((await call(org, 'PUT', `/api/v1/groups/${group.body.id}/users/${id}`)).status).toBe(204);
    const grants = (await call(org, 'GET', `/api/v1/users/${id}/grants`)).body;
    expect(grants.length).toBeGreaterThan(0);

    const { page, problems } = await newPage();
    await openSignedIn(page, `/console/users/${id}`);
    await page.getByTestId('detail-status').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Pat dir.person');

    const groups = page.getByTestId('person-groups');
    await groups.getByRole('link', { name: 'Directory engineers' }).waitFor();
    expect(await groups.getByRole('link', { name: 'Directory engineers' }).getAttribute('href')).toBe(`/console/groups/${group.body.id}`);

    const roles = page.getByTestId('person-roles');
    await roles.locator('[data-role-type="SUPER_ADMIN"]').waitFor();
    expect(await roles.locator('[data-role-type="SUPER_ADMIN"]').innerText()).toContain('Super Organization Administrator');

    const grantList = page.getByTestId('person-grants');
    await grantList.locator('[data-grant-id]').first().waitFor();
    expect(await grantList.locator('[data-grant-id]').count()).toBe(grants.length);
    expect(await grantList.innerText()).toContain('Keyflow Workflows');
    expect(await grantList.innerText()).toContain(grants[0].scopeId);

    const sessions = page.getByTestId('person-sessions');
    await sessions.locator('[data-event-type="user.session.start"]').first().waitFor();
    // Recent events, newest first: the group membership came after the sign-in.
    const events = page.getByTestId('person-events');
    await events.locator('[data-event-type]').first().waitFor();
    const types = await events.locator('[data-event-type]').evaluateAll((items) => items.map((i) => i.getAttribute('data-event-type')));
    expect(types[0]).toBe('group.user_membership.add');
    expect(types).toContain('user.lifecycle.create');
    expect(types.length).toBeLessThanOrEqual(20);
    const logLink = events.getByRole('link', { name: 'Open in the System Log' });
    const href = new URL((await logLink.getAttribute('href'))!, org.url);
    expect(href.pathname).toBe('/console/logs');
    expect(href.searchParams.get('filter')).toBe(`target.id eq "${id}" or actor.id eq "${id}"`);
    await harness.screenshot(page, 'console-person', { doc: true, fullPage: true });

    // Assign a second role, from the roles Keyflow supports.
    await roles.getByLabel('Admin role to assign').selectOption('READ_ONLY_ADMIN');
    await roles.getByRole('button', { name: 'Assign role' }).click();
    await roles.locator('[data-role-type="READ_ONLY_ADMIN"]').waitFor();
    expect((await call(org, 'GET', `/api/v1/users/${id}/roles`)).body.map((r: any) => r.type).sort()).toEqual(['READ_ONLY_ADMIN', 'SUPER_ADMIN']);

    // Removing the Super Admin role: the dialog names the connection the person authorized and its active flow.
    await roles.getByRole('button', { name: 'Remove Super Organization Administrator' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').innerText()).toBe('Remove admin role');
    await dialog.getByTestId('impact-list').waitFor();
    expect(await dialog.getByTestId('impact-list').innerText()).toContain('Okta (directory person)');
    expect(await dialog.getByTestId('impact-list').innerText()).toContain('Directory roles flow');
    // Escape cancels: nothing changes.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await call(org, 'GET', `/api/v1/users/${id}/roles`)).body).toHaveLength(2);
    await roles.getByRole('button', { name: 'Remove Super Organization Administrator' }).click();
    await dialog.getByTestId('impact-list').waitFor();
    await dialog.getByRole('button', { name: 'Remove role' }).click();
    await dialog.waitFor({ state: 'detached' });
    await roles.locator('[data-role-type="SUPER_ADMIN"]').waitFor({ state: 'detached' });
    expect((await call(org, 'GET', `/api/v1/users/${id}/roles`)).body.map((r: any) => r.type)).toEqual(['READ_ONLY_ADMIN']);

    // Revoke one OAuth grant.
    const first = grantList.locator('[data-grant-id]').first();
    const grantId = await first.getAttribute('data-grant-id');
    await first.getByRole('button', { name: /^Revoke / }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await grantList.locator(`[data-grant-id="${grantId}"]`).waitFor({ state: 'detached' });
    expect((await call(org, 'GET', `/api/v1/users/${id}/grants/${grantId}`)).status).toBe(404);

    // At phone width the page fits.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await fitsWidth(page)).toBe(true);
    await harness.screenshot(page, 'console-person-phone');
    expect(problems).toEqual([]);
  }, 90_000);

  it("edits a person's profile; a bad email shows Okta's cause beside the field and changes nothing", async () => {
    const id = await person('edit.me@example.com', { password: 'Kf-Edit-Profile-8' });
    const { page, problems } = await newPage();
    await openSignedIn(page, `/console/users/${id}`);
    await page.getByRole('link', { name: 'Edit profile' }).click();
    await page.waitForURL((url) => url.pathname === `/console/users/${id}/edit`);
    await page.getByLabel('Title').fill('Directory editor');
    await page.getByLabel('Mobile phone').fill('+1 555 0100');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === `/console/users/${id}`);
    await page.locator('[data-attribute="title"]').filter({ hasText: 'Directory editor' }).waitFor();
    const saved = (await call(org, 'GET', `/api/v1/users/${id}`)).body.profile;
    expect(saved.title).toBe('Directory editor');
    expect(saved.mobilePhone).toBe('+1 555 0100');
    expect(saved.login).toBe('edit.me@example.com');

    await page.goto(`${org.url}/console/users/${id}/edit`);
    await page.getByLabel('Primary email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('edit-error').waitFor();
    expect(await page.getByTestId('edit-error').innerText()).toContain('Api validation failed: email');
    expect(await page.getByTestId('field-error-email').innerText()).toBe('Does not match required pattern');
    expect(await page.getByLabel('Primary email').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe(`/console/users/${id}/edit`);
    expect((await call(org, 'GET', `/api/v1/users/${id}`)).body.profile.email).toBe('edit.me@example.com');
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
  }, 60_000);

  it('offers the lifecycle actions of each status, and each changes the status as Okta does', async () => {
    const staged = await person('staged.with.password@example.com', { activate: false, password: 'Kf-Staged-Pass-2' });
    const { page, problems } = await newPage();
    await openSignedIn(page, `/console/users/${staged}`);
    await page.getByTestId('detail-status').filter({ hasText: 'STAGED' }).waitFor();
    const actions = page.getByRole('region', { name: 'Actions' });
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['Activate', 'Deactivate']);
    // A person with a password becomes ACTIVE on activation.
    await lifecycle(page, 'Activate', 'Activate person', 'ACTIVE');
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['Reset password', 'Expire password', 'Suspend', 'Deactivate', 'Clear sessions']);
    await lifecycle(page, 'Expire password', 'Expire password', 'PASSWORD_EXPIRED');
    await lifecycle(page, 'Reset password', 'Reset password', 'RECOVERY');
    expect(await statusOf(staged)).toBe('RECOVERY');
    // RECOVERY may be reactivated.
    await lifecycle(page, 'Reactivate', 'Reactivate person', 'RECOVERY');

    // Without a password, activation leaves the person pending (PROVISIONED).
    const noPassword = await person('staged.no.password@example.com', { activate: false });
    await page.goto(`${org.url}/console/users/${noPassword}`);
    await page.getByTestId('detail-status').filter({ hasText: 'STAGED' }).waitFor();
    await lifecycle(page, 'Activate', 'Activate person', 'PROVISIONED');
    expect(await statusOf(noPassword)).toBe('PROVISIONED');

    // Failed sign-ins lock a person out; Unlock needs no dialog.
    const lockedLogin = 'locked.out@example.com';
    const locked = await person(lockedLogin, { password: 'Kf-Locked-Out-6' });
    const signInPage = new FormBrowser(org.url);
    let step = await signInPage.follow((await createConnection(org, { nickname: 'Lockout door' })).body.authorizeUrl);
    for (let i = 0; i < LOCKOUT_ATTEMPTS; i++) step = await signInPage.submit(step.url, step.html, { username: lockedLogin, password: `wrong-${i}` });
    expect(await statusOf(locked)).toBe('LOCKED_OUT');
    await page.goto(`${org.url}/console/users/${locked}`);
    await page.getByTestId('detail-status').filter({ hasText: 'LOCKED_OUT' }).waitFor();
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['Unlock', 'Reset password', 'Deactivate', 'Clear sessions']);
    await lifecycle(page, 'Unlock', null, 'ACTIVE');
    expect(await statusOf(locked)).toBe('ACTIVE');

    // A deactivated person may be activated again or deleted.
    await lifecycle(page, 'Deactivate', 'Deactivate person', 'DEPROVISIONED');
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['Activate', 'Delete']);
    expect(problems).toEqual([]);
  }, 90_000);

  it('Groups: create a group, edit it, add and remove a member, delete it', async () => {
    const member = await person('group.member@example.com', { password: 'Kf-Group-Member-4' });
    const { page, problems } = await newPage();
    await harness.signIn(page);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Groups' }).click();
    await page.waitForURL((url) => url.pathname === '/console/groups');
    await page.getByLabel('Name', { exact: true }).fill('Release managers');
    await page.getByLabel('Description', { exact: true }).fill('Ship the releases');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.waitForURL((url) => /^\/console\/groups\/[^/]+$/.test(url.pathname));
    const groupId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('group-name').innerText()).toBe('Release managers');
    expect((await call(org, 'GET', `/api/v1/groups/${groupId}`)).body.profile).toEqual({ name: 'Release managers', description: 'Ship the releases' });
    await page.getByTestId('members-empty').waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('Ship and announce the releases');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('group-description').filter({ hasText: 'Ship and announce the releases' }).waitFor();

    const members = page.getByTestId('group-members');
    await members.getByLabel('Find people to add').fill('group.member');
    await members.getByRole('button', { name: 'Find' }).click();
    await members.getByTestId('member-candidates').getByRole('button', { name: /^Add / }).click();
    await members.locator(`li[data-user-id="${member}"]`).first().getByRole('link').waitFor();
    expect((await call(org, 'GET', `/api/v1/groups/${groupId}/users`)).body.map((u: any) => u.id)).toEqual([member]);
    await harness.screenshot(page, 'console-groups', { doc: true, fullPage: true });

    // The list finds it by name prefix.
    await page.goto(`${org.url}/console/groups?q=Release`);
    await page.locator(`tr[data-group-id="${groupId}"]`).waitFor();
    expect(await page.locator('tbody tr[data-group-id]').count()).toBe(1);
    await page.locator(`tr[data-group-id="${groupId}"]`).getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/console/groups/${groupId}`);

    await members.getByRole('button', { name: /^Remove / }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('heading').innerText()).toBe('Remove person from group');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('members-empty').waitFor();
    expect((await call(org, 'GET', `/api/v1/groups/${groupId}/users`)).body).toEqual([]);

    await page.getByRole('button', { name: 'Delete group' }).click();
    expect(await dialog.getByRole('heading').innerText()).toBe('Delete group');
    await dialog.getByRole('button', { name: 'Delete group' }).click();
    await page.waitForURL((url) => url.pathname === '/console/groups');
    expect((await call(org, 'GET', `/api/v1/groups/${groupId}`)).status).toBe(404);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('groups-table').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  }, 60_000);

  it('API tokens: the value is shown once, works with SSWS, is gone after a reload; revoking it makes it answer 401', async () => {
    const { page, problems } = await newPage();
    await harness.signIn(page);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL((url) => url.pathname === '/console/api-tokens');
    await page.getByLabel('Token name').fill('Release pipeline');
    await page.getByRole('button', { name: 'Create token' }).click();
    const notice = page.getByTestId('new-token');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('It will not be shown again');
    const value = await notice.getByTestId('token-value').innerText();
    expect(value).toMatch(/^00[0-9A-Za-z_-]{40}$/);
    expect(await notice.getByRole('button', { name: 'Copy token' }).count()).toBe(1);
    const row = page.locator('tr[data-token-id]').filter({ hasText: 'Release pipeline' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Keyflow Admin');
    await harness.screenshot(page, 'console-api-tokens', { doc: true });

    const me = await call(org, 'GET', '/api/v1/users/me', { token: value });
    expect(me.status, me.text).toBe(200);
    expect(me.body.profile.login).toBe('admin@example.com');

    // After a reload the value is nowhere on the page: the org never shows it again.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(value);

    await row.getByRole('button', { name: 'Revoke Release pipeline' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('heading').innerText()).toBe('Revoke token');
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await call(org, 'GET', '/api/v1/users/me', { token: value })).status).toBe(401);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await fitsWidth(page)).toBe(true);
    await harness.screenshot(page, 'console-api-tokens-phone');
    expect(problems).toEqual([]);
  }, 60_000);
});
