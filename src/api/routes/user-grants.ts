import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/services.js';
import { queryOf } from '../parse/query.js';
import { presentConsent, presentUserClient } from '../presenters/scope-grant.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const READ = { requires: 'users.read', scope: 'okta.users.read' } as const;
const MANAGE = { requires: 'users.manage', scope: 'okta.users.manage' } as const;

const paramsOf = (request: FastifyRequest) => request.params as { id: string; grantId: string; clientId?: string };
const expandsScope = (request: FastifyRequest) => queryOf(request.query).expand === 'scope';

/**
 * What users consented to (Okta's User Grants API; source END_USER) and the clients they hold grants
 * for. Revoking a grant also revokes the user's tokens at that client (okta-api.md §11.6).
 */
export function userGrantRoutes(app: FastifyInstance, services: Services): void {
  // All the user's grants, or those for one client: list them (optionally one scope's), or revoke them all.
  for (const path of ['/api/v1/users/:id/grants', '/api/v1/users/:id/clients/:clientId/grants']) {
    resource(app, path, {
      GET: {
        ...READ,
        handler: async (request) => {
          const { id, clientId } = paramsOf(request);
          const scopeId = queryOf(request.query).scopeId;
          const consents = await services.consents.list(request.ctx, id, { ...(clientId !== undefined ? { clientId } : {}), ...(scopeId !== undefined ? { scopeId } : {}) });
          const origin = originOf(request);
          return consents.map((c) => presentConsent(c, origin, expandsScope(request)));
        },
      },
      DELETE: {
        ...MANAGE,
        handler: async (request, reply) => {
          const { id, clientId } = paramsOf(request);
          await services.consents.revokeAll(request.ctx, id, clientId);
          return reply.code(204).send();
        },
      },
    });
  }

  resource(app, '/api/v1/users/:id/grants/:grantId', {
    GET: {
      ...READ,
      handler: async (request) => {
        const { id, grantId } = paramsOf(request);
        return presentConsent(await services.consents.get(request.ctx, id, grantId), originOf(request), expandsScope(request));
      },
    },
    DELETE: {
      ...MANAGE,
      handler: async (request, reply) => {
        const { id, grantId } = paramsOf(request);
        await services.consents.revoke(request.ctx, id, grantId);
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/users/:id/clients', {
    GET: {
      ...READ,
      handler: async (request) => {
        const { user, apps } = await services.consents.clientsOf(request.ctx, paramsOf(request).id);
        const origin = originOf(request);
        return apps.map((a) => presentUserClient(a, user.id, origin));
      },
    },
  });
}
