import type { UserStatus } from './user-status.js';

/** Profile attribute values Okta's default and custom schema attributes can hold. */
export type ProfileValue = string | number | boolean | null | string[];
export type Profile = Record<string, ProfileValue>;

export const PROVIDER_TYPES = ['OKTA', 'ACTIVE_DIRECTORY', 'LDAP', 'FEDERATION', 'SOCIAL', 'IMPORT'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** A user as stored. Secrets are hashes; presenters decide what leaves the process (style.md habit 8). */
export interface UserRecord {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  typeId: string;
  profile: Profile;
  /** argon2id PHC string, or null when the user has no password. */
  passwordHash: string | null;
  recoveryQuestion: string | null;
  /** argon2id PHC string of the recovery answer. */
  recoveryAnswerHash: string | null;
  providerType: ProviderType;
  providerName: string;
}

/** The login as stored for uniqueness: Okta's logins are unique case-insensitively (okta-api.md §6.2). */
export function normalizeLogin(login: string): string {
  return login.normalize('NFKC').toLowerCase();
}

export function displayNameOf(user: Pick<UserRecord, 'profile'>): string {
  const { firstName, lastName } = user.profile;
  return [firstName, lastName].filter((p) => typeof p === 'string' && p !== '').join(' ');
}
