import { Client, DefaultRequestExecutor, type User } from '@okta/okta-sdk-nodejs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { jobContext } from '../../src/core/log-event-builder.js';
import { checkResponse, describeErrors, pathTemplateOf, type ResponseCheck } from './openapi.js';
import { startTestOrg, type StoreKind, type TestOrg } from './test-org.js';

/**
 * The official Okta Node SDK (v8) as a real client of a Keyflow test org.
 *
 * Configuration, checked against node_modules/@okta/okta-sdk-nodejs/src:
 * - v8 has no HTTPS check on `orgUrl` (the `testing.disableHttpsCheck` switch of v4–v6 is gone: client.js
 *   only requires an orgUrl and a token), so `http://127.0.0.1:<port>` works as is;
 * - `cacheMiddleware: null` turns GET caching off (http.js installs the default cache middleware unless the
 *   option is exactly `null`); with the cache on, a GET after a write could answer from memory;
 * - the User-Agent is `@okta/okta-sdk-nodejs/<ver> node/<ver> <platform>/<release>` (client.js
 *   DEFAULT_USER_AGENT), which the System Log must echo in `client.userAgent.rawUserAgent`;
 * - `requestExecutor` is the SDK's own DefaultRequestExecutor (429 back-off and all), extended only to
 *   record each exchange so that tests can read response headers (X-Okta-Request-Id, Link) the v8 API
 *   does not return, and so that every JSON body the SDK receives is checked against Okta's OpenAPI spec.
 */

export type OktaClient = Client;

/** One HTTP exchange the SDK made. */
export interface Exchange {
  method: string;
  url: string;
  /** The request body as the SDK sent it (a JSON string), if any. */
  requestBody: string | undefined;
  /** Path without the query, as sent (still URL-encoded). */
  path: string;
  status: number;
  headers: Map<string, string>;
  requestId: string | null;
  /** Raw `link` header value (node-fetch joins repeated headers with ", "). */
  link: string | null;
  body: unknown;
  text: string;
  /** The OpenAPI check of the body, or why there is none. */
  schema: ResponseCheck | { skipped: string };
}

/** Keyflow extensions with no Okta schema; their bodies are not checked against the spec. */
const EXTENSIONS: { method: string; path: RegExp; why: string }[] = [
  { method: 'POST', path: /^\/api\/v1\/api-tokens$/, why: 'POST /api/v1/api-tokens is a Keyflow extension (Okta creates tokens only in the Admin Console)' },
];

export class RecordingRequestExecutor extends DefaultRequestExecutor {
  readonly exchanges: Exchange[] = [];
  private readonly pending: Promise<void>[] = [];

  override fetch(request: any): Promise<any> {
    return super.fetch(request).then((response: any) => {
      // Read a clone while the SDK reads the original (node-fetch tees the stream).
      const copy = response.clone();
      const method = String(request.method ?? 'GET').toUpperCase();
      this.pending.push(
        copy.text().then((text: string) => {
          const url = new URL(response.url || request.url);
          const headers = new Map<string, string>();
          response.headers.forEach((value: string, name: string) => headers.set(name.toLowerCase(), value));
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          this.exchanges.push({
            method,
            url: url.toString(),
            requestBody: typeof request.body === 'string' ? request.body : undefined,
            path: url.pathname,
            status: response.status,
            headers,
            requestId: headers.get('x-okta-request-id') ?? null,
            link: headers.get('link') ?? null,
            body,
            text,
            schema: schemaCheck(method, url.pathname, response.status, body, text),
          });
        }),
      );
      return response;
    });
  }

  /** Waits until every response seen so far has been recorded. */
  async settle(): Promise<Exchange[]> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
    return this.exchanges;
  }
}

function schemaCheck(method: string, path: string, status: number, body: unknown, text: string): Exchange['schema'] {
  const extension = EXTENSIONS.find((e) => e.method === method && e.path.test(path) && status < 400);
  if (extension) return { skipped: extension.why };
  if (text === '' && (status === 204 || status < 300)) return { skipped: 'no body' };
  const template = pathTemplateOf(path);
  if (!template) return { skipped: `no path in the OpenAPI spec matches ${path}` };
  return checkResponse(method, template, status, body);
}

const recorders = new WeakMap<OktaClient, RecordingRequestExecutor>();

/** An SDK client for `org`, authenticated with the org's Super Admin token unless `token` is given. */
export function oktaClient(org: Pick<TestOrg, 'url' | 'token'>, opts: { token?: string } = {}): OktaClient {
  const recorder = new RecordingRequestExecutor();
  const client = new Client({
    orgUrl: org.url,
    token: opts.token ?? org.token,
    cacheMiddleware: null,
    requestExecutor: recorder,
  });
  recorders.set(client, recorder);
  return client;
}

export function recorderOf(client: OktaClient): RecordingRequestExecutor {
  const recorder = recorders.get(client);
  if (!recorder) throw new Error('not a client made by oktaClient()');
  return recorder;
}

/** The User-Agent the SDK sends on every request. */
export function sdkUserAgent(client: OktaClient): string {
  return String(client.http.defaultHeaders['User-Agent']);
}

/** The most recent exchange (optionally: the most recent with this method and path pattern). */
export async function lastExchange(client: OktaClient, method?: string, path?: RegExp): Promise<Exchange> {
  const all = await recorderOf(client).settle();
  for (let i = all.length - 1; i >= 0; i--) {
    const e = all[i]!;
    if ((method === undefined || e.method === method) && (path === undefined || path.test(e.path))) return e;
  }
  throw new Error(`no exchange ${method ?? ''} ${path ?? ''} recorded`);
}

