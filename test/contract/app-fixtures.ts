import type { AppRecord, AppScopeGrantRecord, AppUserRecord, ClientRoleRecord, ConsentRecord } from '../../src/core/apps.js';
import type { OAuthArtifact } from '../../src/core/ports/store.js';
import type { RoleType } from '../../src/core/roles.js';
import { at, userId } from './fixtures.js';

/** Apps, their links and OAuth artifacts for the contract suite; ids sort in the order of `n`, as in fixtures.ts. */

const pad = (n: number) => String(n).padStart(17, '0');

export const appId = (n: number) => `0oa${pad(n)}`;

export function app(n: number, overrides: Partial<AppRecord> = {}): AppRecord {
  return {
    id: appId(n),
    label: `App ${n}`,
    status: 'ACTIVE',
    created: at(n),
    lastUpdated: at(n),
    applicationType: 'web',
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    redirectUris: [`https://app${n}.example.com/callback`],
    postLogoutRedirectUris: [],
    initiateLoginUri: null,
    logoUri: null,
    clientUri: null,
    consentMethod: 'REQUIRED',
    tokenEndpointAuthMethod: 'client_secret_basic',
    pkceRequired: true,
    clientSecretSealed: `sealed-${n}`,
    jwks: null,
    ...overrides,
  };
}

export function appUser(appN: number, userN: number, minutes = 0): AppUserRecord {
  return { appId: appId(appN), userId: userId(userN), created: at(minutes), lastUpdated: at(minutes) };
}

export function scopeGrant(n: number, appN: number, scopeId: string): AppScopeGrantRecord {
  return {
    id: `oag${pad(n)}`,
    appId: appId(appN),
    scopeId,
    issuer: 'https://keyflow.example.com',
    created: at(n),
    lastUpdated: at(n),
    createdBy: { id: userId(1), type: 'User' },
  };
}

export function consent(n: number, userN: number, appN: number, scopeId: string): ConsentRecord {
  return {
    id: `oac${pad(n)}`,
    userId: userId(userN),
    clientId: appId(appN),
    scopeId,
    issuer: 'https://keyflow.example.com/oauth2/default',
    created: at(n),
    lastUpdated: at(n),
  };
}

export function clientRole(n: number, appN: number, type: RoleType): ClientRoleRecord {
  return { id: `irb${pad(n)}`, clientId: appId(appN), type, created: at(n), lastUpdated: at(n) };
}

/** An oidc-provider model instance of `kind`, expiring an hour after `at(n)`. */
export function artifact(kind: string, n: number, overrides: Partial<OAuthArtifact> = {}): OAuthArtifact {
  return {
    kind,
    id: `${kind}-${pad(n)}`,
    payload: { kind, jti: `${kind}-${pad(n)}`, exp: Date.parse(at(n + 60)) / 1000, scope: 'openid profile', nested: { a: [1, 'two', null] } },
    grantId: null,
    userId: null,
    clientId: null,
    uid: null,
    userCode: null,
    expiresAt: at(n + 60),
    consumedAt: null,
    ...overrides,
  };
}
