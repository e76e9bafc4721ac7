import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, type TestOrg } from './test-org.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every screenshot a browser test takes (CI artifacts). */
export const SHOTS = `${ROOT}test-results/screenshots`;
/** The screenshots the docs and README show: rewritten by each run, so they stay current. */
export const DOC_SHOTS = `${ROOT}docs/screenshots`;

/**
 * What every console browser test needs (test/browser/console*.test.ts): fresh browser profiles that
 * record any CSP violation, page error or failed request, sign-in through the org's hosted page, and
 * screenshots. One per test file: `new ConsoleBrowser(org, browser)` in beforeAll, `closePages()` in
 * afterEach.
 */
export class ConsoleBrowser {
  private readonly contexts: BrowserContext[] = [];

  constructor(
    readonly org: TestOrg,
    readonly browser: Browser,
  ) {}

  /**
   * A fresh browser profile. `problems` collects console errors (CSP violations among them), page
   * errors and every response ≥ 400; a test that expects none ends with `expect(problems).toEqual([])`.
   */
  async newPage(width = 1280, height = 800): Promise<{ page: Page; problems: string[] }> {
    const context = await this.browser.newContext({ viewport: { width, height }, colorScheme: 'light', acceptDownloads: true });
    this.contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      // The hosted sign-in pages have no icon: Chromium's own /favicon.ico request is not the console's.
      if (msg.type() === 'error' && new URL(msg.location().url || 'about:blank').pathname !== '/favicon.ico') problems.push(`${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
    return { page, problems };
  }

  /** Opens `/console/<path>` and signs in on the org's hosted page; ends on that path with the shell loaded. */
  async signIn(page: Page, { path = '/console/', login = 'admin@example.com', password = ADMIN_PASSWORD }: { path?: string; login?: string; password?: string } = {}): Promise<void> {
    await page.goto(`${this.org.url}${path}`);
    await page.waitForURL((url) => url.pathname.startsWith('/signin/'));
    await page.getByLabel('Username').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The console is a TRUSTED app of the org: no consent page, but accept one should it be shown.
    await page.waitForURL((url) => url.pathname.startsWith('/console/') || url.pathname.includes('consent'));
    if (!new URL(page.url()).pathname.startsWith('/console/')) await page.getByRole('button', { name: 'Allow Access' }).click();
    await page.getByTestId('admin-name').waitFor();
  }

  /**
   * Saves `name`.png under test-results/screenshots and, with `doc`, under docs/screenshots too;
   * `fullPage` takes the whole scrollable page rather than the viewport.
   */
  async screenshot(page: Page, name: string, { doc = false, fullPage = false }: { doc?: boolean; fullPage?: boolean } = {}): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
    if (doc) {
      mkdirSync(DOC_SHOTS, { recursive: true });
      await page.screenshot({ path: `${DOC_SHOTS}/${name}.png`, fullPage });
    }
  }

  async closePages(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((c) => c.close()));
  }
}
