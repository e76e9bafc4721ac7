import { expect, it } from 'vitest';
import type { OAuthArtifact } from '../../src/core/ports/store.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { app, appId, artifact, clientRole } from './app-fixtures.js';
import { at, role, user, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

async function upsertAll(store: SqlStore, artifacts: OAuthArtifact[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const a of artifacts) await tx.oauth.upsert(a);
  });
}

/** Which of `artifacts` are still stored. */
async function remaining(store: SqlStore, artifacts: OAuthArtifact[]): Promise<string[]> {
  const found = await Promise.all(artifacts.map((a) => store.oauth.find(a.kind, a.id)));
  return found.flatMap((a) => (a ? [a.id] : []));
}

const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

forEachStore('OAuth artifacts', (store) => {
  it('upserts an artifact and finds it by kind and id with every field unchanged', async () => {
    const a = artifact('AccessToken', 1, { grantId: 'grant-1', userId: userId(1), clientId: appId(1), uid: 'uid-1', userCode: 'ABCD-EFGH' });
    await store().oauth.upsert(a);
    expect(await store().oauth.find('AccessToken', a.id)).toEqual(a);
    const bare = artifact('Interaction', 2, { expiresAt: null, payload: {} });
    await store().oauth.upsert(bare);
    expect(await store().oauth.find('Interaction', bare.id)).toEqual(bare);
  });

  it('answers undefined for an unknown id, or for a known id asked under another kind', async () => {
    const a = artifact('AccessToken', 1);
    await store().oauth.upsert(a);
    expect(await store().oauth.find('AccessToken', 'nope')).toBeUndefined();
    expect(await store().oauth.find('RefreshToken', a.id)).toBeUndefined();
  });

  it('replaces the artifact on a second upsert of the same kind and id, keeping other kinds with that id apart', async () => {
    const first = artifact('Session', 1, { uid: 'uid-1', userId: userId(1) });
    const sameIdOtherKind = { ...artifact('Interaction', 1), id: first.id };
    await upsertAll(store(), [first, sameIdOtherKind]);
    const second = { ...first, payload: { account: userId(2) }, userId: userId(2), uid: 'uid-2', expiresAt: at(500) };
    await store().oauth.upsert(second);
    expect(await store().oauth.find('Session', first.id)).toEqual(second);
    expect(await store().oauth.find('Interaction', first.id)).toEqual(sameIdOtherKind);
    expect(await store().oauth.findByUid('Session', 'uid-1')).toBeUndefined();
  });

  it('rolls back an upsert, new or replacing, when its transaction fails', async () => {
    const existing = artifact('Grant', 1);
    await store().oauth.upsert(existing);
    const failing = store().transaction(async (tx) => {
      await tx.oauth.upsert({ ...existing, payload: { replaced: true } });
      await tx.oauth.upsert(artifact('Grant', 2));
      expect(await tx.oauth.find('Grant', artifact('Grant', 2).id)).toEqual(artifact('Grant', 2));
      throw new Error('refused after writing');
    });
    await expect(failing).rejects.toThrow('refused after writing');
    expect(await store().oauth.find('Grant', existing.id)).toEqual(existing);
    expect(await store().oauth.find('Grant', artifact('Grant', 2).id)).toBeUndefined();
  });

  it('finds by session uid and by user code within a kind, expired or not', async () => {
    const session = artifact('Session', 1, { uid: 'uid-1', expiresAt: at(-100) });
    const device = artifact('DeviceCode', 2, { userCode: 'WDJB-MJHT' });
    await upsertAll(store(), [session, device, artifact('Interaction', 3, { uid: 'uid-3' })]);
    expect(await store().oauth.findByUid('Session', 'uid-1')).toEqual(session);
    expect(await store().oauth.findByUid('Session', 'uid-3')).toBeUndefined();
    expect(await store().oauth.findByUid('Interaction', 'uid-1')).toBeUndefined();
    expect(await store().oauth.findByUserCode('DeviceCode', 'WDJB-MJHT')).toEqual(device);
    expect(await store().oauth.findByUserCode('DeviceCode', 'XXXX-XXXX')).toBeUndefined();
  });

  it('consumes an artifact, recording the first consumption in the column and in the payload', async () => {
    const code = artifact('AuthorizationCode', 1);
    await store().oauth.upsert(code);
    expect(await store().oauth.consume('AuthorizationCode', code.id, at(5))).toBe(true);
    const consumed = { ...code, consumedAt: at(5), payload: { ...code.payload, consumed: epochSeconds(at(5)) } };
    expect(await store().oauth.find('AuthorizationCode', code.id)).toEqual(consumed);
    expect(await store().oauth.consume('AuthorizationCode', code.id, at(9))).toBe(false);
    expect(await store().oauth.find('AuthorizationCode', code.id)).toEqual(consumed);
    expect(await store().oauth.consume('AuthorizationCode', 'nope', at(9))).toBe(false);
  });

  it('lets exactly one of several concurrent consumers consume', async () => {
    const token = artifact('RefreshToken', 1);
    await store().oauth.upsert(token);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store().transaction((tx) => tx.oauth.consume('RefreshToken', token.id, at(10 + i)))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets exactly one of several concurrent claimers claim an id, keeps the first claim, and lets an expired one be claimed again', async () => {
    const record = (n: number) => artifact('ReplayDetection', 1, { clientId: appId(1), payload: { iss: appId(1), claimant: n }, expiresAt: at(100) });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store().transaction((tx) => tx.oauth.claim(record(i), at(10)))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await store().oauth.find('ReplayDetection', record(0).id))?.payload).toEqual({ iss: appId(1), claimant: winner });
    // Still live at 99: refused. Expired at 100: the id is free again.
    expect(await store().oauth.claim({ ...record(42), expiresAt: at(200) }, at(99))).toBe(false);
    expect(await store().oauth.claim({ ...record(43), expiresAt: at(200) }, at(100))).toBe(true);
    expect(await store().oauth.find('ReplayDetection', record(0).id)).toMatchObject({ payload: { iss: appId(1), claimant: 43 }, expiresAt: at(200), clientId: appId(1), grantId: null, userId: null });
  });

  it('destroys one artifact', async () => {
    const [a, b] = [artifact('AccessToken', 1), artifact('AccessToken', 2)];
    await upsertAll(store(), [a, b]);
    await store().oauth.destroy('AccessToken', a.id);
    await store().oauth.destroy('AccessToken', 'nope');
    expect(await remaining(store(), [a, b])).toEqual([b.id]);
  });

  it('revokes a grant: deletes its artifacts, the Grant itself included, and counts them', async () => {
    const grant = artifact('Grant', 1, { id: 'grant-1', grantId: 'grant-1' });
    const of1 = [grant, artifact('AccessToken', 2, { grantId: 'grant-1' }), artifact('RefreshToken', 3, { grantId: 'grant-1' })];
    const others = [artifact('Grant', 4, { id: 'grant-2', grantId: 'grant-2' }), artifact('AccessToken', 5, { grantId: 'grant-2' }), artifact('Session', 6)];
    await upsertAll(store(), [...of1, ...others]);
    expect(await store().oauth.revokeByGrantId('grant-1')).toBe(3);
    expect(await store().oauth.revokeByGrantId('grant-1')).toBe(0);
    expect(await remaining(store(), [...of1, ...others])).toEqual(others.map((a) => a.id));
  });

  it('deletes a user artifacts of the given kinds, returning their distinct grant ids in order', async () => {
    const mine = [
      artifact('AccessToken', 1, { userId: userId(1), grantId: 'grant-b' }),
      artifact('RefreshToken', 2, { userId: userId(1), grantId: 'grant-a' }),
      artifact('AccessToken', 3, { userId: userId(1), grantId: 'grant-b' }),
      artifact('AccessToken', 4, { userId: userId(1) }),
    ];
    const kept = [
      artifact('Session', 5, { userId: userId(1) }),
      artifact('Grant', 6, { userId: userId(1), grantId: 'grant-a' }),
      artifact('AccessToken', 7, { userId: userId(2), grantId: 'grant-c' }),
    ];
    await upsertAll(store(), [...mine, ...kept]);
    expect(await store().oauth.deleteForUser(userId(1), [])).toEqual([]);
    expect(await store().oauth.deleteForUser(userId(1), ['AccessToken', 'RefreshToken'])).toEqual(['grant-a', 'grant-b']);
    expect(await remaining(store(), [...mine, ...kept])).toEqual(kept.map((a) => a.id));
    expect(await store().oauth.deleteForUser(userId(1), ['AccessToken'])).toEqual([]);
  });

  it('deletes a user artifacts at one client only when a client is named', async () => {
    const atOne = [artifact('AccessToken', 1, { userId: userId(1), clientId: appId(1), grantId: 'grant-1' }), artifact('Grant', 2, { userId: userId(1), clientId: appId(1), grantId: 'grant-1' })];
    const kept = [artifact('AccessToken', 3, { userId: userId(1), clientId: appId(2), grantId: 'grant-2' }), artifact('AccessToken', 4, { userId: userId(2), clientId: appId(1), grantId: 'grant-3' })];
    await upsertAll(store(), [...atOne, ...kept]);
    expect(await store().oauth.deleteForUser(userId(1), ['AccessToken', 'Grant'], appId(1))).toEqual(['grant-1']);
    expect(await remaining(store(), [...atOne, ...kept])).toEqual(kept.map((a) => a.id));
  });

  it('deletes every artifact of a client and counts them', async () => {
    const ofClient = [artifact('AccessToken', 1, { clientId: appId(1) }), artifact('Grant', 2, { clientId: appId(1) })];
    const others = [artifact('AccessToken', 3, { clientId: appId(2) }), artifact('Session', 4)];
    await upsertAll(store(), [...ofClient, ...others]);
    expect(await store().oauth.deleteForClient(appId(1))).toBe(2);
    expect(await store().oauth.deleteForClient(appId(1))).toBe(0);
    expect(await remaining(store(), [...ofClient, ...others])).toEqual(others.map((a) => a.id));
  });

  it('purges expired artifacts in batches of at most limit, leaving live and never-expiring ones', async () => {
    const expired = [1, 2, 3].map((n) => artifact('AccessToken', n, { expiresAt: at(n) }));
    const live = [artifact('AccessToken', 4, { expiresAt: at(100) }), artifact('Session', 5, { expiresAt: null })];
    const boundary = artifact('AccessToken', 6, { expiresAt: at(50) });
    await upsertAll(store(), [...expired, ...live, boundary]);
    expect(await store().oauth.purgeExpired(at(50), 2)).toBe(2);
    expect(await store().oauth.purgeExpired(at(50), 0)).toBe(0);
    expect(await store().oauth.purgeExpired(at(50), 2)).toBe(1);
    expect(await store().oauth.purgeExpired(at(50), 2)).toBe(0);
    expect(await remaining(store(), [...expired, ...live, boundary])).toEqual([...live, boundary].map((a) => a.id));
  });
});

