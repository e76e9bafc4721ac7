import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/services.js';
import { checkProperties, objectBody, requiredString } from '../parse/body-shape.js';
import { queryOf } from '../parse/query.js';
import { presentAppGrant } from '../presenters/scope-grant.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const GRANT_ECHOED = ['id', 'status', 'created', 'createdBy', 'lastUpdated', 'clientId', 'source', 'userId', '_embedded', '_links'];

const paramsOf = (request: FastifyRequest) => request.params as { appId: string; grantId: string };
const expandsScope = (request: FastifyRequest) => queryOf(request.query).expand === 'scope';

/** The `okta.*` scopes granted to an app (Okta's Application Grants API, okta-api.md §11.2). */
export function appGrantRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/apps/:appId/grants', {
    GET: {
      requires: 'apps.read',
      scope: 'okta.appGrants.read',
      handler: async (request) => {
        const { app: owner, grants } = await services.appGrants.list(paramsOf(request).appId);
        const origin = originOf(request);
        return grants.map((g) => presentAppGrant(g, owner, origin, expandsScope(request)));
      },
    },
    POST: {
      requires: 'apps.manage',
      scope: 'okta.appGrants.manage',
      handler: async (request, reply) => {
        const body = objectBody(request.body);
        checkProperties(body, '', ['scopeId', 'issuer'], GRANT_ECHOED);
        const input = { scopeId: requiredString(body, 'scopeId'), issuer: requiredString(body, 'issuer') };
        const { app: owner, grant } = await services.appGrants.grant(request.ctx, paramsOf(request).appId, input);
        return reply.code(201).send(presentAppGrant(grant, owner, originOf(request), expandsScope(request)));
      },
    },
  });

  resource(app, '/api/v1/apps/:appId/grants/:grantId', {
    GET: {
      requires: 'apps.read',
      scope: 'okta.appGrants.read',
      handler: async (request) => {
        const { appId, grantId } = paramsOf(request);
        const { app: owner, grant } = await services.appGrants.get(appId, grantId);
        return presentAppGrant(grant, owner, originOf(request), expandsScope(request));
      },
    },
    DELETE: {
      requires: 'apps.manage',
      scope: 'okta.appGrants.manage',
      handler: async (request, reply) => {
        const { appId, grantId } = paramsOf(request);
        await services.appGrants.revoke(request.ctx, appId, grantId);
        return reply.code(204).send();
      },
    },
  });
}
