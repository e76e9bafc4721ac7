import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, validationFailed } from '../../core/errors.js';
import type { Services } from '../../services/services.js';
import { setLinks } from '../links.js';
import { checkProperties, emptyObjectOnly, isObject, objectBody, optionalString, requiredString } from '../parse/body-shape.js';
import { limitParam, queryOf } from '../parse/query.js';
import { presentAppUser } from '../presenters/app.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const APP_USER_ECHOED = ['created', 'lastUpdated', 'status', 'statusChanged', 'passwordChanged', 'syncState', 'externalId', 'lastSync', '_links', '_embedded'];

/** `{id, scope: "USER", credentials?: {userName}}`: OIDC apps take no password and no app profile. */
function parseAssignment(raw: unknown): { userId: string; userName?: string } {
  const body = objectBody(raw);
  checkProperties(body, '', ['id', 'scope', 'credentials', 'profile'], APP_USER_ECHOED);
  const scope = optionalString(body, 'scope');
  if (scope !== undefined && scope !== 'USER') throw validationFailed('scope', "scope: Only direct assignments (scope 'USER') are supported");
  emptyObjectOnly(body, 'profile', 'App user profiles are not supported');
  const credentials = body.credentials;
  if (credentials !== undefined && credentials !== null && !isObject(credentials)) throw validationFailed('credentials', 'credentials: Does not match required type: Object');
  if (isObject(credentials) && credentials.password !== undefined) {
    throw new ApiError('E0000041', { causes: ['User level credentials should not be provided for this scheme.'] });
  }
  if (isObject(credentials)) checkProperties(credentials, 'credentials.', ['userName', 'password']);
  const userName = isObject(credentials) ? optionalString(credentials, 'userName', 'credentials.') : undefined;
  return { userId: requiredString(body, 'id'), ...(userName !== undefined ? { userName } : {}) };
}

const paramsOf = (request: FastifyRequest) => request.params as { appId: string; userId: string };

/** Direct user assignments to an app (Okta's Application Users API). */
export function appUserRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/apps/:appId/users', {
    GET: {
      requires: 'apps.read',
      scope: 'okta.apps.read',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const limit = limitParam(query, 50, 500);
        const page = await services.appUsers.list(request.ctx, paramsOf(request).appId, limit, query.after);
        setLinks(request, reply, { limit: String(limit), after: query.after }, page.next ? { limit: String(limit), after: page.next } : undefined);
        const origin = originOf(request);
        return page.items.map(({ assignment, user }) => presentAppUser(assignment, user, origin));
      },
    },
    POST: {
      requires: 'apps.manage',
      scope: 'okta.apps.manage',
      handler: async (request) => {
        const { assignment, user } = await services.appUsers.assign(request.ctx, paramsOf(request).appId, parseAssignment(request.body));
        return presentAppUser(assignment, user, originOf(request));
      },
    },
  });

  resource(app, '/api/v1/apps/:appId/users/:userId', {
    GET: {
      requires: 'apps.read',
      scope: 'okta.apps.read',
      handler: async (request) => {
        const { appId, userId } = paramsOf(request);
        const { assignment, user } = await services.appUsers.get(request.ctx, appId, userId);
        return presentAppUser(assignment, user, originOf(request));
      },
    },
    DELETE: {
      requires: 'apps.manage',
      scope: 'okta.apps.manage',
      handler: async (request, reply) => {
        const { appId, userId } = paramsOf(request);
        await services.appUsers.unassign(request.ctx, appId, userId);
        return reply.code(204).send();
      },
    },
  });
}
