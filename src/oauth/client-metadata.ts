import type { AdapterPayload } from 'oidc-provider';
import type { AppRecord, AppScopeGrantRecord } from '../core/apps.js';
import type { SecretBox } from '../core/ports/secrets.js';
import type { Repositories } from '../core/ports/store.js';
import { OIDC_SCOPE_IDS } from '../core/scopes.js';


/**
 * An app as oidc-provider client metadata. An inactive app is no client at all, so every endpoint
 * refuses it at once (`invalid_client`). The allowed `scope` is the OIDC scopes plus the app's granted
 * `okta.*` scopes: oidc-provider refuses anything else, which Keyflow reports as Okta's `consent_required`.
 */
export async function clientMetadata(app: AppRecord, repos: Repositories, secrets: SecretBox, server: 'org' | 'default'): Promise<AdapterPayload | undefined> {
  if (app.status !== 'ACTIVE') return undefined;
  // okta.* scopes exist only on the org AS; the default custom AS knows the OIDC scopes alone.
  const grants = server === 'org' ? await repos.apps.listScopeGrants(app.id) : undefined;
  // The app and its grants are read on every request; while both are the frozen records of rows still
  // served from memory (store/hot-query.ts mapOnce), the metadata built from them is the same too.
  const kept = built.get(app);
  if (kept !== undefined && kept.server === server && kept.grants === grants) return kept.metadata;
  const metadata = Object.freeze(build(app, grants?.map((g) => g.scopeId) ?? [], secrets, server));
  if (Object.isFrozen(app) && (grants === undefined || Object.isFrozen(grants))) built.set(app, { server, grants, metadata });
  return metadata;
}

const built = new WeakMap<AppRecord, { server: 'org' | 'default'; grants: readonly AppScopeGrantRecord[] | undefined; metadata: AdapterPayload }>();

function build(app: AppRecord, granted: string[], secrets: SecretBox, server: 'org' | 'default'): AdapterPayload {
  // The org AS accepts client credentials only from service apps authenticating with private_key_jwt
  // (okta-api.md §11.2); other clients lose the grant type here and get Okta's invalid_client for it.
  const clientCredentialsAllowed = server === 'org' && app.applicationType === 'service' && app.tokenEndpointAuthMethod === 'private_key_jwt';
  const grantTypes = app.grantTypes.filter((g) => g !== 'client_credentials' || clientCredentialsAllowed);
  return {
    client_id: app.id,
    client_name: app.label,
    ...(app.clientSecretSealed ? { client_secret: openSecret(app.clientSecretSealed, secrets) } : {}),
    application_type: app.applicationType === 'native' ? 'native' : 'web',
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: grantTypes,
    // Okta gives service apps response_types ["token"]; they never use /authorize, so oidc-provider gets none.
    response_types: (app.applicationType === 'service' ? [] : app.responseTypes) as AdapterPayload['response_types'],
    pkce_required: app.pkceRequired,
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    ...(app.jwks ? { jwks: app.jwks as AdapterPayload['jwks'] } : {}),
    ...(app.logoUri ? { logo_uri: app.logoUri } : {}),
    ...(app.clientUri ? { client_uri: app.clientUri } : {}),
    ...(app.initiateLoginUri ? { initiate_login_uri: app.initiateLoginUri } : {}),
    // OIDC scopes for every app; `okta.*` scopes only once granted to the app (okta-api.md §11.2).
    scope: [...OIDC_SCOPE_IDS, ...granted].join(' '),
  };
}

/**
 * Client secrets opened once per sealed value: a sealed value never changes (a new secret is a new
 * value), and every token request of a confidential client needs its secret.
 */
const opened = new Map<string, string>();
const OPENED_KEPT = 1000;

function openSecret(sealed: string, secrets: SecretBox): string {
  let plain = opened.get(sealed);
  if (plain === undefined) {
    if (opened.size >= OPENED_KEPT) opened.clear();
    plain = secrets.open(sealed);
    opened.set(sealed, plain);
  }
  return plain;
}
