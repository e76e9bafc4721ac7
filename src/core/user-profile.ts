import type { Profile, ProfileValue } from './user.js';

/**
 * Okta's default user profile schema (okta-api.md §6.2), plus Keyflow's own custom attributes. Keyflow
 * has no schema-extension API yet, so an attribute outside this list is refused, as Okta refuses
 * attributes not in the profile schema.
 */
interface AttributeRule {
  required?: boolean;
  min?: number;
  max?: number;
  /** A string attribute checked against a pattern, or a boolean attribute (the rest are strings). */
  kind?: 'email' | 'countryCode' | 'boolean';
}

/**
 * Keyflow's custom attribute marking a user as a service account: a dedicated, non-human account that
 * Workflows connections should be authorized by (docs/compatibility.md). Absent means false.
 */
export const SERVICE_ACCOUNT_ATTRIBUTE = 'keyflowServiceAccount';

export const DEFAULT_PROFILE_SCHEMA: Record<string, AttributeRule> = {
  login: { required: true, min: 5, max: 100 },
  email: { required: true, min: 5, max: 100, kind: 'email' },
  secondEmail: { max: 100, kind: 'email' },
  firstName: { required: true, min: 1, max: 50 },
  lastName: { required: true, min: 1, max: 50 },
  middleName: {},
  honorificPrefix: {},
  honorificSuffix: {},
  title: {},
  displayName: {},
  nickName: {},
  profileUrl: {},
  primaryPhone: { max: 100 },
  mobilePhone: { max: 100 },
  streetAddress: {},
  city: {},
  state: {},
  zipCode: {},
  countryCode: { kind: 'countryCode' },
  postalAddress: {},
  preferredLanguage: {},
  locale: {},
  timezone: {},
  userType: {},
  employeeNumber: {},
  costCenter: {},
  organization: {},
  division: {},
  department: {},
  managerId: {},
  manager: {},
  [SERVICE_ACCOUNT_ATTRIBUTE]: { kind: 'boolean' },
};

export function isProfileAttribute(name: string): boolean {
  return Object.hasOwn(DEFAULT_PROFILE_SCHEMA, name);
}

// Deliberately loose, like Okta's: something@something, no spaces (RFC 5322 in full is not what Okta checks).
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Four-byte UTF-8 characters (astral plane) are refused by Okta (okta-api.md §1.2). */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

/**
 * Checks a complete profile (after a partial update is merged) and returns Okta-style causes
 * (`field: reason`), empty when valid.
 */
export function profileProblems(profile: Profile): string[] {
  const causes: string[] = [];
  for (const name of Object.keys(profile)) {
    if (!isProfileAttribute(name)) causes.push(`Property name '${name}' is not defined in profile`);
  }
  for (const [name, rule] of Object.entries(DEFAULT_PROFILE_SCHEMA)) {
    const value: ProfileValue | undefined = profile[name];
    if (value === undefined || value === null || value === '') {
      if (rule.required) causes.push(`${name}: The field cannot be left blank`);
      continue;
    }
    if (rule.kind === 'boolean') {
      if (typeof value !== 'boolean') causes.push(`${name}: Does not match required type: Boolean`);
      continue;
    }
    if (typeof value !== 'string') {
      causes.push(`${name}: Does not match required type: String`);
      continue;
    }
    if (ASTRAL.test(value)) causes.push(`${name}: Contains unsupported characters`);
    if (rule.min !== undefined && value.length < rule.min) {
      causes.push(`${name}: The field is too short; the minimum length is ${rule.min}`);
    }
    if (rule.max !== undefined && value.length > rule.max) {
      causes.push(`${name}: The field is too long; the maximum length is ${rule.max}`);
    }
    if (rule.kind === 'email' && !EMAIL.test(value)) causes.push(`${name}: Does not match required pattern`);
    if (rule.kind === 'countryCode' && !/^[A-Z]{2}$/.test(value)) causes.push(`${name}: Does not match required pattern`);
  }
  if (typeof profile.login === 'string' && profile.login !== '' && !EMAIL.test(profile.login)) {
    // The default login must look like an email address (okta-api.md §6.2).
    causes.push("login: Username must be in the form of an email address");
  }
  return causes;
}

/** The first field a list of causes names, for `Api validation failed: <field>`. */
export function firstField(causes: readonly string[]): string {
  const m = /^(\w+):/.exec(causes[0] ?? '');
  return m?.[1] ?? 'profile';
}
