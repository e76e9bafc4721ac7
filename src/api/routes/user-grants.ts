import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/services.js';
import { queryOf } from '../parse/query.js';
import { presentConsent, presentUserClient } from '../presenters/scope-grant.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const paramsOf = (request: FastifyRequest) => request.params as { id: string; grantId: string; clientId: string };
const expandsScope = (request: FastifyRequest) => queryOf(request.query).expand === 'scope';

/**
 * What users consented to (Okta's User Grants API; source END_USER) and the clients they hold grants
 * for. Revoking a grant also revokes the user's tokens at that client (okta-api.md §11.6).
 */
export function userGrantRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/users/:id/grants', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request) => {
        const scopeId = queryOf(request.query).scopeId;
        const consents = await services.consents.list(request.ctx, paramsOf(request).id, scopeId === undefined ? {} : { scopeId });
        const origin = originOf(request);
        return consents.map((c) => presentConsent(c, origin, expandsScope(request)));
      },
    },
    DELETE: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request, reply) => {
        await services.consents.revokeAll(request.ctx, paramsOf(request).id);
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/users/:id/grants/:grantId', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request) => {
        const { id: userId, grantId } = paramsOf(request);
        return presentConsent(await services.consents.get(request.ctx, userId, grantId), originOf(request), expandsScope(request));
      },
    },
    DELETE: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request, reply) => {
        const { id: userId, grantId } = paramsOf(request);
        await services.consents.revoke(request.ctx, userId, grantId);
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/users/:id/clients', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request) => {
        const { user, apps } = await services.consents.clientsOf(request.ctx, paramsOf(request).id);
        const origin = originOf(request);
        return apps.map((a) => presentUserClient(a, user.id, origin));
      },
    },
  });

  resource(app, '/api/v1/users/:id/clients/:clientId/grants', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request) => {
        const { id: userId, clientId } = paramsOf(request);
        const consents = await services.consents.list(request.ctx, userId, { clientId });
        const origin = originOf(request);
        return consents.map((c) => presentConsent(c, origin, expandsScope(request)));
      },
    },
    DELETE: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request, reply) => {
        const { id: userId, clientId } = paramsOf(request);
        await services.consents.revokeAll(request.ctx, userId, clientId);
        return reply.code(204).send();
      },
    },
  });
}
