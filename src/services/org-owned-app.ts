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
    await this.deps.store.settings.set(this.grantedKey, JSON.stringify(this.scopes));
    await this.deps.store.settings.set(this.settingsKey, app.id);
    return app;
  }

  /**
   * Grants the app those of its scopes Keyflow has never granted it: an org made by an older Keyflow gets
   * the scopes a newer one needs (e.g. the console's `okta.appGrants.*` for its Applications pages) at
   * the next start. A scope Keyflow granted once and an admin revoked stays revoked, as it would in Okta:
   * which scopes were granted is kept under `<settings key>.scopesGranted`. An org made before that key
   * existed has every missing scope granted once, then is remembered like any other.
   */
  async grantMissingScopes(ctx: RequestContext, app: AppRecord): Promise<void> {
    const everGranted = parseScopes(await this.deps.store.settings.get(this.grantedKey));
    const granted = new Set((await this.deps.store.apps.listScopeGrants(app.id)).map((g) => g.scopeId));
    for (const scopeId of this.scopes) {
      if (granted.has(scopeId) || everGranted?.has(scopeId)) continue;
      await this.grants.grant(ctx, app.id, { scopeId, issuer: this.deps.orgUrl });
    }
    if (everGranted === null || this.scopes.some((s) => !everGranted.has(s))) {
      await this.deps.store.settings.set(this.grantedKey, JSON.stringify([...new Set([...(everGranted ?? []), ...this.scopes])]));
    }
  }

  /** Where the scopes Keyflow has granted this app are remembered. */
  private get grantedKey(): string {
    return `${this.settingsKey}.scopesGranted`;
  }
}

/** The remembered scopes, or null when none were remembered (or the value is not a list of strings). */
function parseScopes(value: string | undefined): Set<string> | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? new Set(parsed) : null;
  } catch {
    return null;
  }
}
