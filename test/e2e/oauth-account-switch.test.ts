import { describe, expect, it } from 'vitest';
import { FormBrowser } from '../support/oauth-client.js';
import { assignUser, createPerson } from '../support/oauth-org.js';
import { call, startTestOrg, storeKinds } from '../support/test-org.js';
import { consentAt, createConnection, getConnection, workflowsApp } from '../support/workflows.js';

/**
 * Signing in as another account over an existing session (`prompt=login`), as the console does to
 * authorize a Workflows connection as a service account while its admin is signed in to the org:
 * oidc-provider logs the previous account out after the new sign-in, and that must end the previous
 * account's session only, so the new account goes straight on to consent.
 */
const kinds = await storeKinds();

describe.each(kinds)('switching accounts on the hosted sign-in page (%s store)', (kind) => {
  it('authorizes as the newly signed-in account after one sign-in, keeping its session alive', async () => {
    const org = await startTestOrg(kind);
    try {
      const login = 'svc-switch@example.com';
      const password = 'Kf-Switch-Account-3';
      const svc = await createPerson(org, login, password, 'SUPER_ADMIN');
      await assignUser(org, (await workflowsApp(org)).id, svc);
      const browser = new FormBrowser(org.url);
      // The browser first has the admin's session (a connection the admin authorized).
      expect((await consentAt(org, (await createConnection(org)).body.authorizeUrl, { browser })).html).toContain('Connection authorized');

      const created = await createConnection(org, { nickname: 'Okta (switch)' });
      const url = new URL(created.body.authorizeUrl);
      url.searchParams.set('prompt', 'login consent');
      let step = await browser.follow(url.href);
      expect(step.html).toContain('name="password"');
      step = await browser.submit(step.url, step.html, { username: login, password });
      // oidc-provider's self-submitting form that logs the admin's session out (no JavaScript here).
      expect(step.html).toContain('logout/confirm');
      step = await browser.submit(step.url, step.html, {});
      expect(step.html, 'no second sign-in').not.toContain('name="password"');
      expect(step.html).toContain('name="decision"');
      step = await browser.submit(step.url, step.html, { decision: 'allow' });
      expect(step.html).toContain('Connection authorized');
      expect((await getConnection(org, created.body.id)).authorizedBy.userId).toBe(svc);

      // The service account's new session was not ended by the admin's logout.
      const ended = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.session.end"')}`);
      expect(ended.status).toBe(200);
      expect(ended.body.map((e: any) => e.actor.id)).not.toContain(svc);
      const sessions = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.session.start" and actor.id eq "${svc}"`)}`);
      expect(sessions.body).toHaveLength(1);
    } finally {
      await org.close();
    }
  }, 60_000);
});
