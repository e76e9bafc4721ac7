import type { AppRecord, ConsentRecord } from '../core/apps.js';
import { ApiError, notFound, validationFailed } from '../core/errors.js';
import { appTarget, userActor, userTarget, type EventSpec } from '../core/log-event-builder.js';
import { settleOidcClient, usesClientSecret, type OidcClientInput, type OidcClientSettings } from '../core/oidc-client.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation, type AppListQuery, type Page, type Repositories } from '../core/ports/store.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Settings whose change invalidates the client's tokens (okta-api.md §11.6: "Client config changed →
 * implicit revocation"). Label, logo, links and consent wording change nothing a token relies on.
 */
const TOKEN_BEARING: readonly (keyof OidcClientSettings)[] = ['grantTypes', 'responseTypes', 'redirectUris', 'tokenEndpointAuthMethod', 'pkceRequired', 'jwks'];

/**
 * OIDC apps (okta-api.md §11; Okta's Apps API with `name: oidc_client`). The app id is the OAuth client
 * id. Client secrets are stored sealed and opened only to be shown to an admin, as Okta shows them.
 * Every change logs both Okta's app event (`application.lifecycle.*`) and its OAuth-client event
 * (`app.oauth2.client.lifecycle.*`); deactivation revokes the client's tokens for good.
 */
