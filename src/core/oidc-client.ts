import type { AppRecord, AppType, TokenAuthMethod } from './apps.js';
import { validationFailed } from './errors.js';

/**
 * The rules an OIDC app's OAuth settings must satisfy (okta-api.md §11.2; the app-type table of
 * `POST /oauth2/v1/clients` in shared/okta-spec/oauth-minimal.yaml). Keyflow's org authorization server
 * serves the authorization-code, refresh-token and client-credentials grants only, so the implicit,
 * password, device, token-exchange, SAML-bearer and Okta MFA grants Okta lists are refused, not stored.
 */

/** What a create or replace asks for, parsed at the edge; undefined means "not given". */
export interface OidcClientInput {
  label: string;
  applicationType: AppType;
  grantTypes: string[];
  responseTypes: string[] | undefined;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  initiateLoginUri: string | null;
  logoUri: string | null;
  clientUri: string | null;
  consentMethod: AppRecord['consentMethod'] | undefined;
  tokenEndpointAuthMethod: TokenAuthMethod | undefined;
  pkceRequired: boolean | undefined;
  jwks: { keys: unknown[] } | null;
  /** A client secret the caller chose (Okta lets the Apps API set one). */
  clientSecret: string | undefined;
  /** `credentials.oauthClient.client_id` as sent: Keyflow's client id is always the app id. */
  clientId: string | undefined;
}

/** The settled OAuth settings of an app: every AppRecord field but identity, status and secret. */
export type OidcClientSettings = Omit<AppRecord, 'id' | 'status' | 'created' | 'lastUpdated' | 'clientSecretSealed'>;

interface TypeRule {
  grants: readonly string[];
  /** The grant every app of the type must have. */
  required: string;
  authMethods: readonly TokenAuthMethod[];
  defaultAuth: TokenAuthMethod;
}

/** Browser and native apps are public clients (PKCE, no secret); service apps only use client credentials. */
const TYPE_RULES: Record<AppType, TypeRule> = {
  web: {
    grants: ['authorization_code', 'refresh_token', 'client_credentials'],
    required: 'authorization_code',
    authMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
    defaultAuth: 'client_secret_basic',
  },
  native: { grants: ['authorization_code', 'refresh_token'], required: 'authorization_code', authMethods: ['none'], defaultAuth: 'none' },
  browser: { grants: ['authorization_code', 'refresh_token'], required: 'authorization_code', authMethods: ['none'], defaultAuth: 'none' },
  service: { grants: ['client_credentials'], required: 'client_credentials', authMethods: ['client_secret_basic', 'private_key_jwt'], defaultAuth: 'client_secret_basic' },
};

const SUPPORTED_GRANTS = new Set(Object.values(TYPE_RULES).flatMap((r) => r.grants));

/** RFC 7518 §6.2.2, §6.3.2 and the symmetric `k` (§6.4.1): members that only private keys have. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const EC_CURVES = ['P-256', 'P-384', 'P-521'];
/** Schemes that run code or read local files are never redirect targets, whatever the app type. */
const UNSAFE_SCHEMES = ['javascript:', 'data:', 'vbscript:', 'file:'];

/** `Api validation failed: <field>` with the cause `<field>: <message>`. */
function invalid(field: string, message: string): never {
  throw validationFailed(field, `${field}: ${message}`);
}

/** Whether the token endpoint authenticates the client with a shared secret (Keyflow then keeps one). */
export function usesClientSecret(method: TokenAuthMethod): boolean {
  return method.startsWith('client_secret_');
}

/**
 * Checks an app's requested OAuth settings against its type and fills Okta's defaults
 * (`consent_method` TRUSTED for the Apps API, `pkce_required` true for public clients).
 * Throws 400 E0000001 naming the first property at fault.
 */
export function settleOidcClient(input: OidcClientInput): OidcClientSettings {
  const rule = TYPE_RULES[input.applicationType];
  const grantTypes = checkGrantTypes(input.grantTypes, input.applicationType, rule);
  const responseTypes = checkResponseTypes(input.responseTypes, grantTypes);
  const authCode = grantTypes.includes('authorization_code');
  if (authCode && input.redirectUris.length === 0) invalid('redirect_uris', 'At least one redirect URI is required for the authorization_code grant type');
  for (const uri of input.redirectUris) checkRedirectUri('redirect_uris', uri, input.applicationType);
  for (const uri of input.postLogoutRedirectUris) checkRedirectUri('post_logout_redirect_uris', uri, input.applicationType);
  for (const [field, uri] of [['initiate_login_uri', input.initiateLoginUri], ['logo_uri', input.logoUri], ['client_uri', input.clientUri]] as const) {
    if (uri !== null) checkWebUrl(field, uri);
  }

  const method = input.tokenEndpointAuthMethod ?? rule.defaultAuth;
  if (!rule.authMethods.includes(method)) {
    invalid('token_endpoint_auth_method', `'${method}' is not valid for a '${input.applicationType}' app; use ${rule.authMethods.map((m) => `'${m}'`).join(' or ')}`);
  }
  // okta-spec ApplicationCredentialsOAuthClient.pkce_required: "If token_endpoint_auth_method is none, then pkce_required must be true".
  if (method === 'none' && input.pkceRequired === false) invalid('pkce_required', "must be true when token_endpoint_auth_method is 'none'");
  if (input.clientSecret !== undefined) checkClientSecret(input.clientSecret, method);
  const jwks = input.jwks === null ? null : { keys: input.jwks.keys.map((key, i) => checkPublicJwk(key, i)) };
  if (method === 'private_key_jwt' && (jwks === null || jwks.keys.length === 0)) invalid('jwks', "At least one public key is required for the 'private_key_jwt' method");

  return {
    label: input.label,
    applicationType: input.applicationType,
    grantTypes,
    responseTypes,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris,
    initiateLoginUri: input.initiateLoginUri,
    logoUri: input.logoUri,
    clientUri: input.clientUri,
    consentMethod: input.consentMethod ?? 'TRUSTED',
    tokenEndpointAuthMethod: method,
    pkceRequired: input.pkceRequired ?? method === 'none',
    jwks,
  };
}

