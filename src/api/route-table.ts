import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { ApiError } from '../core/errors.js';
import type { Requirement } from './authenticate.js';

/** An `okta.<resource>.<read|manage>` scope. */
export type OktaScopeId = `okta.${string}.${'read' | 'manage'}`;

/** Keyflow's own scopes for its extensions (the Workflows API, docs/workflows.md), same read/manage rule. */
export type KeyflowScopeId = `keyflow.${string}.${'read' | 'manage'}`;

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface Endpoint {
  /** What the caller's credential must allow (checked before the handler runs). */
  requires: Requirement;
  /** The OAuth scope a bearer token needs (okta-api.md §11.3); `manage` satisfies `read`. */
  scope: OktaScopeId | KeyflowScopeId;
  handler: Handler;
}

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

declare module 'fastify' {
  interface FastifyContextConfig {
    requires?: Requirement;
    scope?: OktaScopeId | KeyflowScopeId;
  }
}

/**
 * Registers one resource path with its endpoints; every other method on the same path answers Okta's
 * 405 E0000022 instead of a 404, so a client learns the path exists (okta-api.md §10).
 */
export function resource(app: FastifyInstance, url: string, endpoints: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Endpoint>>): void {
  for (const [method, endpoint] of Object.entries(endpoints)) {
    app.route({ method: method as HTTPMethods, url, config: { requires: endpoint.requires, scope: endpoint.scope }, handler: endpoint.handler });
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
