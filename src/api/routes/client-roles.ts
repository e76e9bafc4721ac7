import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLE_TYPES, type RoleType } from '../../core/roles.js';
import type { Services } from '../../services/services.js';
import { parseRoleBody } from '../parse/role-body.js';
import { presentClientRole } from '../presenters/role.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

/** Okta's client role assignments accept its standard roles; MOBILE_ADMIN is not among them (okta-spec StandardRoleAssignmentSchema). */
const CLIENT_ROLE_TYPES: readonly RoleType[] = ROLE_TYPES.filter((t) => t !== 'MOBILE_ADMIN');

const paramsOf = (request: FastifyRequest) => request.params as { clientId: string; roleAssignmentId: string };

/**
 * Admin roles of service apps (`/oauth2/v1/clients/{clientId}/roles`, Okta's RoleAssignmentClient API).
 * These exact paths are Management API routes beside the authorization server's `/oauth2/v1/*`.
 */
export function clientRoleRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/oauth2/v1/clients/:clientId/roles', {
    GET: {
      requires: 'roles.read',
      scope: 'okta.roles.read',
      handler: async (request) => {
        const origin = originOf(request);
        return (await services.clientRoles.list(paramsOf(request).clientId)).map((r) => presentClientRole(r, origin));
      },
    },
    POST: {
      requires: 'roles.manage',
      scope: 'okta.roles.manage',
      handler: async (request) => {
        const type = parseRoleBody(request.body, CLIENT_ROLE_TYPES);
        return presentClientRole(await services.clientRoles.assign(request.ctx, paramsOf(request).clientId, type), originOf(request));
      },
    },
  });

  resource(app, '/oauth2/v1/clients/:clientId/roles/:roleAssignmentId', {
    GET: {
      requires: 'roles.read',
      scope: 'okta.roles.read',
      handler: async (request) => {
        const { clientId, roleAssignmentId } = paramsOf(request);
        return presentClientRole(await services.clientRoles.get(clientId, roleAssignmentId), originOf(request));
      },
    },
    DELETE: {
      requires: 'roles.manage',
      scope: 'okta.roles.manage',
      handler: async (request, reply) => {
        const { clientId, roleAssignmentId } = paramsOf(request);
        await services.clientRoles.unassign(request.ctx, clientId, roleAssignmentId);
        return reply.code(204).send();
      },
    },
  });
}
