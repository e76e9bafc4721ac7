import type { FastifyInstance } from 'fastify';
import { ROLE_TYPES } from '../../core/roles.js';
import type { Services } from '../../services/services.js';
import { parseRoleBody } from '../parse/role-body.js';
import { presentRole } from '../presenters/role.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

/** Standard admin role assignments on users (okta-api.md §9). */
export function roleRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/users/:id/roles', {
    GET: {
      requires: 'roles.read',
      scope: 'okta.roles.read',
      handler: async (request) => {
        const roles = await services.roles.list(request.ctx, (request.params as { id: string }).id);
        const origin = originOf(request);
        return roles.map((r) => presentRole(r, origin));
      },
    },
    POST: {
      requires: 'roles.manage',
      scope: 'okta.roles.manage',
      handler: async (request, reply) => {
        const type = parseRoleBody(request.body, ROLE_TYPES);
        const role = await services.roles.assign(request.ctx, (request.params as { id: string }).id, type);
        return reply.code(201).send(presentRole(role, originOf(request)));
      },
    },
  });

  resource(app, '/api/v1/users/:id/roles/:roleAssignmentId', {
    GET: {
      requires: 'roles.read',
      scope: 'okta.roles.read',
      handler: async (request) => {
        const { id, roleAssignmentId } = request.params as { id: string; roleAssignmentId: string };
        return presentRole(await services.roles.get(request.ctx, id, roleAssignmentId), originOf(request));
      },
    },
    DELETE: {
      requires: 'roles.manage',
      scope: 'okta.roles.manage',
      handler: async (request, reply) => {
        const { id, roleAssignmentId } = request.params as { id: string; roleAssignmentId: string };
        await services.roles.unassign(request.ctx, id, roleAssignmentId);
        return reply.code(204).send();
      },
    },
  });
}
