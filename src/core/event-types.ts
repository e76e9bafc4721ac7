import type { Severity } from './log-event.js';

/**
 * Every event type Keyflow emits, with the displayMessage and legacyEventType Okta prints for it
 * (okta-api.md §5; "(F)" strings where captured, else the catalogue description without its full stop).
 * A contract test checks each key against shared/okta-spec/event-types.json.
 */
export const EVENT_TYPES = {
  'user.lifecycle.create': { displayMessage: 'Create okta user', legacyEventType: 'core.user.config.user_creation.success' },
  'user.lifecycle.activate': { displayMessage: 'Activate Okta user', legacyEventType: 'core.user.config.user_activated' },
  'user.lifecycle.deactivate': { displayMessage: 'Deactivate Okta User', legacyEventType: 'core.user.config.user_deactivated' },
  'user.lifecycle.suspend': { displayMessage: 'Suspend Okta user', legacyEventType: 'core.user.config.user_suspended' },
  'user.lifecycle.unsuspend': { displayMessage: 'Unsuspend Okta user', legacyEventType: 'core.user.config.user_unsuspended' },
  'user.lifecycle.reactivate': { displayMessage: 'Reactivate Okta user', legacyEventType: 'core.user.config.user_reactivated' },
  'user.lifecycle.delete.initiated': { displayMessage: 'Delete Okta user initiated', legacyEventType: 'core.user.config.user_status.delete.initiated' },
  'user.lifecycle.delete.completed': { displayMessage: 'Delete Okta user completed', legacyEventType: null },
  'user.account.update_profile': { displayMessage: 'Update user profile for Okta', legacyEventType: 'core.user.config.profile_update.success' },
  'user.account.update_password': { displayMessage: 'User update password for Okta', legacyEventType: 'core.user.config.password_update.success' },
  'user.account.reset_password': { displayMessage: "User's Okta password has been reset", legacyEventType: 'core.user.config.password_reset' },
  'user.account.expire_password': { displayMessage: "User's Okta password is expired", legacyEventType: 'core.user.config.password_expired' },
  'user.account.unlock_by_admin': { displayMessage: 'User account unlock by admin', legacyEventType: 'core.user.config.user_unlocked_by_admin' },
  'user.account.privilege.grant': { displayMessage: 'Grant user privilege', legacyEventType: 'core.user.admin_privilege.granted' },
  'user.account.privilege.revoke': { displayMessage: 'Revoke user privilege', legacyEventType: 'core.user.admin_privilege.revoked' },
  'user.session.clear': { displayMessage: 'Clear user session', legacyEventType: null },
  'user.authentication.auth': { displayMessage: 'Authenticate user', legacyEventType: null },
  'app.oauth2.token.revoke.implicit.user': { displayMessage: 'Tokens revoked for user', legacyEventType: null },
  'group.lifecycle.create': { displayMessage: 'Create Okta group', legacyEventType: 'core.user_group.created' },
  'group.lifecycle.delete': { displayMessage: 'Delete Okta group', legacyEventType: 'core.user_group.deleted' },
  'group.profile.update': { displayMessage: 'Okta group profile updated', legacyEventType: null },
  'group.user_membership.add': { displayMessage: 'Add user to group membership', legacyEventType: 'core.user_group_member.user_add' },
  'group.user_membership.remove': { displayMessage: 'Remove user from group membership', legacyEventType: 'core.user_group_member.user_remove' },
  'system.api_token.create': { displayMessage: 'Create API token', legacyEventType: 'api.token.create' },
  'system.api_token.revoke': { displayMessage: 'Revoke API token', legacyEventType: 'api.token.revoke' },
  'system.org.rate_limit.violation': { displayMessage: 'Rate limit violation', legacyEventType: null },
} as const satisfies Record<string, { displayMessage: string; legacyEventType: string | null }>;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_SEVERITY: Partial<Record<EventType, Severity>> = {
  'system.org.rate_limit.violation': 'WARN',
};
