import introspection from 'oidc-provider/lib/actions/introspection.js';
import revocation from 'oidc-provider/lib/actions/revocation.js';
import rejectStructuredTokens from 'oidc-provider/lib/shared/reject_structured_tokens.js';
import { describe, expect, it } from 'vitest';
import { installOpaqueTokenCheck } from '../../src/oauth/opaque-token-check.js';

describe('the structured-token check at introspection and revocation', () => {
  it("takes the place of oidc-provider's in both endpoints", () => {
    expect(installOpaqueTokenCheck()).toBe(true);
    expect(installOpaqueTokenCheck()).toBe(true);
    expect(introspection).not.toContain(rejectStructuredTokens);
    expect(revocation).not.toContain(rejectStructuredTokens);
  });
});
