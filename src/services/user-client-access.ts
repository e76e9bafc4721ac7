import { TOKEN_KINDS } from '../core/oauth-artifacts.js';
import type { AppRecord, ConsentRecord } from '../core/apps.js';
import { appTarget, userTarget, type EventSpec } from '../core/log-event-builder.js';
import type { Repositories } from '../core/ports/store.js';
import type { UserRecord } from '../core/user.js';

/**
 * Ending what one user holds at one client: their consents and their tokens. Used when the user is
 * unassigned from the app and when an admin revokes the user's grants (okta-api.md §11.6).
 */

/** Revokes the user's codes, tokens and grants at the client (both authorization servers). */
export async function revokeUserTokensAtClient(tx: Repositories, user: UserRecord, app: AppRecord, specs: EventSpec[]): Promise<void> {
  const revoked = await tx.oauth.deleteForUser(user.id, TOKEN_KINDS, app.id);
  if (revoked.length === 0) return;
  specs.push({ eventType: 'app.oauth2.token.revoke.implicit.user', targets: [userTarget(user), appTarget(app)], debugData: { grantIds: revoked.join(', ') } });
}

/** One `app.oauth2.as.consent.revoke` per revoked consent. */
export function consentRevoked(user: UserRecord, app: AppRecord, consent: ConsentRecord): EventSpec {
  return { eventType: 'app.oauth2.as.consent.revoke', targets: [userTarget(user), appTarget(app)], debugData: { scopes: consent.scopeId, consentGrantId: consent.id } };
}

/** Removes the user's consents to the app and revokes their tokens there, recording both. */
export async function endUserAccessAtClient(tx: Repositories, user: UserRecord, app: AppRecord, specs: EventSpec[]): Promise<void> {
  for (const consent of await tx.consents.deleteForUser(user.id, app.id)) specs.push(consentRevoked(user, app, consent));
  await revokeUserTokensAtClient(tx, user, app, specs);
}