forEachStore('bearer credentials', (store) => {
  const token = artifact('AccessToken', 1, { userId: userId(1), clientId: appId(1), grantId: 'grant-1' });

  async function setUp(): Promise<void> {
    await store().transaction(async (tx) => {
      await tx.users.insert(user(1));
      await tx.apps.insert(app(1));
      await tx.oauth.upsert(token);
    });
  }

  it('finds an access token with its user, the user active roles, its app and the app roles, in one read', async () => {
    await setUp();
    await store().roles.insert(role(2, 1, 'USER_ADMIN'));
    await store().roles.insert(role(1, 1, 'READ_ONLY_ADMIN'));
    await store().roles.insert({ ...role(3, 1, 'APP_ADMIN'), status: 'INACTIVE' });
    await store().apps.insertClientRole(clientRole(1, 1, 'SUPER_ADMIN'));
    await store().apps.insertClientRole(clientRole(2, 1, 'HELP_DESK_ADMIN'));
    expect(await store().oauth.findBearer(token.id)).toEqual({
      token,
      user: user(1),
      userRoles: ['READ_ONLY_ADMIN', 'USER_ADMIN'],
      app: app(1),
      appRoles: ['HELP_DESK_ADMIN', 'SUPER_ADMIN'],
    });
  });

  it('finds a client-credentials token with no user, and a token whose user and app are gone', async () => {
    await store().apps.insert(app(2));
    const serviceToken = artifact('AccessToken', 2, { clientId: appId(2) });
    await store().oauth.upsert(serviceToken);
    expect(await store().oauth.findBearer(serviceToken.id)).toEqual({ token: serviceToken, user: undefined, userRoles: [], app: app(2), appRoles: [] });

    await setUp();
    await store().roles.insert(role(1, 1, 'SUPER_ADMIN'));
    await store().apps.insertClientRole(clientRole(1, 1, 'SUPER_ADMIN'));
    await store().users.delete(userId(1));
    await store().apps.delete(appId(1));
    expect(await store().oauth.findBearer(token.id)).toEqual({ token, user: undefined, userRoles: [], app: undefined, appRoles: [] });
  });

  it('finds nothing for an unknown id or for an artifact that is not an access token', async () => {
    await setUp();
    const refresh = { ...artifact('RefreshToken', 1, { userId: userId(1), clientId: appId(1) }), id: token.id + '-r' };
    await store().oauth.upsert(refresh);
    expect(await store().oauth.findBearer('nope')).toBeUndefined();
    expect(await store().oauth.findBearer(refresh.id)).toBeUndefined();
  });

  it('sees a role change, a status change and a revocation on the very next bearer read', async () => {
    await setUp();
    await store().roles.insert(role(1, 1, 'SUPER_ADMIN'));
    expect((await store().oauth.findBearer(token.id))?.userRoles).toEqual(['SUPER_ADMIN']);
    await store().transaction(async (tx) => {
      await tx.roles.delete(role(1, 1, 'SUPER_ADMIN').id);
      await tx.users.update({ ...user(1), status: 'SUSPENDED' });
      await tx.apps.update({ ...app(1), status: 'INACTIVE' });
    });
    const after = await store().oauth.findBearer(token.id);
    expect(after?.userRoles).toEqual([]);
    expect(after?.user?.status).toBe('SUSPENDED');
    expect(after?.app?.status).toBe('INACTIVE');
    await store().oauth.revokeByGrantId('grant-1');
    expect(await store().oauth.findBearer(token.id)).toBeUndefined();
  });
});
