import { generateKeyPairSync } from 'node:crypto';
import type { Application, AppUser, OAuth2Client, OAuth2ScopeConsentGrant, OpenIdConnectApplication, StandardRole } from '@okta/okta-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import type { OAuthArtifact } from '../../src/core/ports/store.js';
import { jobContext } from '../../src/core/log-event-builder.js';
import { assertValidResponse } from '../support/openapi.js';
import { all, expectOktaError, federatedUser, linksOf, mintApiToken, oktaClient, expectResponsesConform, sdkSuite, traced, tracedFailure, unique, type OktaClient } from '../support/okta-client.js';
import { call, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * OIDC apps (okta-api.md §11): the Apps API, app user assignments, the app's `okta.*` scope grants,
 * users' consent grants and admin roles of service apps, through the official Okta Node SDK on every
 * store kind (every JSON body the SDK receives is checked against Okta's OpenAPI spec), plus raw HTTP for
 * the refusals, each checked for its Okta error and for having changed nothing.
 */

const kinds = await storeKinds();

const publicJwk = (): Record<string, unknown> => ({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid: unique('k') });
const privateJwk = (): Record<string, unknown> => ({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: unique('k') });

type AppBody = Record<string, any>;

/** A web app body as Okta documents it (okta-spec OpenidConnectEx), with overrides of the OAuth settings. */
function webApp(label: string, settings: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}): AppBody {
  return {
    name: 'oidc_client',
    label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic', ...credentials } },
    settings: {
      oauthClient: {
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['https://app.example.com/callback'],
        ...settings,
      },
    },
  };
}

function serviceApp(label: string, jwk: Record<string, unknown> = publicJwk()): AppBody {
  return {
    name: 'oidc_client',
    label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
    settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], jwks: { keys: [jwk] } } },
  };
}

const notFoundApp = (id: string) => `Not found: Resource not found: ${id} (AppInstance)`;

