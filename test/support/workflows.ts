import { expect } from 'vitest';
import { FormBrowser } from './oauth-client.js';
import { ADMIN_PASSWORD, call, type TestOrg } from './test-org.js';

/** Where an org answers and the admin's token: a test org in this process or a Keyflow process of its own. */
type OrgAddress = Pick<TestOrg, 'url' | 'token'>;

/** The org's "Keyflow Workflows" app, found through the Apps API as an admin would. */
export async function workflowsApp(org: OrgAddress): Promise<any> {
  const res = await call(org, 'GET', `/api/v1/apps?q=${encodeURIComponent('Keyflow Workflows')}`);
  expect(res.status, res.text).toBe(200);
  expect(res.body, 'setup made exactly one Keyflow Workflows app').toHaveLength(1);
  return res.body[0];
}

/** `POST /workflows/api/v1/connections` with the admin's SSWS token (or `token`). */
export async function createConnection(org: OrgAddress, body: Record<string, unknown> = {}, token?: string) {
  return call(org, 'POST', '/workflows/api/v1/connections', { body: { nickname: 'Okta (admin)', ...body }, ...(token ? { token } : {}) });
}

export async function getConnection(org: OrgAddress, id: string): Promise<any> {
  const res = await call(org, 'GET', `/workflows/api/v1/connections/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/**
 * A person opens an authorize URL in a browser without JavaScript: signs in on the hosted page (unless
 * the browser has a session), answers the consent page, and lands on the callback page of the engine.
 */
export async function consentAt(
  org: OrgAddress,
  authorizeUrl: string,
  opts: { username?: string; password?: string; decision?: 'allow' | 'deny'; browser?: FormBrowser } = {},
): Promise<{ status: number; url: string; html: string; sawConsent: boolean }> {
  const browser = opts.browser ?? new FormBrowser(org.url);
  let step = await browser.follow(authorizeUrl);
  if (step.html.includes('name="password"')) {
    step = await browser.submit(step.url, step.html, { username: opts.username ?? 'admin@example.com', password: opts.password ?? ADMIN_PASSWORD });
  }
  const sawConsent = step.html.includes('name="decision"');
  if (sawConsent) step = await browser.submit(step.url, step.html, { decision: opts.decision ?? 'allow' });
  return { status: step.res.status, url: step.url, html: step.html, sawConsent };
}

/** Creates a connection and has `username` authorize it; returns the connection as the API shows it. */
export async function authorizedConnection(org: OrgAddress, opts: { nickname?: string; username?: string; password?: string } = {}): Promise<any> {
  const created = await createConnection(org, { nickname: opts.nickname ?? 'Okta (admin)' });
  expect(created.status, created.text).toBe(201);
  const page = await consentAt(org, created.body.authorizeUrl, opts);
  expect(page.status, page.html).toBe(200);
  expect(page.html).toContain('Connection authorized');
  return getConnection(org, created.body.id);
}

/** `POST /workflows/api/v1/flows`, expecting 201; returns the flow as shown. */
export async function createFlow(org: OrgAddress, definition: Record<string, unknown>): Promise<any> {
  const res = await call(org, 'POST', '/workflows/api/v1/flows', { body: definition });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function activateFlow(org: OrgAddress, flowId: string): Promise<void> {
  const res = await call(org, 'POST', `/workflows/api/v1/flows/${flowId}/activate`);
  expect(res.status, res.text).toBe(200);
}

/** Runs a flow now and waits for its end (`?wait=true`); returns the execution as shown. */
export async function runFlow(org: OrgAddress, flowId: string, inputs: Record<string, unknown> = {}): Promise<any> {
  const res = await call(org, 'POST', `/workflows/api/v1/flows/${flowId}/run?wait=true`, { body: { inputs } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** A delegated main flow whose cards are given, with a `userId` text input. */
export function delegatedFlow(name: string, cards: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: '1.0',
    name,
    kind: 'main',
    saveExecutionData: true,
    trigger: { id: 'run', type: 'delegated', inputs: [{ key: 'userId', type: 'text' }] },
    cards,
    ...extra,
  };
}
