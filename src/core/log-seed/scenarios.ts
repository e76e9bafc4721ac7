import { appTarget, groupTarget, type EventSpec } from '../log-event-builder.js';
import type { LogAuthenticationContext, LogTarget } from '../log-event.js';
import { ROLE_LABELS } from '../roles.js';
import type { SeededRandom } from '../seeded-random.js';
import type { SeedPopulation, SeedUser } from './population.js';
import { AGENTS } from './network.js';
import type { AdminChannel, Caller, Callers } from './callers.js';

/** One generated event: what Keyflow's services would pass to the builder, plus how the caller signed in. */
export interface SeedEventSpec extends EventSpec {
  authentication?: Partial<Pick<LogAuthenticationContext, 'authenticationProvider' | 'credentialProvider' | 'credentialType' | 'externalSessionId'>>;
}

/** One generated request: its events share the caller, the request URI and the transaction id. */
export interface SeedTransaction {
  caller: Caller;
  requestUri: string;
  /** The query string Okta records in debugData.url after the `?`. */
  query: string;
  events: SeedEventSpec[];
}

export interface ScenarioKit {
  rand: SeededRandom;
  pop: SeedPopulation;
  callers: Callers;
  /** A person, a few of them much more active than the rest. */
  user(): SeedUser;
  /** A new Okta id of the kind (sessions, tokens). */
  id(kind: 'session' | 'apiToken'): string;
}

type Scenario = (kit: ScenarioKit) => SeedTransaction[];

const PASSWORD_SIGN_IN = { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialProvider: 'OKTA_CREDENTIAL_PROVIDER', credentialType: 'PASSWORD' } as const;
const PROFILE_ATTRIBUTES = ['title', 'department', 'mobilePhone', 'manager', 'costCenter', 'city', 'division', 'organization'];

/** Keyflow's hosted sign-in page is `/signin/{interaction uid}` (src/oauth/provider.ts). */
const signInUri = (kit: ScenarioKit) => `/signin/${kit.rand.base64url(21)}`;

/** Okta names the token kind in the target of a grant event (src/oauth/oauth-events.ts). */
const tokenTarget = (type: string, displayName: string): LogTarget => ({ id: 'unknown', type, alternateId: null, displayName, detailEntry: null });
const subjectTarget = (user: SeedUser): LogTarget => ({ id: user.id, type: 'User', alternateId: null, displayName: null, detailEntry: null });

function one(caller: Caller, requestUri: string, query: string, ...events: SeedEventSpec[]): SeedTransaction[] {
  return [{ caller, requestUri, query, events }];
}

/** Where admin changes come from: scripts and Terraform with API tokens, Okta Workflows, the console. */
function adminChannel(rand: SeededRandom): Exclude<AdminChannel, 'system'> {
  const r = rand.float();
  return r < 0.45 ? 'token' : r < 0.8 ? 'workflows' : 'console';
}

/** A wrong password: from the user's own browser, or (`threat`) from a hostile address Okta flags. */
function failedSignIn(user: SeedUser, threat: boolean): SeedEventSpec {
  return {
    eventType: 'user.session.start',
    actor: user.actor,
    targets: [user.actor],
    outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
    debugData: threat ? { threatSuspected: 'true' } : { deviceFingerprint: user.deviceFingerprint },
    authentication: { ...PASSWORD_SIGN_IN, externalSessionId: null },
  };
}

/**
 * The event mix of a working Okta org, per request: sign-ins dominate, then SSO and OAuth token grants
 * (Okta Workflows' among them, User-Agent "Azuqua"), then directory changes by admins, scripts,
 * Workflows and group rules. Weights are relative frequencies of requests; a request may write several
 * events (a sign-in writes the policy evaluation and the session start).
 */
