import type { FastifyInstance } from 'fastify';
import type { Permission } from '../../core/roles.js';
import type { LifecycleOperation } from '../../core/user-status.js';
import type { Services } from '../../services/services.js';
import { boolParam, queryOf } from '../parse/query.js';
import { presentUser } from '../presenters/user.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

/** Deactivating or suspending is directory management; unlocking and password resets are help-desk work. */
const REQUIRES: Record<LifecycleOperation, Permission> = {
  activate: 'users.manage',
  reactivate: 'users.manage',
  deactivate: 'users.manage',
  suspend: 'users.manage',
  unsuspend: 'users.manage',
  unlock: 'users.credentials',
  reset_password: 'users.credentials',
  expire_password: 'users.credentials',
};

/** `POST /api/v1/users/{id}/lifecycle/{operation}` (okta-api.md §6.1). */
export function userLifecycleRoutes(app: FastifyInstance, services: Services): void {
  for (const op of Object.keys(REQUIRES) as LifecycleOperation[]) {
    resource(app, `/api/v1/users/:id/lifecycle/${op}`, {
      POST: {
        requires: REQUIRES[op],
        scope: 'okta.users.manage',
        handler: async (request) => {
          const query = queryOf(request.query);
          const sendEmail = query.sendEmail === undefined ? undefined : boolParam(query, 'sendEmail', true);
          const result = await services.lifecycle.apply(request.ctx, (request.params as { id: string }).id, op, {
            ...(sendEmail !== undefined ? { sendEmail } : {}),
            revokeSessions: boolParam(query, 'revokeSessions', false),
          });
          switch (result.kind) {
            case 'empty':
              return {};
            case 'activation':
              return { activationUrl: result.activationUrl, activationToken: result.activationToken };
            case 'resetPassword':
              return { resetPasswordUrl: result.resetPasswordUrl };
            case 'user':
              return presentUser(result.user, originOf(request), true);
          }
        },
      },
    });
  }
}
