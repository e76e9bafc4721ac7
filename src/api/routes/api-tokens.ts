import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../core/errors.js';
import type { Services } from '../../services/services.js';
import { checkProperties, objectBody, requiredString } from '../parse/body-shape.js';
import { presentApiToken } from '../presenters/api-token.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

/**
 * SSWS API tokens (`/api/v1/api-tokens`). `POST` is Keyflow's documented extension (Okta creates tokens
 * only in its Admin Console): it returns the token's metadata plus `token`, the value, shown only once.
 */
export function apiTokenRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/api-tokens', {
    GET: {
      requires: 'authenticated',
      scope: 'okta.apiTokens.read',
      handler: async (request) => {
        const origin = originOf(request);
        return (await services.apiTokens.list(request.ctx)).map((t) => presentApiToken(t, origin));
      },
    },
    POST: {
      requires: 'authenticated',
      scope: 'okta.apiTokens.manage',
      handler: async (request) => {
        const body = objectBody(request.body);
        checkProperties(body, '', ['name']);
        const owner = request.ctx.principal?.user;
        if (!owner) throw new ApiError('E0000006');
        const { token, value } = await services.apiTokens.create(request.ctx, { name: requiredString(body, 'name') }, owner);
        return { ...presentApiToken(token, originOf(request)), token: value };
      },
    },
  });

  // Registered before the parameterised path; find-my-way prefers the static segment.
  resource(app, '/api/v1/api-tokens/current', {
    DELETE: {
      requires: 'authenticated',
      scope: 'okta.apiTokens.manage',
      handler: async (request, reply) => {
        await services.apiTokens.revokeCurrent(request.ctx);
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/api-tokens/:apiTokenId', {
    GET: {
      requires: 'authenticated',
      scope: 'okta.apiTokens.read',
      handler: async (request) => presentApiToken(await services.apiTokens.get(request.ctx, (request.params as { apiTokenId: string }).apiTokenId), originOf(request)),
    },
    DELETE: {
      requires: 'authenticated',
      scope: 'okta.apiTokens.manage',
      handler: async (request, reply) => {
        await services.apiTokens.revoke(request.ctx, (request.params as { apiTokenId: string }).apiTokenId);
        return reply.code(204).send();
      },
    },
  });
}