/** Runs `fn`, returning its result and the exchanges it caused. */
export async function traced<T>(client: OktaClient, fn: () => Promise<T>): Promise<{ result: T; exchanges: Exchange[]; last: Exchange }> {
  const recorder = recorderOf(client);
  await recorder.settle();
  const start = recorder.exchanges.length;
  const result = await fn();
  const exchanges = (await recorder.settle()).slice(start);
  const last = exchanges[exchanges.length - 1];
  if (!last) throw new Error('the call made no HTTP request');
  return { result, exchanges, last };
}

/**
 * Runs `fn`, expects it to fail with an OktaApiError, and returns the error and the exchange that
 * produced it (the error's own headers are node-fetch Headers; the exchange has the request id).
 */
export async function tracedFailure(client: OktaClient, fn: () => Promise<unknown>): Promise<{ error: OktaApiErrorShape; last: Exchange }> {
  const recorder = recorderOf(client);
  await recorder.settle();
  const start = recorder.exchanges.length;
  let error: unknown;
  try {
    await fn();
  } catch (err) {
    error = err;
  }
  const exchanges = (await recorder.settle()).slice(start);
  if (error === undefined) throw new Error(`expected the call to fail; it succeeded (${exchanges.map((e) => `${e.method} ${e.path} ${e.status}`).join(', ')})`);
  expect((error as Error).name, `expected an OktaApiError, got ${String(error)}`).toBe('OktaApiError');
  const last = exchanges[exchanges.length - 1];
  if (!last) throw new Error('the failing call made no HTTP request');
  return { error: error as OktaApiErrorShape, last };
}

/** The fields of the SDK's OktaApiError (src/api-error.js). */
export interface OktaApiErrorShape {
  name: string;
  status: number;
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
  errorLink: string;
  errorId: string;
  url: string;
  message: string;
}

/** Asserts an SDK error is exactly this Okta error (status, code, summary, link, id shape, causes). */
export function expectOktaError(error: OktaApiErrorShape, status: number, errorCode: string, errorSummary: string, causes: string[] = []): void {
  expect({ name: error.name, status: error.status, errorCode: error.errorCode, errorSummary: error.errorSummary, errorLink: error.errorLink, causes: error.errorCauses?.map((c) => c.errorSummary) }).toEqual({
    name: 'OktaApiError',
    status,
    errorCode,
    errorSummary,
    errorLink: errorCode,
    causes,
  });
  expect(error.errorId).toMatch(/^oae[0-9A-Za-z_-]{22}$/);
}

/**
 * Asserts that every response body the client received so far conforms to Okta's OpenAPI spec, then
 * forgets them (call it in afterEach).
 */
export async function expectResponsesConform(client: OktaClient): Promise<number> {
  const recorder = recorderOf(client);
  const all = (await recorder.settle()).splice(0);
  const failures = all.filter((e): e is Exchange & { schema: ResponseCheck } => 'errors' in e.schema && e.schema.errors.length > 0);
  const report = failures
    .map((e) => `${e.method} ${e.path} → ${e.status} (${e.schema.operationId}, schema of ${e.schema.schemaFrom}):\n${describeErrors(e.schema.errors, e.body)}`)
    .join('\n\n');
  expect(report, 'response bodies that do not match Okta\'s OpenAPI spec').toBe('');
  return all.length;
}

/** The link relations of a recorded exchange, parsed from its Link header(s). */
export function linksOf(exchange: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  if (!exchange.link) return out;
  for (const part of exchange.link.split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

/**
 * Mints an SSWS token owned by `userId` through Keyflow's own service, as set-up work. Okta creates API
 * tokens only in its Admin Console, as the signed-in admin; Keyflow's `POST /api/v1/api-tokens` also
 * creates them only for the caller, so a token for another admin can only come from set-up code.
 */
export async function mintApiToken(org: TestOrg, userId: string, name: string): Promise<{ id: string; value: string }> {
  const ctx = jobContext(`test-setup-${name}`);
  const owner = await org.app.services.users.find(ctx, userId);
  const { token, value } = await org.app.services.apiTokens.create(ctx, { name }, owner);
  return { id: token.id, value };
}

/** An ACTIVE user without a password (federated, so no argon2 cost), created through the SDK. */
export function federatedUser(client: OktaClient, tag: string): Promise<User> {
  const login = `${tag.toLowerCase()}@example.com`;
  return client.userApi.createUser({ body: { profile: { login, email: login, firstName: 'Ada', lastName: tag } }, activate: true, provider: true });
}

/** Drains a collection (finite collections only: System Log polling never ends). */
export async function all<T>(collection: AsyncIterable<T | null> | Promise<AsyncIterable<T | null>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await collection) if (item !== null) out.push(item);
  return out;
}

/** Unique, readable test values. */
let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * The lifecycle every SDK suite shares: a real org on `kind` for the whole describe block, an SDK client
 * for its Super Admin, and after each test a check that every body the client received conforms to
 * Okta's OpenAPI spec. `ready` hands the two to the suite (and may do more set-up).
 */
export function sdkSuite(kind: StoreKind, ready: (org: TestOrg, client: OktaClient) => void | Promise<void>): void {
  let org: TestOrg | undefined;
  let client: OktaClient | undefined;
  beforeAll(async () => {
    org = await startTestOrg(kind);
    client = oktaClient(org);
    await ready(org, client);
  });
  afterAll(async () => {
    await org?.close();
  });
  afterEach(async () => {
    if (client) await expectResponsesConform(client);
  });
}
