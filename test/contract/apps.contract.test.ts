import { expect, it } from 'vitest';
import type { AppRecord } from '../../src/core/apps.js';
import { UniqueViolation, type AppListQuery } from '../../src/core/ports/store.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { app, appId, appUser, artifact, clientRole, consent, scopeGrant } from './app-fixtures.js';
import { at, user, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

/** Inserts users (by fixture number), then apps, in one transaction. */
async function seed(store: SqlStore, { users = [], apps = [] }: { users?: number[]; apps?: AppRecord[] }): Promise<void> {
  await store.transaction(async (tx) => {
    for (const n of users) await tx.users.insert(user(n));
    for (const a of apps) await tx.apps.insert(a);
  });
}

/** Follows `next` to the end, returning the ids of every page. */
async function pagesOfIds(store: SqlStore, query: AppListQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.apps.list({ ...query, after });
    pages.push(page.items.map((a) => a.id));
    if (page.next === null) return pages;
    expect(pages.length).toBeLessThan(100);
    after = page.next;
  }
}

async function listIds(store: SqlStore, query: Partial<AppListQuery>): Promise<string[]> {
  return (await store.apps.list({ limit: 200, ...query })).items.map((a) => a.id);
}

forEachStore('apps', (store) => {
  it('inserts an app and reads every field back unchanged, settings included', async () => {
    const a = app(1, {
      label: 'Ärzte Portal "prod"',
      status: 'INACTIVE',
      applicationType: 'service',
      grantTypes: ['client_credentials'],
      responseTypes: ['token'],
      redirectUris: [],
      postLogoutRedirectUris: ['https://example.com/bye'],
      initiateLoginUri: 'https://example.com/login',
      logoUri: 'https://example.com/logo.png',
      clientUri: 'https://example.com',
      consentMethod: 'TRUSTED',
      tokenEndpointAuthMethod: 'private_key_jwt',
      pkceRequired: false,
      clientSecretSealed: null,
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', use: 'sig' }] },
    });
    await store().apps.insert(a);
    expect(await store().apps.findById(a.id)).toEqual(a);
    await store().apps.insert(app(2));
    expect(await store().apps.findById(appId(2))).toEqual(app(2));
  });

  it('answers undefined for an unknown app id', async () => {
    expect(await store().apps.findById(appId(404))).toBeUndefined();
  });

  it('replaces an app on update, so the label search follows the new label', async () => {
    await store().apps.insert(app(1, { label: 'Old Name' }));
    const changed = app(1, { label: 'New Name', status: 'INACTIVE', redirectUris: ['https://x.example.com/cb'], lastUpdated: at(50) });
    await store().apps.update(changed);
    expect(await store().apps.findById(appId(1))).toEqual(changed);
    expect(await listIds(store(), { labelPrefix: 'old' })).toEqual([]);
    expect(await listIds(store(), { labelPrefix: 'NEW' })).toEqual([appId(1)]);
  });

  it('lists apps in id order, filtered by a case-insensitive label prefix and by status', async () => {
    const apps = [
      app(3, { label: 'Payroll' }),
      app(1, { label: 'payments', status: 'INACTIVE' }),
      app(2, { label: 'Ärzte' }),
      app(4, { label: 'PAY' }),
      app(5, { label: 'Shop' }),
    ];
    await seed(store(), { apps });
    expect(await listIds(store(), {})).toEqual([1, 2, 3, 4, 5].map(appId));
    expect(await listIds(store(), { labelPrefix: 'Pay' })).toEqual([1, 3, 4].map(appId));
    expect(await listIds(store(), { labelPrefix: 'payr' })).toEqual([appId(3)]);
    expect(await listIds(store(), { labelPrefix: 'äR' })).toEqual([appId(2)]);
    expect(await listIds(store(), { labelPrefix: '' })).toEqual([1, 2, 3, 4, 5].map(appId));
    expect(await listIds(store(), { status: 'ACTIVE' })).toEqual([2, 3, 4, 5].map(appId));
    expect(await listIds(store(), { status: 'INACTIVE', labelPrefix: 'pay' })).toEqual([appId(1)]);
    expect(await listIds(store(), { labelPrefix: 'zzz' })).toEqual([]);
  });

  it('pages apps by id with the last id as cursor, the last page ending with next null', async () => {
    await seed(store(), { apps: [5, 1, 4, 2, 3].map((n) => app(n)) });
    expect(await pagesOfIds(store(), { limit: 2 })).toEqual([[appId(1), appId(2)], [appId(3), appId(4)], [appId(5)]]);
    expect(await pagesOfIds(store(), { limit: 5 })).toEqual([[1, 2, 3, 4, 5].map(appId)]);
    expect(await store().apps.list({ limit: 2, after: appId(2) })).toMatchObject({ next: appId(4) });
    expect(await store().apps.list({ limit: 0 })).toEqual({ items: [], next: null });
  });

  it('pages a filtered list within the filter', async () => {
    await seed(store(), { apps: [1, 2, 3, 4, 5].map((n) => app(n, { status: n % 2 ? 'ACTIVE' : 'INACTIVE' })) });
    expect(await pagesOfIds(store(), { limit: 2, status: 'ACTIVE' })).toEqual([[appId(1), appId(3)], [appId(5)]]);
  });

  it('assigns users, refusing a second assignment of the same user with UniqueViolation app_user', async () => {
    await seed(store(), { users: [1, 2], apps: [app(1), app(2)] });
    await store().apps.assignUser(appUser(1, 1, 5));
    await store().apps.assignUser(appUser(2, 1));
    await store().apps.assignUser(appUser(1, 2));
    const attempt = store().apps.assignUser(appUser(1, 1, 9));
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
    await expect(attempt).rejects.toMatchObject({ constraint: 'app_user' });
    expect(await store().apps.findAssignment(appId(1), userId(1))).toEqual(appUser(1, 1, 5));
    expect(await store().apps.findAssignment(appId(2), userId(2))).toBeUndefined();
  });

  it('keeps a transaction usable after a refused assignment', async () => {
    await seed(store(), { users: [1, 2], apps: [app(1)] });
    await store().apps.assignUser(appUser(1, 1));
    await store().transaction(async (tx) => {
      await expect(tx.apps.assignUser(appUser(1, 1))).rejects.toBeInstanceOf(UniqueViolation);
      await tx.apps.assignUser(appUser(1, 2));
    });
    expect(await store().apps.findAssignment(appId(1), userId(2))).toEqual(appUser(1, 2));
  });

  it('unassigns a user, saying whether the assignment existed', async () => {
    await seed(store(), { users: [1], apps: [app(1)] });
    await store().apps.assignUser(appUser(1, 1));
    expect(await store().apps.unassignUser(appId(1), userId(1))).toBe(true);
    expect(await store().apps.unassignUser(appId(1), userId(1))).toBe(false);
    expect(await store().apps.findAssignment(appId(1), userId(1))).toBeUndefined();
  });

  it('pages an app assignments in user-id order with the last user id as cursor', async () => {
    await seed(store(), { users: [1, 2, 3, 4, 5], apps: [app(1), app(2)] });
    for (const n of [4, 1, 5, 3, 2]) await store().apps.assignUser(appUser(1, n));
    await store().apps.assignUser(appUser(2, 3));
    const first = await store().apps.listAssignments(appId(1), 2);
    expect(first).toEqual({ items: [appUser(1, 1), appUser(1, 2)], next: userId(2) });
    const second = await store().apps.listAssignments(appId(1), 2, first.next!);
    expect(second).toEqual({ items: [appUser(1, 3), appUser(1, 4)], next: userId(4) });
    expect(await store().apps.listAssignments(appId(1), 2, second.next!)).toEqual({ items: [appUser(1, 5)], next: null });
    expect(await store().apps.listAssignments(appId(2), 10)).toEqual({ items: [appUser(2, 3)], next: null });
    expect(await store().apps.listAssignments(appId(1), 0)).toEqual({ items: [], next: null });
  });

  it('removes every assignment of a user, returning the app ids in order', async () => {
    await seed(store(), { users: [1, 2], apps: [app(1), app(2), app(3)] });
    for (const a of [appUser(3, 1), appUser(1, 1), appUser(2, 2)]) await store().apps.assignUser(a);
    expect(await store().apps.unassignUserFromAll(userId(1))).toEqual([appId(1), appId(3)]);
    expect(await store().apps.unassignUserFromAll(userId(1))).toEqual([]);
    expect(await store().apps.findAssignment(appId(2), userId(2))).toEqual(appUser(2, 2));
  });

  it('inserts, lists in scope order, finds and deletes admin scope grants', async () => {
    await seed(store(), { apps: [app(1), app(2)] });
    const users = scopeGrant(1, 1, 'okta.users.read');
    const apps = scopeGrant(2, 1, 'okta.apps.read');
    const other = { ...scopeGrant(3, 2, 'okta.users.read'), createdBy: { id: appId(2), type: 'App' as const } };
    for (const g of [users, apps, other]) await store().apps.insertScopeGrant(g);
    expect(await store().apps.listScopeGrants(appId(1))).toEqual([apps, users]);
    expect(await store().apps.findScopeGrant(appId(2), other.id)).toEqual(other);
    expect(await store().apps.findScopeGrant(appId(1), other.id)).toBeUndefined();
    expect(await store().apps.deleteScopeGrant(appId(1), other.id)).toBe(false);
    expect(await store().apps.deleteScopeGrant(appId(1), users.id)).toBe(true);
    expect(await store().apps.deleteScopeGrant(appId(1), users.id)).toBe(false);
    expect(await store().apps.listScopeGrants(appId(1))).toEqual([apps]);
  });

  it('refuses a scope the app already has with UniqueViolation app_scope_grant', async () => {
    await seed(store(), { apps: [app(1), app(2)] });
    await store().apps.insertScopeGrant(scopeGrant(1, 1, 'okta.users.read'));
    const attempt = store().apps.insertScopeGrant(scopeGrant(2, 1, 'okta.users.read'));
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
    await expect(attempt).rejects.toMatchObject({ constraint: 'app_scope_grant' });
    await store().apps.insertScopeGrant(scopeGrant(3, 2, 'okta.users.read'));
  });

  it('inserts, lists in id order, finds and deletes client roles', async () => {
    await seed(store(), { apps: [app(1), app(2)] });
    const a = clientRole(2, 1, 'USER_ADMIN');
    const b = clientRole(1, 1, 'READ_ONLY_ADMIN');
    const c = clientRole(3, 2, 'USER_ADMIN');
    for (const r of [a, b, c]) await store().apps.insertClientRole(r);
    expect(await store().apps.listClientRoles(appId(1))).toEqual([b, a]);
    expect(await store().apps.findClientRole(appId(1), a.id)).toEqual(a);
    expect(await store().apps.findClientRole(appId(1), c.id)).toBeUndefined();
    expect(await store().apps.deleteClientRole(appId(1), c.id)).toBe(false);
    expect(await store().apps.deleteClientRole(appId(1), a.id)).toBe(true);
    expect(await store().apps.deleteClientRole(appId(1), a.id)).toBe(false);
    expect(await store().apps.listClientRoles(appId(1))).toEqual([b]);
  });

  it('refuses a role type the app already has with UniqueViolation client_role', async () => {
    await store().apps.insert(app(1));
    await store().apps.insertClientRole(clientRole(1, 1, 'SUPER_ADMIN'));
    const attempt = store().apps.insertClientRole(clientRole(2, 1, 'SUPER_ADMIN'));
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
    await expect(attempt).rejects.toMatchObject({ constraint: 'client_role' });
  });

  it('deletes an app with its assignments, scope grants, consents and client roles, leaving its OAuth artifacts', async () => {
    await seed(store(), { users: [1], apps: [app(1), app(2)] });
    await store().apps.assignUser(appUser(1, 1));
    await store().apps.assignUser(appUser(2, 1));
    await store().apps.insertScopeGrant(scopeGrant(1, 1, 'okta.users.read'));
    await store().apps.insertClientRole(clientRole(1, 1, 'ORG_ADMIN'));
    await store().consents.insert(consent(1, 1, 1, 'openid'));
    await store().consents.insert(consent(2, 1, 2, 'openid'));
    const token = artifact('AccessToken', 1, { clientId: appId(1), userId: userId(1) });
    await store().oauth.upsert(token);

    await store().apps.delete(appId(1));

    expect(await store().apps.findById(appId(1))).toBeUndefined();
    expect(await store().apps.findAssignment(appId(1), userId(1))).toBeUndefined();
    expect(await store().apps.listScopeGrants(appId(1))).toEqual([]);
    expect(await store().apps.listClientRoles(appId(1))).toEqual([]);
    expect(await store().consents.listForUser(userId(1))).toEqual([consent(2, 1, 2, 'openid')]);
    expect(await store().oauth.find('AccessToken', token.id)).toEqual(token);
    expect(await store().apps.findAssignment(appId(2), userId(1))).toEqual(appUser(2, 1));
  });

  it('drops a deleted user assignments and consents with the user', async () => {
    await seed(store(), { users: [1, 2], apps: [app(1)] });
    await store().apps.assignUser(appUser(1, 1));
    await store().apps.assignUser(appUser(1, 2));
    await store().consents.insert(consent(1, 1, 1, 'openid'));
    await store().consents.insert(consent(2, 2, 1, 'openid'));
    await store().users.delete(userId(1));
    expect(await store().apps.listAssignments(appId(1), 10)).toEqual({ items: [appUser(1, 2)], next: null });
    expect(await store().consents.findById(consent(1, 1, 1, 'openid').id)).toBeUndefined();
    expect(await store().consents.listForUser(userId(2))).toEqual([consent(2, 2, 1, 'openid')]);
  });
});

