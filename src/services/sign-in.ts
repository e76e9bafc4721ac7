import { ApiError } from '../core/errors.js';
import { userActor, userTarget, type EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories } from '../core/ports/store.js';
import type { SessionRecord } from '../core/records.js';
import type { UserRecord } from '../core/user.js';
import { recordEvents, recordFailure } from './record-events.js';
import type { ServiceDeps, SignInPolicy } from './service-deps.js';
import type { UsersService } from './users.js';

export type SignInResult =
  | { ok: true; user: UserRecord; session: SessionRecord }
  | { ok: false; reason: 'INVALID_CREDENTIALS' | 'LOCKED_OUT' | 'PASSWORD_EXPIRED' };

/** Failed sign-ins in a row are counted in the org settings (also reset by an admin unlock). */
const failureKey = (userId: string) => `signin.failures.${userId}`;

/** Starts the failed sign-in count again (an admin unlock; the count would otherwise re-lock at once). */
export function resetSignInFailures(tx: Repositories, userId: string): Promise<void> {
  return tx.settings.set(failureKey(userId), '0');
}

/**
 * The hosted sign-in page's use case: checks a password, counts failures up to a lockout (Okta's
 * password policy: status LOCKED_OUT and `user.account.lock`), and on success starts a real session,
 * the one `DELETE /api/v1/users/{id}/sessions` ends. Every attempt lands in the System Log as
 * `user.session.start` with outcome SUCCESS or FAILURE and Okta's reason.
 */
export class SignInService {
  /** A hash of a random string, verified when the login is unknown or cannot sign in, so that such an
   *  attempt costs the same time as a wrong password (no user enumeration by timing). */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly users: UsersService,
    private readonly policy: SignInPolicy,
  ) {}

  /** `clientId`: the app whose authorization request the sign-in is for (recorded as `client.id`). */
  async signIn(ctx: RequestContext, login: string, password: string, clientId?: string): Promise<SignInResult> {
    const forClient = clientId ? { clientId } : {};
    const user = await this.users.find(ctx, login.trim()).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    });
    if (!user || user.passwordHash === null || !SIGN_IN_STATUSES.has(user.status)) {
      this.decoy ??= this.deps.passwords.hash(this.deps.ids.secret(32));
      await this.deps.passwords.verify(await this.decoy, password);
      const reason = user?.status === 'LOCKED_OUT' ? 'LOCKED_OUT' : 'INVALID_CREDENTIALS';
      await this.refuse(ctx, login, user, reason, forClient);
      return { ok: false, reason };
    }
    // Hash outside the transaction: never hold a database lock for the ~20 ms argon2id takes.
    const matches = await this.deps.passwords.verify(user.passwordHash, password);
    if (!matches) return this.countFailure(ctx, user, forClient);
    if (user.status === 'PASSWORD_EXPIRED') {
      await this.refuse(ctx, login, user, 'PASSWORD_EXPIRED', forClient);
      return { ok: false, reason: 'PASSWORD_EXPIRED' };
    }
    return this.startSession(ctx, user, forClient);
  }

  /**
   * Ends one session (RP-initiated sign-out) inside the caller's transaction; returns whether it ended.
   * With `onlyForUserId`, a session of anyone else is left alone.
   */
  async endSessionIn(tx: Repositories, ctx: RequestContext, sessionId: string, clientId?: string, onlyForUserId?: string): Promise<boolean> {
    const session = await tx.sessions.findById(sessionId);
    if (!session) return false;
    if (onlyForUserId !== undefined && session.userId !== onlyForUserId) return false;
    await tx.sessions.delete(sessionId);
    const user = await tx.users.findById(session.userId);
    if (user) {
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'user.session.end', actor: userActor(user), targets: [userTarget(user)], debugData: { sessionId }, ...(clientId ? { clientId } : {}) }]);
    }
    return true;
  }

  private async startSession(ctx: RequestContext, found: UserRecord, forClient: { clientId?: string }): Promise<SignInResult> {
    return this.deps.store.transaction(async (tx) => {
      const user = (await tx.users.lockById(found.id)) ?? found;
      const now = this.deps.clock.now();
      const session: SessionRecord = {
        id: this.deps.ids.id('session'),
        userId: user.id,
        login: String(user.profile.login),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.policy.sessionSeconds * 1000).toISOString(),
        status: 'ACTIVE',
        lastPasswordVerification: now.toISOString(),
        lastFactorVerification: null,
        amr: ['pwd'],
        idpType: 'OKTA',
      };
      await tx.sessions.insert(session);
      const updated: UserRecord = { ...user, lastLogin: now.toISOString() };
      await tx.users.update(updated);
      await resetSignInFailures(tx, user.id);
      await recordEvents(this.deps, tx, ctx, [
        { eventType: 'policy.evaluate_sign_on', actor: userActor(user), outcome: { result: 'ALLOW' }, targets: [userTarget(user)], ...forClient },
        { eventType: 'user.session.start', actor: userActor(user), targets: [userTarget(user)], debugData: { sessionId: session.id }, ...forClient },
      ]);
      return { ok: true as const, user: updated, session };
    });
  }

  private async countFailure(ctx: RequestContext, found: UserRecord, forClient: { clientId?: string }): Promise<SignInResult> {
    const locked = await this.deps.store.transaction(async (tx) => {
      const user = (await tx.users.lockById(found.id)) ?? found;
      const failures = Number((await tx.settings.get(failureKey(user.id))) ?? '0') + 1;
      await tx.settings.set(failureKey(user.id), String(failures));
      const specs: EventSpec[] = [
        { eventType: 'user.session.start', actor: userActor(user), targets: [userTarget(user)], outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, ...forClient },
      ];
      const lockNow = this.policy.lockoutAttempts > 0 && failures >= this.policy.lockoutAttempts && user.status === 'ACTIVE';
      if (lockNow) {
        const now = this.deps.clock.now().toISOString();
        await tx.users.update({ ...user, status: 'LOCKED_OUT', statusChanged: now, lastUpdated: now });
        specs.push({ eventType: 'user.account.lock', actor: userActor(user), targets: [userTarget(user)], debugData: { failedAttempts: String(failures) }, ...forClient });
      }
      await recordEvents(this.deps, tx, ctx, specs);
      return lockNow;
    });
    return { ok: false, reason: locked ? 'LOCKED_OUT' : 'INVALID_CREDENTIALS' };
  }

  private async refuse(ctx: RequestContext, login: string, user: UserRecord | undefined, reason: string, forClient: { clientId?: string }): Promise<void> {
    const actor = user
      ? userActor(user)
      : { id: 'unknown', type: 'User', alternateId: login.slice(0, 100), displayName: 'unknown', detailEntry: null };
    await recordFailure(this.deps, ctx, {
      eventType: 'user.session.start',
      actor,
      ...(user ? { targets: [userTarget(user)] } : {}),
      outcome: { result: 'FAILURE', reason },
      ...forClient,
    });
  }
}

/** Statuses whose password is checked (PASSWORD_EXPIRED is then told so and refused: Keyflow has no
 *  change-password page yet). LOCKED_OUT and every other status is refused without a check. */
const SIGN_IN_STATUSES = new Set<UserRecord['status']>(['ACTIVE', 'PASSWORD_EXPIRED']);
