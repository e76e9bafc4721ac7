import type { LogEvent, SystemLogApiListLogEventsRequest, User } from '@okta/okta-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import {
  all,
  expectOktaError,
  expectResponsesConform,
  linksOf,
  mintApiToken,
  oktaClient,
  recorderOf,
  sdkSuite,
  sdkUserAgent,
  traced,
  tracedFailure,
  unique,
  type Exchange,
  type OktaClient,
} from '../support/okta-client.js';
import { storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * The System Log (okta-api.md §2, §3, §5) read through the official Okta Node SDK, on every store kind:
 * after each action, the LogEvents it wrote are found by the X-Okta-Request-Id of the SDK's request and
 * asserted field by field. Every JSON body the SDK receives is checked against Okta's OpenAPI spec.
 */

const kinds = await storeKinds();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * displayMessage and legacyEventType per event type. Strings marked (F) were captured from real Okta
 * payloads (okta-api.md §5); the others are Okta-unconfirmed ([U]) and pin Keyflow's documented choice.
 */
const MESSAGES: Record<string, { displayMessage: string; legacyEventType: string | null }> = {
  'user.lifecycle.create': { displayMessage: 'Create okta user', legacyEventType: 'core.user.config.user_creation.success' }, // (F)
  'user.lifecycle.activate': { displayMessage: 'Activate Okta user', legacyEventType: 'core.user.config.user_activated' }, // (F)
  'user.lifecycle.deactivate': { displayMessage: 'Deactivate Okta User', legacyEventType: 'core.user.config.user_deactivated' }, // (F)
  'user.lifecycle.suspend': { displayMessage: 'Suspend Okta user', legacyEventType: 'core.user.config.user_suspended' },
  'user.lifecycle.unsuspend': { displayMessage: 'Unsuspend Okta user', legacyEventType: 'core.user.config.user_unsuspended' },
  'user.lifecycle.reactivate': { displayMessage: 'Reactivate Okta user', legacyEventType: 'core.user.config.user_reactivated' },
  'user.lifecycle.delete.initiated': { displayMessage: 'Delete Okta user initiated', legacyEventType: 'core.user.config.user_status.delete.initiated' }, // (F)
  'user.lifecycle.delete.completed': { displayMessage: 'Delete Okta user completed', legacyEventType: null },
  'user.account.update_profile': { displayMessage: 'Update user profile for Okta', legacyEventType: 'core.user.config.profile_update.success' }, // (F)
  'user.account.reset_password': { displayMessage: "User's Okta password has been reset", legacyEventType: 'core.user.config.password_reset' },
  'user.account.expire_password': { displayMessage: "User's Okta password is expired", legacyEventType: 'core.user.config.password_expired' },
  'user.account.privilege.grant': { displayMessage: 'Grant user privilege', legacyEventType: 'core.user.admin_privilege.granted' },
  'user.account.privilege.revoke': { displayMessage: 'Revoke user privilege', legacyEventType: 'core.user.admin_privilege.revoked' }, // (F)
  'user.session.clear': { displayMessage: 'Clear user session', legacyEventType: null },
  'app.oauth2.token.revoke.implicit.user': { displayMessage: 'Tokens revoked for user', legacyEventType: null },
  'group.lifecycle.create': { displayMessage: 'Create Okta group', legacyEventType: 'core.user_group.created' },
  'group.lifecycle.delete': { displayMessage: 'Delete Okta group', legacyEventType: 'core.user_group.deleted' },
  'group.profile.update': { displayMessage: 'Okta group profile updated', legacyEventType: null },
  'group.user_membership.add': { displayMessage: 'Add user to group membership', legacyEventType: 'core.user_group_member.user_add' }, // (F)
  'group.user_membership.remove': { displayMessage: 'Remove user from group membership', legacyEventType: 'core.user_group_member.user_remove' },
  'system.api_token.revoke': { displayMessage: 'Revoke API token', legacyEventType: 'api.token.revoke' },
};

interface TargetExpectation {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

interface ActorExpectation {
  id: string;
  alternateId: string;
  displayName: string;
  tokenId: string;
}

describe.each(kinds)('The System Log through the Okta Node SDK (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;
  let adminActor: ActorExpectation;

  sdkSuite(kind, async (o, c) => {
    org = o;
    client = c;
    const tokens = await all(await client.apiTokenApi.listApiTokens());
    const mine = tokens.find((t) => t.name === 'KEYFLOW_API_TOKEN')!;
    adminActor = { id: org.adminId, alternateId: 'admin@example.com', displayName: 'Keyflow Admin', tokenId: mine.id! };
  });

  /**
   * Reads a polling query to its current end with the SDK's own Collection: pages are fetched until one
   * comes back empty (a polling query always has a next link, so iterating to `done` would never end).
   */
  async function poll(params: SystemLogApiListLogEventsRequest, sdk: OktaClient = client) {
    const recorder = recorderOf(sdk);
    await recorder.settle();
    const start = recorder.exchanges.length;
    const collection = await sdk.systemLogApi.listLogEvents(params);
    const events: LogEvent[] = [];
    for (;;) {
      const { value } = await collection.next();
      if (!value) break;
      events.push(value);
    }
    return { events, pages: (await recorder.settle()).slice(start), collection };
  }

  /** The events one request wrote, in the order it wrote them. */
  async function eventsOf(requestId: string | null): Promise<LogEvent[]> {
    expect(requestId).toBeTruthy();
    const { events } = await poll({ limit: 1000 });
    return events.filter((e) => e.transaction?.id === requestId);
  }

  function targetOf(user: User): TargetExpectation {
    return { id: user.id!, type: 'User', alternateId: user.profile!.login!, displayName: `${user.profile!.firstName} ${user.profile!.lastName}` };
  }

  /** debugData.url as Okta prints it: the path and the query string after a `?`, even when empty. */
  function urlOf(exchange: Exchange): string {
    const u = new URL(exchange.url);
    return `${u.pathname}?${u.search.slice(1)}`;
  }

  /** Asserts every field of an event written by `exchange`'s request. */
  function expectEvent(
    event: LogEvent | undefined,
    exchange: Exchange,
    expected: {
      eventType: string;
      targets: TargetExpectation[];
      outcome?: { result: string; reason: string | null };
      actor?: ActorExpectation;
      userAgent?: string;
      debugData?: Record<string, unknown>;
    },
  ): void {
    expect(event, `an event ${expected.eventType} for ${exchange.method} ${exchange.path}`).toBeDefined();
    const e = event!;
    const actor = expected.actor ?? adminActor;
    const messages = MESSAGES[expected.eventType]!;
    expect(e.uuid).toMatch(UUID);
    expect(e.published).toBeInstanceOf(Date);
    expect(Number.isNaN(e.published!.getTime())).toBe(false);
    expect({
      eventType: e.eventType,
      version: e.version,
      severity: e.severity,
      legacyEventType: e.legacyEventType,
      displayMessage: e.displayMessage,
    }).toEqual({ eventType: expected.eventType, version: '0', severity: 'INFO', ...messages });
    expect({ id: e.actor?.id, type: e.actor?.type, alternateId: e.actor?.alternateId, displayName: e.actor?.displayName }).toEqual({
      id: actor.id,
      type: 'User',
      alternateId: actor.alternateId,
      displayName: actor.displayName,
    });
    expect(e.client?.userAgent?.rawUserAgent).toBe(expected.userAgent ?? sdkUserAgent(client));
    expect(e.client?.ipAddress).toBe('127.0.0.1');
    expect({ result: e.outcome?.result, reason: e.outcome?.reason }).toEqual(expected.outcome ?? { result: 'SUCCESS', reason: null });
    const targets = (e.target ?? []).map((t) => ({ id: t.id, type: t.type, alternateId: t.alternateId, displayName: t.displayName }));
    // Okta's advice: find targets by type, never by index (okta-api.md §3).
    const byType = (list: TargetExpectation[]) => [...list].sort((a, b) => a.type.localeCompare(b.type));
    expect(byType(targets as TargetExpectation[])).toEqual(byType(expected.targets));
    expect({ type: e.transaction?.type, id: e.transaction?.id, detail: e.transaction?.detail }).toEqual({
      type: 'WEB',
      id: exchange.requestId,
      detail: { requestApiTokenId: actor.tokenId },
    });
    expect(e.debugContext?.debugData).toMatchObject({
      requestId: exchange.requestId,
      requestUri: exchange.path,
      url: urlOf(exchange),
      ...(expected.debugData ?? {}),
    });
    expect(e.authenticationContext?.externalSessionId).toMatch(/^trs/);
    expect(e.request?.ipChain?.[0]?.ip).toBe('127.0.0.1');
  }

  async function federated(tag: string, i: number | string = 1): Promise<User> {
    const login = `${tag.toLowerCase()}.${i}@example.com`;
    return client.userApi.createUser({ body: { profile: { login, email: login, firstName: `Fn${i}`, lastName: tag } }, activate: true, provider: true });
  }

  async function staged(tag: string, i: number | string = 1): Promise<User> {
    const login = `${tag.toLowerCase()}.${i}@example.com`;
    return client.userApi.createUser({ body: { profile: { login, email: login, firstName: `Fn${i}`, lastName: tag } }, activate: false });
  }

  describe('what each action writes', () => {
    it('records user.lifecycle.create then user.lifecycle.activate for a create, in the transaction of that request', async () => {
      const tag = unique('Create');
      const { result: user, last } = await traced(client, () => federated(tag));
      expect(last.requestId).toMatch(/^[0-9A-Za-z_-]{20,}$/);
      const events = await eventsOf(last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate']);
      expectEvent(events[0], last, { eventType: 'user.lifecycle.create', targets: [targetOf(user)] });
      expectEvent(events[1], last, { eventType: 'user.lifecycle.activate', targets: [targetOf(user)] });
      expect(events[0]!.uuid).not.toBe(events[1]!.uuid);
    });

    it('records only user.lifecycle.create for a STAGED user', async () => {
      const { result: user, last } = await traced(client, () => staged(unique('Stg')));
      const events = await eventsOf(last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.create']);
      expectEvent(events[0], last, { eventType: 'user.lifecycle.create', targets: [targetOf(user)] });
    });

    it('records every lifecycle operation with Okta’s event type, messages, target and request', async () => {
      const user = await federated(unique('Ops'));
      const id = user.id!;
      const steps: [string, () => Promise<unknown>][] = [
        ['user.lifecycle.suspend', () => client.userApi.suspendUser({ userId: id })],
        ['user.lifecycle.unsuspend', () => client.userApi.unsuspendUser({ userId: id })],
        ['user.account.expire_password', () => client.userApi.expirePassword({ userId: id })],
        ['user.account.reset_password', () => client.userApi.generateResetPasswordToken({ userId: id, sendEmail: false })],
        ['user.lifecycle.deactivate', () => client.userApi.deactivateUser({ userId: id })],
        ['user.lifecycle.activate', () => client.userApi.activateUser({ userId: id, sendEmail: false })],
      ];
      for (const [eventType, step] of steps) {
        const { last } = await traced(client, step);
        const events = await eventsOf(last.requestId);
        expect(events.map((e) => e.eventType), `events of ${last.method} ${last.path}`).toEqual([eventType]);
        expectEvent(events[0], last, { eventType, targets: [targetOf(user)] });
      }
    });

    it('records user.lifecycle.reactivate for a PROVISIONED user', async () => {
      const tag = unique('Reac');
      const login = `${tag.toLowerCase()}@example.com`;
      const user = await client.userApi.createUser({ body: { profile: { login, email: login, firstName: 'Re', lastName: tag } }, activate: true });
      const { last } = await traced(client, () => client.userApi.reactivateUser({ userId: user.id!, sendEmail: false }));
      const events = await eventsOf(last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.reactivate']);
      expectEvent(events[0], last, { eventType: 'user.lifecycle.reactivate', targets: [targetOf(user)] });
    });

    it('records a refused transition with outcome FAILURE and the refusal as reason, and changes nothing', async () => {
      const user = await staged(unique('Fail'));
      const { error, last } = await tracedFailure(client, () => client.userApi.suspendUser({ userId: user.id! }));
      expectOktaError(error, 400, 'E0000001', 'Api validation failed: suspendUser', ['Cannot suspend a user that is not active']);
      const events = await eventsOf(last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.suspend']);
      expectEvent(events[0], last, {
        eventType: 'user.lifecycle.suspend',
        targets: [targetOf(user)],
        outcome: { result: 'FAILURE', reason: 'Cannot suspend a user that is not active' },
      });

      const active = await federated(unique('Fail2'));
      const again = await tracedFailure(client, () => client.userApi.activateUser({ userId: active.id! }));
      expectOktaError(again.error, 403, 'E0000016', 'Activation failed because the user is already active');
      const refused = await eventsOf(again.last.requestId);
      expect(refused.map((e) => [e.eventType, e.outcome?.result])).toEqual([['user.lifecycle.activate', 'FAILURE']]);
      expectEvent(refused[0], again.last, {
        eventType: 'user.lifecycle.activate',
        targets: [targetOf(active)],
        outcome: { result: 'FAILURE', reason: 'Activation failed because the user is already active' },
      });
    });

    it('records a profile update as user.account.update_profile naming the changed attributes', async () => {
      const user = await staged(unique('Prof'));
      const { last } = await traced(client, () => client.userApi.updateUser({ userId: user.id!, user: { profile: { title: 'Chief' } } }));
      const events = await eventsOf(last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['user.account.update_profile']);
      expectEvent(events[0], last, { eventType: 'user.account.update_profile', targets: [targetOf(user)], debugData: { changedAttributes: 'title' } });
    });

    it('records the first DELETE as a deactivation and the second as user.lifecycle.delete.initiated with the login rewritten', async () => {
      const user = await federated(unique('Del'));
      const first = await traced(client, () => client.userApi.deleteUser({ userId: user.id! }));
      const firstEvents = await eventsOf(first.last.requestId);
      expect(firstEvents.map((e) => e.eventType)).toEqual(['user.lifecycle.deactivate']);
      expectEvent(firstEvents[0], first.last, { eventType: 'user.lifecycle.deactivate', targets: [targetOf(user)] });

      const second = await traced(client, () => client.userApi.deleteUser({ userId: user.id! }));
      const events = await eventsOf(second.last.requestId);
      expect(events.map((e) => e.eventType)).toContain('user.lifecycle.delete.initiated');
      expect(events.map((e) => e.eventType)).not.toContain('user.lifecycle.delete');
      expectEvent(
        events.find((e) => e.eventType === 'user.lifecycle.delete.initiated'),
        second.last,
        { eventType: 'user.lifecycle.delete.initiated', targets: [targetOf(user)] },
      );
      // Okta rewrites the login of a deleted user to `<id>@deleted.invalid` (okta-api.md §5.1).
      const rewrite = events.find((e) => e.eventType === 'user.account.update_profile');
      expectEvent(rewrite, second.last, {
        eventType: 'user.account.update_profile',
        targets: [{ ...targetOf(user), alternateId: `${user.id}@deleted.invalid` }],
      });
    });

    it('records cleared sessions as user.session.clear, plus the implicit token revocation with oauthTokens=true', async () => {
      const user = await federated(unique('Sess'));
      const plain = await traced(client, () => client.userApi.revokeUserSessions({ userId: user.id! }));
      const events = await eventsOf(plain.last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['user.session.clear']);
      expectEvent(events[0], plain.last, { eventType: 'user.session.clear', targets: [targetOf(user)] });

      const withTokens = await traced(client, () => client.userApi.revokeUserSessions({ userId: user.id!, oauthTokens: true }));
      const both = await eventsOf(withTokens.last.requestId);
      expect(both.map((e) => e.eventType)).toEqual(['user.session.clear', 'app.oauth2.token.revoke.implicit.user']);
      expectEvent(both[1], withTokens.last, { eventType: 'app.oauth2.token.revoke.implicit.user', targets: [targetOf(user)] });
    });

    it('records group lifecycle and membership events with UserGroup targets whose alternateId is "unknown"', async () => {
      const tag = unique('Grp');
      const user = await federated(tag);
      const name = `${tag} group`;
      const created = await traced(client, () => client.groupApi.createGroup({ group: { profile: { name, description: 'd' } } }));
      const group = created.result;
      const groupTarget = { id: group.id!, type: 'UserGroup', alternateId: 'unknown', displayName: name };
      const [create] = await eventsOf(created.last.requestId);
      expectEvent(create, created.last, { eventType: 'group.lifecycle.create', targets: [groupTarget] });

      const added = await traced(client, () => client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! }));
      const addEvents = await eventsOf(added.last.requestId);
      expect(addEvents.map((e) => e.eventType)).toEqual(['group.user_membership.add']);
      expectEvent(addEvents[0], added.last, { eventType: 'group.user_membership.add', targets: [targetOf(user), groupTarget] });

      const removed = await traced(client, () => client.groupApi.unassignUserFromGroup({ groupId: group.id!, userId: user.id! }));
      const [remove] = await eventsOf(removed.last.requestId);
      expectEvent(remove, removed.last, { eventType: 'group.user_membership.remove', targets: [targetOf(user), groupTarget] });

      const renamed = await traced(client, () => client.groupApi.replaceGroup({ groupId: group.id!, group: { profile: { name: `${name} 2`, description: 'd' } } }));
      const [update] = await eventsOf(renamed.last.requestId);
      expectEvent(update, renamed.last, { eventType: 'group.profile.update', targets: [{ ...groupTarget, displayName: `${name} 2` }] });

      const deleted = await traced(client, () => client.groupApi.deleteGroup({ groupId: group.id! }));
      const [del] = await eventsOf(deleted.last.requestId);
      expectEvent(del, deleted.last, { eventType: 'group.lifecycle.delete', targets: [{ ...groupTarget, displayName: `${name} 2` }] });
    });

    it('records role grants, and user.account.privilege.revoke when the last role goes', async () => {
      const user = await federated(unique('Priv'));
      const granted = await traced(client, () => client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'HELP_DESK_ADMIN' } }));
      const grants = await eventsOf(granted.last.requestId);
      expect(grants.map((e) => e.eventType)).toEqual(['user.account.privilege.grant']);
      expectEvent(grants[0], granted.last, { eventType: 'user.account.privilege.grant', targets: [targetOf(user)], debugData: { privilegeGranted: 'Help Desk Administrator' } });

      const roleId = (granted.result as { id: string }).id;
      const revoked = await traced(client, () => client.roleAssignmentApi.unassignRoleFromUser({ userId: user.id!, roleId }));
      const revokes = await eventsOf(revoked.last.requestId);
      expect(revokes.map((e) => e.eventType)).toEqual(['user.account.privilege.revoke']);
      expectEvent(revokes[0], revoked.last, { eventType: 'user.account.privilege.revoke', targets: [targetOf(user)], debugData: { privilegeRevoked: 'Help Desk Administrator' } });
    });

    it('records a token revocation as system.api_token.revoke targeting the Token', async () => {
      const user = await federated(unique('Tok'));
      await client.roleAssignmentApi.assignRoleToUser({ userId: user.id!, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } });
      const token = await mintApiToken(org, user.id!, 'log me');
      const revoked = await traced(client, () => client.apiTokenApi.revokeApiToken({ apiTokenId: token.id }));
      const events = await eventsOf(revoked.last.requestId);
      expect(events.map((e) => e.eventType)).toEqual(['system.api_token.revoke']);
      expectEvent(events[0], revoked.last, { eventType: 'system.api_token.revoke', targets: [{ id: token.id, type: 'Token', alternateId: 'unknown', displayName: 'log me' }] });
    });

    it('attributes an action to the admin whose token made it, with that token’s id and User-Agent', async () => {
      const tag = unique('Actor');
      const other = await federated(tag, 'admin');
      await client.roleAssignmentApi.assignRoleToUser({ userId: other.id!, assignRoleRequest: { type: 'ORG_ADMIN' } });
      const token = await mintApiToken(org, other.id!, 'other admin');
      const sdk = oktaClient(org, { token: token.value });
      const { result: user, last } = await traced(sdk, () =>
        sdk.userApi.createUser({ body: { profile: { login: `${tag.toLowerCase()}.made@example.com`, email: `${tag.toLowerCase()}.made@example.com`, firstName: 'Made', lastName: tag } }, activate: false }),
      );
      const events = await eventsOf(last.requestId);
      expectEvent(events[0], last, {
        eventType: 'user.lifecycle.create',
        targets: [targetOf(user)],
        actor: { id: other.id!, alternateId: other.profile!.login!, displayName: `Fnadmin ${tag}`, tokenId: token.id },
        userAgent: sdkUserAgent(sdk),
      });
      await expectResponsesConform(sdk);
    });
  });

  describe('querying', () => {
    it('filters with filter=eventType eq "user.lifecycle.create"', async () => {
      const tag = unique('Filt');
      const made = [await staged(tag, 1), await staged(tag, 2)];
      const { events, pages } = await poll({ filter: 'eventType eq "user.lifecycle.create"', limit: 1000 });
      expect(events.length).toBeGreaterThanOrEqual(made.length);
      expect(events.every((e) => e.eventType === 'user.lifecycle.create')).toBe(true);
      const targets = events.flatMap((e) => (e.target ?? []).map((t) => t.id));
      for (const u of made) expect(targets).toContain(u.id);
      expect(new URL(pages[0]!.url).searchParams.get('filter')).toBe('eventType eq "user.lifecycle.create"');
      expect(new URL(linksOf(pages[0]!).self!).searchParams.get('filter')).toBe('eventType eq "user.lifecycle.create"');
      expect(new URL(linksOf(pages[0]!).next!).searchParams.get('filter')).toBe('eventType eq "user.lifecycle.create"');
    });

    it('always gives a polling query a next link, even on an empty page, and resumes from it with only newer events', async () => {
      const { events, pages, collection } = await poll({ limit: 7 });
      expect(events.length).toBeGreaterThan(0);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const page of pages) {
        expect(page.status).toBe(200);
        expect(linksOf(page).next, `page ${page.url} has rel="next"`).toMatch(new RegExp(`^${org.url}/api/v1/logs\\?`));
      }
      const emptyPage = pages[pages.length - 1]!;
      expect(emptyPage.body).toEqual([]);
      const seen = events.map((e) => e.uuid);
      expect(new Set(seen).size).toBe(seen.length);

      // New activity after the empty page: the same collection picks up exactly the new events.
      const user = await staged(unique('Resume'));
      const fresh: LogEvent[] = [];
      for (;;) {
        const { value } = await collection.next();
        if (!value) break;
        fresh.push(value);
      }
      expect(fresh.map((e) => e.eventType)).toEqual(['user.lifecycle.create']);
      expect(fresh[0]!.target?.[0]?.id).toBe(user.id);
      expect(seen).not.toContain(fresh[0]!.uuid);
    });

    it('returns events of a polling query in the order they were written', async () => {
      const tag = unique('Order');
      const a = await staged(tag, 'a');
      const b = await staged(tag, 'b');
      const c = await staged(tag, 'c');
      const { events } = await poll({ filter: 'eventType eq "user.lifecycle.create"', limit: 2 });
      const order = events.map((e) => e.target?.[0]?.id).filter((id) => [a.id, b.id, c.id].includes(id));
      expect(order).toEqual([a.id, b.id, c.id]);
    });

    it('pages a bounded query (since and until) finitely by following next links; the last page has none', async () => {
      const first = (await poll({ limit: 1 })).events[0]!;
      const since = new Date(first.published!.getTime() - 1000).toISOString();
      const until = new Date(Date.now() + 60_000).toISOString();
      const everything = await traced(client, async () => all(await client.systemLogApi.listLogEvents({ since, until, limit: 1000 })));
      expect(linksOf(everything.last).next).toBeUndefined();

      const recorder = recorderOf(client);
      await recorder.settle();
      const start = recorder.exchanges.length;
      let paged: LogEvent[] = [];
      let failure: unknown;
      try {
        paged = await all(await client.systemLogApi.listLogEvents({ since, until, limit: 5 }));
      } catch (err) {
        failure = err;
      }
      const pages = (await recorder.settle()).slice(start);
      expect(failure, `following the next link of a bounded query failed: ${pages.map((p) => `${p.url} → ${p.status} ${p.text.slice(0, 160)}`).join('\n')}`).toBeUndefined();
      expect(paged.map((e) => e.uuid)).toEqual(everything.result.map((e) => e.uuid));
      // The store reads one row past the page to know whether another follows, so a full last page has no next link.
      expect(pages.length).toBe(Math.max(1, Math.ceil(paged.length / 5)));
      for (const [i, page] of pages.entries()) {
        expect((page.body as unknown[]).length).toBeLessThanOrEqual(5);
        if (i < pages.length - 1) expect(pages[i + 1]!.url).toBe(linksOf(page).next);
        else expect(linksOf(page).next).toBeUndefined();
      }
      const times = paged.map((e) => e.published!.getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
    });

    it('returns a bounded DESCENDING query newest first, page by page', async () => {
      const until = new Date(Date.now() + 60_000).toISOString();
      const { result: events, exchanges } = await traced(client, async () => all(await client.systemLogApi.listLogEvents({ until, sortOrder: 'DESCENDING', limit: 4 })));
      expect(events.length).toBeGreaterThan(4);
      expect(exchanges.length).toBeGreaterThan(1);
      const times = events.map((e) => e.published!.getTime());
      expect(times).toEqual([...times].sort((x, y) => y - x));
      const ids = events.map((e) => e.uuid);
      expect(new Set(ids).size).toBe(ids.length);
      expect(linksOf(exchanges[exchanges.length - 1]!).next).toBeUndefined();
    });

    it('caps a page at limit and defaults to 100', async () => {
      for (let i = 0; i < 3; i++) await staged(unique('Lim'), i);
      const three = await traced(client, async () => {
        const collection = await client.systemLogApi.listLogEvents({ limit: 3 });
        return collection.next();
      });
      expect((three.last.body as unknown[]).length).toBe(3);
      expect(linksOf(three.last).next).toContain('limit=3');

      const bare = await traced(client, async () => (await client.systemLogApi.listLogEvents()).next());
      expect((bare.last.body as unknown[]).length).toBeLessThanOrEqual(100);
      expect(linksOf(bare.last).next).toContain('limit=100');
    });

    it('refuses a malformed date with Okta’s exact 400 E0000001', async () => {
      const { error } = await tracedFailure(client, async () => (await client.systemLogApi.listLogEvents({ until: 'yesterday' })).next());
      expectOktaError(
        error,
        400,
        'E0000001',
        "Api validation failed: 'until': The date format in your query is not recognized. Please enter dates using ISO8601 string format. 'until': must be a valid date-time or empty.",
        ['until: The date format in your query is not recognized. Please enter dates using ISO8601 string format.', 'until: must be a valid date-time or empty.'],
      );
    });

    it('refuses a since more than 180 days back with 400 E0000053', async () => {
      const since = new Date(Date.now() - 200 * 24 * 3600 * 1000).toISOString();
      const { error } = await tracedFailure(client, async () => (await client.systemLogApi.listLogEvents({ since })).next());
      expectOktaError(error, 400, 'E0000053', 'Invalid parameter: The since parameter is over 180 days prior to the current day.');
    });

    it('filters on any attribute path through the SDK: target.id of either target, actor.alternateId, and q keywords', async () => {
      const tag = unique('Srch');
      const [a, b] = [await staged(tag, 1), await staged(tag, 2)];
      const byTarget = await poll({ filter: `target.id eq "${a.id}"`, limit: 1000 });
      expect(byTarget.events.map((e) => e.eventType)).toEqual(['user.lifecycle.create']);
      const both = await poll({ filter: `target.id eq "${a.id}" or target.id eq "${b.id}"`, limit: 1000 });
      expect(both.events).toHaveLength(2);
      const byActor = await poll({ filter: `actor.alternateId eq "admin@example.com" and target.id eq "${b.id}"`, limit: 1000 });
      expect(byActor.events.map((e) => e.target?.[0]?.id)).toEqual([b.id]);
      // q matches the login (a whole word) case-insensitively; two keywords must both match.
      const login = a.profile!.login!;
      const byKeyword = await poll({ q: login.toUpperCase(), limit: 1000 });
      expect(byKeyword.events.map((e) => e.target?.[0]?.id)).toEqual([a.id]);
      expect((await poll({ q: `${login} ${b.profile!.login}`, limit: 1000 })).events).toEqual([]);
      expect(new URL(linksOf(byKeyword.pages[0]!).next!).searchParams.get('q')).toBe(login.toUpperCase());
    });

    it('lets the SDK’s subscribe() tail the log: events written after it started arrive, in order, filtered', async () => {
      const tag = unique('Tail');
      const collection = await client.systemLogApi.listLogEvents({ since: new Date().toISOString(), filter: 'eventType eq "user.lifecycle.create"' });
      const seen: LogEvent[] = [];
      const errors: unknown[] = [];
      const subscription = collection.subscribe({ interval: 50, next: (e: LogEvent) => void seen.push(e), error: (e: unknown) => void errors.push(e), complete: () => undefined });
      try {
        const made = [await staged(tag, 1), await staged(tag, 2), await staged(tag, 3)];
        const deadline = Date.now() + 20_000;
        const mine = () => seen.filter((e) => made.some((u) => u.id === e.target?.[0]?.id));
        while (mine().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        expect(mine().map((e) => e.target![0]!.id)).toEqual(made.map((u) => u.id));
        expect(seen.every((e) => e.eventType === 'user.lifecycle.create')).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        subscription.unsubscribe();
      }
    });

    it('refuses a bad operator with Okta’s exact message and position', async () => {
      const filter = 'display_message eqq "Create okta user"';
      const { error } = await tracedFailure(client, async () => (await client.systemLogApi.listLogEvents({ filter })).next());
      expectOktaError(error, 400, 'E0000053', `Invalid filter '${filter}': Unrecognized attribute operator 'eqq' at position 16. Expected: eq,co,sw,pr,gt,ge,lt,le`);
    });

    it('refuses an unknown field, and published, with E0000053 naming it', async () => {
      for (const [filter, field] of [['some_invalid_field eq "x"', 'some_invalid_field'], ['published gt "2026-01-01T00:00:00Z"', 'published'], ['target.changeDetails.to.x eq "y"', 'target.changeDetails.to.x']] as const) {
        const { error } = await tracedFailure(client, async () => (await client.systemLogApi.listLogEvents({ filter })).next());
        expectOktaError(error, 400, 'E0000053', `Invalid filter '${filter}': field is not valid: ${field}`);
      }
    });

    it('refuses co on debugData url and requestUri with E0000031', async () => {
      const { error } = await tracedFailure(client, async () => (await client.systemLogApi.listLogEvents({ filter: 'debugContext.debugData.url co "/api"' })).next());
      expectOktaError(error, 400, 'E0000031', 'The supplied combination of operator and field is not currently supported. Operator: co, Field: debugContext.debugData.url');
    });

    it('refuses a keyword longer than 40 characters with Okta’s exact E0000001', async () => {
      const { error } = await tracedFailure(client, async () => (await client.systemLogApi.listLogEvents({ q: 'x'.repeat(41) })).next());
      const message = 'Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.';
      expectOktaError(error, 400, 'E0000001', `Api validation failed: 'q': ${message}`, [`q: ${message}`]);
    });
  });
});
