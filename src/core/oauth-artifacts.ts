/**
 * The oidc-provider models Keyflow stores as OAuth artifacts, named so that services can revoke a
 * user's tokens without knowing oidc-provider. The `default` custom authorization server stores the
 * same models with a `default:` prefix (see src/oauth/adapter.ts).
 */
export const CUSTOM_AS_PREFIX = 'default:';

const TOKEN_MODELS = ['AccessToken', 'ClientCredentials', 'RefreshToken', 'AuthorizationCode', 'Grant'] as const;
const SESSION_MODELS = ['Session'] as const;

const bothServers = (models: readonly string[]): string[] => [...models, ...models.map((m) => CUSTOM_AS_PREFIX + m)];

/** Everything that lets a client act for a user: access and refresh tokens, codes, grants. */
export const TOKEN_KINDS: readonly string[] = bothServers(TOKEN_MODELS);
/** Sign-in sessions of the authorization servers. */
export const SESSION_KINDS: readonly string[] = bothServers(SESSION_MODELS);
