import type { ClientRoleRecord } from '../../core/apps.js';
import type { RoleAssignmentRecord } from '../../core/records.js';
import { ROLE_LABELS } from '../../core/roles.js';

/** A standard role assignment on a user (okta-api.md §9). */
export function presentRole(role: RoleAssignmentRecord, origin: string) {
  return presentAssignment(role, role.status, 'USER', `${origin}/api/v1/users/${role.userId}`);
}

/** A standard role assigned to a service app; Okta's assignee link is the client's roles collection (okta-spec StandardRoleResponseClient). */
export function presentClientRole(role: ClientRoleRecord, origin: string) {
  return presentAssignment(role, 'ACTIVE', 'CLIENT', `${origin}/oauth2/v1/clients/${role.clientId}/roles`);
}

function presentAssignment(role: Pick<RoleAssignmentRecord, 'id' | 'type' | 'created' | 'lastUpdated'>, status: string, assignmentType: 'USER' | 'CLIENT', assignee: string) {
  return {
    id: role.id,
    label: ROLE_LABELS[role.type],
    type: role.type,
    status,
    created: role.created,
    lastUpdated: role.lastUpdated,
    assignmentType,
    _links: { assignee: { href: assignee } },
  };
}
