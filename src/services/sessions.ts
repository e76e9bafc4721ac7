import { notFound } from '../core/errors.js';
import { userTarget } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { SessionRecord } from '../core/records.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Okta sessions by id (okta-api.md §7): created by the hosted sign-in page, read, refreshed and revoked
 * here. A revoked or expired session no longer signs the browser in: `/authorize` asks for a password.
 */
export class SessionsService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(id: string): Promise<SessionRecord> {
    const session = await this.deps.store.sessions.findById(id);
    if (!session || !this.live(session)) throw notFound(id, 'Session');
    return session;
  }

  /** Extends the session by the sign-in session lifetime from now. */
  async refresh(id: string): Promise<SessionRecord> {
    const session = await this.get(id);
    const expiresAt = new Date(this.deps.clock.now().getTime() + this.deps.signInPolicy.sessionSeconds * 1000).toISOString();
    if (!(await this.deps.store.sessions.extend(id, expiresAt))) throw notFound(id, 'Session');
    return { ...session, expiresAt };
  }

  /** Ends the session (`user.session.end`, the session's user as target, the caller as actor). */
  async revoke(ctx: RequestContext, id: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const session = await tx.sessions.findById(id);
      if (!session || !(await tx.sessions.delete(id))) throw notFound(id, 'Session');
      const user = await tx.users.findById(session.userId);
      await recordEvents(this.deps, tx, ctx, [
        { eventType: 'user.session.end', targets: user ? [userTarget(user)] : [], debugData: { sessionId: id, revokedBy: 'admin' } },
      ]);
    });
  }

  private live(session: SessionRecord): boolean {
    return session.expiresAt > this.deps.clock.now().toISOString();
  }
}
