/**
 * The `WWW-Authenticate` challenge Okta sends with bearer-token failures on /api/v1 (okta-api.md §11.8):
 * parameters separated by `", "`, every value double-quoted, `authorization_uri` and `realm` from the
 * org URL. Terraform's SDK splits this header on `", "`, so the format is part of the contract.
 */
export function bearerChallenge(
  orgUrl: string,
  params: { error: 'invalid_token' | 'insufficient_scope' | 'invalid_request'; description: string; scope?: string; resource?: string },
): string {
  const parts = [`authorization_uri="${orgUrl}/oauth2/v1/authorize"`, `realm="${orgUrl}"`];
  if (params.scope) parts.push(`scope="${params.scope}"`);
  parts.push(`error="${params.error}"`, `error_description="${params.description}"`);
  if (params.resource) parts.push(`resource="${params.resource}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** Okta's `invalid_token` descriptions (okta-api.md §11.8). */
export const INVALID_TOKEN = {
  invalid: 'The access token is invalid.',
  expired: 'The token has expired.',
  revoked: 'The access token has been revoked.',
} as const;

export const INSUFFICIENT_SCOPE = 'The access token provided does not contain the required scopes.';