forEachStore('consents', (store) => {
  async function setUp(): Promise<void> {
    await seed(store(), { users: [1, 2], apps: [app(1), app(2)] });
  }

  it('inserts a consent and finds it by id, or nothing for an unknown id', async () => {
    await setUp();
    const c = consent(1, 1, 1, 'openid');
    await store().consents.insert(c);
    expect(await store().consents.findById(c.id)).toEqual(c);
    expect(await store().consents.findById('oacnope')).toBeUndefined();
  });

  it('refuses a second consent to the same user, client and scope with UniqueViolation consent', async () => {
    await setUp();
    await store().consents.insert(consent(1, 1, 1, 'openid'));
    const attempt = store().consents.insert(consent(2, 1, 1, 'openid'));
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
    await expect(attempt).rejects.toMatchObject({ constraint: 'consent' });
    await store().consents.insert(consent(3, 1, 1, 'profile'));
    await store().consents.insert(consent(4, 1, 2, 'openid'));
    await store().consents.insert(consent(5, 2, 1, 'openid'));
  });

  it('lists a user consents in client then scope order, of every client or of one', async () => {
    await setUp();
    const all = [consent(1, 1, 2, 'email'), consent(2, 1, 1, 'profile'), consent(3, 1, 1, 'openid'), consent(4, 2, 1, 'openid')];
    for (const c of all) await store().consents.insert(c);
    expect(await store().consents.listForUser(userId(1))).toEqual([all[2], all[1], all[0]]);
    expect(await store().consents.listForUser(userId(1), appId(1))).toEqual([all[2], all[1]]);
    expect(await store().consents.listForUser(userId(2), appId(2))).toEqual([]);
  });

  it('deletes one consent, saying whether it existed', async () => {
    await setUp();
    const c = consent(1, 1, 1, 'openid');
    await store().consents.insert(c);
    expect(await store().consents.delete(c.id)).toBe(true);
    expect(await store().consents.delete(c.id)).toBe(false);
    expect(await store().consents.findById(c.id)).toBeUndefined();
  });

  it('deletes a user consents to one client, then to all, returning what it removed in order', async () => {
    await setUp();
    const all = [consent(1, 1, 2, 'email'), consent(2, 1, 1, 'profile'), consent(3, 1, 1, 'openid'), consent(4, 2, 1, 'openid')];
    for (const c of all) await store().consents.insert(c);
    expect(await store().consents.deleteForUser(userId(1), appId(1))).toEqual([all[2], all[1]]);
    expect(await store().consents.deleteForUser(userId(1))).toEqual([all[0]]);
    expect(await store().consents.deleteForUser(userId(1))).toEqual([]);
    expect(await store().consents.listForUser(userId(2))).toEqual([all[3]]);
  });
});
