import type { Group, OktaUserGroupProfile, User } from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertValidResponse } from '../support/openapi.js';
import {
  all,
  expectOktaError,
  linksOf,
  recorderOf,
  sdkSuite,
  traced,
  tracedFailure,
  unique,
  type OktaClient,
} from '../support/okta-client.js';
import { call, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * Groups and group membership (okta-api.md §8) through the official Okta Node SDK, on every store kind.
 * Every JSON body the SDK receives is checked against Okta's OpenAPI spec after each test.
 */

const kinds = await storeKinds();

const notFoundGroup = (id: string) => `Not found: Resource not found: ${id} (UserGroup)`;

describe.each(kinds)('Groups through the Okta Node SDK (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;

  sdkSuite(kind, (o, c) => {
    org = o;
    client = c;
  });

  async function user(tag: string, i: number | string): Promise<User> {
    const login = `${tag.toLowerCase()}.${i}@example.com`;
    return client.userApi.createUser({ body: { profile: { login, email: login, firstName: `F${i}`, lastName: tag } }, activate: true, provider: true });
  }

  /** Groups get a description unless `null` is passed: see the dedicated test for description-less groups. */
  async function group(name: string, description: string | null = `${name} (description)`): Promise<Group> {
    return client.groupApi.createGroup({ group: { profile: { name, ...(description !== null ? { description } : {}) } } });
  }

  it('creates an OKTA_GROUP with Okta’s Group shape', async () => {
    const name = unique('Team ');
    const { result: g, last } = await traced(client, () => group(name, 'The team'));
    expect(last.method).toBe('POST');
    expect(last.status).toBe(200);
    expect(g.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
    expect(g.type).toBe('OKTA_GROUP');
    expect(g.objectClass).toEqual(['okta:user_group']);
    expect(g.profile).toMatchObject({ name, description: 'The team' });
    expect(g.created).toBeInstanceOf(Date);
    expect(g.lastUpdated).toBeInstanceOf(Date);
    expect(g.lastMembershipUpdated).toBeInstanceOf(Date);
    const raw = last.body as { _links: Record<string, unknown> };
    expect(raw._links.users).toEqual({ href: `${org.url}/api/v1/groups/${g.id}/users` });
    expect(raw._links.apps).toEqual({ href: `${org.url}/api/v1/groups/${g.id}/apps` });
  });

  it('gets, replaces and deletes a group; a deleted group answers 404 E0000007', async () => {
    const name = unique('Crud ');
    const created = await group(name, 'before');
    const got = await client.groupApi.getGroup({ groupId: created.id! });
    expect(got.id).toBe(created.id);
    expect(got.profile).toMatchObject({ name, description: 'before' });

    const renamed = `${name} renamed`;
    const { result: replaced, last } = await traced(client, () => client.groupApi.replaceGroup({ groupId: created.id!, group: { profile: { name: renamed, description: 'after' } } }));
    expect(last.method).toBe('PUT');
    expect(replaced.profile).toMatchObject({ name: renamed, description: 'after' });
    expect(replaced.lastUpdated!.getTime()).toBeGreaterThanOrEqual(created.lastUpdated!.getTime());
    expect((await client.groupApi.getGroup({ groupId: created.id! })).profile).toMatchObject({ name: renamed, description: 'after' });

    const deletion = await traced(client, () => client.groupApi.deleteGroup({ groupId: created.id! }));
    expect(deletion.last.method).toBe('DELETE');
    expect(deletion.last.status).toBe(204);
    const { error } = await tracedFailure(client, () => client.groupApi.getGroup({ groupId: created.id! }));
    expectOktaError(error, 404, 'E0000007', notFoundGroup(created.id!));
  });

  it('accepts the profile of a group the SDK returned, re-sent on PUT', async () => {
    const created = await group(unique('Resend '), 'x');
    const fetched = await client.groupApi.getGroup({ groupId: created.id! });
    fetched.profile!.description = 'changed';
    const { result, last } = await traced(client, () => client.groupApi.replaceGroup({ groupId: created.id!, group: { profile: fetched.profile as OktaUserGroupProfile } }));
    expect(last.status).toBe(200);
    expect(result.profile?.description).toBe('changed');
  });

  it('accepts the raw JSON of a GET, read-only fields included, on PUT (what Terraform sends)', async () => {
    const created = await group(unique('RawPut '), 'x');
    const got = await call(org, 'GET', `/api/v1/groups/${created.id}`);
    const body = { ...got.body, profile: { ...got.body.profile, description: 'raw' } };
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'created', 'lastUpdated', 'lastMembershipUpdated', 'objectClass', 'type', '_links']));
    const put = await call(org, 'PUT', `/api/v1/groups/${created.id}`, { body });
    expect(put.status).toBe(200);
    assertValidResponse('PUT', '/api/v1/groups/{groupId}', put.status, put.body);
    expect(put.body.profile).toEqual({ name: created.profile!.name, description: 'raw' });
  });

  it('returns a group created without a description in a shape Okta’s OpenAPI schema accepts', async () => {
    // OktaUserGroupProfile.description is `type: string`, not nullable; Okta omits null properties
    // (okta-api.md §1.2) rather than printing them.
    const name = unique('NoDesc ');
    const created = await client.groupApi.createGroup({ group: { profile: { name } } });
    try {
      expect(created.profile).toMatchObject({ name });
      const raw = await call(org, 'GET', `/api/v1/groups/${created.id}`);
      expect(raw.status).toBe(200);
      assertValidResponse('GET', '/api/v1/groups/{groupId}', raw.status, raw.body);
    } finally {
      // Keep the other tests' group lists free of it.
      await client.groupApi.deleteGroup({ groupId: created.id! });
    }
  });

  it('refuses a group without a name with 400 E0000001', async () => {
    const { error } = await tracedFailure(client, () => client.groupApi.createGroup({ group: { profile: { name: '' } } }));
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('E0000001');
    expect(error.errorSummary).toBe('Api validation failed: name');
  });

  it('lists the built-in Everyone group, which cannot be deleted', async () => {
    const groups = await all(await client.groupApi.listGroups({ search: 'type eq "BUILT_IN"' }));
    const everyone = groups.find((g) => g.profile?.name === 'Everyone');
    expect(everyone?.type).toBe('BUILT_IN');
    const { error } = await tracedFailure(client, () => client.groupApi.deleteGroup({ groupId: everyone!.id! }));
    expectOktaError(error, 403, 'E0000006', 'You do not have permission to perform the requested action');
  });

  describe('listing', () => {
    let prefix: string;
    let created: Group[];

    beforeAll(async () => {
      prefix = unique('Lst');
      created = [];
      for (let i = 0; i < 7; i++) created.push(await group(`${prefix} ${i}`));
    });

    it('pages through all groups with a small limit by following Link headers, each group once', async () => {
      const recorder = recorderOf(client);
      await recorder.settle();
      const start = recorder.exchanges.length;
      const groups = await all(await client.groupApi.listGroups({ limit: 3 }));
      const pages = (await recorder.settle()).slice(start);
      const ids = groups.map((g) => g.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const g of created) expect(ids).toContain(g.id);
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(groups.length / 3));
      for (const [i, page] of pages.entries()) {
        const links = linksOf(page);
        expect(links.self).toMatch(new RegExp(`^${org.url}/api/v1/groups\\?`));
        if (i < pages.length - 1) expect(pages[i + 1]!.url).toBe(links.next);
        else expect(links.next).toBeUndefined();
      }
    });

    it('finds groups by q= name prefix', async () => {
      const found = await all(await client.groupApi.listGroups({ q: prefix }));
      expect(found.map((g) => g.id).sort()).toEqual(created.map((g) => g.id).sort());
    });

    it('searches groups by profile.name prefix', async () => {
      const found = await all(await client.groupApi.listGroups({ search: `profile.name sw "${prefix} "`, limit: 2 }));
      expect(found.map((g) => g.id).sort()).toEqual(created.map((g) => g.id).sort());
    });

    it('searches and filters groups by type', async () => {
      const searched = await all(await client.groupApi.listGroups({ search: 'type eq "OKTA_GROUP"' }));
      expect(searched.every((g) => g.type === 'OKTA_GROUP')).toBe(true);
      for (const g of created) expect(searched.map((s) => s.id)).toContain(g.id);
      const filtered = await all(await client.groupApi.listGroups({ filter: 'type eq "OKTA_GROUP"' }));
      expect(filtered.map((g) => g.id).sort()).toEqual(searched.map((g) => g.id).sort());
    });
  });

  describe('membership', () => {
    it('adds members (204), lists them page by page, and removes them (204)', async () => {
      const tag = unique('Mem');
      const g = await group(`${tag} group`);
      const members: User[] = [];
      for (let i = 0; i < 5; i++) members.push(await user(tag, i));

      for (const m of members) {
        const added = await traced(client, () => client.groupApi.assignUserToGroup({ groupId: g.id!, userId: m.id! }));
        expect(added.last.method).toBe('PUT');
        expect(added.last.path).toBe(`/api/v1/groups/${g.id}/users/${m.id}`);
        expect(added.last.status).toBe(204);
      }
      // Adding an existing member again is a no-op 204.
      const again = await traced(client, () => client.groupApi.assignUserToGroup({ groupId: g.id!, userId: members[0]!.id! }));
      expect(again.last.status).toBe(204);

      const recorder = recorderOf(client);
      await recorder.settle();
      const start = recorder.exchanges.length;
      const listed = await all(await client.groupApi.listGroupUsers({ groupId: g.id!, limit: 2 }));
      const pages = (await recorder.settle()).slice(start);
      expect(listed.map((u) => u.id).sort()).toEqual(members.map((u) => u.id).sort());
      expect(pages.length).toBeGreaterThanOrEqual(3);

      const removed = await traced(client, () => client.groupApi.unassignUserFromGroup({ groupId: g.id!, userId: members[0]!.id! }));
      expect(removed.last.method).toBe('DELETE');
      expect(removed.last.status).toBe(204);
      const after = await all(await client.groupApi.listGroupUsers({ groupId: g.id! }));
      expect(after.map((u) => u.id).sort()).toEqual(members.slice(1).map((u) => u.id).sort());
    });

    it('lists a user’s groups, Everyone included', async () => {
      const tag = unique('Ug');
      const u = await user(tag, 1);
      const a = await group(`${tag} a`);
      const b = await group(`${tag} b`);
      await client.groupApi.assignUserToGroup({ groupId: a.id!, userId: u.id! });
      await client.groupApi.assignUserToGroup({ groupId: b.id!, userId: u.id! });
      const groups = await all(await client.userApi.listUserGroups({ userId: u.id! }));
      const names = groups.map((g) => g.profile?.name).sort();
      expect(names).toEqual(['Everyone', `${tag} a`, `${tag} b`].sort());
      expect(groups.find((g) => g.profile?.name === 'Everyone')?.type).toBe('BUILT_IN');
    });

    it('creates a user directly into groups with groupIds', async () => {
      const tag = unique('Gid');
      const g = await group(`${tag} group`);
      const login = `${tag.toLowerCase()}@example.com`;
      const u = await client.userApi.createUser({ body: { profile: { login, email: login, firstName: 'G', lastName: tag }, groupIds: [g.id!] }, activate: false });
      const members = await all(await client.groupApi.listGroupUsers({ groupId: g.id! }));
      expect(members.map((m) => m.id)).toEqual([u.id]);
    });

    it('answers 404 E0000007 when adding an unknown user or to an unknown group', async () => {
      const tag = unique('Nf');
      const g = await group(`${tag} group`);
      const u = await user(tag, 1);
      const noUser = await tracedFailure(client, () => client.groupApi.assignUserToGroup({ groupId: g.id!, userId: '00uNoSuchUser0000000' }));
      expectOktaError(noUser.error, 404, 'E0000007', 'Not found: Resource not found: 00uNoSuchUser0000000 (User)');
      const noGroup = await tracedFailure(client, () => client.groupApi.assignUserToGroup({ groupId: '00gNoSuchGroup000000', userId: u.id! }));
      expectOktaError(noGroup.error, 404, 'E0000007', notFoundGroup('00gNoSuchGroup000000'));
    });

    it('drops a deleted user from the groups they were in', async () => {
      const tag = unique('UGone');
      const u = await user(tag, 1);
      const stay = await user(tag, 2);
      const g = await group(`${tag} group`);
      await client.groupApi.assignUserToGroup({ groupId: g.id!, userId: u.id! });
      await client.groupApi.assignUserToGroup({ groupId: g.id!, userId: stay.id! });
      await client.userApi.deleteUser({ userId: u.id! });
      // A deactivated (DEPROVISIONED) user keeps memberships; only deletion removes them.
      expect((await all(await client.groupApi.listGroupUsers({ groupId: g.id! }))).map((m) => m.id).sort()).toEqual([u.id, stay.id].sort());
      await client.userApi.deleteUser({ userId: u.id! });
      expect((await all(await client.groupApi.listGroupUsers({ groupId: g.id! }))).map((m) => m.id)).toEqual([stay.id]);
    });

    it('removes a deleted group from its former members’ group lists', async () => {
      const tag = unique('Gone');
      const u = await user(tag, 1);
      const g = await group(`${tag} group`);
      await client.groupApi.assignUserToGroup({ groupId: g.id!, userId: u.id! });
      await client.groupApi.deleteGroup({ groupId: g.id! });
      const groups = await all(await client.userApi.listUserGroups({ userId: u.id! }));
      expect(groups.map((x) => x.id)).not.toContain(g.id);
    });
  });
});
