import { request as httpRequest } from 'node:http';
import type { User } from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertValidResponse } from '../support/openapi.js';
import {
  all,
  expectOktaError,
  expectResponsesConform,
  linksOf,
  oktaClient,
  recorderOf,
  sdkSuite,
  traced,
  tracedFailure,
  unique,
  type OktaClient,
} from '../support/okta-client.js';
import { call, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * The Users API (okta-api.md §6, §7) driven through the official Okta Node SDK against a real Keyflow
 * server, on every store kind. Every JSON body the SDK receives is checked against Okta's OpenAPI spec
 * after each test (expectResponsesConform).
 */

const PASSWORD = 'Kf-Correct-Horse-9';
const kinds = await storeKinds();

function profile(tag: string, i: number | string, extra: Record<string, string> = {}) {
  const login = `${tag.toLowerCase()}.${i}@example.com`;
  return { login, email: login, firstName: `First${i}`, lastName: tag, ...extra };
}

const notFoundUser = (id: string) => `Not found: Resource not found: ${id} (User)`;

describe.each(kinds)('Users through the Okta Node SDK (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;

  sdkSuite(kind, (o, c) => {
    org = o;
    client = c;
  });

  /** A user without a password (no argon2 cost): STAGED, or ACTIVE through an external provider. */
  async function createQuick(tag: string, i: number | string, opts: { active?: boolean; extra?: Record<string, string> } = {}): Promise<User> {
    return client.userApi.createUser({ body: { profile: profile(tag, i, opts.extra) }, activate: opts.active ?? false, provider: opts.active ?? false });
  }

  describe('creating users', () => {
    it('creates a user with a password as ACTIVE, with Okta’s User shape and credentials', async () => {
      const tag = unique('Pw');
      const { result: user, last } = await traced(client, () =>
        client.userApi.createUser({ body: { profile: profile(tag, 1, { nickName: 'Nick' }), credentials: { password: { value: PASSWORD } } } }),
      );
      expect(last.method).toBe('POST');
      expect(last.status).toBe(200);
      expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
      expect(user.status).toBe('ACTIVE');
      expect(user.activated).toBeInstanceOf(Date);
      expect(user.statusChanged).toBeInstanceOf(Date);
      expect(user.created).toBeInstanceOf(Date);
      expect(user.lastUpdated).toBeInstanceOf(Date);
      expect(user.passwordChanged).toBeInstanceOf(Date);
      expect(user.lastLogin).toBeNull();
      expect(user.type?.id).toMatch(/^oty/);
      expect(user.profile).toMatchObject(profile(tag, 1, { nickName: 'Nick' }));
      // The password is never returned; its presence shows as `password: {}` (okta-api.md §6.2).
      const raw = last.body as { credentials: Record<string, unknown>; _links: Record<string, { href: string }> };
      expect(raw.credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
      expect(last.text).not.toContain(PASSWORD);
      expect(raw._links.self?.href).toBe(`${org.url}/api/v1/users/${user.id}`);
      expect(Object.keys(raw._links)).toEqual(expect.arrayContaining(['self', 'suspend', 'deactivate', 'resetPassword', 'expirePassword']));
      expect(raw._links).not.toHaveProperty('activate');
    });

    it('creates a user without a password as STAGED when activate=false', async () => {
      const tag = unique('Staged');
      const { result: user, last } = await traced(client, () => client.userApi.createUser({ body: { profile: profile(tag, 1) }, activate: false }));
      expect(last.url).toContain('activate=false');
      expect(user.status).toBe('STAGED');
      expect(user.activated).toBeNull();
      expect(user.statusChanged).toBeNull();
      expect(user.passwordChanged).toBeNull();
      expect((last.body as { credentials: unknown }).credentials).toEqual({ provider: { type: 'OKTA', name: 'OKTA' } });
      expect(Object.keys((last.body as { _links: object })._links)).toEqual(expect.arrayContaining(['self', 'activate', 'deactivate']));
    });

    it('creates a user without a password as PROVISIONED when activate=true', async () => {
      const tag = unique('Prov');
      const user = await client.userApi.createUser({ body: { profile: profile(tag, 1) }, activate: true });
      expect(user.status).toBe('PROVISIONED');
      expect(user.activated).toBeInstanceOf(Date);
    });

    it('creates a federated user (provider=true) as ACTIVE without a password', async () => {
      const tag = unique('Fed');
      const { result: user, last } = await traced(client, () => client.userApi.createUser({ body: { profile: profile(tag, 1) }, activate: true, provider: true }));
      expect(last.url).toContain('provider=true');
      expect(user.status).toBe('ACTIVE');
      expect((last.body as { credentials: unknown }).credentials).toEqual({ provider: { type: 'FEDERATION', name: 'FEDERATION' } });
    });

    it('refuses a second user with the same login with Okta’s duplicate-login error', async () => {
      const tag = unique('Dup');
      await createQuick(tag, 1);
      const { error } = await tracedFailure(client, () => createQuick(tag, 1));
      expectOktaError(error, 400, 'E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']);
    });
  });

  describe('reading users', () => {
    it('gets a user by id, by login, by short name and as `me`', async () => {
      const tag = unique('Get');
      const created = await createQuick(tag, 1);
      const login = created.profile!.login!;

      const byId = await client.userApi.getUser({ userId: created.id! });
      expect(byId.id).toBe(created.id);
      expect(byId.profile?.login).toBe(login);

      const { result: byLogin, last } = await traced(client, () => client.userApi.getUser({ userId: login }));
      expect(byLogin.id).toBe(created.id);
      // The SDK URL-encodes the login: `@` travels as %40 (okta-api.md §14 item 7).
      expect(last.path).toBe(`/api/v1/users/${encodeURIComponent(login)}`);
      expect(last.path).toContain('%40');

      const byShortName = await client.userApi.getUser({ userId: login.split('@')[0]! });
      expect(byShortName.id).toBe(created.id);

      const me = await client.userApi.getUser({ userId: 'me' });
      expect(me.id).toBe(org.adminId);
      expect(me.profile?.login).toBe('admin@example.com');
    });

    it('gets a user whose login needs URL-encoding (+ and @), encoded by the SDK or by hand', async () => {
      const tag = unique('Enc');
      const login = `${tag.toLowerCase()}+tag@example.com`;
      const created = await client.userApi.createUser({ body: { profile: { login, email: login, firstName: 'Plus', lastName: tag } }, activate: false });

      const { result, last } = await traced(client, () => client.userApi.getUser({ userId: login }));
      expect(result.id).toBe(created.id);
      expect(last.path).toContain('%2B');

      // A hand-written client may leave `@` unencoded; a literal `+` in a path is a plus, not a space.
      const literal = await call(org, 'GET', `/api/v1/users/${login}`);
      expect(literal.status).toBe(200);
      expect(literal.body.id).toBe(created.id);
      assertValidResponse('GET', '/api/v1/users/{id}', literal.status, literal.body);
    });

    it('answers 404 E0000007 naming the missing user', async () => {
      const missing = '00uDoesNotExist00000';
      const { error, last } = await tracedFailure(client, () => client.userApi.getUser({ userId: missing }));
      expectOktaError(error, 404, 'E0000007', notFoundUser(missing));
      expect(last.requestId).toMatch(/^[0-9A-Za-z_-]{20,}$/);

      const byLogin = await tracedFailure(client, () => client.userApi.getUser({ userId: 'nobody@example.com' }));
      expectOktaError(byLogin.error, 404, 'E0000007', notFoundUser('nobody@example.com'));
    });
  });

  describe('listing, searching and filtering', () => {
    const COUNT = 13;
    let tag: string;
    let created: User[];

    beforeAll(async () => {
      tag = unique('List');
      created = [];
      for (let i = 0; i < COUNT; i++) created.push(await createQuick(tag, i, { active: i % 3 === 0 }));
    });

    it('pages through all users with a small limit by following Link headers, each user exactly once', async () => {
      const recorder = recorderOf(client);
      await recorder.settle();
      const start = recorder.exchanges.length;
      const users = await all(await client.userApi.listUsers({ limit: 4 }));
      const pages = (await recorder.settle()).slice(start);

      const ids = users.map((u) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const u of created) expect(ids).toContain(u.id);
      expect(ids).toContain(org.adminId);
      expect(pages.length).toBe(Math.ceil(users.length / 4) + (users.length % 4 === 0 ? 1 : 0));
      for (const [i, page] of pages.entries()) {
        expect(page.status).toBe(200);
        const links = linksOf(page);
        expect(links.self, 'every page has rel="self"').toMatch(new RegExp(`^${org.url}/api/v1/users\\?`));
        if (i < pages.length - 1) {
          // Absolute, on the host the client used, and the page after it is what the SDK requested next.
          expect(links.next).toMatch(new RegExp(`^${org.url}/api/v1/users\\?.*after=`));
          expect(links.next).toContain('limit=4');
          expect(pages[i + 1]!.url).toBe(links.next);
        } else {
          expect(links.next, 'the last page has no rel="next"').toBeUndefined();
        }
        expect((page.body as unknown[]).length).toBeLessThanOrEqual(4);
      }
    });

    it('sends one Link header line per relation (Go and Terraform split each line on ";")', async () => {
      const lines = await new Promise<string[]>((resolve, reject) => {
        const req = httpRequest(`${org.url}/api/v1/users?limit=2`, { headers: { Authorization: `SSWS ${org.token}`, Accept: 'application/json' } }, (res) => {
          const out: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]!.toLowerCase() === 'link') out.push(res.rawHeaders[i + 1]!);
          res.resume();
          res.on('end', () => resolve(out));
        });
        req.on('error', reject);
        req.end();
      });
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^<[^>]+>; rel="self"$/);
      expect(lines[1]).toMatch(/^<[^>]+>; rel="next"$/);
    });

    it('searches by profile.lastName, case-insensitively, and pages through the results', async () => {
      const found = await all(await client.userApi.listUsers({ search: `profile.lastName eq "${tag.toUpperCase()}"`, limit: 5 }));
      expect(found.map((u) => u.id).sort()).toEqual(created.map((u) => u.id).sort());
    });

    it('searches by status and returns only users in that status', async () => {
      const active = await all(await client.userApi.listUsers({ search: 'status eq "ACTIVE"' }));
      expect(active.length).toBeGreaterThan(0);
      expect(active.every((u) => u.status === 'ACTIVE')).toBe(true);
      const ids = active.map((u) => u.id);
      expect(ids).toContain(org.adminId);
      for (const u of created) expect(ids.includes(u.id)).toBe(u.status === 'ACTIVE');

      const both = await all(await client.userApi.listUsers({ search: `profile.lastName eq "${tag}" and status eq "STAGED"` }));
      expect(both.map((u) => u.id).sort()).toEqual(created.filter((u) => u.status === 'STAGED').map((u) => u.id).sort());
    });

    it('sorts search results with sortBy and sortOrder and keeps the order across pages', async () => {
      const desc = await all(await client.userApi.listUsers({ search: `profile.lastName eq "${tag}"`, sortBy: 'profile.firstName', sortOrder: 'desc', limit: 4 }));
      const expected = created.map((u) => u.profile!.firstName!).sort().reverse();
      expect(desc.map((u) => u.profile!.firstName)).toEqual(expected);
      const asc = await all(await client.userApi.listUsers({ search: `profile.lastName eq "${tag}"`, sortBy: 'profile.firstName', sortOrder: 'asc', limit: 5 }));
      expect(asc.map((u) => u.profile!.firstName)).toEqual([...expected].reverse());
    });

    it('searches with co on email and sw on login', async () => {
      const target = created[4]!;
      const local = target.profile!.email!.split('@')[0]!;
      const byContains = await all(await client.userApi.listUsers({ search: `profile.email co "${local.slice(2)}"` }));
      expect(byContains.map((u) => u.id)).toEqual([target.id]);
      const byPrefix = await all(await client.userApi.listUsers({ search: `profile.login sw "${tag.toLowerCase()}."` }));
      expect(byPrefix.map((u) => u.id).sort()).toEqual(created.map((u) => u.id).sort());
    });

    it('filters on lastUpdated with gt', async () => {
      const cutoff = created[0]!.lastUpdated!;
      const later = await all(await client.userApi.listUsers({ filter: `lastUpdated gt "${new Date(cutoff.getTime() - 1).toISOString()}"`, limit: 200 }));
      for (const u of created) expect(later.map((x) => x.id)).toContain(u.id);
      expect(later.map((x) => x.id)).not.toContain(org.adminId);
    });

    it('filters with filter= on status and profile.login (exact, case-sensitive)', async () => {
      const target = created[1]!;
      const byLogin = await all(await client.userApi.listUsers({ filter: `profile.login eq "${target.profile!.login}"` }));
      expect(byLogin.map((u) => u.id)).toEqual([target.id]);

      const staged = await all(await client.userApi.listUsers({ filter: 'status eq "STAGED"', limit: 200 }));
      expect(staged.every((u) => u.status === 'STAGED')).toBe(true);
      for (const u of created.filter((c) => c.status === 'STAGED')) expect(staged.map((s) => s.id)).toContain(u.id);

      const wrongCase = await all(await client.userApi.listUsers({ filter: `profile.login eq "${target.profile!.login!.toUpperCase()}"` }));
      expect(wrongCase).toEqual([]);
    });

    it('refuses operators that filter= does not support with 400 E0000031', async () => {
      const { error } = await tracedFailure(client, () => all(client.userApi.listUsers({ filter: 'profile.firstName sw "First"' })));
      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000031');
      expect(error.errorSummary).toBe('Invalid search criteria.');
    });

    it('finds users by q= prefix of first name, last name or email, with no next link', async () => {
      const { result: byLast, last } = await traced(client, async () => all(await client.userApi.listUsers({ q: tag.slice(0, -2), limit: 50 })));
      expect(byLast.map((u) => u.id).sort()).toEqual(created.filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id).sort());
      expect(linksOf(last).next).toBeUndefined();

      const byEmail = await all(await client.userApi.listUsers({ q: created[2]!.profile!.email! }));
      expect(byEmail.map((u) => u.id)).toEqual([created[2]!.id]);
    });

    it('leaves DEPROVISIONED users out of a plain list but not out of search or filter', async () => {
      const gone = await createQuick(tag, 'gone');
      await client.userApi.deactivateUser({ userId: gone.id! });
      const plain = await all(await client.userApi.listUsers({ limit: 200 }));
      expect(plain.map((u) => u.id)).not.toContain(gone.id);
      const searched = await all(await client.userApi.listUsers({ search: `profile.lastName eq "${tag}"` }));
      expect(searched.find((u) => u.id === gone.id)?.status).toBe('DEPROVISIONED');
      const filtered = await all(await client.userApi.listUsers({ filter: 'status eq "DEPROVISIONED"' }));
      expect(filtered.map((u) => u.id)).toContain(gone.id);
      const byQ = await all(await client.userApi.listUsers({ q: gone.profile!.email! }));
      expect(byQ).toEqual([]);
    });
  });

  describe('updating users', () => {
    it('partially updates a profile with POST and keeps every attribute it did not send', async () => {
      const tag = unique('Upd');
      const user = await createQuick(tag, 1, { extra: { nickName: 'Nick', title: 'Engineer' } });
      const { result: updated, last } = await traced(client, () => client.userApi.updateUser({ userId: user.id!, user: { profile: { title: 'Director' } } }));
      expect(last.method).toBe('POST');
      expect(JSON.parse(last.requestBody!)).toEqual({ profile: { title: 'Director' } });
      expect(updated.profile).toMatchObject({ ...profile(tag, 1), nickName: 'Nick', title: 'Director' });
      const again = await client.userApi.getUser({ userId: user.id! });
      expect(again.profile).toMatchObject({ ...profile(tag, 1), nickName: 'Nick', title: 'Director' });
      expect(again.lastUpdated!.getTime()).toBeGreaterThanOrEqual(user.lastUpdated!.getTime());
    });

    it('replaces a profile with PUT and removes the attributes it did not send', async () => {
      const tag = unique('Rep');
      const user = await createQuick(tag, 1, { extra: { nickName: 'Nick', title: 'Engineer' } });
      const { result: replaced, last } = await traced(client, () => client.userApi.replaceUser({ userId: user.id!, user: { profile: { ...profile(tag, 1), title: 'CTO' } } }));
      expect(last.method).toBe('PUT');
      expect(replaced.profile?.title).toBe('CTO');
      const raw = last.body as { profile: Record<string, unknown> };
      expect(raw.profile).not.toHaveProperty('nickName');
      const again = await call(org, 'GET', `/api/v1/users/${user.id}`);
      expect(again.body.profile).toEqual({ ...profile(tag, 1), title: 'CTO' });
    });

    it('accepts a user object the SDK returned, re-sent whole on PUT', async () => {
      const tag = unique('Resend');
      const created = await createQuick(tag, 1, { active: true, extra: { nickName: 'Nick' } });
      const fetched = await client.userApi.getUser({ userId: created.id! });
      fetched.profile!.title = 'Re-sent';
      const { result, last } = await traced(client, () => client.userApi.replaceUser({ userId: created.id!, user: fetched }));
      expect(last.status).toBe(200);
      // The SDK sends back credentials.provider and type.id, which Keyflow must accept unchanged.
      const sent = JSON.parse(last.requestBody!);
      expect(sent.credentials?.provider).toEqual({ type: 'FEDERATION', name: 'FEDERATION' });
      expect(sent.type).toEqual({ id: created.type!.id });
      expect(result.profile).toMatchObject({ ...profile(tag, 1), nickName: 'Nick', title: 'Re-sent' });
      expect(result.status).toBe('ACTIVE');
    });

    it('accepts the raw JSON of a GET, read-only fields included, on PUT (what Terraform sends)', async () => {
      const tag = unique('RawPut');
      const created = await createQuick(tag, 1);
      const got = await call(org, 'GET', `/api/v1/users/${created.id}`);
      const body = { ...got.body, profile: { ...got.body.profile, title: 'Raw' } };
      expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'status', 'created', 'lastUpdated', '_links', 'credentials', 'type']));
      const put = await call(org, 'PUT', `/api/v1/users/${created.id}`, { body });
      expect(put.status).toBe(200);
      assertValidResponse('PUT', '/api/v1/users/{id}', put.status, put.body);
      expect(put.body.profile.title).toBe('Raw');
      expect(put.body.status).toBe('STAGED');
    });

    it('refuses a profile update that would duplicate another user’s login', async () => {
      const tag = unique('UpdDup');
      const a = await createQuick(tag, 'a');
      const b = await createQuick(tag, 'b');
      const { error } = await tracedFailure(client, () => client.userApi.updateUser({ userId: b.id!, user: { profile: { login: a.profile!.login! } } }));
      expectOktaError(error, 400, 'E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']);
    });
  });

  describe('lifecycle', () => {
    it('moves a user through activate, suspend, unsuspend, expire_password, reset_password, deactivate and activate again', async () => {
      const tag = unique('Life');
      const user = await client.userApi.createUser({ body: { profile: profile(tag, 1), credentials: { password: { value: PASSWORD } } }, activate: false });
      expect(user.status).toBe('STAGED');
      const id = user.id!;
      const status = async () => (await client.userApi.getUser({ userId: id })).status;

      const activation = await traced(client, () => client.userApi.activateUser({ userId: id, sendEmail: false }));
      expect(activation.last.status).toBe(200);
      expect(activation.result.activationToken).toMatch(/^[0-9A-Za-z_-]+$/);
      expect(activation.result.activationUrl).toContain(activation.result.activationToken!);
      expect(await status()).toBe('ACTIVE');

      const suspended = await traced(client, () => client.userApi.suspendUser({ userId: id }));
      expect(suspended.last.status).toBe(200);
      expect(await status()).toBe('SUSPENDED');

      await client.userApi.unsuspendUser({ userId: id });
      expect(await status()).toBe('ACTIVE');

      const expired = await client.userApi.expirePassword({ userId: id });
      expect(expired.id).toBe(id);
      expect(expired.status).toBe('PASSWORD_EXPIRED');
      expect(await status()).toBe('PASSWORD_EXPIRED');

      const reset = await client.userApi.generateResetPasswordToken({ userId: id, sendEmail: false });
      expect(reset.resetPasswordUrl).toMatch(new RegExp(`^${org.url}/`));
      expect(await status()).toBe('RECOVERY');

      await client.userApi.deactivateUser({ userId: id });
      expect(await status()).toBe('DEPROVISIONED');

      // DEPROVISIONED → activate: ACTIVE again because the user has a password.
      await client.userApi.activateUser({ userId: id, sendEmail: true });
      expect(await status()).toBe('ACTIVE');
    });

    it('offers in _links exactly the lifecycle operations the user’s status allows', async () => {
      const tag = unique('Links');
      const user = await createQuick(tag, 1, { active: true });
      const linksNow = async () => Object.keys(((await call(org, 'GET', `/api/v1/users/${user.id}`)).body as { _links: object })._links);
      expect(await linksNow()).toEqual(expect.arrayContaining(['self', 'suspend', 'deactivate']));
      expect(await linksNow()).not.toContain('unsuspend');
      expect(await linksNow()).not.toContain('activate');
      await client.userApi.suspendUser({ userId: user.id! });
      expect(await linksNow()).toEqual(expect.arrayContaining(['self', 'unsuspend', 'deactivate']));
      expect(await linksNow()).not.toContain('suspend');
      await client.userApi.deactivateUser({ userId: user.id! });
      expect(await linksNow()).toEqual(expect.arrayContaining(['self', 'activate']));
      expect(await linksNow()).not.toContain('deactivate');
      // Lists carry only `self` (okta-api.md §6.2).
      const listed = await call(org, 'GET', `/api/v1/users?search=${encodeURIComponent(`id eq "${user.id}"`)}`);
      expect(listed.status).toBe(200);
      assertValidResponse('GET', '/api/v1/users', listed.status, listed.body);
      expect(Object.keys(listed.body[0]._links)).toEqual(['self']);
    });

    it('reactivates a PROVISIONED user, who stays PROVISIONED with a new activation token', async () => {
      const tag = unique('React');
      const user = await client.userApi.createUser({ body: { profile: profile(tag, 1) }, activate: true });
      expect(user.status).toBe('PROVISIONED');
      const { result, last } = await traced(client, () => client.userApi.reactivateUser({ userId: user.id!, sendEmail: false }));
      expect(last.path).toBe(`/api/v1/users/${user.id}/lifecycle/reactivate`);
      expect(result.activationToken).toBeTruthy();
      expect(result.activationUrl).toContain(result.activationToken!);
      expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('PROVISIONED');
    });

    describe('refuses illegal transitions with Okta’s exact errors, changing nothing', () => {
      let staged: User;
      let active: User;
      let provisioned: User;
      let deprovisioned: User;

      beforeAll(async () => {
        const tag = unique('Bad');
        staged = await createQuick(tag, 'staged');
        active = await createQuick(tag, 'active', { active: true });
        provisioned = await client.userApi.createUser({ body: { profile: profile(tag, 'prov') }, activate: true });
        deprovisioned = await createQuick(tag, 'deprov');
        await client.userApi.deactivateUser({ userId: deprovisioned.id! });
      });

      const cases: {
        name: string;
        user: () => User;
        op: (c: OktaClient, id: string) => Promise<unknown>;
        status: number;
        code: string;
        summary: (id: string) => string;
        causes: string[];
      }[] = [
        {
          name: 'activate on an ACTIVE user → 403 E0000016',
          user: () => active,
          op: (c, id) => c.userApi.activateUser({ userId: id }),
          status: 403,
          code: 'E0000016',
          summary: () => 'Activation failed because the user is already active',
          causes: [],
        },
        {
          name: 'reactivate on an ACTIVE user → 403 E0000038',
          user: () => active,
          op: (c, id) => c.userApi.reactivateUser({ userId: id }),
          status: 403,
          code: 'E0000038',
          summary: () => "This operation is not allowed in the user's current status.",
          causes: [],
        },
        {
          name: 'suspend on a STAGED user → 400 E0000001 suspendUser',
          user: () => staged,
          op: (c, id) => c.userApi.suspendUser({ userId: id }),
          status: 400,
          code: 'E0000001',
          summary: () => 'Api validation failed: suspendUser',
          causes: ['Cannot suspend a user that is not active'],
        },
        {
          name: 'unsuspend on an ACTIVE user → 400 E0000001',
          user: () => active,
          op: (c, id) => c.userApi.unsuspendUser({ userId: id }),
          status: 400,
          code: 'E0000001',
          // okta-api.md §6.5: the captured summary says suspendUser for unsuspend too ([U]); the cause is what integrations match.
          summary: () => 'Api validation failed: suspendUser',
          causes: ['Cannot unsuspend a user that is not suspended'],
        },
        {
          name: 'unlock on a user who is not locked out → 403 E0000032',
          user: () => active,
          op: (c, id) => c.userApi.unlockUser({ userId: id }),
          status: 403,
          code: 'E0000032',
          summary: () => 'Unlock is not allowed for this user.',
          causes: ['The user is not locked out.'],
        },
        {
          name: 'deactivate on a DEPROVISIONED user → 404 E0000007',
          user: () => deprovisioned,
          op: (c, id) => c.userApi.deactivateUser({ userId: id }),
          status: 404,
          code: 'E0000007',
          summary: (id) => notFoundUser(id),
          causes: [],
        },
        {
          name: 'activate on a PROVISIONED user → 403 E0000038',
          user: () => provisioned,
          op: (c, id) => c.userApi.activateUser({ userId: id }),
          status: 403,
          code: 'E0000038',
          summary: () => "This operation is not allowed in the user's current status.",
          causes: [],
        },
        {
          name: 'reactivate on a STAGED user → 403 E0000038',
          user: () => staged,
          op: (c, id) => c.userApi.reactivateUser({ userId: id }),
          status: 403,
          code: 'E0000038',
          summary: () => "This operation is not allowed in the user's current status.",
          causes: [],
        },
        {
          name: 'suspend on a DEPROVISIONED user → 400 E0000001',
          user: () => deprovisioned,
          op: (c, id) => c.userApi.suspendUser({ userId: id }),
          status: 400,
          code: 'E0000001',
          summary: () => 'Api validation failed: suspendUser',
          causes: ['Cannot suspend a user that is not active'],
        },
      ];

      it.each(cases)('$name', async ({ user, op, status, code, summary, causes }) => {
        const target = user();
        const before = await client.userApi.getUser({ userId: target.id! });
        const { error, last } = await tracedFailure(client, () => op(client, target.id!));
        expectOktaError(error, status, code, summary(target.id!), causes);
        expect(last.status).toBe(status);
        const after = await client.userApi.getUser({ userId: target.id! });
        expect(after.status).toBe(before.status);
        expect(after.lastUpdated).toEqual(before.lastUpdated);
      });
    });

    it('deletes a user in two phases: both DELETEs answer 204, the second makes GET answer 404', async () => {
      const tag = unique('Del');
      const user = await createQuick(tag, 1, { active: true });
      const first = await traced(client, () => client.userApi.deleteUser({ userId: user.id! }));
      expect(first.last.method).toBe('DELETE');
      expect(first.last.status).toBe(204);
      expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('DEPROVISIONED');

      const second = await traced(client, () => client.userApi.deleteUser({ userId: user.id! }));
      expect(second.last.status).toBe(204);
      const { error } = await tracedFailure(client, () => client.userApi.getUser({ userId: user.id! }));
      expectOktaError(error, 404, 'E0000007', notFoundUser(user.id!));

      // The login is free again once the user is gone.
      const reborn = await createQuick(tag, 1);
      expect(reborn.id).not.toBe(user.id);
    });

    it('answers 404 E0000007 for a lifecycle operation on an unknown user', async () => {
      const { error } = await tracedFailure(client, () => client.userApi.suspendUser({ userId: '00uUnknownUser000000' }));
      expectOktaError(error, 404, 'E0000007', notFoundUser('00uUnknownUser000000'));
    });

    it('clears a user’s sessions with 204, with and without oauthTokens', async () => {
      const tag = unique('Sess');
      const user = await createQuick(tag, 1, { active: true });
      const plain = await traced(client, () => client.userApi.revokeUserSessions({ userId: user.id! }));
      expect(plain.last.method).toBe('DELETE');
      expect(plain.last.path).toBe(`/api/v1/users/${user.id}/sessions`);
      expect(plain.last.status).toBe(204);
      const withTokens = await traced(client, () => client.userApi.revokeUserSessions({ userId: user.id!, oauthTokens: true }));
      expect(withTokens.last.url).toContain('oauthTokens=true');
      expect(withTokens.last.status).toBe(204);
    });
  });

  describe('credentials', () => {
    it('refuses an unknown SSWS token with 401 E0000011 and no credentials with 403 E0000005', async () => {
      const stranger = oktaClient(org, { token: '00UnknownTokenUnknownTokenUnknownToken0000' });
      const { error } = await tracedFailure(stranger, () => stranger.userApi.getUser({ userId: 'me' }));
      expectOktaError(error, 401, 'E0000011', 'Invalid token provided');
      await expectResponsesConform(stranger);

      const anonymous = await call(org, 'GET', '/api/v1/users', { token: null });
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toMatchObject({ errorCode: 'E0000005', errorSummary: 'Invalid session', errorLink: 'E0000005', errorCauses: [] });
      assertValidResponse('GET', '/api/v1/users', anonymous.status, anonymous.body);
    });
  });
});
