import type { AppRecord } from '../core/apps.js';
import type { RequestContext } from '../core/principal.js';
import type { UserRecord } from '../core/user.js';
import { WORKFLOWS_APP_LABEL, WORKFLOWS_CALLBACK_PATH, WORKFLOWS_APP_SCOPES } from '../core/workflows/workflows-app.js';
import type { AppGrantsService } from './app-grants.js';
import type { AppUsersService } from './app-users.js';
import type { AppsService } from './apps.js';
import { OrgOwnedApp } from './org-owned-app.js';
import type { ServiceDeps } from './service-deps.js';

/** Where the org remembers which app is the Workflows engine's OAuth client. */
const APP_ID_KEY = 'workflows.oktaAppId';

/**
 * The org's "Keyflow Workflows" OIDC app: the OAuth client through which the Workflows engine's Okta
 * connections to this org are authorized (Okta's "Okta Workflows OAuth" app, workflows.md §5.1). A web
 * app with the authorization-code and refresh-token grants, consent REQUIRED (the person authorizing a
 * connection sees what it may do), a client secret kept sealed, and the `okta.*` scopes the Okta cards
 * need granted to it. As in Okta, only people assigned to it can authorize a connection; the org's
 * first Super Admin is assigned when the app is made.
 */
export class WorkflowsAppService {
  /** The app's id once known (set by find and ensure), for the per-request check of isEngineClient. */
  private knownId: string | undefined;

  private readonly app: OrgOwnedApp;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly apps: AppsService,
    grants: AppGrantsService,
    appUsers: AppUsersService,
  ) {
    this.app = new OrgOwnedApp(deps, apps, grants, appUsers, APP_ID_KEY, WORKFLOWS_APP_SCOPES);
  }

  /** The redirect URI of connections to this org. */
  get callbackUri(): string {
    return `${this.deps.orgUrl}${WORKFLOWS_CALLBACK_PATH}`;
  }

  /** The app, or undefined when it was never made or an admin deleted it. */
  async find(): Promise<AppRecord | undefined> {
    const app = await this.app.find();
    this.knownId = app?.id;
    return app;
  }

  /**
   * Whether an OAuth client is the Workflows engine's own: only its calls may name the flow, execution
   * and card they come from (docs/workflows.md "Attribution").
   */
  isEngineClient(clientId: string | undefined): boolean {
    return clientId !== undefined && clientId === this.knownId;
  }

  /**
   * Makes the app if it is missing (first start, or deleted by an admin) and keeps its redirect URI on
   * the org's current URL. Safe on every start; `admin` is assigned to a new app.
   */
  async ensure(ctx: RequestContext, admin: UserRecord | undefined): Promise<AppRecord> {
    const existing = await this.find();
    if (existing) {
      this.knownId = existing.id;
      if (!existing.redirectUris.includes(this.callbackUri)) {
        return this.apps.replace(ctx, existing.id, { ...inputOf(existing), redirectUris: [this.callbackUri] });
      }
      return existing;
    }
    const app = await this.app.create(
      ctx,
      {
        label: WORKFLOWS_APP_LABEL,
        applicationType: 'web',
        grantTypes: ['authorization_code', 'refresh_token'],
        responseTypes: ['code'],
        redirectUris: [this.callbackUri],
        postLogoutRedirectUris: [],
        initiateLoginUri: null,
        logoUri: null,
        clientUri: null,
        consentMethod: 'REQUIRED',
        tokenEndpointAuthMethod: 'client_secret_basic',
        pkceRequired: true,
        jwks: null,
        clientSecret: undefined,
        clientId: undefined,
      },
      admin,
    );
    this.knownId = app.id;
    return app;
  }

  /** The app's client secret in clear, for the token requests of connections to this org. */
  clientSecretOf(app: AppRecord): string {
    const secret = this.apps.clientSecretOf(app);
    if (secret === null) throw new Error('the Keyflow Workflows app has no client secret');
    return secret;
  }
}

/** An app's settings as a replace request that changes nothing. */
function inputOf(app: AppRecord) {
  return {
    label: app.label,
    applicationType: app.applicationType,
    grantTypes: app.grantTypes,
    responseTypes: app.responseTypes,
    redirectUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    initiateLoginUri: app.initiateLoginUri,
    logoUri: app.logoUri,
    clientUri: app.clientUri,
    consentMethod: app.consentMethod,
    tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
    pkceRequired: app.pkceRequired,
    jwks: app.jwks,
    clientSecret: undefined,
    clientId: undefined,
  };
}
