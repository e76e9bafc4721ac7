import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventHookRecord } from '../../core/event-hooks.js';
import type { Services } from '../../services/services.js';
import { parseEventHookBody } from '../parse/event-hook-body.js';
import { presentEventHook } from '../presenters/event-hook.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const hookIdOf = (request: FastifyRequest) => (request.params as { eventHookId: string }).eventHookId;

/** Event hooks (okta-api.md §12): CRUD, activate, deactivate and the verification handshake. */
export function eventHookRoutes(app: FastifyInstance, services: Services): void {
  const present = async (hook: EventHookRecord, request: FastifyRequest) => presentEventHook(hook, originOf(request), await services.eventHooks.logHighWater());

  resource(app, '/api/v1/eventHooks', {
    GET: {
      requires: 'eventHooks.read',
      scope: 'okta.eventHooks.read',
      handler: async (request) => {
        const [hooks, highWater] = await Promise.all([services.eventHooks.list(), services.eventHooks.logHighWater()]);
        return hooks.map((hook) => presentEventHook(hook, originOf(request), highWater));
      },
    },
    POST: {
      requires: 'eventHooks.manage',
      scope: 'okta.eventHooks.manage',
      handler: async (request) => present(await services.eventHooks.create(request.ctx, parseEventHookBody(request.body)), request),
    },
  });

  resource(app, '/api/v1/eventHooks/:eventHookId', {
    GET: {
      requires: 'eventHooks.read',
      scope: 'okta.eventHooks.read',
      handler: async (request) => present(await services.eventHooks.get(hookIdOf(request)), request),
    },
    PUT: {
      requires: 'eventHooks.manage',
      scope: 'okta.eventHooks.manage',
      handler: async (request) => present(await services.eventHooks.replace(request.ctx, hookIdOf(request), parseEventHookBody(request.body)), request),
    },
    DELETE: {
      requires: 'eventHooks.manage',
      scope: 'okta.eventHooks.manage',
      handler: async (request, reply) => {
        await services.eventHooks.delete(request.ctx, hookIdOf(request));
        return reply.code(204).send();
      },
    },
  });

  for (const op of ['activate', 'deactivate', 'verify'] as const) {
    resource(app, `/api/v1/eventHooks/:eventHookId/lifecycle/${op}`, {
      POST: {
        requires: 'eventHooks.manage',
        scope: 'okta.eventHooks.manage',
        handler: async (request) => present(await services.eventHooks[op](request.ctx, hookIdOf(request)), request),
      },
    });
  }
}
