import type { EventType } from '../core/event-types.js';
import { userTarget, type EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories } from '../core/ports/store.js';
import type { UserRecord } from '../core/user.js';
import { ApiError } from '../core/errors.js';
import { SESSION_KINDS, TOKEN_KINDS } from '../core/oauth-artifacts.js';
import { transition, type LifecycleOperation, type UserStatus } from '../core/user-status.js';
import { recordEvents, recordFailure } from './record-events.js';
import { resetSignInFailures } from './sign-in.js';
import type { ServiceDeps } from './service-deps.js';
import type { UsersService } from './users.js';

/** What a lifecycle endpoint answers (okta-api.md §6.1). */
export type LifecycleResult =
  | { kind: 'empty' }
  | { kind: 'activation'; activationUrl: string; activationToken: string }
  | { kind: 'resetPassword'; resetPasswordUrl: string }
  | { kind: 'user'; user: UserRecord };

export interface LifecycleOptions {
  sendEmail?: boolean;
  revokeSessions?: boolean;
}

const EVENT_OF: Record<LifecycleOperation, EventType> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  deactivate: 'user.lifecycle.deactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
  unlock: 'user.account.unlock_by_admin',
  reset_password: 'user.account.reset_password',
  expire_password: 'user.account.expire_password',
};

/**
 * Moves users through Okta's status machine (core/user-status.ts). Each move and its LogEvent commit
 * together; a refused move is logged with outcome FAILURE in its own transaction and changes nothing.
 */
