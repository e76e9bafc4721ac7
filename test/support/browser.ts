import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core. Never a browser that playwright downloads: .ci/run
 * installs the `chromium` package, and a developer without it gets the browser suites skipped.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium as root in a container: no sandbox, no GPU, no small /dev/shm. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/** Whether Debian's Chromium is installed (an executable at {@link CHROMIUM_PATH}). */
export function browserAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides whether a browser suite runs: true when Chromium is there. Without it the suite is skipped
 * with a printed reason on a developer's machine, and fails in CI (CI=…), where .ci/run installs it.
 */
export function requireBrowser(suite: string): boolean {
  if (browserAvailable()) return true;
  const reason = `${CHROMIUM_PATH} is missing (install Debian's package: apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${reason}. CI must run the browser suite "${suite}".`);
  console.warn(`browser suite "${suite}" skipped: ${reason}`);
  return false;
}

/** Launches headless Chromium; one per test file (launch in beforeAll, close in afterAll). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
