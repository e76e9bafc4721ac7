import type { AppRecord } from '../core/apps.js';
import { CONSOLE_APP_LABEL, CONSOLE_APP_SCOPES, CONSOLE_CALLBACK_PATH, CONSOLE_PATH } from '../core/console-app.js';
import type { RequestContext } from '../core/principal.js';
import type { UserRecord } from '../core/user.js';
import type { AppGrantsService } from './app-grants.js';
import type { AppUsersService } from './app-users.js';
import type { AppsService } from './apps.js';
import { OrgOwnedApp } from './org-owned-app.js';
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
  private readonly app: OrgOwnedApp;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
    grants: AppGrantsService,
    appUsers: AppUsersService,
  ) {
    this.app = new OrgOwnedApp(deps, apps, grants, appUsers, APP_ID_KEY, CONSOLE_APP_SCOPES);
  }

  /** The redirect URI after sign-in. */
  get callbackUri(): string {
    return `${this.deps.orgUrl}${CONSOLE_CALLBACK_PATH}`;
  }

  /** Where RP-initiated logout may send the browser back to: the console's start page. */
  get signedOutUri(): string {
    return `${this.deps.orgUrl}${CONSOLE_PATH}`;
  }

  /** The app, or undefined when it was never made or an admin deleted it. */
  find(): Promise<AppRecord | undefined> {
    return this.app.find();
  }

  /**
   * Makes the app if it is missing (first start, or deleted by an admin), grants it any console scope it
   * lacks, and keeps its redirect URIs on the org's current URL. Safe on every start; `admin` is
   * assigned to a new app.
   */
  async ensure(ctx: RequestContext, admin: UserRecord | undefined): Promise<AppRecord> {
    const existing = await this.find();
    if (existing) {
      await this.app.grantMissingScopes(ctx, existing);
      if (!existing.redirectUris.includes(this.callbackUri) || !existing.postLogoutRedirectUris.includes(this.signedOutUri)) {
        return this.apps.replace(ctx, existing.id, { ...this.settings(), label: existing.label, consentMethod: existing.consentMethod });
      }
      return existing;
    }
    return this.app.create(ctx, this.settings(), admin);
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
