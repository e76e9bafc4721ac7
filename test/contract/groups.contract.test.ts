import { expect, it } from 'vitest';
import { UniqueViolation, UnsupportedFilter, type GroupListQuery } from '../../src/core/ports/store.js';
import type { GroupRecord } from '../../src/core/records.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { at, cmp, group, groupId, user, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';


async function seedUsers(store: SqlStore, ns: number[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const n of ns) await tx.users.insert(user(n));
  });
}

async function allGroups(store: SqlStore, query: GroupListQuery): Promise<GroupRecord[][]> {
  const pages: GroupRecord[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.groups.list({ ...query, after });
    pages.push(page.items);
    if (page.next === null) return pages;
    after = page.next;
  }
}

forEachStore('groups', (store) => {
  it('inserts, finds, updates and deletes a group', async () => {
    const g = group(1, { description: null });
    await store().groups.insert(g);
    expect(await store().groups.findById(g.id)).toEqual(g);
    const renamed = { ...g, name: 'Renamed', description: 'now described', lastUpdated: at(50) };
    await store().groups.update(renamed);
    expect(await store().groups.findById(g.id)).toEqual(renamed);
    await store().groups.delete(g.id);
    expect(await store().groups.findById(g.id)).toBeUndefined();
  });

  it('finds a group by name case-insensitively', async () => {
    await store().groups.insert(group(1, { name: 'Engineering' }));
    expect((await store().groups.findByName('ENGINEERING'))?.id).toBe(groupId(1));
    expect(await store().groups.findByName('Engineer')).toBeUndefined();
  });

  it('refuses a second Okta group with the same name in any case with UniqueViolation group_name, but not an app group', async () => {
    await store().groups.insert(group(1, { name: 'Sales' }));
    await expect(store().groups.insert(group(2, { name: 'SALES' }))).rejects.toMatchObject({
      name: 'UniqueViolation',
      constraint: 'group_name',
    });
    await store().groups.insert(group(3, { name: 'sales', type: 'APP_GROUP' }));
    expect((await store().groups.findByName('Sales'))?.id).toBe(groupId(1));
    await store().groups.insert(group(4, { name: 'Support' }));
    await expect(store().groups.update(group(4, { name: 'sAlEs' }))).rejects.toBeInstanceOf(UniqueViolation);
  });

  it('lists groups by name prefix and filter, paging in id order', async () => {
    await store().transaction(async (tx) => {
      for (let n = 1; n <= 9; n++) {
        await tx.groups.insert(group(n, { name: n % 3 === 0 ? `Team ${n}` : `Dept ${n}`, type: n === 9 ? 'APP_GROUP' : 'OKTA_GROUP' }));
      }
    });
    const teams = await allGroups(store(), { namePrefix: 'team', limit: 2 });
    expect(teams.flat().map((g) => g.id)).toEqual([groupId(3), groupId(6), groupId(9)]);
    expect(teams.map((p) => p.length)).toEqual([2, 1]);
    const all = await allGroups(store(), { limit: 4 });
    expect(all.flat().map((g) => g.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(groupId));
    const appGroups = await store().groups.list({ filter: cmp('type', 'eq', 'APP_GROUP'), limit: 10 });
    expect(appGroups).toEqual({ items: [group(9, { name: 'Team 9', type: 'APP_GROUP' })], next: null });
    const recent = await store().groups.list({ filter: cmp('lastUpdated', 'gt', at(7)), limit: 10 });
    expect(recent.items.map((g) => g.id)).toEqual([groupId(8), groupId(9)]);
    const described = await store().groups.list({ filter: cmp('profile.description', 'co', 'tion 5'), limit: 10 });
    expect(described.items.map((g) => g.id)).toEqual([groupId(5)]);
  });

  it('rejects a group filter attribute it does not know with UnsupportedFilter', async () => {
    await expect(store().groups.list({ filter: cmp('profile.custom', 'eq', 'x'), limit: 10 })).rejects.toBeInstanceOf(UnsupportedFilter);
  });

  it('adds, tests and removes a membership, refusing a duplicate with UniqueViolation group_member', async () => {
    await seedUsers(store(), [1]);
    await store().groups.insert(group(1));
    await store().groups.addMember(groupId(1), userId(1), at(3));
    expect(await store().groups.isMember(groupId(1), userId(1))).toBe(true);
    await expect(store().groups.addMember(groupId(1), userId(1), at(4))).rejects.toMatchObject({
      name: 'UniqueViolation',
      constraint: 'group_member',
    });
    expect(await store().groups.removeMember(groupId(1), userId(1))).toBe(true);
    expect(await store().groups.removeMember(groupId(1), userId(1))).toBe(false);
    expect(await store().groups.isMember(groupId(1), userId(1))).toBe(false);
  });

  it('pages through members in user-id order and counts them', async () => {
    const members = [7, 3, 9, 1, 5, 2, 8];
    await seedUsers(store(), [...members, 4]);
    await store().groups.insert(group(1));
    await store().groups.insert(group(2));
    await store().transaction(async (tx) => {
      for (const n of members) await tx.groups.addMember(groupId(1), userId(n), at(n));
      await tx.groups.addMember(groupId(2), userId(4), at(4));
    });
    expect(await store().groups.countMembers(groupId(1))).toBe(7);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await store().groups.listMembers(groupId(1), 3, after);
      seen.push(...page.items.map((u) => u.id));
      expect(page.items.every((u, i) => i === 0 || u.id > page.items[i - 1]!.id)).toBe(true);
      after = page.next ?? undefined;
      pages++;
    } while (after !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual([1, 2, 3, 5, 7, 8, 9].map(userId));
    const first = await store().groups.listMembers(groupId(1), 1);
    expect(first.items).toEqual([user(1)]);
  });

  it('lists the groups of a user in group-id order and removes the user from all of them at once', async () => {
    await seedUsers(store(), [1, 2]);
    await store().transaction(async (tx) => {
      for (const n of [4, 2, 3]) {
        await tx.groups.insert(group(n));
        await tx.groups.addMember(groupId(n), userId(1), at(10));
      }
      await tx.groups.addMember(groupId(3), userId(2), at(10));
    });
    expect((await store().groups.listGroupsOfUser(userId(1))).map((g) => g.id)).toEqual([groupId(2), groupId(3), groupId(4)]);
    const removed = await store().groups.removeUserFromAll(userId(1));
    expect(removed).toEqual([group(2), group(3), group(4)]);
    expect(await store().groups.listGroupsOfUser(userId(1))).toEqual([]);
    expect(await store().groups.removeUserFromAll(userId(1))).toEqual([]);
    expect(await store().groups.isMember(groupId(3), userId(2))).toBe(true);
  });

  it('deletes the memberships of a deleted group and of a deleted user', async () => {
    await seedUsers(store(), [1, 2]);
    await store().groups.insert(group(1));
    await store().groups.insert(group(2));
    await store().groups.addMember(groupId(1), userId(1), at(1));
    await store().groups.addMember(groupId(2), userId(1), at(1));
    await store().groups.addMember(groupId(2), userId(2), at(1));
    await store().groups.delete(groupId(1));
    expect((await store().groups.listGroupsOfUser(userId(1))).map((g) => g.id)).toEqual([groupId(2)]);
    await store().users.delete(userId(1));
    expect(await store().groups.countMembers(groupId(2))).toBe(1);
    await store().groups.insert(group(1));
    expect(await store().groups.countMembers(groupId(1))).toBe(0);
  });
});
