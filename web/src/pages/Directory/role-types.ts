/**
 * The standard admin roles Keyflow supports (docs/roles.md), with the labels Okta prints on an
 * assignment. The console cannot import the server's list (src/core/roles.ts); the browser test
 * checks that the two agree.
 */
export const ROLE_TYPES: readonly { type: string; label: string }[] = [
  { type: 'SUPER_ADMIN', label: 'Super Organization Administrator' },
  { type: 'ORG_ADMIN', label: 'Organization Administrator' },
  { type: 'APP_ADMIN', label: 'Application Administrator' },
  { type: 'USER_ADMIN', label: 'Group Administrator' },
  { type: 'HELP_DESK_ADMIN', label: 'Help Desk Administrator' },
  { type: 'READ_ONLY_ADMIN', label: 'Read-only Administrator' },
  { type: 'REPORT_ADMIN', label: 'Report Administrator' },
  { type: 'GROUP_MEMBERSHIP_ADMIN', label: 'Group Membership Administrator' },
  { type: 'API_ACCESS_MANAGEMENT_ADMIN', label: 'API Access Management Administrator' },
  { type: 'MOBILE_ADMIN', label: 'Mobile Administrator' },
  { type: 'WORKFLOWS_ADMIN', label: 'Workflows Administrator' },
];
