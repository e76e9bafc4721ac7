import { expect, it } from 'vitest';
import { UniqueViolation } from '../../src/core/ports/store.js';
import { apiToken, at, role, session, user, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

forEachStore('roles, API tokens, sessions and settings', (store) => {
  it('inserts, finds, lists and deletes role assignments', async () => {
    await store().users.insert(user(1));
    const a = role(2, 1, 'USER_ADMIN');
    const b = role(1, 1, 'READ_ONLY_ADMIN');
    await store().roles.insert(a);
    await store().roles.insert(b);
    expect(await store().roles.findById(a.id)).toEqual(a);
    expect(await store().roles.listForUser(userId(1))).toEqual([b, a]);
    await store().roles.delete(b.id);
    expect(await store().roles.findById(b.id)).toBeUndefined();
    expect(await store().roles.listForUser(userId(1))).toEqual([a]);
  });

  it('refuses a role type the user already has with UniqueViolation role_assignment', async () => {
    await store().users.insert(user(1));
    await store().users.insert(user(2));
    await store().roles.insert(role(1, 1, 'SUPER_ADMIN'));
    await expect(store().roles.insert(role(2, 1, 'SUPER_ADMIN'))).rejects.toMatchObject({
      name: 'UniqueViolation',
      constraint: 'role_assignment',
    });
    await store().roles.insert(role(3, 2, 'SUPER_ADMIN'));
  });

  it('deletes every role of a user and returns what it deleted', async () => {
    await store().users.insert(user(1));
    await store().users.insert(user(2));
    const roles = [role(1, 1, 'ORG_ADMIN'), role(2, 1, 'APP_ADMIN'), role(3, 2, 'ORG_ADMIN')];
    for (const r of roles) await store().roles.insert(r);
    expect(await store().roles.deleteAllForUser(userId(1))).toEqual([roles[0], roles[1]]);
    expect(await store().roles.listForUser(userId(1))).toEqual([]);
    expect(await store().roles.listForUser(userId(2))).toEqual([roles[2]]);
  });

  it('inserts an API token and finds it by id and by hash', async () => {
    const t = apiToken(1, 1);
    await store().apiTokens.insert(t);
    expect(await store().apiTokens.findById(t.id)).toEqual(t);
    expect(await store().apiTokens.findByHash('hash-1')).toEqual(t);
    expect(await store().apiTokens.findByHash('hash-2')).toBeUndefined();
  });

  it('refuses a second token with the same hash with UniqueViolation api_token_hash', async () => {
    await store().apiTokens.insert(apiToken(1, 1));
    const attempt = store().apiTokens.insert(apiToken(2, 1, { tokenHash: 'hash-1' }));
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
    await expect(attempt).rejects.toMatchObject({ constraint: 'api_token_hash' });
  });

  it('lists active tokens in id order, of everyone or of one user, leaving revoked ones out but keeping their rows', async () => {
    for (const t of [apiToken(3, 1), apiToken(1, 2), apiToken(2, 1), apiToken(4, 1)]) await store().apiTokens.insert(t);
    await store().apiTokens.revoke(apiToken(2, 1).id, at(90), 'event-uuid-1');
    expect((await store().apiTokens.listActive()).map((t) => t.id)).toEqual([apiToken(1, 2).id, apiToken(3, 1).id, apiToken(4, 1).id]);
    expect((await store().apiTokens.listActive(userId(1))).map((t) => t.id)).toEqual([apiToken(3, 1).id, apiToken(4, 1).id]);
    expect(await store().apiTokens.findById(apiToken(2, 1).id)).toEqual({
      ...apiToken(2, 1),
      revokedAt: at(90),
      revokedByEvent: 'event-uuid-1',
      lastUpdated: at(90),
    });
  });

  it('keeps the first revocation when a token is revoked twice', async () => {
    await store().apiTokens.insert(apiToken(1, 1));
    await store().apiTokens.revoke(apiToken(1, 1).id, at(10), 'first');
    await store().apiTokens.revoke(apiToken(1, 1).id, at(20), 'second');
    expect(await store().apiTokens.findById(apiToken(1, 1).id)).toMatchObject({ revokedAt: at(10), revokedByEvent: 'first' });
  });

  it('finds a credential: the token, its creator and the creator active role types, in one read', async () => {
    await store().users.insert(user(1));
    await store().apiTokens.insert(apiToken(1, 1));
    await store().roles.insert(role(2, 1, 'USER_ADMIN'));
    await store().roles.insert(role(1, 1, 'READ_ONLY_ADMIN'));
    await store().roles.insert({ ...role(3, 1, 'APP_ADMIN'), status: 'INACTIVE' });
    expect(await store().apiTokens.findCredential('hash-1')).toEqual({ token: apiToken(1, 1), user: user(1), roles: ['READ_ONLY_ADMIN', 'USER_ADMIN'] });
  });

  it('finds the credential of a creator with no roles, and of a revoked token, and nothing for an unknown hash', async () => {
    await store().users.insert(user(1));
    await store().apiTokens.insert(apiToken(1, 1));
    expect(await store().apiTokens.findCredential('hash-1')).toEqual({ token: apiToken(1, 1), user: user(1), roles: [] });
    await store().apiTokens.revoke(apiToken(1, 1).id, at(5), 'cause');
    expect((await store().apiTokens.findCredential('hash-1'))?.token.revokedByEvent).toBe('cause');
    expect(await store().apiTokens.findCredential('no-such-hash')).toBeUndefined();
  });

  it('sees a role change and a status change on the very next credential read', async () => {
    await store().users.insert(user(1));
    await store().apiTokens.insert(apiToken(1, 1));
    await store().roles.insert(role(1, 1, 'SUPER_ADMIN'));
    expect((await store().apiTokens.findCredential('hash-1'))?.roles).toEqual(['SUPER_ADMIN']);
    await store().transaction(async (tx) => {
      await tx.roles.delete(role(1, 1, 'SUPER_ADMIN').id);
      await tx.users.update({ ...user(1), status: 'SUSPENDED' });
    });
    const after = await store().apiTokens.findCredential('hash-1');
    expect(after?.roles).toEqual([]);
    expect(after?.user?.status).toBe('SUSPENDED');
  });

  it('records when a token was last used', async () => {
    await store().apiTokens.insert(apiToken(1, 1));
    await store().apiTokens.markUsed(apiToken(1, 1).id, at(33));
    expect(await store().apiTokens.findById(apiToken(1, 1).id)).toEqual({ ...apiToken(1, 1), lastUsed: at(33) });
  });

  it('inserts, finds and lists sessions with their authentication methods', async () => {
    await store().users.insert(user(1));
    await store().users.insert(user(2));
    const a = session(2, 1);
    const b = session(1, 1, { amr: [], status: 'MFA_REQUIRED', lastPasswordVerification: null, lastFactorVerification: at(1) });
    await store().sessions.insert(a);
    await store().sessions.insert(b);
    await store().sessions.insert(session(3, 2));
    expect(await store().sessions.findById(a.id)).toEqual(a);
    expect(await store().sessions.listForUser(userId(1))).toEqual([b, a]);
    expect(await store().sessions.findById('102nope')).toBeUndefined();
  });

  it('extends one session, saying whether it existed', async () => {
    await store().users.insert(user(1));
    await store().sessions.insert(session(1, 1));
    await store().sessions.insert(session(2, 1));
    expect(await store().sessions.extend(session(1, 1).id, at(99))).toBe(true);
    expect(await store().sessions.findById(session(1, 1).id)).toEqual({ ...session(1, 1), expiresAt: at(99) });
    expect(await store().sessions.findById(session(2, 1).id)).toEqual(session(2, 1));
    expect(await store().sessions.extend('102nope', at(99))).toBe(false);
  });

  it('deletes one session, saying whether it existed, and all sessions of a user, returning their ids', async () => {
    await store().users.insert(user(1));
    await store().users.insert(user(2));
    for (const s of [session(1, 1), session(2, 1), session(3, 2)]) await store().sessions.insert(s);
    expect(await store().sessions.delete(session(3, 2).id)).toBe(true);
    expect(await store().sessions.delete(session(3, 2).id)).toBe(false);
    expect(await store().sessions.deleteForUser(userId(1))).toEqual([session(1, 1).id, session(2, 1).id]);
    expect(await store().sessions.listForUser(userId(1))).toEqual([]);
    expect(await store().sessions.deleteForUser(userId(1))).toEqual([]);
  });

  it('gets and sets org settings, a second set replacing the value', async () => {
    expect(await store().settings.get('org.name')).toBeUndefined();
    await store().settings.set('org.name', 'Acme');
    expect(await store().settings.get('org.name')).toBe('Acme');
    await store().settings.set('org.name', 'Acme Corp');
    expect(await store().settings.get('org.name')).toBe('Acme Corp');
  });

  it('swaps a setting only from the value the caller read; of concurrent swaps from one value exactly one wins', async () => {
    expect(await store().settings.swap('mark', 'x', 'y')).toBe(false);
    expect(await store().settings.get('mark')).toBeUndefined();
    expect(await store().settings.swap('mark', undefined, 'a')).toBe(true);
    expect(await store().settings.swap('mark', undefined, 'b')).toBe(false);
    expect(await store().settings.get('mark')).toBe('a');
    expect(await store().settings.swap('mark', 'b', 'c')).toBe(false);
    expect(await store().settings.swap('mark', 'a', 'c')).toBe(true);
    expect(await store().settings.get('mark')).toBe('c');
    const won = await Promise.all(['d', 'e', 'f', 'g'].map((next) => store().settings.swap('mark', 'c', next)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await store().settings.get('mark')).toBe(['d', 'e', 'f', 'g'][won.indexOf(true)]);
    const firsts = await Promise.all(['p', 'q', 'r'].map((value) => store().settings.swap('fresh', undefined, value)));
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });
});