function checkGrantTypes(grants: string[], type: AppType, rule: TypeRule): string[] {
  if (grants.length === 0) invalid('grant_types', 'The field cannot be left blank');
  for (const grant of grants) {
    if (!SUPPORTED_GRANTS.has(grant)) invalid('grant_types', `'${grant}' is not supported by Keyflow's authorization server`);
    if (!rule.grants.includes(grant)) invalid('grant_types', `'${grant}' is not valid for a '${type}' app`);
  }
  if (!grants.includes(rule.required)) invalid('grant_types', `A '${type}' app must have the '${rule.required}' grant type`);
  return [...new Set(grants)];
}

/** `code` goes with the authorization-code grant; `token` and `id_token` would need the implicit grant,
 *  except Okta's `["token"]` on a client-credentials-only service app, which is kept as Okta shows it. */
function checkResponseTypes(requested: string[] | undefined, grants: string[]): string[] {
  const authCode = grants.includes('authorization_code');
  if (requested === undefined) return authCode ? ['code'] : [];
  for (const type of requested) {
    // Okta creates service apps with response_types ["token"] beside the client_credentials grant.
    if (type === 'token' && grants.length === 1 && grants[0] === 'client_credentials') continue;
    if (type === 'token' || type === 'id_token') invalid('response_types', `'${type}' needs the implicit grant, which Keyflow does not support`);
    if (type !== 'code') invalid('response_types', `'${type}' is not a valid response type`);
    if (!authCode) invalid('response_types', "'code' needs the authorization_code grant type");
  }
  if (authCode && !requested.includes('code')) invalid('response_types', "must include 'code' for the authorization_code grant type");
  return [...new Set(requested)];
}

/**
 * Redirect URIs are absolute and carry no fragment (RFC 6749 §3.1.2) and no wildcard (Okta's
 * `wildcard_redirect: DISABLED`). Web and browser apps redirect over http(s); native apps may use a
 * private-use scheme (RFC 8252 §7.1). Plain http stays allowed, as in Okta.
 */
function checkRedirectUri(field: string, uri: string, type: AppType): void {
  const url = absoluteUrl(uri);
  if (!url) invalid(field, `'${uri}' must be an absolute URI`);
  if (uri.includes('#')) invalid(field, `'${uri}' must not contain a fragment`);
  if (uri.includes('*')) invalid(field, `'${uri}' must not contain a wildcard`);
  if (UNSAFE_SCHEMES.includes(url.protocol)) invalid(field, `'${uri}' uses a scheme that is never allowed`);
  if (type !== 'native' && url.protocol !== 'https:' && url.protocol !== 'http:') invalid(field, `'${uri}' must use http or https`);
}

function checkWebUrl(field: string, uri: string): void {
  const url = absoluteUrl(uri);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) invalid(field, `'${uri}' must be an absolute http or https URL`);
  if (uri.length > 1024) invalid(field, 'must be at most 1024 characters');
}

function absoluteUrl(uri: string): URL | undefined {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) return undefined;
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/** okta-spec ApplicationCredentialsOAuthClient.client_secret: 14 to 100 characters. */
function checkClientSecret(secret: string, method: TokenAuthMethod): void {
  if (!usesClientSecret(method)) invalid('client_secret', `A client secret is not used with token_endpoint_auth_method '${method}'`);
  if (secret.length < 14 || secret.length > 100) invalid('client_secret', 'must be between 14 and 100 characters');
  if (!/^[\x21-\x7e]+$/.test(secret)) invalid('client_secret', 'must be printable ASCII without spaces');
}

/** A public RSA or EC signing key; a key with any private member is refused, never stored. */
function checkPublicJwk(key: unknown, index: number): Record<string, unknown> {
  const field = `jwks.keys[${index}]`;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) invalid(field, 'must be a JSON Web Key object');
  const jwk = key as Record<string, unknown>;
  const secretMember = PRIVATE_JWK_MEMBERS.find((m) => m in jwk);
  if (secretMember !== undefined) invalid(field, `must be a public key; it contains the private member '${secretMember}'`);
  const strings = (...members: string[]) => members.every((m) => typeof jwk[m] === 'string' && jwk[m] !== '');
  if (jwk.kty === 'RSA') {
    if (!strings('n', 'e')) invalid(field, "an RSA key needs 'n' and 'e'");
  } else if (jwk.kty === 'EC') {
    if (!strings('x', 'y') || !EC_CURVES.includes(String(jwk.crv))) invalid(field, `an EC key needs 'x', 'y' and 'crv' (${EC_CURVES.join(', ')})`);
  } else {
    invalid(field, "kty must be 'RSA' or 'EC'");
  }
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') invalid(field, 'kid must be a string');
  if (jwk.use !== undefined && jwk.use !== 'sig') invalid(field, "use must be 'sig'");
  return jwk;
}
