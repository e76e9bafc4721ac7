import { validationFailed } from '../../core/errors.js';
import type { Profile, ProviderType } from '../../core/user.js';
import { PROVIDER_TYPES } from '../../core/user.js';
import type { CreateUserInput, CredentialsInput, UpdateUserInput } from '../../services/users.js';
import { checkProperties, isObject, objectBody, optionalString, requiredString, type Json } from './body-shape.js';

/** Fields of a User that clients may send back unchanged; Okta ignores them (okta-api.md §6.2, §6.6). */
const USER_READ_ONLY = ['id', 'status', 'created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged', 'transitioningToStatus', '_links', '_embedded', 'realmId'];

function parseProfile(value: unknown): Profile {
  if (!isObject(value)) throw validationFailed('profile', 'profile: The field cannot be left blank');
  const profile: Profile = {};
  for (const [key, v] of Object.entries(value)) {
    const ok = v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!ok) throw validationFailed(key, `${key}: Does not match required type`);
    profile[key] = v as Profile[string];
  }
  return profile;
}

function parseCredentials(value: unknown): CredentialsInput | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw validationFailed('credentials', 'credentials: Does not match required type: Object');
  checkProperties(value, 'credentials.', ['password', 'recovery_question', 'provider']);
  const out: CredentialsInput = {};
  if (isObject(value.password)) {
    const pw = value.password;
    if (pw.hash !== undefined || pw.hook !== undefined) {
      throw validationFailed('password', 'password: Importing hashed passwords and password hooks are not supported by Keyflow');
    }
    checkProperties(pw, 'credentials.password.', ['value']);
    const v = optionalString(pw, 'value', 'credentials.password.');
    if (v !== undefined) out.password = { value: v };
  }
  if (isObject(value.recovery_question)) {
    const rq = value.recovery_question;
    checkProperties(rq, 'credentials.recovery_question.', ['question', 'answer']);
    const question = optionalString(rq, 'question');
    if (question !== undefined) {
      const answer = requiredString(rq, 'answer', 'recovery_question.');
      if (answer.length < 4) throw validationFailed('recovery_question', 'recovery_question.answer: The answer must be at least 4 characters long');
      out.recoveryQuestion = { question, answer };
    }
  }
  if (isObject(value.provider)) {
    const type = value.provider.type;
    if (typeof type !== 'string' || !(PROVIDER_TYPES as readonly string[]).includes(type)) {
      throw validationFailed('provider', `provider.type: must be one of ${PROVIDER_TYPES.join(', ')}`);
    }
    out.provider = { type: type as ProviderType, name: optionalString(value.provider, 'name') ?? type };
  }
  return out;
}

function checkType(body: Json, defaultTypeId: string): void {
  if (body.type === undefined || body.type === null) return;
  if (!isObject(body.type) || body.type.id !== defaultTypeId) {
    throw validationFailed('type', `type: User type ${isObject(body.type) ? String(body.type.id) : ''} does not exist; Keyflow has only the default user type`);
  }
}

export function parseCreateUser(raw: unknown, defaultTypeId: string): CreateUserInput {
  const body = objectBody(raw);
  checkProperties(body, '', ['profile', 'credentials', 'groupIds', 'type'], USER_READ_ONLY);
  checkType(body, defaultTypeId);
  const groupIds = body.groupIds;
  if (groupIds !== undefined && (!Array.isArray(groupIds) || !groupIds.every((g) => typeof g === 'string'))) {
    throw validationFailed('groupIds', 'groupIds: Does not match required type: Array of String');
  }
  const credentials = parseCredentials(body.credentials);
  return {
    profile: parseProfile(body.profile),
    ...(credentials ? { credentials } : {}),
    ...(groupIds ? { groupIds: groupIds as string[] } : {}),
  };
}

export function parseUpdateUser(raw: unknown, defaultTypeId: string): UpdateUserInput {
  const body = objectBody(raw);
  checkProperties(body, '', ['profile', 'credentials', 'type'], USER_READ_ONLY);
  checkType(body, defaultTypeId);
  const credentials = parseCredentials(body.credentials);
  return {
    ...(body.profile !== undefined ? { profile: parseProfile(body.profile) } : {}),
    ...(credentials ? { credentials } : {}),
  };
}
