import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, clientPost, codeTokens, createPerson, createWebApp, introspect, tokenRequest, type WebApp } from '../support/oauth-org.js';
import { call, startSecondProcess, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * The contract of architecture.md "What breaks a user-delegated credential", row by row, for the
 * access token on /api/v1, the refresh grant and introspection, on every store. Each row signs a fresh
 * admin in through the hosted pages, gets tokens with consent, applies the change with the SSWS admin
 * token, and checks the very next request (no cache window).
 */

const kinds = await storeKinds();
const PASSWORD = 'Kf-Contract-Pass-7';
const SCOPES = 'openid okta.users.read okta.users.manage offline_access';

type Access = { status: 200 } | { status: 401; challenge: 'invalid_token' } | { status: 403; code: 'E0000006' } | { status: 403; challenge: 'insufficient_scope' };

interface Row {
  name: string;
  /** What is done to the consenting user (or their app) after the tokens were issued. */
  change: (org: TestOrg, userId: string) => Promise<void>;
  /** The API call made with the access token (default: read the user). */
  path?: (userId: string) => string;
  access: Access;
  refresh: 'ok' | 'invalid_grant';
  active: boolean;
  /** Optional second act: undo the change and check the token works again. */
  undo?: { change: (org: TestOrg, userId: string) => Promise<void>; access: Access; active: boolean };
}

async function ok(res: Promise<{ status: number; text: string }>, status = 200) {
  const r = await res;
  expect(r.status, r.text).toBe(status);
}

const lifecycle = (op: string) => (org: TestOrg, id: string) => ok(call(org, 'POST', `/api/v1/users/${id}/lifecycle/${op}`));

const ROWS: Row[] = [
  { name: 'deactivated', change: lifecycle('deactivate'), access: { status: 401, challenge: 'invalid_token' }, refresh: 'invalid_grant', active: false },
  {
    name: 'deleted',
    change: async (org, id) => {
      await ok(call(org, 'DELETE', `/api/v1/users/${id}`), 204);
      await ok(call(org, 'DELETE', `/api/v1/users/${id}`), 204);
    },
    access: { status: 401, challenge: 'invalid_token' },
    refresh: 'invalid_grant',
    active: false,
  },
  {
    name: 'suspended, then unsuspended',
    change: lifecycle('suspend'),
    access: { status: 403, code: 'E0000006' },
    refresh: 'invalid_grant',
    active: false,
    undo: { change: lifecycle('unsuspend'), access: { status: 200 }, active: true },
  },
  {
    name: 'sessions cleared with token revocation',
    change: (org, id) => ok(call(org, 'DELETE', `/api/v1/users/${id}/sessions?oauthTokens=true`), 204),
    access: { status: 401, challenge: 'invalid_token' },
    refresh: 'invalid_grant',
    active: false,
  },
  {
    name: 'sessions cleared without token revocation',
    change: (org, id) => ok(call(org, 'DELETE', `/api/v1/users/${id}/sessions`), 204),
    access: { status: 200 },
    refresh: 'ok',
    active: true,
  },
  {
    name: 'admin role removed',
    change: async (org, id) => {
      const roles = await call(org, 'GET', `/api/v1/users/${id}/roles`);
      for (const role of roles.body) await ok(call(org, 'DELETE', `/api/v1/users/${id}/roles/${role.id}`), 204);
    },
    access: { status: 403, code: 'E0000006' },
    refresh: 'ok',
    active: true,
  },
  {
    name: 'scope not granted (the call needs okta.groups.read)',
    change: async () => {},
    path: () => '/api/v1/groups',
    access: { status: 403, challenge: 'insufficient_scope' },
    refresh: 'ok',
    active: true,
  },
  {
    name: 'password changed',
    change: (org, id) => ok(call(org, 'POST', `/api/v1/users/${id}`, { body: { credentials: { password: { value: 'Kf-Another-Pass-8' } } } })),
    access: { status: 200 },
    refresh: 'ok',
    active: true,
  },
];

async function expectAccess(org: TestOrg, token: string, path: string, expected: Access) {
  const res = await call(org, 'GET', path, { token: null, headers: bearer(token) });
  expect(res.status, res.text).toBe(expected.status);
  if (expected.status === 200) return;
  const challenge = res.headers.get('www-authenticate');
  if ('challenge' in expected) {
    expect(challenge).toMatch(new RegExp(`^Bearer authorization_uri="${org.url}/oauth2/v1/authorize", realm="${org.url}", .*error="${expected.challenge}"`));
    expect(res.body.errorCode).toBe(expected.status === 401 ? 'E0000011' : 'E0000006');
    if (expected.challenge === 'insufficient_scope') expect(challenge).toContain(`scope="okta.groups.read"`);
  } else {
    expect(challenge).toBeNull();
    expect(res.body.errorCode).toBe(expected.code);
  }
}

describe.each(kinds)('the token contract (%s store)', (kind) => {
  let org: TestOrg;
  let app: WebApp;

  beforeAll(async () => {
    org = await startTestOrg(kind);
    app = await createWebApp(org, { scopes: ['okta.users.read', 'okta.users.manage'], consent: 'REQUIRED' });
  });
  afterAll(async () => org?.close());

  it('introspection and revocation refuse a JWT (the id_token) as unsupported, and still answer the opaque tokens', async () => {
    const login = `jwt.${kind}@example.com`;
    const userId = await createPerson(org, login, PASSWORD, 'ORG_ADMIN');
    await ok(call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: userId, scope: 'USER' } }));
    const tokens = await codeTokens(org, app, { scope: SCOPES, username: login, password: PASSWORD, consent: 'allow' });
    expect(tokens.id_token!.split('.')).toHaveLength(3);
    for (const path of ['/oauth2/v1/introspect', '/oauth2/v1/revoke']) {
      const res = await clientPost(org, path, { token: tokens.id_token! }, app);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error, path).toBe('unsupported_token_type');
    }
    expect((await introspect(org, app, tokens.access_token)).active).toBe(true);
    expect((await introspect(org, app, tokens.refresh_token!)).active).toBe(true);
    expect((await introspect(org, app, 'a.b')).active).toBe(false);
  });

  it.each(ROWS.map((r, i) => [r.name, i] as const))('%s', async (_name, i) => {
    const row = ROWS[i]!;
    const login = `contract.${kind}.${i}@example.com`;
    const userId = await createPerson(org, login, PASSWORD, 'ORG_ADMIN');
    await ok(call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: userId, scope: 'USER' } }));
    const tokens = await codeTokens(org, app, { scope: SCOPES, username: login, password: PASSWORD, consent: 'allow' });
    expect(tokens.refresh_token).toBeTruthy();
    const path = row.path?.(userId) ?? `/api/v1/users/${userId}`;

    await row.change(org, userId);

    // The very next request sees the change.
    await expectAccess(org, tokens.access_token, path, row.access);
    expect((await introspect(org, app, tokens.access_token)).active).toBe(row.active);
    const refreshed = await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, app);
    if (row.refresh === 'ok') {
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      expect(refreshed.body.access_token).toBeTruthy();
    } else {
      expect(refreshed.status).toBe(400);
      expect(refreshed.body).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
    }

    if (row.undo) {
      await row.undo.change(org, userId);
      await expectAccess(org, tokens.access_token, path, row.undo.access);
      expect((await introspect(org, app, tokens.access_token)).active).toBe(row.undo.active);
      // The refresh token was refused while the user could not act, but not destroyed.
      const again = await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, app);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    }
  });

  // Several processes share one database only on PostgreSQL (SQLite is opened by one process).
  if (kind === 'postgres') it('holds across processes: a change made through one is seen by the other on the next request', async () => {
    const second = await startSecondProcess(org);
    try {
      const login = `twoprocs@example.com`;
      const userId = await createPerson(org, login, PASSWORD, 'ORG_ADMIN');
      await ok(call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: userId, scope: 'USER' } }));
      const tokens = await codeTokens(org, app, { scope: SCOPES, username: login, password: PASSWORD, consent: 'allow' });
      const secondUrl = `http://127.0.0.1:${(second.app.api.server.address() as { port: number }).port}`;
      const viaSecond = { ...second, url: secondUrl };
      await expectAccess(viaSecond, tokens.access_token, `/api/v1/users/${userId}`, { status: 200 });
      await lifecycle('suspend')(viaSecond, userId);
      await expectAccess(org, tokens.access_token, `/api/v1/users/${userId}`, { status: 403, code: 'E0000006' });
      await lifecycle('unsuspend')(org, userId);
      await expectAccess(viaSecond, tokens.access_token, `/api/v1/users/${userId}`, { status: 200 });
      await ok(call(viaSecond, 'DELETE', `/api/v1/users/${userId}/sessions?oauthTokens=true`), 204);
      await expectAccess(org, tokens.access_token, `/api/v1/users/${userId}`, { status: 401, challenge: 'invalid_token' });
    } finally {
      await second.app.close();
    }
  });

  it('a refused refresh is in the System Log as Okta writes it (outcome.reason invalid_refresh_token)', async () => {
    await tokenRequest(org, { grant_type: 'refresh_token', refresh_token: 'no-such-token' }, app);
    const logs = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.grant"')}&limit=100`);
    const failure = logs.body.find((e: any) => e.outcome.result === 'FAILURE');
    expect(failure?.outcome.reason).toBe('invalid_refresh_token');
    expect(failure?.client.id).toBe(app.id);
  });

  it('bearer calls are attributed to the consenting user, the client and the caller\'s User-Agent', async () => {
    const login = `attribution.${kind}@example.com`;
    const userId = await createPerson(org, login, PASSWORD, 'ORG_ADMIN');
    await ok(call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: userId, scope: 'USER' } }));
    const victim = await createPerson(org, `victim.${kind}@example.com`, PASSWORD);
    const tokens = await codeTokens(org, app, { scope: SCOPES, username: login, password: PASSWORD });
    const res = await call(org, 'POST', `/api/v1/users/${victim}/lifecycle/suspend`, { token: null, headers: bearer(tokens.access_token, { 'User-Agent': 'Azuqua' }) });
    expect(res.status, res.text).toBe(200);
    const logs = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "user.lifecycle.suspend"')}&limit=100`);
    const event = logs.body.find((e: any) => e.target[0]?.id === victim);
    expect(event.actor).toMatchObject({ id: userId, type: 'User', alternateId: login });
    expect(event.client.id).toBe(app.id);
    expect(event.client.userAgent.rawUserAgent).toBe('Azuqua');
    expect(event.authenticationContext.credentialType).toBe('OAuth 2.0');
    expect(event.debugContext.debugData.grantId).toBeTruthy();
    expect(event.debugContext.debugData.grantedScopes).toContain('okta.users.manage');
    expect(event.transaction.id).toBe(res.headers.get('x-okta-request-id'));
    // "What did the client calling itself Azuqua do" is one filter, and names the consenting user.
    const azuqua = await call(org, 'GET', `/api/v1/logs?filter=${encodeURIComponent('client.userAgent.rawUserAgent eq "Azuqua"')}&limit=100`);
    expect(azuqua.status, azuqua.text).toBe(200);
    expect(azuqua.body.map((e: any) => e.uuid)).toContain(event.uuid);
    expect(azuqua.body.every((e: any) => e.client.userAgent.rawUserAgent === 'Azuqua' && e.actor.id === userId)).toBe(true);
  });
});
