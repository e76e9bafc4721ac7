import type { AssignRoleToUserRequest, StandardRole, User } from '@okta/okta-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import {
  all,
  expectOktaError,
  expectResponsesConform,
  federatedUser,
  mintApiToken,
  oktaClient,
  sdkSuite,
  traced,
  tracedFailure,
  unique,
  type OktaClient,
} from '../support/okta-client.js';
import { storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * Admin role assignments (okta-api.md §9) and SSWS API tokens (§1.1, §11.7) through the official Okta
 * Node SDK, on every store kind. Tokens for admins other than the set-up Super Admin are minted with
 * Keyflow's own service (Okta creates tokens only in its Admin Console, as the signed-in admin); all
 * API calls go through the SDK. Every JSON body the SDK receives is checked against Okta's OpenAPI spec.
 */

const kinds = await storeKinds();

/** The SDK types role names as an enum; tests pass plain strings, including invalid ones. */
const roleBody = (type: string) => ({ type }) as unknown as AssignRoleToUserRequest;

const FORBIDDEN = 'You do not have permission to perform the requested action';

describe.each(kinds)('Roles and API tokens through the Okta Node SDK (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;

  sdkSuite(kind, (o, c) => {
    org = o;
    client = c;
  });

  const person = (tag: string) => federatedUser(client, tag);

  /** A user holding `role`, with an API token of their own and an SDK client using it. */
  async function admin(tag: string, role: string): Promise<{ user: User; token: { id: string; value: string }; sdk: OktaClient }> {
    const user = await person(tag);
    await client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: roleBody(role) });
    const token = await mintApiToken(org, user.id!, `${tag} token`);
    return { user, token, sdk: oktaClient(org, { token: token.value }) };
  }

  describe('role assignments', () => {
    it('assigns a role (201), lists it, gets it, refuses a duplicate with 409 E0000090 and unassigns it (204)', async () => {
      const user = await person(unique('Role'));

      const assigned = await traced(client, () => client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'HELP_DESK_ADMIN' } }));
      expect(assigned.last.method).toBe('POST');
      expect(assigned.last.path).toBe(`/api/v1/users/${user.id}/roles`);
      expect(assigned.last.status).toBe(201);
      const role = assigned.result as StandardRole;
      expect(role.id).toMatch(/^ra1[0-9A-Za-z]{17}$/);
      expect(role).toMatchObject({ type: 'HELP_DESK_ADMIN', label: 'Help Desk Administrator', status: 'ACTIVE', assignmentType: 'USER' });
      expect(role.created).toBeInstanceOf(Date);
      expect(role.lastUpdated).toBeInstanceOf(Date);
      expect((assigned.last.body as { _links: unknown })._links).toEqual({ assignee: { href: `${org.url}/api/v1/users/${user.id}` } });

      const listed = (await all(await client.roleAssignmentApi.listAssignedRolesForUser({ userId: user.id! }))) as StandardRole[];
      expect(listed.map((r) => [r.id, r.type])).toEqual([[role.id, 'HELP_DESK_ADMIN']]);

      const got = (await client.roleAssignmentApi.getUserAssignedRole({ userId: user.id!, roleId: role.id! })) as StandardRole;
      expect(got).toMatchObject({ id: role.id, type: 'HELP_DESK_ADMIN', label: 'Help Desk Administrator', status: 'ACTIVE', assignmentType: 'USER' });

      const duplicate = await tracedFailure(client, () => client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'HELP_DESK_ADMIN' } }));
      expectOktaError(duplicate.error, 409, 'E0000090', 'The role specified is already assigned to the user.');

      const removed = await traced(client, () => client.roleAssignmentApi.unassignRoleFromUser({ userId: user.id!, roleId: role.id! }));
      expect(removed.last.method).toBe('DELETE');
      expect(removed.last.status).toBe(204);
      expect(await all(await client.roleAssignmentApi.listAssignedRolesForUser({ userId: user.id! }))).toEqual([]);
      const gone = await tracedFailure(client, () => client.roleAssignmentApi.getUserAssignedRole({ userId: user.id!, roleId: role.id! }));
      expect(gone.error.status).toBe(404);
      expect(gone.error.errorCode).toBe('E0000007');
    });

    it('lists several roles of one user, each with its own label', async () => {
      const user = await person(unique('Roles'));
      for (const type of ['READ_ONLY_ADMIN', 'REPORT_ADMIN', 'GROUP_MEMBERSHIP_ADMIN']) {
        await client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: roleBody(type) });
      }
      const listed = (await all(await client.roleAssignmentApi.listAssignedRolesForUser({ userId: user.id! }))) as StandardRole[];
      expect(Object.fromEntries(listed.map((r) => [r.type, r.label]))).toEqual({
        READ_ONLY_ADMIN: 'Read-only Administrator',
        REPORT_ADMIN: 'Report Administrator',
        GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
      });
    });

    it('refuses an unknown role type with 400 E0000001', async () => {
      const user = await person(unique('BadRole'));
      const { error } = await tracedFailure(client, () => client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: roleBody('NOT_A_ROLE') }));
      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000001');
    });

    it('answers 404 E0000007 for the roles of an unknown user', async () => {
      const { error } = await tracedFailure(client, () => all(client.roleAssignmentApi.listAssignedRolesForUser({ userId: '00uNoSuchUser0000000' })));
      expectOktaError(error, 404, 'E0000007', 'Not found: Resource not found: 00uNoSuchUser0000000 (User)');
    });
  });

  describe('what an admin’s token may do', () => {
    it('lets a READ_ONLY_ADMIN’s token read users but refuses a create with 403 E0000006', async () => {
      const ro = await admin(unique('ReadOnly'), 'READ_ONLY_ADMIN');
      const me = await ro.sdk.userApi.getUser({ userId: 'me' });
      expect(me.id).toBe(ro.user.id);
      const users = await all(await ro.sdk.userApi.listUsers({ limit: 200 }));
      expect(users.map((u) => u.id)).toEqual(expect.arrayContaining([org.adminId, ro.user.id]));
      const groups = await all(await ro.sdk.groupApi.listGroups());
      expect(groups.length).toBeGreaterThan(0);

      const login = `${unique('nope').toLowerCase()}@example.com`;
      const create = await tracedFailure(ro.sdk, () => ro.sdk.userApi.createUser({ body: { profile: { login, email: login, firstName: 'N', lastName: 'O' } }, activate: false }));
      expectOktaError(create.error, 403, 'E0000006', FORBIDDEN);
      const suspend = await tracedFailure(ro.sdk, () => ro.sdk.userApi.suspendUser({ userId: ro.user.id! }));
      expectOktaError(suspend.error, 403, 'E0000006', FORBIDDEN);
      const grant = await tracedFailure(ro.sdk, () => ro.sdk.roleAssignmentApi.assignRoleToUser({ userId: ro.user.id!, assignRoleRequest: { type: 'SUPER_ADMIN' } }));
      expectOktaError(grant.error, 403, 'E0000006', FORBIDDEN);
      // Nothing was created.
      const search = await all(await client.userApi.listUsers({ filter: `profile.login eq "${login}"` }));
      expect(search).toEqual([]);
      await expectResponsesConform(ro.sdk);
    });

    it('refuses the token of a suspended creator with 401 E0000011 and honours it again after unsuspend', async () => {
      const a = await admin(unique('Susp'), 'ORG_ADMIN');
      expect((await a.sdk.userApi.getUser({ userId: 'me' })).id).toBe(a.user.id);

      await client.userApi.suspendUser({ userId: a.user.id! });
      const refused = await tracedFailure(a.sdk, () => a.sdk.userApi.getUser({ userId: 'me' }));
      expectOktaError(refused.error, 401, 'E0000011', 'Invalid token provided');

      await client.userApi.unsuspendUser({ userId: a.user.id! });
      expect((await a.sdk.userApi.getUser({ userId: 'me' })).id).toBe(a.user.id);
      // Suspension did not revoke the token: it is still listed.
      const tokens = await all(await client.apiTokenApi.listApiTokens());
      expect(tokens.map((t) => t.id)).toContain(a.token.id);
      await expectResponsesConform(a.sdk);
    });

    it('refuses the token of a deactivated creator with 401 E0000011, still after the creator is activated again', async () => {
      const a = await admin(unique('Deact'), 'ORG_ADMIN');
      expect((await a.sdk.userApi.getUser({ userId: 'me' })).id).toBe(a.user.id);

      await client.userApi.deactivateUser({ userId: a.user.id! });
      const refused = await tracedFailure(a.sdk, () => a.sdk.userApi.getUser({ userId: 'me' }));
      expectOktaError(refused.error, 401, 'E0000011', 'Invalid token provided');

      await client.userApi.activateUser({ userId: a.user.id!, sendEmail: false });
      expect((await client.userApi.getUser({ userId: a.user.id! })).status).toBe('ACTIVE');
      // Deactivation deprovisions: the token was revoked, not merely suspended (okta-api.md §1.1).
      const still = await tracedFailure(a.sdk, () => a.sdk.userApi.getUser({ userId: 'me' }));
      expectOktaError(still.error, 401, 'E0000011', 'Invalid token provided');
      const tokens = await all(await client.apiTokenApi.listApiTokens());
      expect(tokens.map((t) => t.id)).not.toContain(a.token.id);
      const lookup = await tracedFailure(client, () => client.apiTokenApi.getApiToken({ apiTokenId: a.token.id }));
      expect(lookup.error.status).toBe(404);
      expect(lookup.error.errorCode).toBe('E0000007');
      await expectResponsesConform(a.sdk);
    });
  });

  describe('API tokens', () => {
    it('lists the active tokens with Okta’s ApiToken metadata and never the token value', async () => {
      const { result: tokens, last } = await traced(client, async () => all(await client.apiTokenApi.listApiTokens()));
      const mine = tokens.find((t) => t.name === 'KEYFLOW_API_TOKEN');
      expect(mine).toBeDefined();
      expect(mine!.id).toMatch(/^00T[0-9A-Za-z]{17}$/);
      expect(mine!.userId).toBe(org.adminId);
      expect(mine!.clientName).toBe('Okta API');
      expect(mine!.tokenWindow).toBe('P30D');
      expect(mine!.network?.connection).toBe('ANYWHERE');
      expect(mine!.created).toBeInstanceOf(Date);
      expect(mine!.lastUpdated).toBeInstanceOf(Date);
      expect(mine!.expiresAt!.getTime()).toBeGreaterThan(mine!.created!.getTime());
      expect(last.text).not.toContain(org.token);
      const raw = (last.body as { id: string; _link: { self: { href: string } } }[]).find((t) => t.id === mine!.id)!;
      expect(raw._link.self.href).toBe(`${org.url}/api/v1/api-tokens/${mine!.id}`);

      const one = await client.apiTokenApi.getApiToken({ apiTokenId: mine!.id! });
      expect(one).toMatchObject({ id: mine!.id, name: 'KEYFLOW_API_TOKEN', userId: org.adminId, tokenWindow: 'P30D' });
    });

    it('revokes a token (204): it is gone from the list and its calls get 401 E0000011', async () => {
      const user = await person(unique('Revoke'));
      await client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } });
      const token = await mintApiToken(org, user.id!, 'to revoke');
      const sdk = oktaClient(org, { token: token.value });
      expect((await sdk.userApi.getUser({ userId: 'me' })).id).toBe(user.id);

      const revoked = await traced(client, () => client.apiTokenApi.revokeApiToken({ apiTokenId: token.id }));
      expect(revoked.last.method).toBe('DELETE');
      expect(revoked.last.path).toBe(`/api/v1/api-tokens/${token.id}`);
      expect(revoked.last.status).toBe(204);

      const refused = await tracedFailure(sdk, () => sdk.userApi.getUser({ userId: 'me' }));
      expectOktaError(refused.error, 401, 'E0000011', 'Invalid token provided');
      const tokens = await all(await client.apiTokenApi.listApiTokens());
      expect(tokens.map((t) => t.id)).not.toContain(token.id);
      const again = await tracedFailure(client, () => client.apiTokenApi.revokeApiToken({ apiTokenId: token.id }));
      expect(again.error.status).toBe(404);
      expect(again.error.errorCode).toBe('E0000007');
      await expectResponsesConform(sdk);
    });

    it('revokes the current token (204), after which the same token gets 401 E0000011', async () => {
      const a = await admin(unique('Current'), 'SUPER_ADMIN');
      const revoked = await traced(a.sdk, () => a.sdk.apiTokenApi.revokeCurrentApiToken());
      expect(revoked.last.method).toBe('DELETE');
      expect(revoked.last.path).toBe('/api/v1/api-tokens/current');
      expect(revoked.last.status).toBe(204);
      const refused = await tracedFailure(a.sdk, () => a.sdk.userApi.getUser({ userId: 'me' }));
      expectOktaError(refused.error, 401, 'E0000011', 'Invalid token provided');
      // The Super Admin's own token is untouched.
      expect((await client.userApi.getUser({ userId: 'me' })).id).toBe(org.adminId);
      await expectResponsesConform(a.sdk);
    });

    it('answers 404 E0000007 for an unknown token id', async () => {
      const { error } = await tracedFailure(client, () => client.apiTokenApi.getApiToken({ apiTokenId: '00TNoSuchToken000000' }));
      expect(error.status).toBe(404);
      expect(error.errorCode).toBe('E0000007');
      expect(error.errorSummary).toMatch(/^Not found: Resource not found: 00TNoSuchToken000000 \(/);
    });
  });
});
