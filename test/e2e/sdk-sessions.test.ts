import { beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../support/oauth-client.js';
import { authorize, createPerson, createWebApp, type WebApp } from '../support/oauth-org.js';
import { expectOktaError, sdkSuite, type OktaClient } from '../support/okta-client.js';
import { call, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * Sessions by id (okta-api.md §7) through the Okta Node SDK: a session is what the hosted sign-in page
 * creates; an admin reads, refreshes and revokes it, and a revoked session signs nobody in.
 */

const kinds = await storeKinds();
const PASSWORD = 'Kf-Session-Pass-5';

describe.each(kinds)('Sessions through the Okta Node SDK (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;
  let app: WebApp;

  sdkSuite(kind, (o, c) => {
    org = o;
    client = c;
  });

  beforeAll(async () => {
    app = await createWebApp(org, { scopes: ['okta.users.read'] });
  });

  async function signIn(login: string): Promise<{ browser: FormBrowser; sessionId: string; userId: string }> {
    const userId = await createPerson(org, login, PASSWORD);
    await call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: userId, scope: 'USER' } });
    const flow = await authorize(org, app, { scope: 'openid', username: login, password: PASSWORD });
    expect(flow.redirect.searchParams.get('code')).toBeTruthy();
    return { browser: flow.browser, sessionId: flow.browser.cookie('kf_sid')!, userId };
  }

  it('reads the session a sign-in created, with Okta\'s fields', async () => {
    const { sessionId, userId } = await signIn(`session.read.${kind}@example.com`);
    const session = await client.sessionApi.getSession({ sessionId });
    expect(session).toMatchObject({ id: sessionId, userId, login: `session.read.${kind}@example.com`, status: 'ACTIVE', amr: ['pwd'], idp: { type: 'OKTA' } });
    expect(session.idp?.id).toMatch(/^00o/);
    expect(new Date(session.expiresAt!).getTime()).toBeGreaterThan(Date.now());
  });

  it('refreshes a session, moving its expiry later', async () => {
    const { sessionId } = await signIn(`session.refresh.${kind}@example.com`);
    const before = await client.sessionApi.getSession({ sessionId });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await client.sessionApi.refreshSession({ sessionId });
    expect(new Date(after.expiresAt!).getTime()).toBeGreaterThan(new Date(before.expiresAt!).getTime());
    expect((await client.sessionApi.getSession({ sessionId })).expiresAt).toEqual(after.expiresAt);
  });

  it('revokes a session: 404 afterwards, user.session.end logged, and the browser must sign in again', async () => {
    const { sessionId, browser, userId } = await signIn(`session.revoke.${kind}@example.com`);
    await client.sessionApi.revokeSession({ sessionId });
    await expect(client.sessionApi.getSession({ sessionId })).rejects.toSatisfy((e) => {
      expectOktaError(e, 404, 'E0000007', `Not found: Resource not found: ${sessionId} (Session)`);
      return true;
    });
    const again = await authorize(org, app, { scope: 'openid', browser });
    expect(again.redirect.searchParams.get('code')).toBeNull();
    const logs = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.session.end"')}&limit=100`);
    expect(logs.body.some((e: any) => e.target[0]?.id === userId && e.debugContext.debugData.sessionId === sessionId)).toBe(true);
  });

  it('answers Okta\'s 404 for a session it never issued', async () => {
    await expect(client.sessionApi.getSession({ sessionId: '102nosuchsession00000000' })).rejects.toSatisfy((e) => {
      expectOktaError(e, 404, 'E0000007', 'Not found: Resource not found: 102nosuchsession00000000 (Session)');
      return true;
    });
  });
});
