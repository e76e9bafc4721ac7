/**
 * Okta's standard admin role types (okta-api.md §9) and what each may do in Keyflow.
 * Okta publishes permissions per role only in prose; this table is Keyflow's reading of it and is
 * documented in docs/roles.md. Adding a role type breaks the build until it has labels and permissions.
 */
export const ROLE_TYPES = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'APP_ADMIN',
  'USER_ADMIN',
  'HELP_DESK_ADMIN',
  'READ_ONLY_ADMIN',
  'REPORT_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
  'MOBILE_ADMIN',
  'WORKFLOWS_ADMIN',
] as const;
export type RoleType = (typeof ROLE_TYPES)[number];

export function isRoleType(value: unknown): value is RoleType {
  return typeof value === 'string' && (ROLE_TYPES as readonly string[]).includes(value);
}

/** Labels as Okta prints them on a role assignment. */
export const ROLE_LABELS: Record<RoleType, string> = {
  SUPER_ADMIN: 'Super Organization Administrator',
  ORG_ADMIN: 'Organization Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read-only Administrator',
  REPORT_ADMIN: 'Report Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  MOBILE_ADMIN: 'Mobile Administrator',
  WORKFLOWS_ADMIN: 'Workflows Administrator',
};

/** What an endpoint needs. Read permissions are implied by the matching manage permission. */
export const PERMISSIONS = [
  'users.read',
  'users.manage', // create, update, delete, deactivate/activate/suspend
  'users.credentials', // reset/expire password, unlock, clear sessions (help-desk work)
  'groups.read',
  'groups.manage', // create, update, delete groups
  'groups.members', // add and remove members
  'roles.read',
  'roles.manage',
  'roles.manage.super', // assign or remove SUPER_ADMIN / ORG_ADMIN
  'apiTokens.manage', // create, list, revoke API tokens
  'logs.read',
  'apps.read',
  'apps.manage',
  'eventHooks.read',
  'eventHooks.manage', // create, replace, activate, deactivate, verify, delete event hooks
  'workflows.read', // the Workflows API: connections, flows, executions
  'workflows.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['users.read', 'groups.read', 'roles.read', 'logs.read', 'apps.read', 'eventHooks.read'];
const ALL = [...PERMISSIONS];

export const ROLE_PERMISSIONS: Record<RoleType, readonly Permission[]> = {
  SUPER_ADMIN: ALL,
  // Okta gives Workflows to Super Admins and Workflows Administrators only (workflows.md §5.1).
  ORG_ADMIN: ALL.filter((p) => p !== 'roles.manage.super' && !p.startsWith('workflows.')),
  APP_ADMIN: ['users.read', 'groups.read', 'apps.read', 'apps.manage'],
  USER_ADMIN: ['users.read', 'users.manage', 'users.credentials', 'groups.read', 'groups.members'],
  HELP_DESK_ADMIN: ['users.read', 'users.credentials', 'groups.read'],
  READ_ONLY_ADMIN: READ,
  REPORT_ADMIN: ['logs.read', 'users.read', 'groups.read', 'apps.read'],
  GROUP_MEMBERSHIP_ADMIN: ['users.read', 'groups.read', 'groups.members'],
  API_ACCESS_MANAGEMENT_ADMIN: ['apps.read'],
  MOBILE_ADMIN: ['users.read', 'groups.read'],
  WORKFLOWS_ADMIN: ['users.read', 'groups.read', 'logs.read', 'workflows.read', 'workflows.manage'],
};

const permissionSets = new Map<string, ReadonlySet<Permission>>();

/**
 * The union of the roles' permissions. Every request asks, with one of a handful of role sets, so each
 * set is built once (the table is constant, so this is a pure memo, not state).
 */
export function permissionsOf(roles: readonly RoleType[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  let set = permissionSets.get(key);
  if (!set) {
    set = new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
    permissionSets.set(key, set);
  }
  return set;
}

/** Roles only a Super Admin may hand out or take away (Okta: org admins cannot make super admins). */
export function isPrivilegedRole(role: RoleType): boolean {
  return role === 'SUPER_ADMIN' || role === 'ORG_ADMIN';
}
