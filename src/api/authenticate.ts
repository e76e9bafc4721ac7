import type { FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { Permission } from '../core/roles.js';
import { scopeSatisfies } from '../core/scopes.js';
import { bearerChallenge, INSUFFICIENT_SCOPE } from '../core/www-authenticate.js';
import type { Services } from '../services/services.js';

/**
 * What a route needs of its caller. `permission: 'authenticated'` asks only for a valid credential of an
 * admin (API tokens); otherwise the principal's admin roles must include the permission.
 */
export type Requirement = Permission | 'authenticated';

const SSWS = /^SSWS\s+(\S+)\s*$/i;
const BEARER = /^Bearer\s+(\S+)\s*$/i;
const OTHER_TOKEN = /^DPoP\s+\S+/i;

/**
 * Resolves the principal and checks the route's requirement, in Okta's order (okta-api.md §11.7):
 * an unusable credential → 401; a bearer token without the route's scope → 403 `insufficient_scope`;
 * a principal whose admin roles do not allow the action (or who cannot act now, e.g. suspended) → 403
 * E0000006. No or unrecognised credentials are treated by Okta as a cookie-session call: 403 E0000005.
 */
export async function authorize(
  services: Services,
  request: FastifyRequest,
  requirement: Requirement,
  scope: string | undefined,
  orgUrl: string,
): Promise<void> {
  const principal = await resolvePrincipal(services, request);
  request.ctx.principal = principal;
  if (principal.via === 'OAUTH2' && services.workflowsApp.isEngineClient(principal.client?.id)) request.ctx.workflowTrace = workflowTraceOf(request);
  if (principal.scopes !== null && scope && !scopeSatisfies(principal.scopes, scope)) {
    throw new ApiError('E0000006', {
      status: 403,
      headers: {
        'WWW-Authenticate': bearerChallenge(orgUrl, { error: 'insufficient_scope', description: INSUFFICIENT_SCOPE, scope, resource: request.ctx.requestUri }),
        'Access-Control-Expose-Headers': 'WWW-Authenticate',
      },
    });
  }
  if (principal.permissions.size === 0) throw new ApiError('E0000006');
  if (requirement !== 'authenticated' && !principal.permissions.has(requirement)) throw new ApiError('E0000006');
}

const TRACE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The engine's `X-Keyflow-Flow-Id`, `-Execution-Id` and `-Card-Id` headers, when well-formed. */
function workflowTraceOf(request: FastifyRequest): { flowId?: string; executionId?: string; cardId?: string } {
  const pick = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && TRACE_ID.test(value) ? value : undefined;
  };
  const trace: { flowId?: string; executionId?: string; cardId?: string } = {};
  const flowId = pick('x-keyflow-flow-id');
  const executionId = pick('x-keyflow-execution-id');
  const cardId = pick('x-keyflow-card-id');
  if (flowId) trace.flowId = flowId;
  if (executionId) trace.executionId = executionId;
  if (cardId) trace.cardId = cardId;
  return trace;
}

function resolvePrincipal(services: Services, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  const ssws = header ? SSWS.exec(header) : null;
  if (ssws) return services.auth.ssws(request.ctx, ssws[1]!);
  const bearer = header ? BEARER.exec(header) : null;
  if (bearer) return services.auth.bearer(request.ctx, bearer[1]!);
  // Keyflow issues no DPoP-bound tokens, so any DPoP token is unknown to this org.
  if (header && OTHER_TOKEN.test(header)) return services.auth.bearer(request.ctx, '');
  throw new ApiError('E0000005');
}
