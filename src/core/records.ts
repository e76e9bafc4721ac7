import type { RoleType } from './roles.js';

/** Stored shapes of the org's aggregates other than users (see user.ts). Timestamps are ISO strings. */

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface GroupRecord {
  id: string;
  type: GroupType;
  name: string;
  description: string | null;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
}

export interface RoleAssignmentRecord {
  id: string;
  userId: string;
  type: RoleType;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
}

/** Okta's API tokens expire after 30 days without use (okta-api.md §1.1). */
export const API_TOKEN_IDLE_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface ApiTokenRecord {
  id: string;
  name: string;
  userId: string;
  /** SHA-256 (hex) of the token value; the value itself is shown once, at creation. */
  tokenHash: string;
  clientName: string;
  created: string;
  lastUpdated: string;
  /** Okta's 30-day idle window counts from here (refreshed at most once a minute, see api-tokens service). */
  lastUsed: string;
  /** Set when revoked; revoked tokens stay as rows so that the System Log can say what killed them. */
  revokedAt: string | null;
  /** uuid of the LogEvent that revoked it (a token revoke, or the creator's deactivation). */
  revokedByEvent: string | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  login: string;
  createdAt: string;
  expiresAt: string;
  status: 'ACTIVE' | 'MFA_ENROLL' | 'MFA_REQUIRED';
  lastPasswordVerification: string | null;
  lastFactorVerification: string | null;
  amr: string[];
  idpType: 'OKTA';
}
