import { isManagementScope } from '../core/scopes.js';

/**
 * oidc-provider's error descriptions rewritten to Okta's exact `error` / `error_description` strings
 * (okta-api.md §11.5, ../okta-spec/oauth2-error-codes.json), so clients that match on them behave as
 * against Okta. Unknown combinations keep oidc-provider's wording.
 */
export interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

export function toOktaError(
  body: OAuthErrorBody,
  context: { grantType?: string; scope?: string; applicationType?: string; detail?: string },
): OAuthErrorBody & { status?: number } {
  // oidc-provider puts the specific reason (PKCE, redirect_uri, replay) in the error's detail.
  const description = `${body.error_description ?? ''} ${context.detail ?? ''}`;
  if (body.error === 'invalid_request' && /grant type is not allowed/i.test(description)) {
    return toOktaError({ error: 'unauthorized_client' }, context);
  }
  switch (body.error) {
    case 'invalid_grant':
      if (/PKCE|code_verifier/i.test(description)) return { error: 'invalid_grant', error_description: 'PKCE verification failed.' };
      if (/redirect_uri/i.test(description)) {
        return { error: 'invalid_grant', error_description: "The 'redirect_uri' does not match the redirection URI used in the authorization request." };
      }
      if (context.grantType === 'refresh_token') return { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };
      return { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' };
    case 'invalid_client':
      if (/no client authentication mechanism provided/i.test(description)) return { error: 'invalid_client', error_description: 'No client credentials found.' };
      if (/audience \(aud\)/i.test(description)) {
        return { error: 'invalid_client', error_description: 'The audience claim for client_assertion must be the endpoint invoked for the request.' };
      }
      if (/expired/i.test(description) && /assertion|jwt/i.test(description)) return { error: 'invalid_client', error_description: 'The client_assertion token is expired.' };
      return { error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.' };
    case 'invalid_scope':
      // oidc-provider refuses a scope outside the client's allowed list; for okta.* scopes that list is
      // the app's grants, and Okta's answer to an ungranted org scope is consent_required.
      if (/not allowed/i.test(description) && context.scope !== undefined && isManagementScope(context.scope)) {
        return { error: 'consent_required', error_description: 'You are not allowed any of the requested scopes.' };
      }
      return { error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.' };
    case 'unauthorized_client':
      if (context.grantType === 'client_credentials') {
        return context.applicationType === 'service'
          ? { error: 'invalid_client', status: 401, error_description: 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.' }
          : { error: 'invalid_client', status: 401, error_description: "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server." };
      }
      return { error: 'unauthorized_client', error_description: `The client is not authorized to use the provided grant type. Configured grant types: [${context.grantType ?? ''}].` };
    case 'unsupported_grant_type':
      return { error: 'unsupported_grant_type', error_description: `The authorization grant type is not supported by the authorization server. Configured grant types: [authorization_code, client_credentials, refresh_token].` };
    case 'access_denied':
      if (description.startsWith('User is not assigned to the client application.')) return { error: 'access_denied', error_description: 'User is not assigned to the client application.' };
      return { error: 'access_denied', error_description: 'The resource owner or authorization server denied the request.' };
    default:
      return body;
  }
}
