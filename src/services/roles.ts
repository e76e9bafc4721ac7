import { ApiError, notFound } from '../core/errors.js';
import { userTarget } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation } from '../core/ports/store.js';
import type { RoleAssignmentRecord } from '../core/records.js';
import { isPrivilegedRole, ROLE_LABELS, type RoleType } from '../core/roles.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';
import type { UsersService } from './users.js';

/**
 * Standard admin role assignments on users (okta-api.md §9). Only a Super Admin may grant or remove
 * SUPER_ADMIN and ORG_ADMIN. Events: `user.account.privilege.grant` whenever a user's privileges change
 * ("A User's admin privileges changed", per the catalogue), `user.account.privilege.revoke` when the
 * last one goes.
 */
export class RolesService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly users: UsersService,
  ) {}

  async assign(ctx: RequestContext, idOrLogin: string, type: RoleType): Promise<RoleAssignmentRecord> {
    this.checkMayHandle(ctx, type);
    const user = await this.users.find(ctx, idOrLogin);
    const now = this.deps.clock.now().toISOString();
    const assignment: RoleAssignmentRecord = { id: this.deps.ids.id('roleAssignment'), userId: user.id, type, status: 'ACTIVE', created: now, lastUpdated: now };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.roles.insert(assignment);
        await recordEvents(this.deps, tx, ctx, [
          { eventType: 'user.account.privilege.grant', targets: [userTarget(user)], debugData: { privilegeGranted: ROLE_LABELS[type] } },
        ]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw new ApiError('E0000090');
      throw err;
    }
    return assignment;
  }

  async list(ctx: RequestContext, idOrLogin: string): Promise<RoleAssignmentRecord[]> {
    const user = await this.users.find(ctx, idOrLogin);
    return this.deps.store.roles.listForUser(user.id);
  }

  async get(ctx: RequestContext, idOrLogin: string, assignmentId: string): Promise<RoleAssignmentRecord> {
    const user = await this.users.find(ctx, idOrLogin);
    const assignment = await this.deps.store.roles.findById(assignmentId);
    if (!assignment || assignment.userId !== user.id) throw notFound(assignmentId, 'RoleAssignment');
    return assignment;
  }

  async unassign(ctx: RequestContext, idOrLogin: string, assignmentId: string): Promise<void> {
    const assignment = await this.get(ctx, idOrLogin, assignmentId);
    this.checkMayHandle(ctx, assignment.type);
    const user = await this.users.find(ctx, assignment.userId);
    await this.deps.store.transaction(async (tx) => {
      await tx.roles.delete(assignment.id);
      const remaining = await tx.roles.listForUser(user.id);
      const label = ROLE_LABELS[assignment.type];
      await recordEvents(this.deps, tx, ctx, [
        remaining.length === 0
          ? { eventType: 'user.account.privilege.revoke', targets: [userTarget(user)], debugData: { privilegeRevoked: label } }
          : {
              eventType: 'user.account.privilege.grant',
              targets: [userTarget(user)],
              debugData: { privilegeRevoked: label, privilegeGranted: remaining.map((r) => ROLE_LABELS[r.type]).join(', ') },
            },
      ]);
    });
  }

  private checkMayHandle(ctx: RequestContext, type: RoleType): void {
    // Set-up jobs (first start, `keyflow init`) run with no principal and create the first Super Admin.
    const trustedJob = ctx.transactionType === 'JOB' && ctx.principal === null;
    if (isPrivilegedRole(type) && !trustedJob && !ctx.principal?.permissions.has('roles.manage.super')) throw new ApiError('E0000006');
  }
}
