import type { AppRecord } from '../core/apps.js';
import type { OidcClientInput } from '../core/oidc-client.js';
import type { RequestContext } from '../core/principal.js';
import type { UserRecord } from '../core/user.js';
import type { AppGrantsService } from './app-grants.js';
import type { AppUsersService } from './app-users.js';
import type { AppsService } from './apps.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * An OIDC app the org makes for itself (the Keyflow Console's, the Workflows engine's): an ordinary app
 * of the org, remembered by a settings key so that it is found again on every start, and made again if
 * an admin deleted it.
 */
export class OrgOwnedApp {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
    private readonly grants: AppGrantsService,
    private readonly appUsers: AppUsersService,
    private readonly settingsKey: string,
    private readonly scopes: readonly string[],
  ) {}

  /** The app, or undefined when it was never made or an admin deleted it. */
  async find(): Promise<AppRecord | undefined> {
    const id = await this.deps.store.settings.get(this.settingsKey);
    return id === undefined ? undefined : this.deps.store.apps.findById(id);
  }

  /** Makes the app (active), grants it its scopes, assigns `admin` to it and remembers it. */
  async create(ctx: RequestContext, settings: OidcClientInput, admin: UserRecord | undefined): Promise<AppRecord> {
    const app = await this.apps.create(ctx, settings, true);
    for (const scopeId of this.scopes) await this.grants.grant(ctx, app.id, { scopeId, issuer: this.deps.orgUrl });
    if (admin) await this.appUsers.assign(ctx, app.id, { userId: admin.id });
    await this.deps.store.settings.set(this.settingsKey, app.id);
    return app;
  }

  /**
   * Grants the app those of its scopes it lacks: an org made by an older Keyflow gets the scopes a newer
   * one needs (e.g. the console's `okta.appGrants.*` for its Applications pages) at the next start.
   */
  async grantMissingScopes(ctx: RequestContext, app: AppRecord): Promise<void> {
    const granted = new Set((await this.deps.store.apps.listScopeGrants(app.id)).map((g) => g.scopeId));
    for (const scopeId of this.scopes) if (!granted.has(scopeId)) await this.grants.grant(ctx, app.id, { scopeId, issuer: this.deps.orgUrl });
  }
}
