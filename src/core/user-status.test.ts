import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { allows, transition, USER_STATUSES, LIFECYCLE_OPERATIONS } from './user-status.js';

function refusal(fn: () => unknown): { code: string; status: number; causes: readonly string[] } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, status: err.status, causes: err.causes };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('user status machine (okta-api.md §6.4)', () => {
  it('activates a staged user with a password to ACTIVE and one without to PROVISIONED', () => {
    expect(transition('STAGED', 'activate', 'u', true)).toBe('ACTIVE');
    expect(transition('STAGED', 'activate', 'u', false)).toBe('PROVISIONED');
    expect(transition('DEPROVISIONED', 'activate', 'u', true)).toBe('ACTIVE');
  });

  it('refuses to activate an active user with 403 E0000016', () => {
    expect(refusal(() => transition('ACTIVE', 'activate', 'u', true))).toMatchObject({ code: 'E0000016', status: 403 });
  });

  it('refuses to reactivate an active user with 403 E0000038', () => {
    expect(refusal(() => transition('ACTIVE', 'reactivate', 'u', true))).toMatchObject({ code: 'E0000038', status: 403 });
  });

  it('suspends only active users, answering others with 400 E0000001 and the cause integrations match', () => {
    expect(transition('ACTIVE', 'suspend', 'u', true)).toBe('SUSPENDED');
    for (const status of USER_STATUSES.filter((s) => s !== 'ACTIVE')) {
      expect(refusal(() => transition(status, 'suspend', 'u', true))).toEqual({
        code: 'E0000001',
        status: 400,
        causes: ['Cannot suspend a user that is not active'],
      });
    }
  });

  it('unsuspends only suspended users', () => {
    expect(transition('SUSPENDED', 'unsuspend', 'u', true)).toBe('ACTIVE');
    expect(refusal(() => transition('ACTIVE', 'unsuspend', 'u', true)).causes).toEqual(['Cannot unsuspend a user that is not suspended']);
  });

  it('unlocks only locked-out users, else 403 E0000032 "The user is not locked out."', () => {
    expect(transition('LOCKED_OUT', 'unlock', 'u', true)).toBe('ACTIVE');
    expect(refusal(() => transition('ACTIVE', 'unlock', 'u', true))).toEqual({ code: 'E0000032', status: 403, causes: ['The user is not locked out.'] });
  });

  it('deactivates every status but DEPROVISIONED, which answers 404 E0000007', () => {
    for (const status of USER_STATUSES.filter((s) => s !== 'DEPROVISIONED')) {
      expect(transition(status, 'deactivate', 'u', true)).toBe('DEPROVISIONED');
    }
    expect(refusal(() => transition('DEPROVISIONED', 'deactivate', '00uX', true))).toMatchObject({ code: 'E0000007', status: 404 });
  });

  it('resets passwords into RECOVERY and expires them into PASSWORD_EXPIRED from active users', () => {
    expect(transition('ACTIVE', 'reset_password', 'u', true)).toBe('RECOVERY');
    expect(transition('ACTIVE', 'expire_password', 'u', true)).toBe('PASSWORD_EXPIRED');
    expect(refusal(() => transition('SUSPENDED', 'reset_password', 'u', true)).code).toBe('E0000038');
  });

  it('derives allowed operations from the same table that refuses the rest', () => {
    for (const status of USER_STATUSES) {
      for (const op of LIFECYCLE_OPERATIONS) {
        let allowed = true;
        try {
          transition(status, op, 'u', true);
        } catch {
          allowed = false;
        }
        expect(allows(status, op), `${status} ${op}`).toBe(allowed);
      }
    }
  });
});
