import type { AppRecord, ClientRoleRecord } from '../core/apps.js';
import { ApiError, notFound } from '../core/errors.js';
import { appTarget } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation } from '../core/ports/store.js';
import { ROLE_LABELS, type RoleType } from '../core/roles.js';
import type { AppsService } from './apps.js';
import { recordEvents } from './record-events.js';
import { checkMayHandleRole, privilegeRemoval, type PrivilegeEvents } from './roles.js';
import type { ServiceDeps } from './service-deps.js';

const CLIENT_PRIVILEGE_EVENTS: PrivilegeEvents = { grant: 'app.oauth2.client.privilege.grant', revoke: 'app.oauth2.client.privilege.revoke' };

/**
 * Standard admin roles assigned to service apps (`/oauth2/v1/clients/{clientId}/roles`, okta-api.md
 * §11.2): a client-credentials token acts with them. Only service apps hold roles (400 E0000227), and
 * the same Super-Admin-only rule as for users covers SUPER_ADMIN and ORG_ADMIN.
 */
export class ClientRolesService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
  ) {}

  async assign(ctx: RequestContext, clientId: string, type: RoleType): Promise<ClientRoleRecord> {
    checkMayHandleRole(ctx, type);
    const app = await this.apps.get(clientId);
    if (app.applicationType !== 'service') throw new ApiError('E0000227');
    const now = this.deps.clock.now().toISOString();
    const role: ClientRoleRecord = { id: this.deps.ids.id('clientRole'), clientId: app.id, type, created: now, lastUpdated: now };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.apps.insertClientRole(role);
        await recordEvents(this.deps, tx, ctx, [{ eventType: CLIENT_PRIVILEGE_EVENTS.grant, targets: [appTarget(app)], debugData: { privilegeGranted: ROLE_LABELS[type] } }]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw new ApiError('E0000090');
      throw err;
    }
    return role;
  }

  async list(clientId: string): Promise<ClientRoleRecord[]> {
    const app = await this.apps.get(clientId);
    return this.deps.store.apps.listClientRoles(app.id);
  }

  async get(clientId: string, roleId: string): Promise<ClientRoleRecord> {
    return (await this.find(clientId, roleId)).role;
  }

  async unassign(ctx: RequestContext, clientId: string, roleId: string): Promise<void> {
    const { app, role } = await this.find(clientId, roleId);
    checkMayHandleRole(ctx, role.type);
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.apps.deleteClientRole(app.id, role.id))) throw notFound(roleId, 'RoleAssignment');
      const remaining = await tx.apps.listClientRoles(app.id);
      await recordEvents(this.deps, tx, ctx, [privilegeRemoval(CLIENT_PRIVILEGE_EVENTS, appTarget(app), role.type, remaining.map((r) => r.type))]);
    });
  }

  private async find(clientId: string, roleId: string): Promise<{ app: AppRecord; role: ClientRoleRecord }> {
    const app = await this.apps.get(clientId);
    const role = await this.deps.store.apps.findClientRole(app.id, roleId);
    if (!role) throw notFound(roleId, 'RoleAssignment');
    return { app, role };
  }
}
