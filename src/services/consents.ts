import type { AppRecord, ConsentRecord } from '../core/apps.js';
import { notFound } from '../core/errors.js';
import type { EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { UserRecord } from '../core/user.js';
import type { AppsService } from './apps.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';
import { consentRevoked, revokeUserTokensAtClient } from './user-client-access.js';
import type { UsersService } from './users.js';

/**
 * The scopes users consented to on the consent page (Okta's User Grants API, source END_USER; the page
 * records them with AppsService.recordConsent). Revoking a consent also revokes the user's tokens at
 * that client, so the next sign-in asks again.
 */
export class ConsentsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly users: UsersService,
    private readonly apps: AppsService,
  ) {}

  /** `GET /api/v1/users/{id}/grants[?scopeId=]` and `/users/{id}/clients/{clientId}/grants`. */
  async list(ctx: RequestContext, userIdOrLogin: string, filter: { scopeId?: string; clientId?: string } = {}): Promise<ConsentRecord[]> {
    const user = await this.users.find(ctx, userIdOrLogin);
    const clientId = filter.clientId === undefined ? undefined : (await this.apps.get(filter.clientId)).id;
    const consents = await this.deps.store.consents.listForUser(user.id, clientId);
    return filter.scopeId === undefined ? consents : consents.filter((c) => c.scopeId === filter.scopeId);
  }

  async get(ctx: RequestContext, userIdOrLogin: string, grantId: string): Promise<ConsentRecord> {
    const user = await this.users.find(ctx, userIdOrLogin);
    const consent = await this.deps.store.consents.findById(grantId);
    if (!consent || consent.userId !== user.id) throw notFound(grantId, 'OAuth2ScopeConsentGrant');
    return consent;
  }

  /** `GET /api/v1/users/{id}/clients`: the apps the user has consented to, in client-id order. */
  async clientsOf(ctx: RequestContext, userIdOrLogin: string): Promise<{ user: UserRecord; apps: AppRecord[] }> {
    const user = await this.users.find(ctx, userIdOrLogin);
    const consents = await this.deps.store.consents.listForUser(user.id);
    const clientIds = [...new Set(consents.map((c) => c.clientId))];
    return { user, apps: await Promise.all(clientIds.map((id) => this.apps.get(id))) };
  }

  async revoke(ctx: RequestContext, userIdOrLogin: string, grantId: string): Promise<void> {
    const consent = await this.get(ctx, userIdOrLogin, grantId);
    const user = await this.users.find(ctx, consent.userId);
    const app = await this.apps.get(consent.clientId);
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.consents.delete(consent.id))) throw notFound(grantId, 'OAuth2ScopeConsentGrant');
      const specs = [consentRevoked(user, app, consent)];
      await revokeUserTokensAtClient(tx, user, app, specs);
      await recordEvents(this.deps, tx, ctx, specs);
    });
  }

  /**
   * Revokes all the user's consents (to one client when given) and the user's tokens at those clients;
   * for one client the tokens go even when no consent was held.
   */
  async revokeAll(ctx: RequestContext, userIdOrLogin: string, clientId?: string): Promise<void> {
    const user = await this.users.find(ctx, userIdOrLogin);
    const only = clientId === undefined ? undefined : await this.apps.get(clientId);
    await this.deps.store.transaction(async (tx) => {
      const revoked = await tx.consents.deleteForUser(user.id, only?.id);
      const specs: EventSpec[] = [];
      const clientIds = only ? [only.id] : [...new Set(revoked.map((c) => c.clientId))];
      for (const id of clientIds) {
        const app = only ?? (await this.apps.get(id, tx));
        for (const consent of revoked.filter((c) => c.clientId === id)) specs.push(consentRevoked(user, app, consent));
        await revokeUserTokensAtClient(tx, user, app, specs);
      }
      if (specs.length > 0) await recordEvents(this.deps, tx, ctx, specs);
    });
  }
}
