/**
 * The admin console's OAuth client in this org: the "Keyflow Console" OIDC app through which a person
 * signs in to `/console/` (issue 6; docs/console.md). A browser app: public (no secret), authorization
 * code with PKCE required (RFC 7636; OAuth 2.0 for Browser-Based Apps §6), trusted by the org so no
 * consent page comes between an admin and their console, as with Okta's own Admin Console.
 */
export const CONSOLE_APP_LABEL = 'Keyflow Console';

/** Where the console is served. */
export const CONSOLE_PATH = '/console/';

/** Where the authorization server sends the browser back with the code. */
export const CONSOLE_CALLBACK_PATH = '/console/callback';

/**
 * The scopes granted to the app when Keyflow makes it: read and manage for everything the console shows
 * or changes (users, groups, apps and the scopes granted to them, admin roles, API tokens, event hooks),
 * the System Log, and the
 * Workflows console's own scope. What a token may actually do is still bounded by the signed-in
 * person's admin roles (okta-api.md §2.4).
 */
export const CONSOLE_APP_SCOPES = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.appGrants.read',
  'okta.appGrants.manage',
  'okta.logs.read',
  'okta.roles.read',
  'okta.roles.manage',
  'okta.apiTokens.read',
  'okta.apiTokens.manage',
  'okta.eventHooks.read',
  'okta.eventHooks.manage',
  'keyflow.workflows.manage',
] as const;

/** What the console asks for at sign-in: OpenID Connect (an ID token, for RP-initiated logout) and every granted scope. */
export const CONSOLE_REQUEST_SCOPES: readonly string[] = ['openid', 'profile', 'email', ...CONSOLE_APP_SCOPES];
