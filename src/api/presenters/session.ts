import type { SessionRecord } from '../../core/records.js';

/** Okta's Session object (okta-spec Session); `idp.id` is the org's id for Okta sessions. */
export function presentSession(session: SessionRecord, orgId: string, origin: string) {
  const self = `${origin}/api/v1/sessions/${session.id}`;
  return {
    id: session.id,
    userId: session.userId,
    login: session.login,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    status: session.status,
    // Okta leaves out the verifications that never happened (no MFA yet in Keyflow).
    ...(session.lastPasswordVerification ? { lastPasswordVerification: session.lastPasswordVerification } : {}),
    ...(session.lastFactorVerification ? { lastFactorVerification: session.lastFactorVerification } : {}),
    amr: session.amr,
    idp: { id: orgId, type: session.idpType },
    mfaActive: false,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${self}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { name: session.login, href: `${origin}/api/v1/users/${session.userId}`, hints: { allow: ['GET'] } },
    },
  };
}
