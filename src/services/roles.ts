import { ApiError, notFound } from '../core/errors.js';
import type { EventType } from '../core/event-types.js';
import { userTarget, type EventSpec } from '../core/log-event-builder.js';
import type { LogTarget } from '../core/log-event.js';
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
    checkMayHandleRole(ctx, type);
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
    checkMayHandleRole(ctx, assignment.type);
    const user = await this.users.find(ctx, assignment.userId);
    await this.deps.store.transaction(async (tx) => {
      await tx.roles.delete(assignment.id);
      const remaining = await tx.roles.listForUser(user.id);
      await recordEvents(this.deps, tx, ctx, [
        privilegeRemoval(USER_PRIVILEGE_EVENTS, userTarget(user), assignment.type, remaining.map((r) => r.type)),
      ]);
    });
  }
}

/** The events that record a change of an admin's privileges: a user's, or a service app's. */
export interface PrivilegeEvents {
  grant: EventType;
  revoke: EventType;
}

const USER_PRIVILEGE_EVENTS: PrivilegeEvents = { grant: 'user.account.privilege.grant', revoke: 'user.account.privilege.revoke' };

/**
 * The event of a removed role: `revoke` once no privilege is left, else `grant` listing what remains
 * (the catalogue fires the grant event "whenever privileges change").
 */
export function privilegeRemoval(events: PrivilegeEvents, target: LogTarget, removed: RoleType, remaining: readonly RoleType[]): EventSpec {
  const label = ROLE_LABELS[removed];
  if (remaining.length === 0) return { eventType: events.revoke, targets: [target], debugData: { privilegeRevoked: label } };
  return { eventType: events.grant, targets: [target], debugData: { privilegeRevoked: label, privilegeGranted: remaining.map((r) => ROLE_LABELS[r]).join(', ') } };
}

/** Only a Super Admin may grant or remove SUPER_ADMIN and ORG_ADMIN, to users and apps alike. */
export function checkMayHandleRole(ctx: RequestContext, type: RoleType): void {
  // Set-up jobs (first start, `keyflow init`) run with no principal and create the first Super Admin.
  const trustedJob = ctx.transactionType === 'JOB' && ctx.principal === null;
  if (isPrivilegedRole(type) && !trustedJob && !ctx.principal?.permissions.has('roles.manage.super')) throw new ApiError('E0000006');
}
