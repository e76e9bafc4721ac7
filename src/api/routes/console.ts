import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_PATH, CONSOLE_REQUEST_SCOPES } from '../../core/console-app.js';
import { html } from '../../oauth/pages/html.js';
import { renderLayout } from '../../oauth/pages/layout.js';
import type { ConsoleAppService } from '../../services/console-app.js';

/**
 * Where `npm run build:console` (Vite, web/) writes the bundle: `dist/console` at the package root. This
 * file is `src/api/routes/console.ts` under vitest and `dist/api/routes/console.js` once built, so the
 * root is three levels up either way.
 */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

/** The bundle's file types; anything else is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The console runs only the bundle's own scripts and styles and talks only to this org (the token
 * endpoint, discovery and /api/v1), in the spirit of the hosted pages' `default-src 'none'`: no inline
 * script or style, no framing, no base URL, and no referrer (the callback URL carries the code).
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface ConsoleRouteDeps {
  orgUrl: string;
  consoleApp: ConsoleAppService;
  /** The built bundle; {@link DEFAULT_CONSOLE_DIR} unless a test points elsewhere. */
  bundleDir?: string;
}

/**
 * `/console/`: the admin console's static bundle (issue 6, docs/console.md), with every other path under
 * it answered by `index.html` so that the single-page app's own routes (e.g. `/console/callback`) load
 * it; and `/console/config.json`, which tells the app its OAuth client and issuer. No route here needs
 * a credential: the app signs in through the org's authorization server like any other client.
 */
export function consoleRoutes(app: FastifyInstance, deps: ConsoleRouteDeps): void {
  const root = resolve(deps.bundleDir ?? DEFAULT_CONSOLE_DIR);

  app.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH, 301));

  app.get('/console/config.json', async (_request, reply) => {
    const consoleApp = await deps.consoleApp.find();
    void secure(reply).header('cache-control', 'no-store');
    if (!consoleApp || consoleApp.status !== 'ACTIVE') {
      return reply.code(503).send({ error: 'The Keyflow Console app is missing or inactive. Restart `keyflow serve` (or run `keyflow init`) to make it again, or activate it.' });
    }
    return { issuer: deps.orgUrl, clientId: consoleApp.id, redirectUri: deps.consoleApp.callbackUri, postLogoutRedirectUri: deps.consoleApp.signedOutUri, scopes: CONSOLE_REQUEST_SCOPES };
  });

  app.get('/console/*', async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    // A bundle file: a known type inside the bundle directory (an encoded `..` never leaves it).
    const file = resolve(root, rest);
    const type = CONTENT_TYPES[extname(file)];
    if (type && file.startsWith(root + sep)) {
      const body = await readIfPresent(file);
      // Vite names assets after their content: they never change.
      if (body) return secure(reply).type(type).header('cache-control', rest.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache').send(body);
    }
    if (rest.startsWith('assets/')) return errorPage(reply, 404, 'Not found', 'There is no such console file.');
    // Any other path is one of the app's own pages (e.g. /console/callback, /console/users/jane.doe@example.com).
    const index = await readIfPresent(resolve(root, 'index.html'));
    if (!index) return errorPage(reply, 503, 'Console not built', 'The admin console has not been built on this server. Run `npm run build` (or `npm run build:console`) and reload this page.');
    return secure(reply).type(CONTENT_TYPES['.html']!).header('cache-control', 'no-cache').send(index);
  });
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('Content-Security-Policy', CONSOLE_CSP).header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'no-referrer');
}

/** A plain page in the hosted pages' style (their CSP: a nonce'd style, nothing else). */
function errorPage(reply: FastifyReply, status: number, title: string, message: string): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'`)
    .send(renderLayout({ heading: title, body: html`<p>${message}</p>`, nonce }));
}
