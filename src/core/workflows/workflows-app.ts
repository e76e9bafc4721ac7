/**
 * The Workflows engine's OAuth client in this org (Okta's "Okta Workflows OAuth" app, workflows.md §5.1)
 * and what its connections ask for.
 */
export const WORKFLOWS_APP_LABEL = 'Keyflow Workflows';

/** Where the org authorization server sends the browser back after consent (Okta: `/oauth/okta/cb`). */
export const WORKFLOWS_CALLBACK_PATH = '/workflows/oauth/okta/cb';

/**
 * The `okta.*` scopes granted to the app when Keyflow makes it: everything the Okta cards need
 * (workflows.md §5.2), read and manage for users and groups, the System Log, apps (read, for app events)
 * and event hooks (event triggers register one through the connection).
 */
export const WORKFLOWS_APP_SCOPES = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.apps.read',
  'okta.logs.read',
  'okta.eventHooks.read',
  'okta.eventHooks.manage',
] as const;

/** Scopes every Okta connection asks for besides its `okta.*` ones (workflows.md §5.2, §6.2). */
export const CONNECTION_BASE_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** A connection's default request: the base scopes and every scope granted to the app. */
export const DEFAULT_CONNECTION_SCOPES: readonly string[] = [...CONNECTION_BASE_SCOPES, ...WORKFLOWS_APP_SCOPES];

/** What `client.userAgent.rawUserAgent` says on every call the engine makes (Okta Workflows: `Azuqua`). */
export const DEFAULT_WORKFLOWS_USER_AGENT = 'Azuqua';
