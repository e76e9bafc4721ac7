import type { FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';
import type { Permission } from '../core/roles.js';
import type { Services } from '../services/services.js';

/**
 * What a route needs of its caller. `permission: 'authenticated'` asks only for a valid credential of an
 * admin (API tokens); otherwise the principal's admin roles must include the permission.
 */
export type Requirement = Permission | 'authenticated';

const SSWS = /^SSWS\s+(\S+)\s*$/i;
const BEARER = /^(Bearer|DPoP)\s+\S+/i;

/**
 * Resolves the principal and checks the route's requirement (architecture.md request path).
 * No or unrecognised credentials are treated by Okta as a cookie-session call: 403 E0000005. Bearer tokens
 * are accepted once the org authorization server exists; until then every bearer token is unknown to
 * this org, so it gets the 401 `invalid_token` answer of okta-api.md §11.7–§11.8.
 */
export async function authorize(services: Services, request: FastifyRequest, requirement: Requirement, orgUrl: string): Promise<void> {
  const header = request.headers.authorization;
  const ssws = header ? SSWS.exec(header) : null;
  if (ssws) {
    request.ctx.principal = await services.auth.ssws(request.ctx, ssws[1]!);
  } else if (header && BEARER.test(header)) {
    throw new ApiError('E0000011', {
      headers: {
        'WWW-Authenticate': `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", error="invalid_token", error_description="The access token is invalid."`,
        'Access-Control-Expose-Headers': 'WWW-Authenticate',
      },
    });
  } else {
    throw new ApiError('E0000005');
  }
  if (requirement !== 'authenticated' && !request.ctx.principal.permissions.has(requirement)) throw new ApiError('E0000006');
}