export class AppsService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(ctx: RequestContext, input: OidcClientInput, activate: boolean): Promise<AppRecord> {
    if (input.clientId !== undefined) throw validationFailed('client_id', 'client_id: Keyflow uses the app id as the client id; a custom client_id is not supported');
    const settings = settleOidcClient(input);
    const now = this.deps.clock.now().toISOString();
    const app: AppRecord = {
      id: this.deps.ids.id('app'),
      status: activate ? 'ACTIVE' : 'INACTIVE',
      created: now,
      lastUpdated: now,
      ...settings,
      clientSecretSealed: this.sealedSecret(settings, input.clientSecret, null),
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.apps.insert(app);
      const specs = lifecycleEvents(app, 'create');
      if (activate) specs.push(...lifecycleEvents(app, 'activate'));
      await recordEvents(this.deps, tx, ctx, specs);
    });
    return app;
  }

  async get(id: string, repos: Repositories = this.deps.store): Promise<AppRecord> {
    const app = await repos.apps.findById(id);
    if (!app) throw notFound(id, 'AppInstance');
    return app;
  }

  list(query: AppListQuery): Promise<Page<AppRecord>> {
    return this.deps.store.apps.list(query);
  }

  /** The client secret in clear, for the admin who reads the app (null when the app has none). */
  clientSecretOf(app: AppRecord): string | null {
    return app.clientSecretSealed === null ? null : this.deps.secrets.open(app.clientSecretSealed);
  }

  /**
   * `PUT /api/v1/apps/{id}`: the settings become exactly what was sent. The secret is kept unless the
   * caller sends another or the new method needs none; `application_type` cannot change.
   */
  async replace(ctx: RequestContext, id: string, input: OidcClientInput): Promise<AppRecord> {
    const before = await this.get(id);
    if (input.clientId !== undefined && input.clientId !== before.id) throw validationFailed('client_id', 'client_id: The client id of an app cannot be changed');
    if (input.applicationType !== before.applicationType) throw validationFailed('application_type', 'application_type: The application type of an app cannot be changed');
    const settings = settleOidcClient(input);
    const after: AppRecord = {
      ...before,
      ...settings,
      lastUpdated: this.deps.clock.now().toISOString(),
      clientSecretSealed: this.sealedSecret(settings, input.clientSecret, before),
    };
    const secretChanged = after.clientSecretSealed !== before.clientSecretSealed;
    const configChanged = secretChanged || TOKEN_BEARING.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await this.deps.store.transaction(async (tx) => {
      await tx.apps.update(after);
      const specs = lifecycleEvents(after, 'update');
      if (configChanged) await revokeClientTokens(tx, after, specs);
      await recordEvents(this.deps, tx, ctx, specs);
    });
    return after;
  }

  /** Activating an active app is a no-op, as is deactivating an inactive one. */
  async activate(ctx: RequestContext, id: string): Promise<void> {
    await this.setStatus(ctx, id, 'ACTIVE');
  }

  /** Deactivation revokes every token of the client; reactivation does not bring them back (§11.6). */
  async deactivate(ctx: RequestContext, id: string): Promise<void> {
    await this.setStatus(ctx, id, 'INACTIVE');
  }

  /** Only an INACTIVE app can be deleted (403 E0000056 otherwise); its assignments, grants and roles go with it. */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    const app = await this.get(id);
    if (app.status !== 'INACTIVE') throw new ApiError('E0000056', { causes: ['The app must be deactivated before it can be deleted'] });
    await this.deps.store.transaction(async (tx) => {
      await tx.oauth.deleteForClient(app.id);
      await tx.apps.delete(app.id);
      await recordEvents(this.deps, tx, ctx, lifecycleEvents(app, 'delete'));
    });
  }

  /** The scopes `userId` has consented to for `clientId` (the consent page asks only for the others). */
  async consentsOf(userId: string, clientId: string): Promise<string[]> {
    return (await this.deps.store.consents.listForUser(userId, clientId)).map((c) => c.scopeId);
  }

  /**
   * Records the scopes a user just approved on the consent page: inserts those not consented to yet and
   * logs one `app.oauth2.consent.grant` naming them (debugData `grantedScopes`). Nothing new: nothing written.
   */
  async recordConsent(ctx: RequestContext, userId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    const user = await this.deps.store.users.findById(userId);
    if (!user) throw notFound(userId, 'User');
    const app = await this.get(clientId);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const held = new Set((await tx.consents.listForUser(user.id, app.id)).map((c) => c.scopeId));
      const added: string[] = [];
      for (const scopeId of new Set(scopes)) {
        if (held.has(scopeId)) continue;
        const consent: ConsentRecord = { id: this.deps.ids.id('scopeGrant'), userId: user.id, clientId: app.id, scopeId, issuer: this.deps.orgUrl, created: now, lastUpdated: now };
        try {
          await tx.consents.insert(consent);
          added.push(scopeId);
        } catch (err) {
          // A concurrent consent page recorded it first: it is held either way.
          if (!(err instanceof UniqueViolation)) throw err;
        }
      }
      if (added.length === 0) return;
      // The consenting user acts here (the consent page has no API principal).
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'app.oauth2.consent.grant', actor: userActor(user), clientId: app.id, targets: [userTarget(user), appTarget(app)], debugData: { grantedScopes: added.join(' ') } }]);
    });
  }

  private async setStatus(ctx: RequestContext, id: string, status: AppRecord['status']): Promise<void> {
    const app = await this.get(id);
    if (app.status === status) return;
    const changed: AppRecord = { ...app, status, lastUpdated: this.deps.clock.now().toISOString() };
    await this.deps.store.transaction(async (tx) => {
      await tx.apps.update(changed);
      const specs = lifecycleEvents(changed, status === 'ACTIVE' ? 'activate' : 'deactivate');
      if (status === 'INACTIVE') await revokeClientTokens(tx, changed, specs);
      await recordEvents(this.deps, tx, ctx, specs);
    });
  }

  /** A secret for the client_secret_* methods: the one asked for, else the one kept, else a new one. */
  private sealedSecret(settings: OidcClientSettings, requested: string | undefined, before: AppRecord | null): string | null {
    if (!usesClientSecret(settings.tokenEndpointAuthMethod)) return null;
    if (requested !== undefined) {
      const current = before && this.clientSecretOf(before);
      return requested === current ? before!.clientSecretSealed : this.deps.secrets.seal(requested);
    }
    return before?.clientSecretSealed ?? this.deps.secrets.seal(this.deps.ids.secret(40));
  }
}

type Lifecycle = 'create' | 'update' | 'activate' | 'deactivate' | 'delete';

/** Okta logs an OIDC app's lifecycle twice: as an app instance and as an OAuth client. */
function lifecycleEvents(app: AppRecord, step: Lifecycle): EventSpec[] {
  const targets = [appTarget(app)];
  return [
    { eventType: `application.lifecycle.${step}`, targets },
    { eventType: `app.oauth2.client.lifecycle.${step}`, targets },
  ];
}

/** Deletes the client's codes, tokens and grants; logs `app.oauth2.token.revoke.implicit.client` if any existed. */
async function revokeClientTokens(tx: Repositories, app: AppRecord, specs: EventSpec[]): Promise<void> {
  const revoked = await tx.oauth.deleteForClient(app.id);
  if (revoked > 0) specs.push({ eventType: 'app.oauth2.token.revoke.implicit.client', targets: [appTarget(app)], debugData: { revokedCount: String(revoked) } });
}
