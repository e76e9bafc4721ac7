import { describe, expect, it } from 'vitest';
import { presentUser, userJson } from '../../src/api/presenters/user.js';
import type { UserRecord } from '../../src/core/user.js';

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: '00u1abcdefghijklmn',
    status: 'ACTIVE',
    created: '2026-01-01T00:00:00.000Z',
    activated: '2026-01-01T00:00:00.000Z',
    statusChanged: '2026-01-01T00:00:00.000Z',
    lastLogin: null,
    lastUpdated: '2026-01-01T00:00:00.000Z',
    passwordChanged: null,
    typeId: 'oty1abcdefghijklmn',
    profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    passwordHash: '$argon2id$secret',
    recoveryQuestion: null,
    recoveryAnswerHash: null,
    providerType: 'OKTA',
    providerName: 'OKTA',
    ...overrides,
  };
}

const deepFrozen = (u: UserRecord): UserRecord => Object.freeze({ ...u, profile: Object.freeze({ ...u.profile }) });

describe('single-user response text', () => {
  it('is exactly the presented user serialised, with no hash in it', () => {
    const u = deepFrozen(user());
    expect(userJson(u, 'https://org.example')).toBe(JSON.stringify(presentUser(u, 'https://org.example', true)));
    expect(userJson(u, 'https://org.example')).not.toContain('argon2');
  });

  it('follows the origin the request arrived at', () => {
    const u = deepFrozen(user());
    expect(userJson(u, 'https://a.example')).toContain('https://a.example/api/v1/users/');
    expect(userJson(u, 'https://b.example')).toContain('https://b.example/api/v1/users/');
    expect(userJson(u, 'https://b.example')).not.toContain('https://a.example');
  });

  it('is presented again for a record that is not frozen, so an edited record is never answered stale', () => {
    const u = user();
    expect(JSON.parse(userJson(u, 'https://org.example')).status).toBe('ACTIVE');
    u.status = 'SUSPENDED';
    expect(JSON.parse(userJson(u, 'https://org.example')).status).toBe('SUSPENDED');
  });
});
