import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:http';
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

/** Launches headless Chromium; one per test file (launch in beforeAll, close in afterAll). `extraArgs`
 *  come after {@link CHROMIUM_ARGS} (e.g. {@link RedirectStub.args}). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface RedirectStub {
  /** Chromium flags that send the redirect URI's host:port to the stub. */
  args: string[];
  close(): Promise<void>;
}

/**
 * Answers the test apps' redirect URI (http://127.0.0.1:9/callback, where nothing listens) with a
 * plain 200 "callback" page, so a flow that ends there ends on a loaded page whose URL carries the
 * `code` or `error`. `page.route` alone is not enough: playwright routes only the request that starts a
 * navigation, not one made by a redirect ("the handler will only be called for the first url if the
 * response is a redirect"), and the authorization server reaches the app through 303s; an unrouted
 * request to port 9 fails (ERR_UNSAFE_PORT, or ERR_CONNECTION_REFUSED) and its error page can
 * interrupt the test's next navigation. Port 9 is on Chromium's unsafe list, hence the allow flag;
 * `--host-resolver-rules` maps only that host:port, so the org's own port is untouched.
 */
export async function startRedirectStub(redirectUri: string): Promise<RedirectStub> {
  const target = new URL(redirectUri);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('callback');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const targetPort = target.port || (target.protocol === 'https:' ? '443' : '80');
  return {
    args: [`--explicitly-allowed-ports=${targetPort}`, `--host-resolver-rules=MAP ${target.hostname}:${targetPort} 127.0.0.1:${port}`],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
