import type { RoleAssignmentRecord } from '../../core/records.js';
import { ROLE_LABELS } from '../../core/roles.js';

/** A standard role assignment on a user (okta-api.md §9). */
export function presentRole(role: RoleAssignmentRecord, origin: string) {
  return {
    id: role.id,
    label: ROLE_LABELS[role.type],
    type: role.type,
    status: role.status,
    created: role.created,
    lastUpdated: role.lastUpdated,
    assignmentType: 'USER',
    _links: { assignee: { href: `${origin}/api/v1/users/${role.userId}` } },
  };
}