export class UserLifecycleService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly users: UsersService,
  ) {}

  async apply(ctx: RequestContext, idOrLogin: string, op: LifecycleOperation, opts: LifecycleOptions = {}): Promise<LifecycleResult> {
    // The user is read and locked inside the transaction that moves it, so two concurrent moves (in this
    // process or another) can never both start from the same status.
    let refused: { user: UserRecord; err: ApiError } | undefined;
    let updated: UserRecord;
    try {
      updated = await this.deps.store.transaction(async (tx) => {
        const user = await this.users.findLocked(ctx, idOrLogin, tx);
        let next: UserStatus;
        try {
          next = transition(user.status, op, user.id, user.passwordHash !== null || user.providerType !== 'OKTA');
        } catch (err) {
          if (err instanceof ApiError) refused = { user, err };
          throw err;
        }
        const now = this.deps.clock.now().toISOString();
        const moved: UserRecord = {
          ...user,
          status: next,
          lastUpdated: now,
          statusChanged: next !== user.status ? now : user.statusChanged,
          activated: op === 'activate' ? now : user.activated,
        };
        await tx.users.update(moved);
        const [event] = await recordEvents(this.deps, tx, ctx, [{ eventType: EVENT_OF[op], targets: [userTarget(moved)] }]);
        const consequences: EventSpec[] = [];
        if (op === 'deactivate') await this.endAccess(tx, moved, event!.uuid, consequences);
        // An unlock starts the failed sign-in count again (the counter would otherwise re-lock at once).
        if (op === 'unlock') await resetSignInFailures(tx, moved.id);
        if (op === 'reset_password' && opts.revokeSessions) await this.clearSessions(tx, moved, consequences);
        if (consequences.length > 0) await recordEvents(this.deps, tx, ctx, consequences);
        return moved;
      });
    } catch (err) {
      // The refused move wrote nothing; its failure is recorded on its own.
      if (refused) {
        await recordFailure(this.deps, ctx, {
          eventType: EVENT_OF[op],
          targets: [userTarget(refused.user)],
          outcome: { result: 'FAILURE', reason: refused.err.causes[0] ?? refused.err.summary },
        });
      }
      throw err;
    }
    return this.result(op, updated, opts);
  }

  /**
   * `DELETE /api/v1/users/{id}`: the first call deactivates, the second (on a DEPROVISIONED user)
   * deletes for good (okta-api.md §6.1, Terraform calls it twice).
   */
  async delete(ctx: RequestContext, idOrLogin: string): Promise<void> {
    const user = await this.users.find(ctx, idOrLogin);
    if (user.status !== 'DEPROVISIONED') {
      await this.apply(ctx, user.id, 'deactivate');
      return;
    }
    await this.deps.store.transaction(async (tx) => {
      // A concurrent DELETE may have finished first: then this one answers 404 and writes nothing.
      await this.users.findLocked(ctx, user.id, tx);
      const specs: EventSpec[] = [];
      await tx.groups.removeUserFromAll(user.id);
      await tx.roles.deleteAllForUser(user.id);
      await tx.sessions.deleteForUser(user.id);
      // Deactivation revoked the tokens already; anything a race left behind goes with the user.
      await tx.oauth.deleteForUser(user.id, [...TOKEN_KINDS, ...SESSION_KINDS]);
      await tx.users.delete(user.id);
      // Okta rewrites the login of a deleted user to `<id>@deleted.invalid` (okta-api.md §5.1).
      const target = userTarget(user);
      specs.push({ eventType: 'user.lifecycle.delete.initiated', targets: [target] });
      specs.push({
        eventType: 'user.account.update_profile',
        targets: [{ ...target, alternateId: `${user.id}@deleted.invalid` }],
        debugData: { changedAttributes: 'login' },
      });
      specs.push({ eventType: 'user.lifecycle.delete.completed', targets: [target] });
      await recordEvents(this.deps, tx, ctx, specs);
    });
  }

  /**
   * `DELETE /api/v1/users/{id}/sessions`: ends the user's Okta sessions and, with `oauthTokens=true`,
   * revokes the OAuth tokens issued to them (okta-api.md §7).
   */
  async clearSessions(tx: Repositories, user: UserRecord, specs: EventSpec[], oauthTokens = false): Promise<void> {
    const ended = await tx.sessions.deleteForUser(user.id);
    // The authorization servers' own sessions end too, so the next /authorize asks for a password.
    await tx.oauth.deleteForUser(user.id, SESSION_KINDS);
    specs.push({ eventType: 'user.session.clear', targets: [userTarget(user)], debugData: { sessionsEnded: String(ended.length) } });
    if (oauthTokens) await this.revokeOAuthTokens(tx, user, specs);
  }

  /** Revokes every access and refresh token, code and grant issued to the user (okta-api.md §11.6). */
  private async revokeOAuthTokens(tx: Repositories, user: UserRecord, specs: EventSpec[], causeUuid?: string): Promise<void> {
    const grantIds = await tx.oauth.deleteForUser(user.id, TOKEN_KINDS);
    // Asked for explicitly (clear sessions), the revocation is logged even when there was nothing to revoke.
    if (causeUuid && grantIds.length === 0) return;
    specs.push({
      eventType: 'app.oauth2.token.revoke.implicit.user',
      targets: [userTarget(user)],
      debugData: { grantIds: grantIds.join(', '), ...(causeUuid ? { causedBy: causeUuid } : {}) },
    });
  }

  async clearSessionsOf(ctx: RequestContext, idOrLogin: string, oauthTokens: boolean): Promise<void> {
    const user = await this.users.find(ctx, idOrLogin);
    await this.deps.store.transaction(async (tx) => {
      const specs: EventSpec[] = [];
      await this.clearSessions(tx, user, specs, oauthTokens);
      await recordEvents(this.deps, tx, ctx, specs);
    });
  }

  /** Deactivation deprovisions: the user's sessions end, and the API tokens they created and the OAuth
   *  tokens issued to them are revoked. */
  private async endAccess(tx: Repositories, user: UserRecord, causeUuid: string, specs: EventSpec[]): Promise<void> {
    await tx.sessions.deleteForUser(user.id);
    await tx.oauth.deleteForUser(user.id, SESSION_KINDS);
    await this.revokeOAuthTokens(tx, user, specs, causeUuid);
    const now = this.deps.clock.now().toISOString();
    for (const token of await tx.apiTokens.listActive(user.id)) {
      // The revocation names the deactivation as its cause (architecture.md "Causal links").
      await tx.apiTokens.revoke(token.id, now, causeUuid);
      specs.push({
        eventType: 'system.api_token.revoke',
        targets: [{ id: token.id, type: 'Token', alternateId: 'unknown', displayName: token.name, detailEntry: null }],
        debugData: { causedBy: causeUuid },
      });
    }
  }

  private result(op: LifecycleOperation, user: UserRecord, opts: LifecycleOptions): LifecycleResult {
    const token = this.deps.ids.secret(20);
    switch (op) {
      case 'activate':
        // sendEmail defaults to true; Keyflow sends no mail, so the link is returned only when asked for.
        if (opts.sendEmail === false) return { kind: 'activation', activationToken: token, activationUrl: `${this.deps.orgUrl}/tokens/${token}/verify` };
        return { kind: 'empty' };
      case 'reactivate':
        return { kind: 'activation', activationToken: token, activationUrl: `${this.deps.orgUrl}/tokens/${token}/verify` };
      case 'reset_password':
        if (opts.sendEmail === false) return { kind: 'resetPassword', resetPasswordUrl: `${this.deps.orgUrl}/signin/reset-password/${token}` };
        return { kind: 'empty' };
      case 'expire_password':
        return { kind: 'user', user };
      default:
        return { kind: 'empty' };
    }
  }
}
