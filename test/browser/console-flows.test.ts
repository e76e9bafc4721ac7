import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, requireBrowser } from '../support/browser.js';
import { buildConsole } from '../support/console-bundle.js';
import { ConsoleBrowser } from '../support/console-browser.js';
import { createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, type TestOrg } from '../support/test-org.js';
import { authorizedConnection, createConnection, createFlow, delegatedFlow } from '../support/workflows.js';

/**
 * The console's Workflows flows and execution history (docs/console.md) in Debian's Chromium against a
 * real server on SQLite: a flow through an authorized connection, its card view, the JSON editor's
 * checks as you type, save, import, export, on and off, a run with inputs, its history card by card, and
 * a card's Okta call followed to its System Log event.
 */

const runs = requireBrowser('console-flows');
const PHONE = { width: 390, height: 844 };

/** The requests these tests make fail on purpose: the editor's checks, a refused activation, a refused import. */
const expectedRefusal = (problem: string) => /\b400\b/.test(problem) && /\/workflows\/api\/v1\/flows(\/validate|\/wff\w+\/activate|\?import=true)/.test(problem);

describe.skipIf(!runs)('the console’s Workflows flows and executions in Chromium (sqlite store)', () => {
  let bundleDir: string;
  let org: TestOrg;
  let browser: Browser;
  let harness: ConsoleBrowser;
  let connection: any;
  let personId: string;

  beforeAll(async () => {
    bundleDir = await buildConsole();
    org = await startTestOrg('sqlite', {}, { consoleDir: bundleDir });
    browser = await launchBrowser();
    harness = new ConsoleBrowser(org, browser);
    connection = await authorizedConnection(org, { nickname: 'Okta (console admin)' });
    personId = await createPerson(org, 'greta@example.com', 'Kf-Quiet-Hours-7');
  });
  afterAll(async () => {
    await browser?.close();
    await org?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await harness?.closePages();
  });

  /** Reads the person, and if active greets them and sets their nickname (an Okta call that the System Log records). */
  const greetFlow = (name: string) =>
    delegatedFlow(name, [
      { id: 'read', type: 'okta.readUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' } } },
      {
        id: 'check',
        type: 'control.ifElse',
        condition: { a: { ref: 'read.status' }, op: '==', b: { value: 'ACTIVE' } },
        then: [
          { id: 'hello', type: 'text.compose', inputs: { template: { value: 'Welcome {{name}}' }, name: { ref: 'read.profile.firstName' } } },
          { id: 'nickname', type: 'okta.updateUser', connectionId: connection.id, inputs: { user: { ref: 'run.userId' }, profile: { value: { nickName: 'Greeted' } } } },
        ],
        else: [],
        outputs: [{ key: 'greeting', type: 'text', then: { ref: 'hello.output' }, else: { value: 'Not active' } }],
      },
      { id: 'done', type: 'control.return', inputs: { greeting: { ref: 'check.greeting' } } },
    ]);

  /** Signs in (the console then shows its dashboard) and opens `path`, as a bookmark would. */
  async function signInAt(page: Page, path: string): Promise<void> {
    page.setDefaultTimeout(10_000); // a missing element fails its test with its locator, well before the test's timeout
    await harness.signIn(page);
    await page.goto(`${org.url}${path}`);
  }

  const noSideScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

  it('lists flows, draws one card by card, checks the JSON as it is typed (syntax at its line and column, then the server’s causes), saves, exports and imports', async () => {
    const flow = await createFlow(org, greetFlow('Console: greet a person'));
    const { page, problems } = await harness.newPage();
    await signInAt(page, '/console/workflows/flows');

    // The list: name, trigger, connection, status.
    const row = page.locator(`tr[data-flow-id="${flow.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Console: greet a person[\s\S]*Delegated[\s\S]*Okta \(console admin\)[\s\S]*Off/);
    expect(await page.getByRole('navigation', { name: 'Workflows' }).getByRole('link', { name: 'Flows' }).getAttribute('aria-current')).toBe('page');
    await harness.screenshot(page, 'console-flows', { doc: true });

    // The card view: the trigger, then each card with its catalogue title, inputs and where they come from;
    // the If/Else's sections nested under it.
    await row.getByRole('link', { name: 'Console: greet a person' }).click();
    await page.waitForURL(`**/console/workflows/flows/${flow.id}`);
    const view = page.getByTestId('card-view');
    await view.waitFor();
    const read = view.locator('li[data-card-id="read"]');
    expect(await read.innerText()).toMatch(/Read User[\s\S]*okta\.readUser[\s\S]*Okta \(console admin\) \(ACTIVE\)[\s\S]*user[\s\S]*← run\.userId/);
    const check = view.locator('li[data-card-id="check"]');
    expect(await check.innerText()).toMatch(/If ← read\.status == "ACTIVE"[\s\S]*Then[\s\S]*Compose[\s\S]*Update User[\s\S]*Else[\s\S]*No cards/);
    expect(await check.locator('li[data-card-id="nickname"]').count(), 'nested inside the If/Else').toBe(1);
    expect(await view.locator(':scope > li').count(), 'trigger + 3 top-level cards').toBe(4);

    // Invalid JSON: the error at its line and column, marked in the gutter; "Go to the error" puts the caret there.
    const editor = page.getByTestId('flow-json');
    const saved = await editor.inputValue();
    expect(JSON.parse(saved)).toEqual(flow.definition);
    const broken = saved.replace('"kind": "main",', '"kind": "main"');
    await editor.fill(broken);
    const syntax = page.getByTestId('json-syntax-error');
    await syntax.waitFor();
    expect(await syntax.innerText()).toContain('Not valid JSON at line 5, column 3: Expected \',\' or \'}\' after a property value, found \'"\'');
    expect((await page.locator('.gutter .error-line').innerText()).trim()).toBe('5');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Go to the error' }).click();
    expect(await page.evaluate('[document.activeElement.dataset.testid, document.activeElement.selectionStart]')).toEqual(['flow-json', broken.indexOf('"saveExecutionData"')]);

    // Valid JSON, invalid flow: the server's causes at their JSON paths, as a save would answer.
    await editor.fill(saved.replace('"ref": "run.userId"', '"ref": "nowhere.userId"'));
    const causes = page.getByTestId('flow-validation-errors');
    await causes.waitFor();
    expect(await causes.innerText()).toContain('cards[0].inputs.user.ref: no card "nowhere" runs before this one');
    await harness.screenshot(page, 'console-flow-editor', { doc: true });
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body.version, 'checking saved nothing').toBe(1);

    // Fixed and renamed: valid, saved as version 2; the card view follows the text.
    const renamed = saved.replace('"name": "Console: greet a person"', '"name": "Console: greet and nickname"');
    await editor.fill(renamed);
    await page.getByTestId('flow-valid').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    expect(await page.getByTestId('flow-version').innerText()).toBe('2');
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${flow.id}`)).body).toMatchObject({ version: 2, name: 'Console: greet and nickname' });

    // Export: the API's export, downloaded as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toBe('Console-greet-and-nickname.flow.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toEqual(JSON.parse(renamed));

    // Import: a file the server refuses shows its causes; a file that is not JSON says where; the
    // exported file, renamed, becomes a new flow.
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.waitForURL('**/console/workflows/flows');
    const importFile = page.getByTestId('import-file');
    await importFile.setInputFiles({ name: 'broken.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, cards: [{ id: 'x', type: 'no.such.card' }] })) });
    await page.getByTestId('flows-error').waitFor();
    expect(await page.getByTestId('flows-error').innerText()).toMatch(/broken\.flow\.json was not imported:[\s\S]*Api validation failed[\s\S]*cards\[0\]\.type: /);
    await importFile.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('{\n  "name": "x",\n}') });
    await page.getByText('notes.txt is not a flow file:').waitFor();
    expect(await page.getByTestId('flows-error').innerText()).toContain("Line 3, column 1: Expected another property after the comma, found '}'");
    await importFile.setInputFiles({ name: 'copy.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, name: 'Console: imported copy' })) });
    await page.getByTestId('flows-notice').waitFor();
    expect(await page.getByTestId('flows-notice').innerText()).toContain('Imported “Console: imported copy”');
    await page.locator('tr', { hasText: 'Console: imported copy' }).waitFor();
    const imported = (await call(org, 'GET', '/workflows/api/v1/flows?limit=200')).body.find((f: any) => f.name === 'Console: imported copy');
    expect(imported.definition.cards).toEqual(exported.cards);
    const importEvents = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "workflows.user.flow.import" and target.id eq "${imported.id}"`)}`);
    expect(importEvents.body).toHaveLength(1);

    // New flow: a blank definition in the editor, valid as it is, created under the name typed in.
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.waitForURL('**/console/workflows/flows/new');
    const blank = page.getByTestId('flow-json');
    await page.getByTestId('flow-valid').waitFor();
    await blank.fill((await blank.inputValue()).replace('"New flow"', '"Console: from scratch"'));
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL((url) => /^\/console\/workflows\/flows\/wff\w+$/.test(url.pathname));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Console: from scratch');
    const created = (await call(org, 'GET', `/workflows/api/v1/flows/${page.url().split('/').pop()}`)).body;
    expect(created).toMatchObject({ name: 'Console: from scratch', version: 1, active: false, triggerType: 'delegated' });

    expect(problems.filter((p) => !expectedRefusal(p))).toEqual([]);
  });

  it('turns flows on and off, saying in words why the org refuses one (a connection without the scopes its cards need)', async () => {
    const good = await createFlow(org, greetFlow('Console: on and off'));
    const pending = await createConnection(org, { nickname: 'Not yet authorized' });
    const lacking = await createFlow(org, delegatedFlow('Console: lacks scopes', [{ id: 'read', type: 'okta.readUser', connectionId: pending.body.id, inputs: { user: { ref: 'run.userId' } } }]));
    const { page, problems } = await harness.newPage();
    await signInAt(page, '/console/workflows/flows');

    const row = page.locator(`tr[data-flow-id="${good.id}"]`);
    await row.getByRole('button', { name: 'Turn on Console: on and off' }).click();
    await page.getByText('“Console: on and off” is on.').waitFor();
    expect(await row.getByTestId('flow-active').innerText()).toBe('On');
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${good.id}`)).body.active).toBe(true);

    const lackingRow = page.locator(`tr[data-flow-id="${lacking.id}"]`);
    expect(await lackingRow.innerText()).toContain('1 warning');
    await lackingRow.getByRole('button', { name: 'Turn on Console: lacks scopes' }).click();
    const refused = page.getByTestId('flows-error');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/“Console: lacks scopes” could not be turned on:[\s\S]*Api validation failed: connectionId[\s\S]*cards\[0\]\.connectionId: Read User needs okta\.users\.read/);
    expect(await lackingRow.getByTestId('flow-active').innerText()).toBe('Off');

    // Off again, from the flow's own page.
    await page.goto(`${org.url}/console/workflows/flows/${good.id}`);
    await page.getByTestId('flow-status').waitFor();
    expect(await page.getByTestId('flow-status').innerText()).toBe('On');
    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByText('The flow is off.').waitFor();
    expect((await call(org, 'GET', `/workflows/api/v1/flows/${good.id}`)).body.active).toBe(false);
    expect(problems.filter((p) => !expectedRefusal(p))).toEqual([]);
  });

  it('runs a flow with inputs, shows its execution card by card, and follows a card’s Okta call to its System Log event by transaction id', async () => {
    const flow = await createFlow(org, greetFlow('Console: run me'));
    const { page, problems } = await harness.newPage();
    await signInAt(page, `/console/workflows/flows/${flow.id}`);

    // The form has the trigger's declared input.
    const form = page.getByTestId('run-form');
    await form.getByLabel('userId').fill(personId);
    await form.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('run-result');
    await result.waitFor();
    const executionId = await result.getByRole('link').innerText();
    expect(executionId).toMatch(/^wfe/);
    await result.getByRole('link').click();
    await page.waitForURL(`**/console/workflows/executions/${executionId}`);
    // Read again until it ends.
    await page.getByTestId('execution-status').filter({ hasText: 'SUCCEEDED' }).waitFor();
    const api = (await call(org, 'GET', `/workflows/api/v1/executions/${executionId}`)).body;
    expect(api.status).toBe('SUCCEEDED');
    expect(await page.getByTestId('execution-duration').innerText()).toMatch(/^\d+(\.\d)? (ms|s)$/);
    expect(JSON.parse(await page.getByTestId('execution-output').locator('pre').innerText())).toEqual({ greeting: 'Welcome Pat' });

    // Each card with its inputs and outputs (the flow saves execution data) and its HTTP status.
    const runs = page.getByTestId('card-runs');
    expect(await runs.locator(':scope > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-card-id')))).toEqual(api.cards.map((c: any) => c.cardId));
    const readCard = runs.locator('li[data-card-id="read"]');
    expect(JSON.parse(await readCard.getByTestId('card-inputs').locator('pre').innerText())).toEqual({ user: personId });
    expect(JSON.parse(await readCard.getByTestId('card-outputs').locator('pre').innerText())).toMatchObject({ id: personId, status: 'ACTIVE' });
    expect(await readCard.getByTestId('card-http-status').innerText()).toBe('200');
    const hello = runs.locator('li[data-card-id="hello"]');
    expect(JSON.parse(await hello.getByTestId('card-outputs').locator('pre').innerText())).toEqual({ output: 'Welcome Pat' });
    await harness.screenshot(page, 'console-execution', { doc: true });

    // The Update User card's call is in the System Log under its request id (= the event's transaction.id).
    const nickname = runs.locator('li[data-card-id="nickname"]');
    const [requestId] = api.cards.find((c: any) => c.cardId === 'nickname').requestIds;
    expect(requestId).toBeTruthy();
    await nickname.getByRole('link', { name: `System Log events of request ${requestId}` }).click();
    await page.waitForURL((url) => url.pathname === '/console/logs' && url.searchParams.get('filter') === `transaction.id eq "${requestId}"`);
    const until = new URL(page.url()).searchParams.get('until');
    expect(Date.parse(until!)).toBeGreaterThan(Date.parse(api.startedAt));
    const eventRow = page.locator('tbody tr[data-uuid]');
    await eventRow.first().waitFor();
    expect(await eventRow.count()).toBe(1);
    expect(await eventRow.first().innerText()).toContain('user.account.update_profile');
    await eventRow.first().getByRole('button').click();
    const event = JSON.parse(await page.getByTestId('log-json').innerText());
    expect(event.transaction.id).toBe(requestId);
    expect(event.client.userAgent.rawUserAgent).toBe('Azuqua');
    expect(event.debugContext.debugData).toMatchObject({ workflowsExecutionId: executionId, workflowsCardId: 'nickname' });

    // The history list, narrowed by flow and status, leads back to the execution.
    await page.goto(`${org.url}/console/workflows/executions?flowId=${flow.id}`);
    const listed = page.locator(`tr[data-execution-id="${executionId}"]`);
    await listed.waitFor();
    expect(await listed.innerText()).toMatch(/Console: run me[\s\S]*SUCCEEDED/);
    await page.getByTestId('filter-status').selectOption('FAILED');
    await page.waitForURL((url) => url.searchParams.get('status') === 'FAILED' && url.searchParams.get('flowId') === flow.id);
    await page.getByTestId('executions-empty').waitFor();
    await page.goBack();
    await listed.waitFor();
    expect(problems).toEqual([]);
  });

  it('fits a phone: the flows list, a flow and an execution without sideways scrolling', async () => {
    const flow = await createFlow(org, greetFlow('Console: on a phone with a rather long flow name'));
    const execution = (await call(org, 'POST', `/workflows/api/v1/flows/${flow.id}/run?wait=true`, { body: { inputs: { userId: personId } } })).body;
    const { page, problems } = await harness.newPage(PHONE.width, PHONE.height);
    await signInAt(page, '/console/workflows/flows');
    await page.locator(`tr[data-flow-id="${flow.id}"]`).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await harness.screenshot(page, 'console-flows-phone');
    await page.goto(`${org.url}/console/workflows/flows/${flow.id}`);
    await page.getByTestId('card-view').waitFor();
    await page.getByTestId('flow-valid').waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await harness.screenshot(page, 'console-flow-editor-phone');
    await page.goto(`${org.url}/console/workflows/executions/${execution.id}`);
    await page.getByTestId('execution-status').filter({ hasText: 'SUCCEEDED' }).waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await harness.screenshot(page, 'console-execution-phone');
    expect(problems).toEqual([]);
  });
});
