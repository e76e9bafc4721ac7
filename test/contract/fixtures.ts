import type { FilterNode, FilterValue } from '../../src/core/filter/ast.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { ApiTokenRecord, GroupRecord, RoleAssignmentRecord, SessionRecord } from '../../src/core/records.js';
import type { UserRecord } from '../../src/core/user.js';

/** Records for the contract suite. Ids sort in the order of `n`, so expected orders are easy to state. */

export const T0 = '2024-01-01T00:00:00.000Z';

/** `T0` plus `minutes`. */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

const pad = (n: number) => String(n).padStart(17, '0');

export const userId = (n: number) => `00u${pad(n)}`;
export const groupId = (n: number) => `00g${pad(n)}`;

export function user(n: number, overrides: Partial<UserRecord> & { profile?: UserRecord['profile'] } = {}): UserRecord {
  return {
    id: userId(n),
    status: 'ACTIVE',
    created: at(n),
    activated: at(n),
    statusChanged: at(n),
    lastLogin: null,
    lastUpdated: at(n),
    passwordChanged: null,
    typeId: 'oty00000000000000001',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    recoveryQuestion: null,
    recoveryAnswerHash: null,
    providerType: 'OKTA',
    providerName: 'OKTA',
    ...overrides,
    profile: overrides.profile ?? {
      login: `user${n}@example.com`,
      email: `user${n}@example.com`,
      firstName: `First${n}`,
      lastName: `Last${n}`,
    },
  };
}

export function group(n: number, overrides: Partial<GroupRecord> = {}): GroupRecord {
  return {
    id: groupId(n),
    type: 'OKTA_GROUP',
    name: `Group ${n}`,
    description: `Description ${n}`,
    created: at(n),
    lastUpdated: at(n),
    lastMembershipUpdated: at(n),
    ...overrides,
  };
}

export function role(n: number, userN: number, type: RoleAssignmentRecord['type']): RoleAssignmentRecord {
  return { id: `ra1${pad(n)}`, userId: userId(userN), type, status: 'ACTIVE', created: at(n), lastUpdated: at(n) };
}

export function apiToken(n: number, userN: number, overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord {
  return {
    id: `00T${pad(n)}`,
    name: `token ${n}`,
    userId: userId(userN),
    tokenHash: `hash-${n}`,
    clientName: 'Okta API',
    created: at(n),
    lastUpdated: at(n),
    lastUsed: at(n),
    revokedAt: null,
    revokedByEvent: null,
    ...overrides,
  };
}

export function session(n: number, userN: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: `102${pad(n)}`,
    userId: userId(userN),
    login: `user${userN}@example.com`,
    createdAt: at(n),
    expiresAt: at(n + 120),
    status: 'ACTIVE',
    lastPasswordVerification: at(n),
    lastFactorVerification: null,
    amr: ['pwd', 'mfa'],
    idpType: 'OKTA',
    ...overrides,
  };
}

/** A complete LogEvent, as the services build them. */
export function logEvent(n: number, overrides: Partial<LogEvent> = {}): LogEvent {
  return {
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    published: at(n),
    eventType: 'user.lifecycle.create',
    version: '0',
    severity: 'INFO',
    legacyEventType: 'core.user.config.user_creation.success',
    displayMessage: 'Create Okta user',
    actor: { id: userId(1), type: 'User', alternateId: 'admin@example.com', displayName: 'Ad Min', detailEntry: null },
    client: {
      userAgent: { rawUserAgent: 'okta-sdk-nodejs/8.1.0', os: 'Unknown', browser: 'UNKNOWN' },
      zone: 'null',
      device: 'Unknown',
      id: null,
      ipAddress: '203.0.113.7',
      geographicalContext: null,
    },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: 'unknown',
    },
    outcome: { result: 'SUCCESS', reason: null },
    target: [
      { id: userId(100 + n), type: 'User', alternateId: `user${n}@example.com`, displayName: `First${n} Last${n}`, detailEntry: null },
      { id: groupId(n), type: 'UserGroup', alternateId: 'unknown', displayName: 'Group', detailEntry: null, changeDetails: { from: {}, to: { x: 1 } } },
    ],
    transaction: { type: 'WEB', id: `req${String(n).padStart(24, '0')}`, detail: { requestApiTokenId: '00T1' } },
    debugContext: { debugData: { requestId: `req${n}`, requestUri: '/api/v1/users', url: '/api/v1/users?activate=true' } },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: { ipChain: [{ ip: '203.0.113.7', geographicalContext: null, version: 'V4', source: null }] },
    ...overrides,
  };
}

/** A comparison node as the parser would build it (positions do not matter to the store). */
export const cmp = (attr: string, op: Extract<FilterNode, { kind: 'compare' }>['op'], value: FilterValue = null): FilterNode => ({
  kind: 'compare',
  attr,
  op,
  value,
  pos: 0,
  opPos: 0,
});
