import { expect, it } from 'vitest';
import type { FilterNode } from '../../src/core/filter/ast.js';
import { UniqueViolation, UnsupportedFilter, type UserListQuery } from '../../src/core/ports/store.js';
import type { UserRecord } from '../../src/core/user.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { at, cmp, user, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

/** Filter AST builders (positions do not matter to the store). */
const and = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'and', left, right });
const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'or', left, right });
const not = (expr: FilterNode): FilterNode => ({ kind: 'not', expr, pos: 0 });

async function insertAll(store: SqlStore, users: UserRecord[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const u of users) await tx.users.insert(u);
  });
}

/** Follows `next` to the end, returning every page. */
async function allPages(store: SqlStore, query: UserListQuery): Promise<UserRecord[][]> {
  const pages: UserRecord[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.users.list({ ...query, after });
    pages.push(page.items);
    if (page.next === null) return pages;
    expect(pages.length).toBeLessThan(100);
    after = page.next;
  }
}

async function ids(store: SqlStore, query: Omit<UserListQuery, 'limit' | 'includeDeprovisioned'> & Partial<UserListQuery>) {
  const page = await store.users.list({ limit: 200, includeDeprovisioned: true, ...query });
  return page.items.map((u) => u.id);
}

forEachStore('users', (store) => {
  it('inserts a user and reads every field back unchanged by id and by login', async () => {
    const u = user(1, {
      status: 'PASSWORD_EXPIRED',
      lastLogin: at(5),
      passwordChanged: at(6),
      recoveryQuestion: 'Favourite colour?',
      recoveryAnswerHash: '$argon2id$answer',
      providerType: 'FEDERATION',
      providerName: 'FEDERATION',
      profile: {
        login: 'Ada.Lovelace@Example.com',
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        mobilePhone: null,
        employeeNumber: 42,
        isContractor: false,
        costCenters: ['R&D', 'Ops'],
        nickName: "O'Ada \"the first\"",
      },
    });
    await store().users.insert(u);
    expect(await store().users.findById(u.id)).toEqual(u);
    expect(await store().users.findByLogin('ada.lovelace@example.com')).toEqual(u);
    expect(await store().users.findByLogin('ADA.LOVELACE@EXAMPLE.COM')).toEqual(u);
  });

  it('answers undefined for an unknown id or login', async () => {
    expect(await store().users.findById(userId(404))).toBeUndefined();
    expect(await store().users.findByLogin('nobody@example.com')).toBeUndefined();
  });

  it('refuses a second user whose login differs only in case with UniqueViolation login', async () => {
    await store().users.insert(user(1, { profile: { login: 'Same@Example.com' } }));
    const attempt = store().users.insert(user(2, { profile: { login: 'same@EXAMPLE.com' } }));
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
    await expect(attempt).rejects.toMatchObject({ constraint: 'login' });
    expect(await store().users.count()).toBe(1);
  });

  it('replaces a user on update, hot columns included, so lookups follow the new login', async () => {
    const u = user(1);
    await store().users.insert(u);
    const changed: UserRecord = {
      ...u,
      status: 'SUSPENDED',
      lastUpdated: at(60),
      profile: { login: 'renamed@example.com', email: 'renamed@example.com', firstName: 'Re', lastName: 'Named', title: 'Dr' },
    };
    await store().users.update(changed);
    expect(await store().users.findById(u.id)).toEqual(changed);
    expect(await store().users.findByLogin('RENAMED@example.com')).toEqual(changed);
    expect(await store().users.findByLogin('user1@example.com')).toBeUndefined();
    expect(await ids(store(), { filter: cmp('profile.lastName', 'eq', 'Named') })).toEqual([u.id]);
  });

  it('refuses an update to a login another user holds with UniqueViolation login', async () => {
    await insertAll(store(), [user(1), user(2)]);
    const clash = { ...user(2), profile: { ...user(2).profile, login: 'USER1@example.com' } };
    await expect(store().users.update(clash)).rejects.toMatchObject({ name: 'UniqueViolation', constraint: 'login' });
    expect((await store().users.findById(userId(2)))?.profile.login).toBe('user2@example.com');
  });

  it('deletes a user and counts every user, deprovisioned ones included', async () => {
    await insertAll(store(), [user(1), user(2), user(3, { status: 'DEPROVISIONED' })]);
    expect(await store().users.count()).toBe(3);
    await store().users.delete(userId(2));
    expect(await store().users.findById(userId(2))).toBeUndefined();
    expect(await store().users.count()).toBe(2);
  });

  it('finds users by the short name before the @ of their login, case-insensitively, up to the limit', async () => {
    await insertAll(store(), [
      user(1, { profile: { login: 'Jane@one.example' } }),
      user(2, { profile: { login: 'jane@two.example' } }),
      user(3, { profile: { login: 'janet@one.example' } }),
      user(4, { profile: { login: 'jane.doe@one.example' } }),
      user(5, { profile: { login: 'JANE@three.example' } }),
    ]);
    const found = await store().users.findByShortName('JANE', 10);
    expect(found.map((u) => u.id).sort()).toEqual([userId(1), userId(2), userId(5)]);
    expect(await store().users.findByShortName('jane', 2)).toHaveLength(2);
  });

  it('lists users in id order without deprovisioned ones unless asked for them', async () => {
    await insertAll(store(), [user(3), user(1, { status: 'DEPROVISIONED' }), user(2, { status: 'STAGED' })]);
    const page = await store().users.list({ includeDeprovisioned: false, limit: 10 });
    expect(page).toEqual({ items: [user(2, { status: 'STAGED' }), user(3)], next: null });
    expect(await ids(store(), {})).toEqual([userId(1), userId(2), userId(3)]);
  });

  it('pages through users with cursors, every user exactly once and in order', async () => {
    const users = Array.from({ length: 25 }, (_, i) => user(i + 1, { status: i % 5 === 0 ? 'DEPROVISIONED' : 'ACTIVE' }));
    await insertAll(store(), users.slice().reverse());
    const pages = await allPages(store(), { includeDeprovisioned: false, limit: 7 });
    expect(pages.map((p) => p.length)).toEqual([7, 7, 6]);
    expect(pages.flat().map((u) => u.id)).toEqual(users.filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id));
  });

  it('ends with a null next when the last page is exactly full', async () => {
    await insertAll(store(), [user(1), user(2), user(3), user(4)]);
    const first = await store().users.list({ includeDeprovisioned: false, limit: 2 });
    expect(first.next).toBe(userId(2));
    const second = await store().users.list({ includeDeprovisioned: false, limit: 2, after: first.next! });
    expect(second.items.map((u) => u.id)).toEqual([userId(3), userId(4)]);
    expect(second.next).toBeNull();
  });

  it('pages through a filtered list, the filter holding on every page', async () => {
    await insertAll(store(), Array.from({ length: 12 }, (_, i) => user(i + 1, { status: i % 2 ? 'SUSPENDED' : 'ACTIVE' })));
    const pages = await allPages(store(), { includeDeprovisioned: true, limit: 4, filter: cmp('status', 'eq', 'SUSPENDED') });
    expect(pages.flat().map((u) => u.id)).toEqual([2, 4, 6, 8, 10, 12].map(userId));
  });

  it('filters on status, id and type.id with eq', async () => {
    await insertAll(store(), [user(1), user(2, { status: 'LOCKED_OUT', typeId: 'oty2' }), user(3, { status: 'LOCKED_OUT' })]);
    expect(await ids(store(), { filter: cmp('status', 'eq', 'LOCKED_OUT') })).toEqual([userId(2), userId(3)]);
    expect(await ids(store(), { filter: cmp('id', 'eq', userId(3)) })).toEqual([userId(3)]);
    expect(await ids(store(), { filter: cmp('type.id', 'eq', 'oty2') })).toEqual([userId(2)]);
  });

  it('compares values case-sensitively for filter and case-insensitively for search', async () => {
    await insertAll(store(), [
      user(1, { profile: { login: 'Mixed@Example.com', email: 'Mixed@Example.com', firstName: 'Zoë', lastName: 'McDonald', city: 'San Francisco' } }),
      user(2, { profile: { login: 'other@example.com', firstName: 'zoe', lastName: 'mcdonald' } }),
    ]);
    const both = [userId(1), userId(2)];
    expect(await ids(store(), { filter: cmp('profile.login', 'eq', 'Mixed@Example.com') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.login', 'eq', 'mixed@example.com') })).toEqual([]);
    expect(await ids(store(), { filter: cmp('profile.login', 'eq', 'mixed@example.COM'), caseInsensitive: true })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.lastName', 'eq', 'mcdonald') })).toEqual([userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.lastName', 'eq', 'MCDONALD'), caseInsensitive: true })).toEqual(both);
    expect(await ids(store(), { filter: cmp('profile.email', 'sw', 'MIXED'), caseInsensitive: true })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.email', 'sw', 'MIXED') })).toEqual([]);
    expect(await ids(store(), { filter: cmp('profile.city', 'eq', 'san francisco'), caseInsensitive: true })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.city', 'eq', 'san francisco') })).toEqual([]);
    expect(await ids(store(), { filter: cmp('status', 'eq', 'active'), caseInsensitive: true })).toEqual(both);
  });

  it('matches starts-with, contains and ends-with on profile attributes', async () => {
    await insertAll(store(), [
      user(1, { profile: { login: 'a@x.example', email: 'alice.smith@corp.example', firstName: 'Alice', lastName: 'Smith' } }),
      user(2, { profile: { login: 'b@x.example', email: 'bob.smithers@home.example', firstName: 'Bob', lastName: 'Smithers' } }),
      user(3, { profile: { login: 'c@x.example', email: 'carol@corp.example', firstName: 'Carol', lastName: 'Blacksmith' } }),
    ]);
    expect(await ids(store(), { filter: cmp('profile.lastName', 'sw', 'Smith') })).toEqual([userId(1), userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.lastName', 'co', 'mith') })).toEqual([userId(1), userId(2), userId(3)]);
    expect(await ids(store(), { filter: cmp('profile.email', 'ew', '@corp.example') })).toEqual([userId(1), userId(3)]);
    expect(await ids(store(), { filter: cmp('profile.login', 'sw', 'b@') })).toEqual([userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.firstName', 'sw', '') })).toEqual([userId(1), userId(2), userId(3)]);
  });

  it('treats filter values as data, never as SQL or LIKE patterns', async () => {
    await insertAll(store(), [
      user(1, { profile: { login: 'o@x.example', lastName: "O'Brien", firstName: '100%_sure' } }),
      user(2, { profile: { login: 'p@x.example', lastName: 'OXBrien', firstName: '100 x sure' } }),
    ]);
    expect(await ids(store(), { filter: cmp('profile.lastName', 'eq', "O'Brien") })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.firstName', 'co', '%_') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.firstName', 'sw', '100%') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.lastName', 'eq', "x' or '1'='1") })).toEqual([]);
  });

  it('compares timestamps with gt, ge, lt and le, whatever ISO form the value takes', async () => {
    await insertAll(store(), [user(1), user(2), user(3), user(4)]);
    expect(await ids(store(), { filter: cmp('created', 'gt', at(2)) })).toEqual([userId(3), userId(4)]);
    expect(await ids(store(), { filter: cmp('created', 'ge', at(2)) })).toEqual([userId(2), userId(3), userId(4)]);
    expect(await ids(store(), { filter: cmp('created', 'lt', '2024-01-01T00:02:00Z') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('lastUpdated', 'le', '2024-01-01T01:02:00+01:00') })).toEqual([userId(1), userId(2)]);
    expect(await ids(store(), { filter: cmp('created', 'eq', '2024-01-01T00:03:00Z') })).toEqual([userId(3)]);
    expect(await ids(store(), { filter: cmp('created', 'sw', '2024-01-01T00:04') })).toEqual([userId(4)]);
  });

  it('combines conditions with and, or and not, not being the exact complement', async () => {
    await insertAll(store(), [
      user(1, { status: 'ACTIVE', created: '2013-01-01T00:00:00.000Z' }),
      user(2, { status: 'LOCKED_OUT', created: '2015-01-01T00:00:00.000Z' }),
      user(3, { status: 'RECOVERY', created: '2016-01-01T00:00:00.000Z' }),
      user(4, { status: 'ACTIVE', created: '2017-01-01T00:00:00.000Z', activated: null }),
    ]);
    const lockedOrRecovery = or(cmp('status', 'eq', 'LOCKED_OUT'), cmp('status', 'eq', 'RECOVERY'));
    expect(await ids(store(), { filter: and(cmp('created', 'gt', '2014-01-01T00:00:00.000Z'), lockedOrRecovery) })).toEqual([
      userId(2),
      userId(3),
    ]);
    expect(await ids(store(), { filter: or(cmp('created', 'lt', '2014-01-01T00:00:00.000Z'), cmp('status', 'eq', 'RECOVERY')) })).toEqual([
      userId(1),
      userId(3),
    ]);
    expect(await ids(store(), { filter: not(lockedOrRecovery) })).toEqual([userId(1), userId(4)]);
    expect(await ids(store(), { filter: cmp('status', 'ne', 'ACTIVE') })).toEqual([userId(2), userId(3)]);
    // activated is null for user 4: a comparison on an absent value is false, so its negation is true.
    expect(await ids(store(), { filter: not(cmp('activated', 'gt', '2000-01-01T00:00:00.000Z')) })).toEqual([userId(4)]);
    expect(await ids(store(), { filter: not(not(cmp('status', 'eq', 'ACTIVE'))) })).toEqual([userId(1), userId(4)]);
  });

  it('tests presence with pr on columns and on custom profile attributes', async () => {
    await insertAll(store(), [
      user(1, { lastLogin: at(9), profile: { login: 'a@x.example', department: 'R&D' } }),
      user(2, { profile: { login: 'b@x.example', department: null } }),
      user(3, { profile: { login: 'c@x.example' } }),
    ]);
    expect(await ids(store(), { filter: cmp('lastLogin', 'pr') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.department', 'pr') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: not(cmp('profile.department', 'pr')) })).toEqual([userId(2), userId(3)]);
    expect(await ids(store(), { filter: cmp('profile.department', 'eq', null) })).toEqual([userId(2), userId(3)]);
  });

  it('filters custom profile attributes by their JSON type: strings, numbers and booleans', async () => {
    await insertAll(store(), [
      user(1, { profile: { login: 'a@x.example', department: 'Engineering', level: 3, manager: true, code: '10' } }),
      user(2, { profile: { login: 'b@x.example', department: 'engineering', level: 12, manager: false, code: '9' } }),
      user(3, { profile: { login: 'c@x.example', department: 'Sales', level: '12', manager: 'true' } }),
    ]);
    expect(await ids(store(), { filter: cmp('profile.department', 'eq', 'Engineering') })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.department', 'eq', 'ENGINEERING'), caseInsensitive: true })).toEqual([
      userId(1),
      userId(2),
    ]);
    expect(await ids(store(), { filter: cmp('profile.department', 'sw', 'Eng') })).toEqual([userId(1)]);
    // Numbers compare numerically (12 > 3) and only with numbers; the string "12" is not the number 12.
    expect(await ids(store(), { filter: cmp('profile.level', 'gt', 5) })).toEqual([userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.level', 'eq', 12) })).toEqual([userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.level', 'eq', '12') })).toEqual([userId(3)]);
    // Strings compare as text: "9" sorts after "10".
    expect(await ids(store(), { filter: cmp('profile.code', 'gt', '10') })).toEqual([userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.manager', 'eq', true) })).toEqual([userId(1)]);
    expect(await ids(store(), { filter: cmp('profile.manager', 'eq', false) })).toEqual([userId(2)]);
    expect(await ids(store(), { filter: cmp('profile.manager', 'ne', true) })).toEqual([userId(2), userId(3)]);
  });

  it('rejects an attribute it does not know with UnsupportedFilter naming it', async () => {
    const attempt = store().users.list({ includeDeprovisioned: true, limit: 10, filter: and(cmp('status', 'eq', 'ACTIVE'), cmp('credentials.password', 'pr')) });
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedFilter);
    await expect(attempt).rejects.toMatchObject({ attr: 'credentials.password' });
    await expect(store().users.list({ includeDeprovisioned: true, limit: 10, filter: cmp('profile.a.b', 'eq', 'x') })).rejects.toBeInstanceOf(
      UnsupportedFilter,
    );
  });

  it('sorts by a profile attribute in either order, paging without duplicates or gaps, absent values last ascending', async () => {
    const lastNames = ['Brown', 'adams', 'Brown', undefined, 'Clark', 'Brown', 'Adams', undefined, 'Zed', 'brown', 'Clark'];
    const users = lastNames.map((lastName, i) =>
      user(i + 1, { profile: { login: `u${i + 1}@x.example`, ...(lastName === undefined ? {} : { lastName }) } }),
    );
    await insertAll(store(), users);
    // Byte order: upper case before lower case; ties by id.
    const key = (u: UserRecord) => (u.profile.lastName as string | undefined) ?? null;
    const ascending = users.slice().sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return ka === null ? 1 : kb === null ? -1 : ka < kb ? -1 : 1;
      return a.id < b.id ? -1 : 1;
    });
    for (const limit of [1, 3, 4, 20]) {
      const asc = await allPages(store(), { includeDeprovisioned: true, limit, sortBy: 'profile.lastName', sortOrder: 'asc' });
      expect(asc.flat().map((u) => u.id)).toEqual(ascending.map((u) => u.id));
      const desc = await allPages(store(), { includeDeprovisioned: true, limit, sortBy: 'profile.lastName', sortOrder: 'desc' });
      expect(desc.flat().map((u) => u.id)).toEqual(ascending.map((u) => u.id).reverse());
    }
  });

  it('sorts by a custom profile attribute and by a timestamp, filter and sort together', async () => {
    await insertAll(store(), [
      user(1, { lastUpdated: at(30), profile: { login: 'a@x.example', department: 'Sales' } }),
      user(2, { lastUpdated: at(10), profile: { login: 'b@x.example', department: 'Engineering' } }),
      user(3, { lastUpdated: at(20), profile: { login: 'c@x.example', department: 'Marketing' } }),
      user(4, { lastUpdated: at(5), status: 'SUSPENDED', profile: { login: 'd@x.example', department: 'Accounts' } }),
    ]);
    const byDepartment = await allPages(store(), { includeDeprovisioned: true, limit: 2, sortBy: 'profile.department' });
    expect(byDepartment.flat().map((u) => u.id)).toEqual([userId(4), userId(2), userId(3), userId(1)]);
    const recentActive = await allPages(store(), {
      includeDeprovisioned: true,
      limit: 2,
      filter: cmp('status', 'eq', 'ACTIVE'),
      sortBy: 'lastUpdated',
      sortOrder: 'desc',
    });
    expect(recentActive.flat().map((u) => u.id)).toEqual([userId(1), userId(3), userId(2)]);
  });

  it('rejects a sort cursor it did not hand out', async () => {
    await expect(
      store().users.list({ includeDeprovisioned: true, limit: 2, sortBy: 'profile.lastName', after: 'not-a-cursor' }),
    ).rejects.toMatchObject({ name: 'InvalidCursor' });
  });

  it('searches by a case-insensitive prefix of first name, last name or email, never deprovisioned, in id order', async () => {
    await insertAll(store(), [
      user(1, { profile: { login: 'l1@x.example', firstName: 'Samantha', lastName: 'Jones', email: 'sj@x.example' } }),
      user(2, { profile: { login: 'l2@x.example', firstName: 'Tom', lastName: 'Samson', email: 'tom@x.example' } }),
      user(3, { profile: { login: 'l3@x.example', firstName: 'Ann', lastName: 'Lee', email: 'SAM@x.example' } }),
      user(4, { status: 'DEPROVISIONED', profile: { login: 'l4@x.example', firstName: 'Sam', lastName: 'Gone', email: 'g@x.example' } }),
      user(5, { profile: { login: 'l5@x.example', firstName: 'Isam', lastName: 'Osam', email: 'isam@x.example' } }),
      user(6, { profile: { login: 'sam6@x.example', firstName: 'Q', lastName: 'R', email: 'q@x.example' } }),
    ]);
    const found = await store().users.searchPrefix('SAM', 10);
    expect(found.map((u) => u.id)).toEqual([userId(1), userId(2), userId(3)]);
    expect((await store().users.searchPrefix('sam', 2)).map((u) => u.id)).toEqual([userId(1), userId(2)]);
  });
});
