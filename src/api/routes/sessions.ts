import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/services.js';
import { presentSession } from '../presenters/session.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

/** `/api/v1/sessions/{sessionId}` (okta-api.md §7): sessions the hosted sign-in page created. */
export function sessionRoutes(app: FastifyInstance, services: Services): void {
  const id = (params: unknown) => (params as { sessionId: string }).sessionId;

  resource(app, '/api/v1/sessions/:sessionId', {
    GET: {
      requires: 'users.read',
      scope: 'okta.sessions.read',
      handler: async (request) => presentSession(await services.sessions.get(id(request.params)), await services.org.orgId(), originOf(request)),
    },
    DELETE: {
      requires: 'users.credentials',
      scope: 'okta.sessions.manage',
      handler: async (request, reply) => {
        await services.sessions.revoke(request.ctx, id(request.params));
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/sessions/:sessionId/lifecycle/refresh', {
    POST: {
      requires: 'users.credentials',
      scope: 'okta.sessions.manage',
      handler: async (request) => presentSession(await services.sessions.refresh(id(request.params)), await services.org.orgId(), originOf(request)),
    },
  });
}
