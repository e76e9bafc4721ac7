import { APP_TYPES, TOKEN_AUTH_METHODS, type TokenAuthMethod } from '../../core/apps.js';
import { validationFailed } from '../../core/errors.js';
import type { OidcClientInput } from '../../core/oidc-client.js';
import { checkProperties, emptyObjectOnly, isObject, objectBody, optionalString, requiredString, type Json } from './body-shape.js';

/**
 * The body of `POST /api/v1/apps` and `PUT /api/v1/apps/{id}` for OIDC apps (okta-spec
 * OpenIdConnectApplication), parsed into the domain input. Properties an SDK or Terraform echoes back from
 * a GET are accepted when they hold the value Keyflow returns (or are read-only); settings Keyflow does not
 * implement are refused rather than dropped.
 */

const TOP_LEVEL = ['name', 'label', 'signOnMode', 'credentials', 'settings', 'profile'];
/** Read-only, or display settings of the Okta dashboard tile that has no counterpart here. */
const TOP_LEVEL_ECHOED = ['id', 'status', 'created', 'lastUpdated', 'orn', '_links', '_embedded', 'accessibility', 'visibility', 'features', 'universalLogout', 'licensing', 'expressConfiguration'];
const CREDENTIALS_ECHOED = ['userNameTemplate', 'signing'];
const OAUTH_CREDENTIALS = ['token_endpoint_auth_method', 'client_secret', 'pkce_required', 'client_id'];
const SETTINGS_ECHOED = ['app', 'notifications', 'notes', 'manualProvisioning', 'implicitAssignment', 'emOptInStatus'];
const OAUTH_SETTINGS = [
  'application_type',
  'grant_types',
  'response_types',
  'redirect_uris',
  'post_logout_redirect_uris',
  'initiate_login_uri',
  'logo_uri',
  'client_uri',
  'consent_method',
  'jwks',
];

/** Settings Keyflow has exactly one behaviour for: accepted only with that value. */
const FIXED_SETTINGS: Record<string, { accepts: (v: unknown) => boolean; why: string }> = {
  issuer_mode: { accepts: (v) => v === 'ORG_URL' || v === 'DYNAMIC', why: "the issuer is always the org URL ('ORG_URL')" },
  wildcard_redirect: { accepts: (v) => v === 'DISABLED', why: "wildcard redirect URIs are not supported ('DISABLED')" },
  dpop_bound_access_tokens: { accepts: (v) => v === false, why: 'DPoP-bound access tokens are not supported (false)' },
  participate_slo: { accepts: (v) => v === false, why: 'single logout is not supported (false)' },
  idp_initiated_login: { accepts: (v) => isObject(v) && v.mode === 'DISABLED', why: "IdP-initiated login is not supported (mode 'DISABLED')" },
};

export function parseAppBody(raw: unknown): OidcClientInput {
  const body = objectBody(raw);
  checkProperties(body, '', TOP_LEVEL, TOP_LEVEL_ECHOED);
  const name = optionalString(body, 'name');
  if (name !== undefined && name !== 'oidc_client') throw validationFailed('name', "name: Keyflow supports only OpenID Connect apps (name 'oidc_client')");
  if (requiredString(body, 'signOnMode') !== 'OPENID_CONNECT') throw validationFailed('signOnMode', "signOnMode: Keyflow supports only 'OPENID_CONNECT'");
  emptyObjectOnly(body, 'profile', 'App profiles are not supported');
  const credentials = section(body, 'credentials', CREDENTIALS_ECHOED, ['oauthClient']);
  const oauthCredentials = section(credentials, 'oauthClient', ['autoKeyRotation'], OAUTH_CREDENTIALS, 'credentials.');
  const settings = section(body, 'settings', SETTINGS_ECHOED, ['oauthClient']);
  const oauth = section(settings, 'oauthClient', [], [...OAUTH_SETTINGS, ...Object.keys(FIXED_SETTINGS)], 'settings.');
  if ('jwks_uri' in oauth) throw validationFailed('jwks_uri', 'jwks_uri: Not supported; register the public keys in jwks');
  for (const [key, rule] of Object.entries(FIXED_SETTINGS)) {
    if (oauth[key] !== undefined && !rule.accepts(oauth[key])) throw validationFailed(key, `${key}: Not supported: ${rule.why}`);
  }

  return {
    label: requiredString(body, 'label'),
    applicationType: oneOf(oauth, 'application_type', APP_TYPES, true),
    grantTypes: strings(oauth, 'grant_types') ?? [],
    responseTypes: strings(oauth, 'response_types'),
    redirectUris: strings(oauth, 'redirect_uris') ?? [],
    postLogoutRedirectUris: strings(oauth, 'post_logout_redirect_uris') ?? [],
    initiateLoginUri: optionalString(oauth, 'initiate_login_uri') ?? null,
    logoUri: optionalString(oauth, 'logo_uri') ?? null,
    clientUri: optionalString(oauth, 'client_uri') ?? null,
    consentMethod: oneOf(oauth, 'consent_method', ['REQUIRED', 'TRUSTED'] as const, false),
    tokenEndpointAuthMethod: oneOf<TokenAuthMethod>(oauthCredentials, 'token_endpoint_auth_method', TOKEN_AUTH_METHODS, false),
    pkceRequired: optionalBoolean(oauthCredentials, 'pkce_required'),
    jwks: jwksOf(oauth),
    clientSecret: optionalString(oauthCredentials, 'client_secret'),
    clientId: optionalString(oauthCredentials, 'client_id'),
  };
}

/** A nested object of the body (absent or null reads as empty), checked for unknown properties. */
function section(parent: Json, key: string, echoed: readonly string[], allowed: readonly string[], where = ''): Json {
  const value = parent[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw validationFailed(key, `${where}${key}: Does not match required type: Object`);
  checkProperties(value, `${where}${key}.`, allowed, echoed);
  return value;
}

function oneOf<T extends string>(obj: Json, key: string, values: readonly T[], required: true): T;
function oneOf<T extends string>(obj: Json, key: string, values: readonly T[], required: false): T | undefined;
function oneOf<T extends string>(obj: Json, key: string, values: readonly T[], required: boolean): T | undefined {
  const v = obj[key];
  if ((v === undefined || v === null) && !required) return undefined;
  if (v === undefined || v === null) throw validationFailed(key, `${key}: The field cannot be left blank`);
  if (!(values as readonly unknown[]).includes(v)) throw validationFailed(key, `${key}: Must be one of ${values.join(', ')}`);
  return v as T;
}

function strings(obj: Json, key: string): string[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw validationFailed(key, `${key}: Does not match required type: Array of String`);
  return v as string[];
}

function optionalBoolean(obj: Json, key: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw validationFailed(key, `${key}: Does not match required type: Boolean`);
  return v;
}

function jwksOf(oauth: Json): { keys: unknown[] } | null {
  const v = oauth.jwks;
  if (v === undefined || v === null) return null;
  if (!isObject(v) || !Array.isArray(v.keys)) throw validationFailed('jwks', 'jwks: Must be a JSON Web Key Set ({"keys": [...]})');
  checkProperties(v, 'settings.oauthClient.jwks.', ['keys']);
  return { keys: v.keys };
}
