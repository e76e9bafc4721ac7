import type { Person } from './person';

/**
 * The lifecycle actions of the person page. The `POST …/lifecycle/{op}` ones are offered exactly when
 * the org lists them in the person's `_links` (Okta's way of saying which operations the status
 * allows, okta-api.md §6.2), so the page never offers what the org would refuse.
 */
export type Action = 'activate' | 'reactivate' | 'unlock' | 'unsuspend' | 'reset_password' | 'expire_password' | 'suspend' | 'deactivate' | 'clearSessions' | 'delete';

/** The `_links` relation naming each lifecycle operation, in the order the page shows the buttons. */
const LINK_OF: [Action, string][] = [
  ['activate', 'activate'],
  ['reactivate', 'reactivate'],
  ['unlock', 'unlock'],
  ['unsuspend', 'unsuspend'],
  ['reset_password', 'resetPassword'],
  ['expire_password', 'expirePassword'],
  ['suspend', 'suspend'],
  ['deactivate', 'deactivate'],
];

/** Statuses without a session to clear: never signed in (STAGED, PROVISIONED) or deactivated. */
const NO_SESSIONS = new Set(['STAGED', 'PROVISIONED', 'DEPROVISIONED']);

export function actionsFor(person: Person): Action[] {
  const actions = LINK_OF.filter(([, rel]) => person._links?.[rel]).map(([action]) => action);
  if (!NO_SESSIONS.has(person.status)) actions.push('clearSessions');
  // The second DELETE removes a deactivated person for good; the first only deactivates (Deactivate does that).
  if (person.status === 'DEPROVISIONED') actions.push('delete');
  return actions;
}

export const ACTION_LABELS: Record<Action, string> = {
  activate: 'Activate',
  reactivate: 'Reactivate',
  unlock: 'Unlock',
  unsuspend: 'Unsuspend',
  reset_password: 'Reset password',
  expire_password: 'Expire password',
  suspend: 'Suspend',
  deactivate: 'Deactivate',
  clearSessions: 'Clear sessions',
  delete: 'Delete',
};

/** Actions that give access back: done at once, as in Okta's Admin Console, with no dialog. */
export const NEEDS_NO_CONFIRMATION: ReadonlySet<Action> = new Set(['unsuspend', 'unlock']);

/** Actions after which the org refuses the person's tokens: their dialog shows the Workflows impact. */
export const BREAKS_CONNECTIONS: ReadonlySet<Action> = new Set(['suspend', 'deactivate', 'delete', 'clearSessions']);

/** Okta's confirmation wording for each action that asks first. Keyflow sends no email (docs/console.md). */
export function confirmation(action: Action, name: string): { title: string; text: string } {
  switch (action) {
    case 'activate':
      return { title: 'Activate person', text: `Are you sure you want to activate ${name}? A person with a password becomes active; one without waits as pending activation (PROVISIONED) until they have one. Keyflow sends no activation email.` };
    case 'reactivate':
      return { title: 'Reactivate person', text: `Are you sure you want to reactivate ${name}? Their activation starts again. Keyflow sends no activation email.` };
    case 'reset_password':
      return { title: 'Reset password', text: `Are you sure you want to reset the password for ${name}? They will be in password reset (RECOVERY) until they choose a new one. Keyflow sends no reset email.` };
    case 'expire_password':
      return { title: 'Expire password', text: `Are you sure you want to expire the password for ${name}? They will have to change it the next time they sign in.` };
    case 'suspend':
      return { title: 'Suspend person', text: `Are you sure you want to suspend ${name}? Suspended users cannot sign in, but keep their group and app assignments.` };
    case 'deactivate':
      return { title: 'Deactivate person', text: `Are you sure you want to deactivate ${name}? Deactivating a person removes them from all assigned apps and their access to them; their sessions end.` };
    case 'delete':
      return { title: 'Delete person', text: `Are you sure you want to permanently delete ${name}? This action cannot be undone.` };
    case 'clearSessions':
      return { title: 'Clear user sessions', text: `Are you sure you want to clear all active sessions of ${name}? They will be signed out of Okta and will have to sign in again.` };
    default:
      return { title: ACTION_LABELS[action], text: `${ACTION_LABELS[action]} ${name}?` };
  }
}
