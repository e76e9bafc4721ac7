import type { AppRecord, AppScopeGrantRecord, GrantCreator } from '../core/apps.js';
import { notFound, validationFailed } from '../core/errors.js';
import { appTarget } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation } from '../core/ports/store.js';
import { isKnownScope, isManagementScope } from '../core/scopes.js';
import type { AppsService } from './apps.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * The `okta.*` scopes an admin has granted an app (`/api/v1/apps/{id}/grants`, okta-api.md §11.2): the
 * org authorization server issues an Okta scope to the app only if it is in this collection.
 */
export class AppGrantsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
  ) {}

  /**
   * `scopeId` must be one of Okta's published `okta.*` scopes and `issuer` the org authorization
   * server's issuer (the org URL). A scope already granted is refused with 400 E0000001.
   */
  async grant(ctx: RequestContext, appId: string, input: { scopeId: string; issuer: string }): Promise<{ app: AppRecord; grant: AppScopeGrantRecord }> {
    const app = await this.apps.get(appId);
    if (!isManagementScope(input.scopeId) || !isKnownScope(input.scopeId)) throw validationFailed('scopeId', `scopeId: '${input.scopeId}' is not an Okta API scope`);
    if (input.issuer.replace(/\/+$/, '') !== this.deps.orgUrl) throw validationFailed('issuer', `issuer: must be the org authorization server's issuer, ${this.deps.orgUrl}`);
    const now = this.deps.clock.now().toISOString();
    const grant: AppScopeGrantRecord = {
      id: this.deps.ids.id('scopeGrant'),
      appId: app.id,
      scopeId: input.scopeId,
      issuer: this.deps.orgUrl,
      created: now,
      lastUpdated: now,
      createdBy: creatorOf(ctx),
    };
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.apps.insertScopeGrant(grant);
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'app.oauth2.admin.consent.grant', targets: [appTarget(app)], debugData: { scopes: grant.scopeId } }]);
      });
    } catch (err) {
      if (err instanceof UniqueViolation) throw validationFailed('scopeId', `scopeId: '${input.scopeId}' is already granted to this app`);
      throw err;
    }
    return { app, grant };
  }

  async list(appId: string): Promise<{ app: AppRecord; grants: AppScopeGrantRecord[] }> {
    const app = await this.apps.get(appId);
    return { app, grants: await this.deps.store.apps.listScopeGrants(app.id) };
  }

  async get(appId: string, grantId: string): Promise<{ app: AppRecord; grant: AppScopeGrantRecord }> {
    const app = await this.apps.get(appId);
    const grant = await this.deps.store.apps.findScopeGrant(app.id, grantId);
    if (!grant) throw notFound(grantId, 'OAuth2ScopeConsentGrant');
    return { app, grant };
  }

  /** Tokens already issued keep their scopes until they expire (okta-api.md §11.6 leaves this open); new ones lack it. */
  async revoke(ctx: RequestContext, appId: string, grantId: string): Promise<void> {
    const { app, grant } = await this.get(appId, grantId);
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.apps.deleteScopeGrant(app.id, grant.id))) throw notFound(grantId, 'OAuth2ScopeConsentGrant');
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'app.oauth2.admin.consent.revoke', targets: [appTarget(app)], debugData: { scopes: grant.scopeId } }]);
    });
  }
}

/** Okta's OAuth2Actor: the admin who granted, or the app whose token did. */
function creatorOf(ctx: RequestContext): GrantCreator {
  const principal = ctx.principal;
  if (principal?.user) return { id: principal.user.id, type: 'User' };
  if (principal?.client) return { id: principal.client.id, type: 'App' };
  return { id: 'system@okta.com', type: 'App' };
}
