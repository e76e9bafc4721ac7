import { validationFailed } from '../../core/errors.js';
import { isRoleType, type RoleType } from '../../core/roles.js';
import { checkProperties, objectBody } from './body-shape.js';

/**
 * `{"type": "<ROLE>"}`, the body that assigns a standard role to a user or a client. Custom-role bodies
 * (`role`, `resource-set`) are recognised but refused: Keyflow has standard roles only.
 */
export function parseRoleBody(raw: unknown, allowed: readonly RoleType[]): RoleType {
  const body = objectBody(raw);
  checkProperties(body, '', ['type', 'role', 'resource-set']);
  if (!isRoleType(body.type) || !allowed.includes(body.type)) {
    throw validationFailed('type', `type: must be one of ${allowed.join(', ')} (custom roles are not supported)`);
  }
  return body.type;
}
