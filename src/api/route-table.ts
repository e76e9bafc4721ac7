import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { ApiError } from '../core/errors.js';
import type { Requirement } from './authenticate.js';

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface Endpoint {
  /** What the caller's credential must allow (checked before the handler runs). */
  requires: Requirement;
  handler: Handler;
}

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

declare module 'fastify' {
  interface FastifyContextConfig {
    requires?: Requirement;
  }
}

/**
 * Registers one resource path with its endpoints; every other method on the same path answers Okta's
 * 405 E0000022 instead of a 404, so a client learns the path exists (okta-api.md §10).
 */
export function resource(app: FastifyInstance, url: string, endpoints: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Endpoint>>): void {
  for (const [method, endpoint] of Object.entries(endpoints)) {
    app.route({ method: method as HTTPMethods, url, config: { requires: endpoint.requires }, handler: endpoint.handler });
  }
  const others = METHODS.filter((m) => !(m in endpoints));
  if (others.length > 0) {
    app.route({
      method: others,
      url,
      handler: async () => {
        throw new ApiError('E0000022');
      },
    });
  }
}
