import { describe, expect, it } from 'vitest';
import { profileProblems } from './user-profile.js';

const base = { login: 'svc.workflows@example.com', email: 'svc.workflows@example.com', firstName: 'Workflows', lastName: 'Service' };

describe('the keyflowServiceAccount profile attribute', () => {
  it('accepts true, false, null and absence', () => {
    for (const value of [true, false, null]) expect(profileProblems({ ...base, keyflowServiceAccount: value })).toEqual([]);
    expect(profileProblems(base)).toEqual([]);
  });

  it('refuses anything that is not a boolean, with Okta’s type cause', () => {
    for (const value of ['true', 1, ['true']]) {
      expect(profileProblems({ ...base, keyflowServiceAccount: value })).toEqual(['keyflowServiceAccount: Does not match required type: Boolean']);
    }
  });

  it('still refuses a boolean where the schema wants a string', () => {
    expect(profileProblems({ ...base, title: true })).toEqual(['title: Does not match required type: String']);
  });
});
