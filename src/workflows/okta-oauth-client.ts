import * as oidc from 'openid-client';
import type { ConnectionTokens } from '../core/workflows/connection.js';
import type { Clock } from '../core/clock.js';

/** An OAuth client at one org: where it is, who it is, and the secret it authenticates with. */
export interface OrgClient {
  orgUrl: string;
  clientId: string;
  clientSecret: string;
}

/** What the org answered when it refused a token request (openid-client's ResponseBodyError). */
export class TokenEndpointRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${status} ${error}: ${description}`);
  }
}

/**
 * The org gave no usable answer to an OAuth request — the connection failed (refused, reset, DNS), the
 * request timed out, or the org answered 5xx. Nothing was refused: whoever asked may try again later.
 */
export class OrgNotAnswering extends Error {
  constructor(cause: unknown) {
    super(describeFailure(cause), { cause });
    this.name = 'OrgNotAnswering';
  }
}

/** How long a discovered configuration is reused before the org's metadata is read again. */
const DISCOVERY_TTL_MS = 10 * 60_000;

/**
 * The engine's side of the authorization-code flow with PKCE, refresh and revocation, all done by
 * openid-client 6 (architecture.md: never hand-roll OAuth). Plain http is allowed only for loopback
 * org URLs and for this org's own URL, so a client secret never travels in clear to another host.
 */
export class OktaOAuthClient {
  private readonly configurations = new Map<string, { config: oidc.Configuration; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly selfOrgUrl: string,
  ) {}

  /** Whether Keyflow may talk OAuth to `orgUrl` at all (https, or http to loopback or itself). */
  static allowsOrgUrl(orgUrl: string, selfOrgUrl: string): boolean {
    const url = new URL(orgUrl);
    if (url.protocol === 'https:') return true;
    if (url.protocol !== 'http:') return false;
    return url.origin === new URL(selfOrgUrl).origin || isLoopback(url.hostname);
  }

  async authorizationUrl(client: OrgClient, input: { redirectUri: string; scopes: readonly string[]; state: string; codeVerifier: string }): Promise<string> {
    const config = await this.configuration(client);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: input.redirectUri,
      scope: input.scopes.join(' '),
      state: input.state,
      code_challenge: await oidc.calculatePKCECodeChallenge(input.codeVerifier),
      code_challenge_method: 'S256',
    });
    return url.href;
  }

  /**
   * Exchanges the code of the callback URL (state and PKCE checked by openid-client) and returns the
   * tokens with the consenting person's claims.
   */
  async exchangeCode(client: OrgClient, callbackUrl: URL, input: { state: string; codeVerifier: string }) {
    const config = await this.configuration(client);
    const response = await refusalsMapped(() =>
      oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: input.codeVerifier, expectedState: input.state, idTokenExpected: true }),
    );
    const claims = response.claims();
    if (!claims) throw new TokenEndpointRefusal(400, 'invalid_grant', 'The org returned no ID token');
    let { preferred_username: login, name } = claims as { preferred_username?: string; name?: string };
    if (login === undefined || name === undefined) {
      const info = await refusalsMapped(() => oidc.fetchUserInfo(config, response.access_token, claims.sub));
      login ??= typeof info.preferred_username === 'string' ? info.preferred_username : (info.email ?? claims.sub);
      name ??= typeof info.name === 'string' ? info.name : login;
    }
    return { tokens: this.tokensOf(response, null), subject: claims.sub, login, name, scopes: (response.scope ?? '').split(' ').filter(Boolean) };
  }

  /** A refresh grant; the org rotates the refresh token (the new one is kept, or the old if none came). */
  async refresh(client: OrgClient, refreshToken: string): Promise<ConnectionTokens> {
    const config = await this.configuration(client);
    const response = await refusalsMapped(() => oidc.refreshTokenGrant(config, refreshToken));
    return this.tokensOf(response, refreshToken);
  }

  /** Revokes a token at the org (RFC 7009; always 200 there, whatever the token). */
  async revoke(client: OrgClient, token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    const config = await this.configuration(client);
    await refusalsMapped(() => oidc.tokenRevocation(config, token, { token_type_hint: hint }));
  }

  private tokensOf(response: oidc.TokenEndpointResponse, previousRefresh: string | null): ConnectionTokens {
    const expiresIn = response.expires_in ?? 3600;
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? previousRefresh,
      expiresAt: new Date(this.clock.now().getTime() + expiresIn * 1000).toISOString(),
    };
  }

  /** Reads the org's OpenID configuration (cached), as every other method does first. */
  discover(client: OrgClient): Promise<oidc.Configuration> {
    return this.configuration(client);
  }

  private async configuration(client: OrgClient): Promise<oidc.Configuration> {
    const key = `${client.orgUrl} ${client.clientId} ${client.clientSecret}`;
    const now = this.clock.now().getTime();
    const cached = this.configurations.get(key);
    if (cached && now - cached.at < DISCOVERY_TTL_MS) return cached.config;
    if (!OktaOAuthClient.allowsOrgUrl(client.orgUrl, this.selfOrgUrl)) throw new Error(`refusing plain http to ${client.orgUrl}`);
    const insecure = new URL(client.orgUrl).protocol === 'http:';
    const config = await refusalsMapped(() =>
      oidc.discovery(
        new URL(client.orgUrl),
        client.clientId,
        { client_secret: client.clientSecret },
        oidc.ClientSecretBasic(client.clientSecret),
        insecure ? { execute: [oidc.allowInsecureRequests] } : {},
      ),
    );
    if (this.configurations.size > 100) this.configurations.clear();
    this.configurations.set(key, { config, at: now });
    return config;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The org's OAuth refusals (4xx with an OAuth error) as {@link TokenEndpointRefusal}; no answer or a 5xx
 * as {@link OrgNotAnswering}, which is not a refusal (RFC 6749 §5.2 errors are 400/401; a 5xx
 * `temporarily_unavailable` or `server_error` says nothing about the grant). Anything else (a protocol
 * violation in an answer) as is.
 */
async function refusalsMapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof oidc.ResponseBodyError) {
      if (err.status >= 500) throw new OrgNotAnswering(err);
      throw new TokenEndpointRefusal(err.status, err.error, err.error_description ?? err.error);
    }
    if (err instanceof oidc.AuthorizationResponseError) throw new TokenEndpointRefusal(400, err.error, err.error_description ?? err.error);
    if (notAnswered(err)) throw new OrgNotAnswering(err);
    throw err;
  }
}

/** fetch's network failure, openid-client's timeout or abort, or a non-OAuth 5xx answer. */
function notAnswered(err: unknown): boolean {
  if (err instanceof TypeError && err.message === 'fetch failed') return true;
  if (err instanceof oidc.ClientError) {
    if (err.code === 'OAUTH_TIMEOUT' || err.code === 'OAUTH_ABORT') return true;
    return err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && err.cause instanceof Response && err.cause.status >= 500;
  }
  return false;
}

/** Why the org did not answer, in words (the cause's own message, never a URL's query). */
function describeFailure(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError) return `it answered ${err.status} ${err.error}`;
  if (err instanceof oidc.ClientError && err.cause instanceof Response) return `it answered ${err.cause.status}`;
  if (err instanceof oidc.ClientError && err.code === 'OAUTH_TIMEOUT') return 'it did not answer in time';
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
