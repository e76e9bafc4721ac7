import type { AppRecord } from '../core/apps.js';
import { CONSOLE_APP_LABEL, CONSOLE_APP_SCOPES, CONSOLE_CALLBACK_PATH, CONSOLE_PATH } from '../core/console-app.js';
import type { RequestContext } from '../core/principal.js';
import type { UserRecord } from '../core/user.js';
import type { AppGrantsService } from './app-grants.js';
import type { AppUsersService } from './app-users.js';
import type { AppsService } from './apps.js';
import type { ServiceDeps } from './service-deps.js';

/** Where the org remembers which app is the console's OAuth client. */
const APP_ID_KEY = 'console.oktaAppId';

/**
 * The org's "Keyflow Console" OIDC app (core/console-app.ts): the console at `/console/` signs people in
 * through the org's own authorization server with it, never through a back door. As in Okta, only
 * people assigned to the app can sign in to it; the org's first Super Admin is assigned when the app is
 * made, and other admins are assigned like any app user (`POST /api/v1/apps/{id}/users`).
 */
export class ConsoleAppService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
    private readonly grants: AppGrantsService,
    private readonly appUsers: AppUsersService,
  ) {}

  /** The redirect URI after sign-in. */
  get callbackUri(): string {
    return `${this.deps.orgUrl}${CONSOLE_CALLBACK_PATH}`;
  }

  /** Where RP-initiated logout may send the browser back to: the console's start page. */
  get signedOutUri(): string {
    return `${this.deps.orgUrl}${CONSOLE_PATH}`;
  }

  /** The app, or undefined when it was never made or an admin deleted it. */
  async find(): Promise<AppRecord | undefined> {
    const id = await this.deps.store.settings.get(APP_ID_KEY);
    return id === undefined ? undefined : this.deps.store.apps.findById(id);
  }

  /**
   * Makes the app if it is missing (first start, or deleted by an admin) and keeps its redirect URIs on
   * the org's current URL. Safe on every start; `admin` is assigned to a new app.
   */
  async ensure(ctx: RequestContext, admin: UserRecord | undefined): Promise<AppRecord> {
    const existing = await this.find();
    if (existing) {
      if (!existing.redirectUris.includes(this.callbackUri) || !existing.postLogoutRedirectUris.includes(this.signedOutUri)) {
        return this.apps.replace(ctx, existing.id, { ...this.settings(), label: existing.label, consentMethod: existing.consentMethod });
      }
      return existing;
    }
    const app = await this.apps.create(ctx, this.settings(), true);
    for (const scopeId of CONSOLE_APP_SCOPES) await this.grants.grant(ctx, app.id, { scopeId, issuer: this.deps.orgUrl });
    if (admin) await this.appUsers.assign(ctx, app.id, { userId: admin.id });
    await this.deps.store.settings.set(APP_ID_KEY, app.id);
    return app;
  }

  /** A browser app: public client, code flow with PKCE, no refresh tokens (a console session ends with the tab). */
  private settings() {
    return {
      label: CONSOLE_APP_LABEL,
      applicationType: 'browser' as const,
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      redirectUris: [this.callbackUri],
      postLogoutRedirectUris: [this.signedOutUri],
      initiateLoginUri: null,
      logoUri: null,
      clientUri: null,
      consentMethod: 'TRUSTED' as const,
      tokenEndpointAuthMethod: 'none' as const,
      pkceRequired: true,
      jwks: null,
      clientSecret: undefined,
      clientId: undefined,
    };
  }
}
