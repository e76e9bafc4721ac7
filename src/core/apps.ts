import type { RoleType } from './roles.js';

/**
 * OIDC applications of the org (okta-api.md §11, Okta's Apps API with `signOnMode: OPENID_CONNECT`).
 * An app's id is also its OAuth `client_id`, as in Okta.
 */
export const APP_TYPES = ['web', 'native', 'browser', 'service'] as const;
export type AppType = (typeof APP_TYPES)[number];

export const TOKEN_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
] as const;
export type TokenAuthMethod = (typeof TOKEN_AUTH_METHODS)[number];

export type AppStatus = 'ACTIVE' | 'INACTIVE';

export interface AppRecord {
  /** `0oa…`; also the OAuth client_id. */
  id: string;
  label: string;
  status: AppStatus;
  created: string;
  lastUpdated: string;
  applicationType: AppType;
  grantTypes: string[];
  responseTypes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  initiateLoginUri: string | null;
  logoUri: string | null;
  clientUri: string | null;
  /** REQUIRED shows the consent page; TRUSTED skips it (Okta's `consent_method`). */
  consentMethod: 'REQUIRED' | 'TRUSTED';
  tokenEndpointAuthMethod: TokenAuthMethod;
  pkceRequired: boolean;
  /** The client secret sealed with AES-256-GCM (never stored in clear); null when the app has none. */
  clientSecretSealed: string | null;
  /** Public keys for private_key_jwt. */
  jwks: { keys: Record<string, unknown>[] } | null;
}

/** A user assigned to an app (Okta's AppUser, scope USER). */
export interface AppUserRecord {
  appId: string;
  userId: string;
  created: string;
  lastUpdated: string;
}

/** Who created a scope grant: an admin user, or the org itself for grants Keyflow makes. */
export interface GrantCreator {
  id: string;
  type: 'User' | 'App';
}

/** An `okta.*` scope granted to an app by an admin (`/api/v1/apps/{id}/grants`, source ADMIN). */
export interface AppScopeGrantRecord {
  /** `oag…` */
  id: string;
  appId: string;
  scopeId: string;
  issuer: string;
  created: string;
  lastUpdated: string;
  createdBy: GrantCreator;
}

/** A scope a user consented to for an app on the consent page (`/api/v1/users/{id}/grants`, END_USER). */
export interface ConsentRecord {
  /** `oag…` */
  id: string;
  userId: string;
  clientId: string;
  scopeId: string;
  issuer: string;
  created: string;
  lastUpdated: string;
}

/** An admin role assigned to a service app (client-credentials tokens act with it). */
export interface ClientRoleRecord {
  /** `irb…` */
  id: string;
  clientId: string;
  type: RoleType;
  created: string;
  lastUpdated: string;
}
