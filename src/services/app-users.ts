import type { AppRecord, AppUserRecord } from '../core/apps.js';
import { ApiError, notFound, validationFailed } from '../core/errors.js';
import { appTarget, userTarget, type EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation, type Page } from '../core/ports/store.js';
import type { UserRecord } from '../core/user.js';
import type { AppsService } from './apps.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';
import { endUserAccessAtClient } from './user-client-access.js';
import type { UsersService } from './users.js';

/** An assignment with its user, which the AppUser shape is drawn from. */
export interface AppUser {
  assignment: AppUserRecord;
  user: UserRecord;
}

/**
 * Direct user assignments to apps (Okta's Application Users API, scope USER). The org authorization
 * server lets only assigned users sign in to an app (okta-api.md §11.2, `user_not_assigned`).
 */
export class AppUsersService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
    private readonly users: UsersService,
  ) {}

  /**
   * 409 E0000062 when already assigned; 403 E0000117 for a deactivated user. The app username is the
   * Okta login (`${source.login}`): a different `userName` is refused, not stored.
   */
  async assign(ctx: RequestContext, appId: string, input: { userId: string; userName?: string }): Promise<AppUser> {
    const app = await this.apps.get(appId);
    const user = await this.users.find(ctx, input.userId);
    if (user.status === 'DEPROVISIONED') throw new ApiError('E0000117');
    if (input.userName !== undefined && input.userName.toLowerCase() !== String(user.profile.login).toLowerCase()) {
      throw validationFailed('userName', "credentials.userName: The app username is the user's Okta login; another username is not supported");
    }
    const now = this.deps.clock.now().toISOString();
    const assignment: AppUserRecord = { appId: app.id, userId: user.id, created: now, lastUpdated: now };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.apps.assignUser(assignment);
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'application.user_membership.add', targets: [userTarget(user), appTarget(app)] }]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw new ApiError('E0000062');
      throw err;
    }
    return { assignment, user };
  }

  async list(ctx: RequestContext, appId: string, limit: number, after?: string): Promise<Page<AppUser>> {
    const app = await this.apps.get(appId);
    const page = await this.deps.store.apps.listAssignments(app.id, limit, after);
    const items = await Promise.all(page.items.map(async (assignment) => ({ assignment, user: await this.users.find(ctx, assignment.userId) })));
    return { items, next: page.next };
  }

  async get(ctx: RequestContext, appId: string, userIdOrLogin: string): Promise<AppUser> {
    return (await this.find(ctx, appId, userIdOrLogin)).appUser;
  }

  /** Unassigning also withdraws the user's consents to the app and revokes their tokens there (§11.6). */
  async unassign(ctx: RequestContext, appId: string, userIdOrLogin: string): Promise<void> {
    const { app, appUser } = await this.find(ctx, appId, userIdOrLogin);
    const { user } = appUser;
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.apps.unassignUser(app.id, user.id))) throw notFound(user.id, 'AppUser');
      const specs: EventSpec[] = [{ eventType: 'application.user_membership.remove', targets: [userTarget(user), appTarget(app)] }];
      await endUserAccessAtClient(tx, user, app, specs);
      await recordEvents(this.deps, tx, ctx, specs);
    });
  }

  private async find(ctx: RequestContext, appId: string, userIdOrLogin: string): Promise<{ app: AppRecord; appUser: AppUser }> {
    const app = await this.apps.get(appId);
    const user = await this.users.find(ctx, userIdOrLogin).catch((err: unknown) => {
      throw err instanceof ApiError && err.code === 'E0000007' ? notFound(userIdOrLogin, 'AppUser') : err;
    });
    const assignment = await this.deps.store.apps.findAssignment(app.id, user.id);
    if (!assignment) throw notFound(userIdOrLogin, 'AppUser');
    return { app, appUser: { assignment, user } };
  }
}