describe.each(kinds)('OIDC apps through the Okta Node SDK (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;

  sdkSuite(kind, (o, c) => {
    org = o;
    client = c;
  });

  async function create(body: AppBody, activate = true): Promise<OpenIdConnectApplication> {
    return (await client.applicationApi.createApplication({ application: body as Application, activate })) as OpenIdConnectApplication;
  }

  /**
   * System Log events of the last two minutes, read back through the API (a bounded query, not polling).
   * The System Log filters only on eventType so far; the rest is picked here.
   */
  async function recentEvents(eventType?: string): Promise<any[]> {
    const now = Date.now();
    const filter = eventType === undefined ? '' : `&filter=${encodeURIComponent(`eventType eq "${eventType}"`)}`;
    const window = `since=${new Date(now - 120_000).toISOString()}&until=${new Date(now + 60_000).toISOString()}`;
    const res = await call(org, 'GET', `/api/v1/logs?${window}&limit=1000${filter}`);
    expect(res.status, res.text).toBe(200);
    return res.body as any[];
  }

  /** Every recent event of a type with `targetId` among its targets. */
  async function eventsAbout(eventType: string, targetId: string): Promise<any[]> {
    return (await recentEvents(eventType)).filter((e) => e.target.some((t: { id: string }) => t.id === targetId));
  }

  /** The event types one request wrote, in order. */
  async function eventTypesOf(requestId: string | null): Promise<string[]> {
    expect(requestId).toBeTruthy();
    return (await recentEvents()).filter((e) => e.transaction.id === requestId).map((e) => e.eventType);
  }

  /** A token the org authorization server would have stored: a Grant and an AccessToken of the user at the client. */
  async function plantTokens(userId: string | null, clientId: string): Promise<string> {
    const grantId = unique('grant');
    const base: Omit<OAuthArtifact, 'kind' | 'id' | 'payload'> = { grantId, userId, clientId, uid: null, userCode: null, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), consumedAt: null };
    await org.app.store.transaction(async (tx) => {
      await tx.oauth.upsert({ ...base, kind: 'Grant', id: grantId, payload: { clientId, accountId: userId } });
      await tx.oauth.upsert({ ...base, kind: 'AccessToken', id: unique('at'), payload: { clientId, accountId: userId, grantId } });
    });
    return grantId;
  }

  const artifactsOf = async (grantId: string) => (await org.app.store.oauth.find('Grant', grantId)) !== undefined;

  describe('applications', () => {
    it('creates a web app (200) with a generated secret, reads, lists and replaces it, logging each change', async () => {
      const label = unique('Web App ');
      const created = await traced(client, () => create(webApp(label)));
      expect(created.last).toMatchObject({ method: 'POST', path: '/api/v1/apps', status: 200 });
      const app = created.result;
      expect(app.id).toMatch(/^0oa[0-9A-Za-z]{17}$/);
      expect(app).toMatchObject({ name: 'oidc_client', label, status: 'ACTIVE', signOnMode: 'OPENID_CONNECT' });
      expect(app.credentials.oauthClient).toMatchObject({ client_id: app.id, token_endpoint_auth_method: 'client_secret_basic', pkce_required: false });
      const secret = app.credentials.oauthClient!.client_secret!;
      expect(secret).toMatch(/^[0-9A-Za-z]{40}$/);
      expect(app.settings.oauthClient).toMatchObject({
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['https://app.example.com/callback'],
        consent_method: 'TRUSTED',
      });
      expect(await eventTypesOf(created.last.requestId)).toEqual([
        'application.lifecycle.create',
        'app.oauth2.client.lifecycle.create',
        'application.lifecycle.activate',
        'app.oauth2.client.lifecycle.activate',
      ]);
      const [event] = await eventsAbout('application.lifecycle.create', app.id!);
      expect(event.target).toEqual([{ id: app.id, type: 'AppInstance', alternateId: label, displayName: label, detailEntry: null }]);

      const got = (await client.applicationApi.getApplication({ appId: app.id! })) as OpenIdConnectApplication;
      expect(got.credentials.oauthClient!.client_secret).toBe(secret);
      const listed = await all(await client.applicationApi.listApplications({ q: label }));
      expect(listed.map((a) => a.id)).toEqual([app.id]);

      const replaced = await traced(client, async () => {
        const body = webApp(`${label} v2`, { redirect_uris: ['https://app.example.com/callback', 'https://app.example.com/other'] });
        return (await client.applicationApi.replaceApplication({ appId: app.id!, application: body as Application })) as OpenIdConnectApplication;
      });
      expect(replaced.result.label).toBe(`${label} v2`);
      expect(replaced.result.settings.oauthClient!.redirect_uris).toEqual(['https://app.example.com/callback', 'https://app.example.com/other']);
      expect(replaced.result.credentials.oauthClient!.client_secret).toBe(secret);
      expect(await eventTypesOf(replaced.last.requestId)).toEqual(['application.lifecycle.update', 'app.oauth2.client.lifecycle.update']);
    });

    it('accepts an app read with the SDK and sent back unchanged (PUT round trip)', async () => {
      const app = await create(webApp(unique('Round Trip ')));
      const fetched = await client.applicationApi.getApplication({ appId: app.id! });
      const again = (await client.applicationApi.replaceApplication({ appId: app.id!, application: fetched })) as OpenIdConnectApplication;
      expect(again.credentials.oauthClient!.client_secret).toBe(app.credentials.oauthClient!.client_secret);
      expect(again.settings.oauthClient).toEqual(app.settings.oauthClient);
    });

    it('creates an inactive service app with private_key_jwt, then activates, deactivates and deletes it (204)', async () => {
      const jwk = publicJwk();
      const app = await create(serviceApp(unique('Service '), jwk), false);
      expect(app.status).toBe('INACTIVE');
      expect(app.credentials.oauthClient).toMatchObject({ token_endpoint_auth_method: 'private_key_jwt' });
      expect(app.credentials.oauthClient!.client_secret).toBeUndefined();
      expect(app.settings.oauthClient!.jwks!.keys).toEqual([jwk]);
      expect(app.settings.oauthClient!.response_types).toEqual([]);

      const activated = await traced(client, () => client.applicationApi.activateApplication({ appId: app.id! }));
      expect(activated.last).toMatchObject({ path: `/api/v1/apps/${app.id}/lifecycle/activate`, status: 200, body: {} });
      expect((await client.applicationApi.getApplication({ appId: app.id! })).status).toBe('ACTIVE');
      expect(await eventTypesOf(activated.last.requestId)).toEqual(['application.lifecycle.activate', 'app.oauth2.client.lifecycle.activate']);

      const deactivated = await traced(client, () => client.applicationApi.deactivateApplication({ appId: app.id! }));
      expect(deactivated.last.status).toBe(200);
      expect(await eventTypesOf(deactivated.last.requestId)).toEqual(['application.lifecycle.deactivate', 'app.oauth2.client.lifecycle.deactivate']);

      const deleted = await traced(client, () => client.applicationApi.deleteApplication({ appId: app.id! }));
      expect(deleted.last.status).toBe(204);
      expect(await eventTypesOf(deleted.last.requestId)).toEqual(['application.lifecycle.delete', 'app.oauth2.client.lifecycle.delete']);
      const gone = await tracedFailure(client, () => client.applicationApi.getApplication({ appId: app.id! }));
      expectOktaError(gone.error, 404, 'E0000007', notFoundApp(app.id!));
    });

    it('makes browser and native apps public clients: no secret, auth method none, PKCE required', async () => {
      for (const type of ['browser', 'native']) {
        const body = webApp(unique(`${type} `), { application_type: type, redirect_uris: [type === 'native' ? 'com.example.app:/callback' : 'http://localhost:3000/callback'] });
        delete body.credentials;
        const app = await create(body);
        expect(app.credentials.oauthClient).toMatchObject({ token_endpoint_auth_method: 'none', pkce_required: true });
        expect(app.credentials.oauthClient!.client_secret).toBeUndefined();
      }
    });

    it('lists apps page by page with Link headers, by label prefix and by status filter', async () => {
      const prefix = unique('Paged ');
      const ids = [];
      for (const i of [1, 2, 3]) ids.push((await create(webApp(`${prefix}${i}`), i !== 2)).id);
      const paged = await traced(client, async () => all(await client.applicationApi.listApplications({ q: prefix, limit: 2 })));
      expect(paged.result.map((a) => a.id).sort()).toEqual([...ids].sort());
      expect(paged.exchanges).toHaveLength(2);
      expect(linksOf(paged.exchanges[0]!).next).toContain('after=');
      expect(linksOf(paged.exchanges[1]!).next).toBeUndefined();

      const inactive = await all(await client.applicationApi.listApplications({ q: prefix, filter: 'status eq "INACTIVE"' }));
      expect(inactive.map((a) => a.label)).toEqual([`${prefix}2`]);
      const named = await all(await client.applicationApi.listApplications({ q: prefix, filter: 'name eq "oidc_client" and status eq "ACTIVE"' }));
      expect(named).toHaveLength(2);
      expect(await all(await client.applicationApi.listApplications({ q: prefix, filter: 'name eq "okta_org2org"' }))).toEqual([]);
    });

    it('revokes the client’s tokens on deactivation and logs app.oauth2.token.revoke.implicit.client', async () => {
      const app = await create(serviceApp(unique('Revoked ')));
      const grantId = await plantTokens(null, app.id!);
      const { last } = await traced(client, () => client.applicationApi.deactivateApplication({ appId: app.id! }));
      expect(await artifactsOf(grantId)).toBe(false);
      expect(await eventTypesOf(last.requestId)).toEqual([
        'application.lifecycle.deactivate',
        'app.oauth2.client.lifecycle.deactivate',
        'app.oauth2.token.revoke.implicit.client',
      ]);
      await client.applicationApi.activateApplication({ appId: app.id! });
      expect(await artifactsOf(grantId)).toBe(false);
    });

    it('refuses to delete an ACTIVE app with 403 E0000056 and keeps it', async () => {
      const app = await create(webApp(unique('Kept ')));
      const { error, last } = await tracedFailure(client, () => client.applicationApi.deleteApplication({ appId: app.id! }));
      expectOktaError(error, 403, 'E0000056', 'Delete application forbidden.', ['The app must be deactivated before it can be deleted']);
      expect(await eventTypesOf(last.requestId)).toEqual([]);
      expect((await client.applicationApi.getApplication({ appId: app.id! })).status).toBe('ACTIVE');
    });
  });

  describe('app users', () => {
    it('assigns a user (200 AppUser), lists and reads the assignment, refuses a second with 409 E0000062, unassigns (204)', async () => {
      const app = await create(webApp(unique('Assign ')));
      const user = await federatedUser(client, unique('Member'));
      const assigned = await traced(client, () => client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id!, scope: 'USER' } }));
      expect(assigned.last.status).toBe(200);
      expect(assigned.result).toMatchObject({ id: user.id, scope: 'USER', status: 'ACTIVE', credentials: { userName: user.profile!.login } });
      expect(await eventTypesOf(assigned.last.requestId)).toEqual(['application.user_membership.add']);

      const listed = (await all(await client.applicationApi.listApplicationUsers({ appId: app.id! }))) as AppUser[];
      expect(listed.map((u) => u.id)).toEqual([user.id]);
      expect((await client.applicationApi.getApplicationUser({ appId: app.id!, userId: user.id! })).id).toBe(user.id);

      const again = await tracedFailure(client, () => client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id!, scope: 'USER' } }));
      expectOktaError(again.error, 409, 'E0000062', 'The specified user is already assigned to the application.');
      expect(await eventTypesOf(again.last.requestId)).toEqual([]);

      const removed = await traced(client, () => client.applicationApi.unassignUserFromApplication({ appId: app.id!, userId: user.id! }));
      expect(removed.last.status).toBe(204);
      expect(await eventTypesOf(removed.last.requestId)).toEqual(['application.user_membership.remove']);
      const gone = await tracedFailure(client, () => client.applicationApi.getApplicationUser({ appId: app.id!, userId: user.id! }));
      expect(gone.error.errorCode).toBe('E0000007');
    });

    it('refuses to assign a deactivated user with 403 E0000117', async () => {
      const app = await create(webApp(unique('Inactive user ')));
      const user = await federatedUser(client, unique('Gone'));
      await client.userApi.deactivateUser({ userId: user.id! });
      const { error } = await tracedFailure(client, () => client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id!, scope: 'USER' } }));
      expectOktaError(error, 403, 'E0000117', 'Cannot assign apps or update app profiles for an inactive user.');
      expect(await all(await client.applicationApi.listApplicationUsers({ appId: app.id! }))).toEqual([]);
    });

    it('withdraws the user’s consents and tokens at the app when unassigning', async () => {
      const app = await create(webApp(unique('Unassign ')));
      const user = await federatedUser(client, unique('Leaver'));
      await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id!, scope: 'USER' } });
      await org.app.services.apps.recordConsent(jobContext('test-consent'), user.id!, app.id!, ['profile', 'email']);
      const grantId = await plantTokens(user.id!, app.id!);
      const { last } = await traced(client, () => client.applicationApi.unassignUserFromApplication({ appId: app.id!, userId: user.id! }));
      expect(await artifactsOf(grantId)).toBe(false);
      expect(await org.app.services.apps.consentsOf(user.id!, app.id!)).toEqual([]);
      expect(await eventTypesOf(last.requestId)).toEqual([
        'application.user_membership.remove',
        'app.oauth2.as.consent.revoke',
        'app.oauth2.as.consent.revoke',
        'app.oauth2.token.revoke.implicit.user',
      ]);
    });
  });

  describe('scope grants of an app', () => {
    it('grants an okta.* scope (201), lists, reads and revokes it (204), logging admin consent', async () => {
      const app = await create(serviceApp(unique('Scopes ')));
      const granted = await traced(client, () => client.applicationApi.grantConsentToScope({ appId: app.id!, oAuth2ScopeConsentGrant: { scopeId: 'okta.users.read', issuer: org.url } }));
      expect(granted.last.status).toBe(201);
      const grant = granted.result as OAuth2ScopeConsentGrant;
      expect(grant.id).toMatch(/^oag[0-9A-Za-z]{17}$/);
      expect(grant).toMatchObject({ scopeId: 'okta.users.read', issuer: org.url, clientId: app.id, source: 'ADMIN', status: 'ACTIVE', createdBy: { id: org.adminId, type: 'User' } });
      expect(await eventTypesOf(granted.last.requestId)).toEqual(['app.oauth2.admin.consent.grant']);

      await client.applicationApi.grantConsentToScope({ appId: app.id!, oAuth2ScopeConsentGrant: { scopeId: 'okta.groups.manage', issuer: org.url } });
      const listed = await all(await client.applicationApi.listScopeConsentGrants({ appId: app.id! }));
      expect(listed.map((g) => g.scopeId)).toEqual(['okta.groups.manage', 'okta.users.read']);
      expect((await client.applicationApi.getScopeConsentGrant({ appId: app.id!, grantId: grant.id!, expand: 'scope' }))._embedded).toEqual({ scope: { id: 'okta.users.read' } });

      const duplicate = await tracedFailure(client, () => client.applicationApi.grantConsentToScope({ appId: app.id!, oAuth2ScopeConsentGrant: { scopeId: 'okta.users.read', issuer: org.url } }));
      expectOktaError(duplicate.error, 400, 'E0000001', 'Api validation failed: scopeId', ["scopeId: 'okta.users.read' is already granted to this app"]);

      const revoked = await traced(client, () => client.applicationApi.revokeScopeConsentGrant({ appId: app.id!, grantId: grant.id! }));
      expect(revoked.last.status).toBe(204);
      expect(await eventTypesOf(revoked.last.requestId)).toEqual(['app.oauth2.admin.consent.revoke']);
      expect((await all(await client.applicationApi.listScopeConsentGrants({ appId: app.id! }))).map((g) => g.scopeId)).toEqual(['okta.groups.manage']);
    });
  });

  describe('users’ consent grants', () => {
    it('lists, reads and revokes what a user consented to, with the user’s tokens at that client', async () => {
      const app = await create(webApp(unique('Consent ')));
      const other = await create(webApp(unique('Other ')));
      const user = await federatedUser(client, unique('Consenter'));
      await org.app.services.apps.recordConsent(jobContext('test-consent'), user.id!, app.id!, ['openid', 'profile']);
      await org.app.services.apps.recordConsent(jobContext('test-consent'), user.id!, other.id!, ['email']);
      expect((await eventsAbout('app.oauth2.consent.grant', user.id!)).map((e) => e.debugContext.debugData.grantedScopes).sort()).toEqual(['email', 'openid profile']);

      const grants = (await all(await client.userApi.listUserGrants({ userId: user.id! }))) as OAuth2ScopeConsentGrant[];
      // In (client id, scope) byte order, the order the store lists them in.
      expect(grants.map((g) => [g.clientId, g.scopeId, g.source, g.userId])).toEqual(
        [
          [app.id, 'openid', 'END_USER', user.id],
          [app.id, 'profile', 'END_USER', user.id],
          [other.id, 'email', 'END_USER', user.id],
        ].sort((a, b) => (`${a[0]} ${a[1]}` < `${b[0]} ${b[1]}` ? -1 : 1)),
      );
      expect((await all(await client.userApi.listUserGrants({ userId: user.id!, scopeId: 'email' }))).map((g) => g.clientId)).toEqual([other.id]);
      const clients = (await all(await client.userApi.listUserClients({ userId: user.id! }))) as OAuth2Client[];
      expect(clients.map((c) => c.client_name).sort()).toEqual([app.label, other.label].sort());
      const forApp = await all(await client.userApi.listGrantsForUserAndClient({ userId: user.id!, clientId: app.id! }));
      expect(forApp.map((g) => g.scopeId)).toEqual(['openid', 'profile']);

      const profile = grants.find((g) => g.scopeId === 'profile')!;
      expect((await client.userApi.getUserGrant({ userId: user.id!, grantId: profile.id! })).scopeId).toBe('profile');
      const grantId = await plantTokens(user.id!, app.id!);
      const untouched = await plantTokens(user.id!, other.id!);
      const revoked = await traced(client, () => client.userApi.revokeUserGrant({ userId: user.id!, grantId: profile.id! }));
      expect(revoked.last.status).toBe(204);
      expect(await eventTypesOf(revoked.last.requestId)).toEqual(['app.oauth2.as.consent.revoke', 'app.oauth2.token.revoke.implicit.user']);
      expect(await artifactsOf(grantId)).toBe(false);
      expect(await artifactsOf(untouched)).toBe(true);

      const forClient = await traced(client, () => client.userApi.revokeGrantsForUserAndClient({ userId: user.id!, clientId: app.id! }));
      expect(forClient.last.status).toBe(204);
      expect(await eventTypesOf(forClient.last.requestId)).toEqual(['app.oauth2.as.consent.revoke']);
      const everything = await traced(client, () => client.userApi.revokeUserGrants({ userId: user.id! }));
      expect(await eventTypesOf(everything.last.requestId)).toEqual(['app.oauth2.as.consent.revoke', 'app.oauth2.token.revoke.implicit.user']);
      expect(await artifactsOf(untouched)).toBe(false);
      expect(await all(await client.userApi.listUserGrants({ userId: user.id! }))).toEqual([]);
      expect(await all(await client.userApi.listUserClients({ userId: user.id! }))).toEqual([]);
    });

    it('records only the scopes not consented to yet, and nothing when all are held', async () => {
      const app = await create(webApp(unique('Again ')));
      const user = await federatedUser(client, unique('Repeat'));
      await org.app.services.apps.recordConsent(jobContext('test-consent'), user.id!, app.id!, ['profile']);
      await org.app.services.apps.recordConsent(jobContext('test-consent'), user.id!, app.id!, ['profile', 'email']);
      await org.app.services.apps.recordConsent(jobContext('test-consent'), user.id!, app.id!, ['email']);
      expect(await org.app.services.apps.consentsOf(user.id!, app.id!)).toEqual(['email', 'profile']);
      expect((await eventsAbout('app.oauth2.consent.grant', user.id!)).map((e) => e.debugContext.debugData.grantedScopes).sort()).toEqual(['email', 'profile']);
    });
  });

  describe('admin roles of service apps', () => {
    it('assigns a role to a service app (200), lists, reads and unassigns it (204), logging the privilege change', async () => {
      const app = await create(serviceApp(unique('Robot ')));
      const assigned = await traced(client, () => client.roleAssignmentApi.assignRoleToClient({ clientId: app.id!, assignRoleRequest: { type: 'USER_ADMIN' } }));
      expect(assigned.last).toMatchObject({ path: `/oauth2/v1/clients/${app.id}/roles`, status: 200 });
      const role = assigned.result as StandardRole;
      expect(role.id).toMatch(/^irb[0-9A-Za-z]{17}$/);
      expect(role).toMatchObject({ type: 'USER_ADMIN', label: 'Group Administrator', status: 'ACTIVE', assignmentType: 'CLIENT' });
      const [grantEvent] = await eventsAbout('app.oauth2.client.privilege.grant', app.id!);
      expect(grantEvent.debugContext.debugData.privilegeGranted).toBe('Group Administrator');

      await client.roleAssignmentApi.assignRoleToClient({ clientId: app.id!, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } });
      const listed = (await all(await client.roleAssignmentApi.listRolesForClient({ clientId: app.id! }))) as StandardRole[];
      expect(listed.map((r) => r.type).sort()).toEqual(['READ_ONLY_ADMIN', 'USER_ADMIN']);
      expect(((await client.roleAssignmentApi.retrieveClientRole({ clientId: app.id!, roleAssignmentId: role.id! })) as StandardRole).type).toBe('USER_ADMIN');

      const duplicate = await tracedFailure(client, () => client.roleAssignmentApi.assignRoleToClient({ clientId: app.id!, assignRoleRequest: { type: 'USER_ADMIN' } }));
      expectOktaError(duplicate.error, 409, 'E0000090', 'The role specified is already assigned to the user.');

      const removed = await traced(client, () => client.roleAssignmentApi.deleteRoleFromClient({ clientId: app.id!, roleAssignmentId: role.id! }));
      expect(removed.last.status).toBe(204);
      expect(await eventTypesOf(removed.last.requestId)).toEqual(['app.oauth2.client.privilege.grant']);
      const remaining = (await all(await client.roleAssignmentApi.listRolesForClient({ clientId: app.id! }))) as StandardRole[];
      const last = await traced(client, () => client.roleAssignmentApi.deleteRoleFromClient({ clientId: app.id!, roleAssignmentId: remaining[0]!.id! }));
      expect(await eventTypesOf(last.last.requestId)).toEqual(['app.oauth2.client.privilege.revoke']);
    });

    it('refuses roles for apps that are not service apps with 400 E0000227', async () => {
      const app = await create(webApp(unique('Not a robot ')));
      const { error, last } = await tracedFailure(client, () => client.roleAssignmentApi.assignRoleToClient({ clientId: app.id!, assignRoleRequest: { type: 'USER_ADMIN' } }));
      expectOktaError(error, 400, 'E0000227', 'Roles can only be granted to service application type');
      expect(await eventTypesOf(last.requestId)).toEqual([]);
      expect(await all(await client.roleAssignmentApi.listRolesForClient({ clientId: app.id! }))).toEqual([]);
    });
  });

  describe('refusals over raw HTTP change nothing', () => {
    /** Sends a create that must be refused, and checks the refusal, its Okta body and that no app appeared. */
    async function refusedCreate(body: AppBody, status: number, errorCode: string, causes: string[]): Promise<void> {
      const res = await call(org, 'POST', '/api/v1/apps', { body });
      expect({ status: res.status, errorCode: res.body.errorCode, causes: res.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary) }).toEqual({ status, errorCode, causes });
      assertValidResponse('POST', '/api/v1/apps', status, res.body);
      expect(await eventTypesOf(res.headers.get('x-okta-request-id'))).toEqual([]);
      const listed = await call(org, 'GET', `/api/v1/apps?q=${encodeURIComponent(body.label)}`);
      expect(listed.body).toEqual([]);
    }

    it('refuses an unknown application_type with 400 E0000001', async () => {
      await refusedCreate(webApp(unique('Bad type '), { application_type: 'desktop' }), 400, 'E0000001', ['application_type: Must be one of web, native, browser, service']);
    });

    it('refuses a redirect URI with a fragment, and one that is not absolute', async () => {
      await refusedCreate(webApp(unique('Fragment '), { redirect_uris: ['https://app.example.com/cb#x'] }), 400, 'E0000001', ["redirect_uris: 'https://app.example.com/cb#x' must not contain a fragment"]);
      await refusedCreate(webApp(unique('Relative '), { redirect_uris: ['/callback'] }), 400, 'E0000001', ["redirect_uris: '/callback' must be an absolute URI"]);
      await refusedCreate(webApp(unique('Wildcard '), { redirect_uris: ['https://*.example.com/cb'] }), 400, 'E0000001', ["redirect_uris: 'https://*.example.com/cb' must not contain a wildcard"]);
    });

    it('refuses a private key in jwks, and private_key_jwt without keys', async () => {
      await refusedCreate(serviceApp(unique('Private '), privateJwk()), 400, 'E0000001', ["jwks.keys[0]: must be a public key; it contains the private member 'd'"]);
      const keyless = serviceApp(unique('Keyless '));
      delete keyless.settings.oauthClient.jwks;
      await refusedCreate(keyless, 400, 'E0000001', ["jwks: At least one public key is required for the 'private_key_jwt' method"]);
    });

    it('refuses grant types the app type or Keyflow does not allow', async () => {
      await refusedCreate(webApp(unique('Implicit '), { grant_types: ['implicit'], response_types: ['token'] }), 400, 'E0000001', ["grant_types: 'implicit' is not supported by Keyflow's authorization server"]);
      const svc = serviceApp(unique('Svc code '));
      svc.settings.oauthClient.grant_types = ['client_credentials', 'authorization_code'];
      await refusedCreate(svc, 400, 'E0000001', ["grant_types: 'authorization_code' is not valid for a 'service' app"]);
      await refusedCreate(webApp(unique('SPA secret '), { application_type: 'browser' }), 400, 'E0000001', ["token_endpoint_auth_method: 'client_secret_basic' is not valid for a 'browser' app; use 'none'"]);
    });

    it('refuses unknown properties with 400 E0000003', async () => {
      const body = { ...webApp(unique('Unknown ')), colour: 'blue' };
      await refusedCreate(body, 400, 'E0000003', ['colour: Property is not defined for this resource']);
      await refusedCreate(webApp(unique('Unknown setting '), { wildcard_redirect: 'SUBDOMAIN' }), 400, 'E0000001', ["wildcard_redirect: Not supported: wildcard redirect URIs are not supported ('DISABLED')"]);
    });

    it('refuses changing the application type on PUT and leaves the app as it was', async () => {
      const app = await create(webApp(unique('Fixed type ')));
      const res = await call(org, 'PUT', `/api/v1/apps/${app.id}`, { body: serviceApp(app.label!) });
      expect([res.status, res.body.errorCode, res.body.errorCauses]).toEqual([400, 'E0000001', [{ errorSummary: 'application_type: The application type of an app cannot be changed' }]]);
      expect(await eventTypesOf(res.headers.get('x-okta-request-id'))).toEqual([]);
      const after = await call(org, 'GET', `/api/v1/apps/${app.id}`);
      expect(after.body.settings.oauthClient.application_type).toBe('web');
      expect(after.body.lastUpdated).toBe(app.lastUpdated!.toISOString());
    });

    it('refuses an unknown scope and a foreign issuer with 400 E0000001, granting nothing', async () => {
      const app = await create(serviceApp(unique('Scope refusal ')));
      for (const [body, cause] of [
        [{ scopeId: 'okta.nothing.read', issuer: org.url }, "scopeId: 'okta.nothing.read' is not an Okta API scope"],
        [{ scopeId: 'openid', issuer: org.url }, "scopeId: 'openid' is not an Okta API scope"],
        [{ scopeId: 'okta.users.read', issuer: 'https://other.example.com' }, `issuer: must be the org authorization server's issuer, ${org.url}`],
      ] as const) {
        const res = await call(org, 'POST', `/api/v1/apps/${app.id}/grants`, { body });
        expect([res.status, res.body.errorCode, res.body.errorCauses]).toEqual([400, 'E0000001', [{ errorSummary: cause }]]);
        expect(await eventTypesOf(res.headers.get('x-okta-request-id'))).toEqual([]);
      }
      expect((await call(org, 'GET', `/api/v1/apps/${app.id}/grants`)).body).toEqual([]);
    });

    it('refuses a second assignment and a password credential, keeping one assignment', async () => {
      const app = await create(webApp(unique('Twice ')));
      const user = await federatedUser(client, unique('Twice'));
      expect((await call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id, scope: 'USER' } })).status).toBe(200);
      const twice = await call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id, scope: 'USER' } });
      expect([twice.status, twice.body.errorCode]).toEqual([409, 'E0000062']);
      const password = await call(org, 'POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id, credentials: { userName: user.profile!.login, password: { value: 'x' } } } });
      expect([password.status, password.body.errorCode]).toEqual([400, 'E0000041']);
      for (const res of [twice, password]) expect(await eventTypesOf(res.headers.get('x-okta-request-id'))).toEqual([]);
      expect((await call(org, 'GET', `/api/v1/apps/${app.id}/users`)).body).toHaveLength(1);
    });

    it('answers 404 E0000007 naming the AppInstance for an unknown app', async () => {
      const res = await call(org, 'GET', '/api/v1/apps/0oaNoSuchApp00000000/users');
      expect([res.status, res.body.errorSummary]).toEqual([404, notFoundApp('0oaNoSuchApp00000000')]);
    });

    it('lets a READ_ONLY_ADMIN read apps but not create them (403 E0000006)', async () => {
      const user = await federatedUser(client, unique('Reader'));
      await client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } });
      const token = await mintApiToken(org, user.id!, 'reader');
      const reader = oktaClient(org, { token: token.value });
      expect(Array.isArray(await all(await reader.applicationApi.listApplications({ limit: 1 })))).toBe(true);
      const label = unique('Forbidden ');
      const { error } = await tracedFailure(reader, () => reader.applicationApi.createApplication({ application: webApp(label) as Application }));
      expectOktaError(error, 403, 'E0000006', 'You do not have permission to perform the requested action');
      expect(await all(await client.applicationApi.listApplications({ q: label }))).toEqual([]);
      await expectResponsesConform(reader);
    });
  });
});