export const SCENARIOS = {
  signIn: {
    weight: 26,
    run(kit) {
      const user = kit.user();
      const caller = kit.callers.person(user);
      const sessionId = kit.id('session');
      const forPortal = kit.rand.chance(0.35) ? { clientId: kit.pop.portal.id } : {};
      const debugData = { deviceFingerprint: user.deviceFingerprint };
      return one(
        caller,
        signInUri(kit),
        '',
        { eventType: 'policy.evaluate_sign_on', actor: user.actor, outcome: { result: 'ALLOW' }, targets: [user.actor], debugData, ...forPortal, authentication: { ...PASSWORD_SIGN_IN, externalSessionId: null } },
        { eventType: 'user.session.start', actor: user.actor, targets: [user.actor], debugData: { ...debugData, sessionId }, ...forPortal, authentication: { ...PASSWORD_SIGN_IN, externalSessionId: sessionId } },
      );
    },
  },
  signInFailure: {
    weight: 6,
    run(kit) {
      const user = kit.user();
      const caller = kit.callers.person(user);
      if (kit.rand.chance(0.12)) {
        // An unknown login: Keyflow records the attempt under an unknown actor (src/services/sign-in.ts).
        const login = `${kit.rand.base64url(6).toLowerCase().replace(/[-_]/g, 'x')}@example.com`;
        const actor = { id: 'unknown', type: 'User', alternateId: login, displayName: 'unknown', detailEntry: null };
        return one(caller, signInUri(kit), '', { eventType: 'user.session.start', actor, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, authentication: { ...PASSWORD_SIGN_IN, externalSessionId: null } });
      }
      return one(caller, signInUri(kit), '', failedSignIn(user, false));
    },
  },
  passwordSpray: {
    weight: 0.4,
    run(kit) {
      // One hostile address tries a common password on many accounts within seconds.
      const origin = kit.rand.pick(kit.pop.hostile);
      const agent = kit.rand.pick([AGENTS.pythonRequests, AGENTS.curl, AGENTS.chromeWindows]);
      const caller: Caller = { principal: null, origin, agent, transactionType: 'WEB' };
      const attempts = 5 + kit.rand.int(20);
      return Array.from({ length: attempts }, () => {
        const user = kit.pop.users[kit.rand.int(kit.pop.users.length)]!;
        return { caller, requestUri: signInUri(kit), query: '', events: [failedSignIn(user, true)] };
      });
    },
  },
  lockOut: {
    weight: 0.3,
    run(kit) {
      const user = kit.user();
      const caller = kit.callers.person(user);
      return one(caller, signInUri(kit), '', failedSignIn(user, false), {
        eventType: 'user.account.lock',
        actor: user.actor,
        targets: [user.actor],
        debugData: { failedAttempts: '10' },
        authentication: { ...PASSWORD_SIGN_IN, externalSessionId: null },
      });
    },
  },
  signOut: {
    weight: 4,
    run(kit) {
      const user = kit.user();
      const sessionId = kit.id('session');
      return one(kit.callers.person(user), '/oauth2/v1/logout', 'post_logout_redirect_uri=https%3A%2F%2Fportal.example.com%2F', {
        eventType: 'user.session.end',
        actor: user.actor,
        targets: [user.actor],
        debugData: { sessionId },
        authentication: { externalSessionId: sessionId },
      });
    },
  },
  sso: {
    weight: 12,
    run(kit) {
      const user = kit.user();
      const app = kit.rand.pick(kit.pop.apps);
      const slug = app.label.toLowerCase().replace(/[^a-z0-9]+/g, '');
      return one(kit.callers.person(user), `/app/${slug}/${app.id}/sso/saml`, '', {
        eventType: 'user.authentication.sso',
        actor: user.actor,
        targets: [appTarget(app)],
        debugData: { initiationType: kit.rand.chance(0.7) ? 'IDP_INITIATED' : 'SP_INITIATED', signOnMode: 'SAML 2.0' },
        authentication: { externalSessionId: kit.id('session') },
      });
    },
  },
  portalTokens: {
    weight: 9,
    run(kit) {
      const user = kit.user();
      const portal = kit.pop.portal;
      const refresh = kit.rand.chance(0.3);
      const debugData = {
        grantType: refresh ? 'refresh_token' : 'authorization_code',
        grantedScopes: portal.grantedScopes.join(', '),
        requestedScopes: portal.grantedScopes.join(' '),
        clientAuthType: portal.clientAuthType,
      };
      const caller = kit.callers.client(portal, user, kit.rand.base64url(43));
      const subject = [subjectTarget(user)];
      const events: SeedEventSpec[] = [{ eventType: 'app.oauth2.token.grant.access_token', targets: [...subject, tokenTarget('access_token', 'Access Token')], debugData }];
      events.push({ eventType: 'app.oauth2.token.grant.refresh_token', targets: [...subject, tokenTarget('refresh_token', 'Refresh Token')], debugData });
      if (!refresh) events.push({ eventType: 'app.oauth2.token.grant.id_token', targets: [...subject, tokenTarget('id_token', 'ID Token')], debugData });
      return one(caller, '/oauth2/v1/token', '', ...events);
    },
  },
  workflowsTokens: {
    weight: 8,
    run(kit) {
      // Okta Workflows refreshes its connection's access token, as the admin who authorized it.
      const wf = kit.pop.workflows;
      const debugData = { grantType: 'refresh_token', grantedScopes: wf.grantedScopes.join(', '), requestedScopes: wf.grantedScopes.join(' '), clientAuthType: wf.clientAuthType };
      const caller = kit.callers.client(wf, wf.consentedBy, wf.grantId);
      const subject = [subjectTarget(wf.consentedBy)];
      return one(
        caller,
        '/oauth2/v1/token',
        '',
        { eventType: 'app.oauth2.token.grant.access_token', targets: [...subject, tokenTarget('access_token', 'Access Token')], debugData },
        { eventType: 'app.oauth2.token.grant.refresh_token', targets: [...subject, tokenTarget('refresh_token', 'Refresh Token')], debugData },
      );
    },
  },
  serviceTokens: {
    weight: 6,
    run(kit) {
      const service = kit.rand.pick(kit.pop.services);
      const debugData = { grantType: 'client_credentials', grantedScopes: service.grantedScopes.join(', '), requestedScopes: service.grantedScopes.join(' '), clientAuthType: service.clientAuthType };
      return one(kit.callers.client(service, null, null), '/oauth2/v1/token', '', {
        eventType: 'app.oauth2.token.grant.access_token',
        targets: [tokenTarget('access_token', 'Access Token')],
        debugData,
      });
    },
  },
  tokenFailure: {
    weight: 1.2,
    run(kit) {
      if (kit.rand.chance(0.6)) {
        const user = kit.user();
        const caller = kit.callers.client(kit.pop.portal, user, null);
        return one(caller, '/oauth2/v1/token', '', {
          eventType: 'app.oauth2.token.grant',
          outcome: { result: 'FAILURE', reason: 'invalid_refresh_token' },
          debugData: { grantType: 'refresh_token', grantedScopes: '', requestedScopes: '', clientAuthType: kit.pop.portal.clientAuthType },
        });
      }
      const service = kit.rand.pick(kit.pop.services);
      return one(kit.callers.client(service, null, null), '/oauth2/v1/token', '', {
        eventType: 'app.oauth2.token.grant',
        outcome: { result: 'FAILURE', reason: 'invalid_client' },
        debugData: { grantType: 'client_credentials', grantedScopes: '', requestedScopes: service.grantedScopes.join(' '), clientAuthType: service.clientAuthType },
      });
    },
  },
  userLifecycle: {
    weight: 3,
    run(kit) {
      const user = kit.user();
      const caller = kit.callers.admin(adminChannel(kit.rand));
      const targets = [user.actor];
      const path = `/api/v1/users/${user.id}/lifecycle`;
      const r = kit.rand.float();
      if (r < 0.35) return one(caller, '/api/v1/users', 'activate=true', { eventType: 'user.lifecycle.create', targets }, { eventType: 'user.lifecycle.activate', targets });
      if (r < 0.5) return one(caller, `${path}/activate`, 'sendEmail=false', { eventType: 'user.lifecycle.activate', targets });
      if (r < 0.7) return one(caller, `${path}/deactivate`, '', { eventType: 'user.lifecycle.deactivate', targets });
      if (r < 0.8) return one(caller, `${path}/suspend`, '', { eventType: 'user.lifecycle.suspend', targets });
      if (r < 0.88) return one(caller, `${path}/unsuspend`, '', { eventType: 'user.lifecycle.unsuspend', targets });
      if (r < 0.93) return one(caller, `${path}/reactivate`, 'sendEmail=false', { eventType: 'user.lifecycle.reactivate', targets });
      return one(caller, `/api/v1/users/${user.id}`, '', { eventType: 'user.lifecycle.delete.initiated', targets }, { eventType: 'user.lifecycle.delete.completed', targets });
    },
  },
  accountChange: {
    weight: 5,
    run(kit) {
      const user = kit.user();
      const targets = [user.actor];
      const r = kit.rand.float();
      if (r < 0.45) {
        const changed = Array.from({ length: 1 + kit.rand.int(3) }, () => kit.rand.pick(PROFILE_ATTRIBUTES));
        const caller = kit.rand.chance(0.3) ? kit.callers.person(user) : kit.callers.admin(adminChannel(kit.rand));
        return one(caller, `/api/v1/users/${user.id}`, '', { eventType: 'user.account.update_profile', targets, debugData: { changedAttributes: [...new Set(changed)].join(',') } });
      }
      if (r < 0.7) return one(kit.callers.person(user), `/api/v1/users/${user.id}/credentials/change_password`, '', { eventType: 'user.account.update_password', targets });
      const caller = kit.callers.admin(adminChannel(kit.rand));
      if (r < 0.85) return one(caller, `/api/v1/users/${user.id}/lifecycle/reset_password`, 'sendEmail=true', { eventType: 'user.account.reset_password', targets });
      if (r < 0.93) return one(caller, `/api/v1/users/${user.id}/lifecycle/expire_password`, '', { eventType: 'user.account.expire_password', targets });
      return one(caller, `/api/v1/users/${user.id}/lifecycle/unlock`, '', { eventType: 'user.account.unlock_by_admin', targets });
    },
  },
  adminPrivilege: {
    weight: 0.15,
    run(kit) {
      const user = kit.user();
      const label = kit.rand.pick([ROLE_LABELS.HELP_DESK_ADMIN, ROLE_LABELS.READ_ONLY_ADMIN, ROLE_LABELS.USER_ADMIN, ROLE_LABELS.APP_ADMIN, ROLE_LABELS.SUPER_ADMIN]);
      const grant = kit.rand.chance(0.6);
      return one(kit.callers.admin('console'), `/api/v1/users/${user.id}/roles`, '', {
        eventType: grant ? 'user.account.privilege.grant' : 'user.account.privilege.revoke',
        targets: [user.actor],
        debugData: grant ? { privilegeGranted: label } : { privilegeRevoked: label },
      });
    },
  },
  groupMembership: {
    weight: 8,
    run(kit) {
      const user = kit.user();
      const group = kit.pop.groups[1 + kit.rand.int(kit.pop.groups.length - 1)]!;
      // Group rules assign people in the background; admins, scripts and Workflows do the rest.
      const channel: AdminChannel = kit.rand.chance(0.35) ? 'system' : adminChannel(kit.rand);
      const caller = kit.callers.admin(channel);
      const uri = channel === 'system' ? '' : `/api/v1/groups/${group.id}/users/${user.id}`;
      const eventType = kit.rand.chance(0.65) ? 'group.user_membership.add' : 'group.user_membership.remove';
      return one(caller, uri, '', { eventType, targets: [user.actor, groupTarget(group)] });
    },
  },
  appMembership: {
    weight: 2,
    run(kit) {
      const user = kit.user();
      const app = kit.rand.pick(kit.pop.apps);
      const channel: AdminChannel = kit.rand.chance(0.3) ? 'system' : adminChannel(kit.rand);
      const uri = channel === 'system' ? '' : `/api/v1/apps/${app.id}/users/${user.id}`;
      const eventType = kit.rand.chance(0.7) ? 'application.user_membership.add' : 'application.user_membership.remove';
      return one(kit.callers.admin(channel), uri, '', { eventType, targets: [user.actor, appTarget(app)] });
    },
  },
  apiToken: {
    weight: 0.15,
    run(kit) {
      const create = kit.rand.chance(0.6);
      const id = create ? kit.id('apiToken') : kit.rand.pick(kit.pop.tokens).id;
      const name = kit.rand.pick(['Terraform', 'Okta SDK scripts', 'SIEM export', 'Backup job', 'Helpdesk automation']);
      return one(kit.callers.admin('console'), create ? '/api/v1/api-tokens' : `/api/v1/api-tokens/${id}`, '', {
        eventType: create ? 'system.api_token.create' : 'system.api_token.revoke',
        targets: [{ id, type: 'Token', alternateId: 'unknown', displayName: name, detailEntry: null }],
      });
    },
  },
  rateLimit: {
    weight: 0.05,
    run(kit) {
      return one(kit.callers.admin('token'), '/api/v1/logs', 'limit=1000', {
        eventType: 'system.org.rate_limit.violation',
        outcome: { result: 'DENY', reason: 'RATE_LIMIT' },
        debugData: { rateLimitBucket: '/api/v1/logs' },
      });
    },
  },
} as const satisfies Record<string, { weight: number; run: Scenario }>;

export type ScenarioName = keyof typeof SCENARIOS;
