import type { KoaContextWithOIDC } from 'oidc-provider';
import introspection from 'oidc-provider/lib/actions/introspection.js';
import revocation from 'oidc-provider/lib/actions/revocation.js';
import rejectStructuredTokens from 'oidc-provider/lib/shared/reject_structured_tokens.js';

type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

/**
 * oidc-provider refuses JWTs at introspection and revocation (`rejectStructuredTokens`) by decoding a JWS
 * header from every token presented. Keyflow's tokens are opaque, so for each of them jose threw a
 * TypeError that was caught at once, and the exception's stack trace was ~3% of an introspection.
 *
 * jose's `decodeProtectedHeader` throws for every string that is not three or five dot-separated parts
 * (a JWS or JWE compact serialisation), so such a token cannot be refused as structured; this skips the
 * attempt for those alone. Every other token still goes through oidc-provider's own check, unchanged.
 */
async function rejectStructuredTokensOfJwtShape(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  const token: unknown = ctx.oidc.params?.token;
  if (typeof token === 'string') {
    const dots = token.split('.').length - 1;
    if (dots !== 2 && dots !== 4) return next();
  }
  return rejectStructuredTokens(ctx, next);
}

/**
 * Puts the check above in place of oidc-provider's in the introspection and revocation endpoints; must
 * run before a Provider is constructed (it spreads these arrays into its router). Returns whether both
 * were found (tested, so an oidc-provider upgrade that moves them is noticed).
 */
export function installOpaqueTokenCheck(): boolean {
  return ([introspection, revocation] as Middleware[][]).every((endpoint) => {
    const at = endpoint.indexOf(rejectStructuredTokens as Middleware);
    if (at >= 0) endpoint[at] = rejectStructuredTokensOfJwtShape;
    return endpoint.includes(rejectStructuredTokensOfJwtShape);
  });
}
