import * as oidc from 'openid-client';
import type { Clock } from '../core/clock.js';
import { ApiError, notFound, validationFailed } from '../core/errors.js';
import type { SecretBox, SecretDigest } from '../core/ports/secrets.js';
import type { RequestContext } from '../core/principal.js';
import { pathOnOrg, type ConnectionError, type ConnectionRecord, type ConnectionTokens } from '../core/workflows/connection.js';
import type { NewConnection, WorkflowConnectionsService } from '../services/workflow-connections.js';
import type { WorkflowsAppService } from '../services/workflows-app.js';
import type { ConnectionNotifier } from './connection-notifier.js';
import { OktaOAuthClient, OrgNotAnswering, TokenEndpointRefusal, type OrgClient } from './okta-oauth-client.js';

/** How long an authorize URL can be used. */
const AUTHORIZATION_TTL_MS = 10 * 60_000;
/** An access token this close to expiry is refreshed before use. */
const REFRESH_MARGIN_MS = 60_000;
/** How long one refresh may hold the connection's refresh lease. */
const REFRESH_LEASE_MS = 30_000;

/** A call to the org's management API made through a connection. */
export interface OktaCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
  /** Relative to the org URL, starting with `/` (`/api/v1/users/00u…`). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Flow, execution and card ids, sent along so the org can record them (docs/workflows.md). */
  trace?: { flowId?: string; executionId?: string; cardId?: string };
}

export interface OktaCallResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The org's `X-Okta-Request-Id`: the `transaction.id` of the events the call caused. */
  requestId: string | null;
}

/** The connection cannot be used: never authorized, revoked, or refused by the org (now ERROR). */
export class ConnectionUnusable extends Error {
  constructor(
    readonly connection: ConnectionRecord,
    readonly error: ConnectionError | null,
  ) {
    super(connection.statusReason ?? error?.errorSummary ?? `connection ${connection.id} is ${connection.status}`);
  }
}

/**
 * The call could not be made now, and nothing was refused: the connection stays as it was, and the call
 * may be retried like a 503 (workflows.md §7.2).
 */
export class ConnectionUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionUnavailable';
  }
}

/** The org did not answer a call or a token refresh (connection refused or reset, DNS, a timeout, a 5xx from its token endpoint). */
export class OrgUnreachable extends ConnectionUnavailable {
  constructor(orgUrl: string, cause: unknown) {
    const why = cause instanceof OrgNotAnswering ? cause.message : cause instanceof Error && cause.name === 'TimeoutError' ? 'it did not answer in time' : cause instanceof Error ? cause.message : String(cause);
    super(`The call to ${orgUrl} failed: ${why}`);
    this.name = 'OrgUnreachable';
  }
}

/** A call through a connection named a URL off the connection's org: refused before any token is used. */
export class ForeignUrl extends Error {
  constructor(
    readonly connection: ConnectionRecord,
    url: string,
  ) {
    super(`${originOf(url)} is not the connection's org (${connection.orgUrl}): a card with a connection sends its token only to that org. Use a URL on it, or remove the connection to call another host.`);
  }
}

export interface AuthorizationOutcome {
  connection: ConnectionRecord;
  /** Set when the org refused (the browser's page says why). */
  error?: ConnectionError;
  /** Set when the org could not be reached or answered something unusable: nothing changed. */
  failure?: string;
}

/**
 * The engine's side of Okta connections (workflows.md §5–§6): authorize URLs and callbacks, tokens
 * refreshed on expiry by one caller at a time, calls made as the person who consented with the engine's
 * user agent, and the loud failure path: a refused refresh or a 401/403 turns the connection ERROR at once
 * (never retried), logs it and tells the notifier.
 */
export class ConnectionRuntime {
  private readonly oauth: OktaOAuthClient;
  /** One refresh per connection at a time in this process; the store's lease covers other processes. */
  private readonly refreshing = new Map<string, Promise<{ tokens: ConnectionTokens; sealed: string }>>();

  constructor(
    private readonly deps: {
      clock: Clock;
      secrets: SecretBox;
      digest: SecretDigest;
      orgUrl: string;
      userAgent: string;
      connections: WorkflowConnectionsService;
      workflowsApp: WorkflowsAppService;
      notifier: ConnectionNotifier;
      /** How long a call to the org may take. */
      callTimeoutMs: number;
    },
  ) {
    this.oauth = new OktaOAuthClient(deps.clock, deps.orgUrl);
  }

  /** Checks what an admin asked for and fills the defaults (this org, its Keyflow Workflows app). */
  settle(input: { nickname: string; orgUrl?: string; clientId?: string; clientSecret?: string; scopes?: string[] }, defaults: { scopes: readonly string[] }): NewConnection {
    const orgUrl = (input.orgUrl ?? this.deps.orgUrl).replace(/\/+$/, '');
    const self = orgUrl === this.deps.orgUrl;
    if (!OktaOAuthClient.allowsOrgUrl(orgUrl, this.deps.orgUrl)) {
      throw validationFailed('orgUrl', 'orgUrl: The org must be reached over https (plain http only on loopback)');
    }
    if (!self && (input.clientId === undefined || input.clientSecret === undefined)) {
      throw validationFailed('clientId', 'clientId: A connection to another org needs the client id and secret of an OIDC web app there');
    }
    if (self && (input.clientId !== undefined) !== (input.clientSecret !== undefined)) {
      throw validationFailed('clientSecret', 'clientSecret: Give both clientId and clientSecret, or neither to use the Keyflow Workflows app');
    }
    const scopes = input.scopes ?? [...defaults.scopes];
    if (!scopes.includes('offline_access')) scopes.push('offline_access');
    if (!scopes.includes('openid')) scopes.unshift('openid');
    return {
      nickname: input.nickname,
      orgUrl,
      client: input.clientId !== undefined ? { id: input.clientId, secret: input.clientSecret ?? null } : null,
      scopes,
    };
  }

  /** Creates a PENDING connection and the URL where someone signs in and consents. */
  async create(ctx: RequestContext, input: NewConnection): Promise<{ connection: ConnectionRecord; authorizeUrl: string }> {
    const client = input.client ?? (await this.workflowsAppClient());
    // Before the row exists: an org that cannot be reached leaves no half-made connection behind.
    await this.orgAnswers(input.orgUrl, () => this.oauth.discover({ orgUrl: input.orgUrl, clientId: client.id, clientSecret: client.secret ?? '' }));
    const connection = await this.deps.connections.create(ctx, { ...input, client: { id: client.id, secret: input.client ? client.secret : null } });
    return { connection, authorizeUrl: await this.begin(ctx, connection, 'create') };
  }

  /** A new consent for an existing connection, possibly by another person (that is how a connection moves to a service account). */
  async reauthorize(ctx: RequestContext, id: string): Promise<string> {
    return this.begin(ctx, await this.deps.connections.get(id), 'reauthorize');
  }

  private async begin(ctx: RequestContext, connection: ConnectionRecord, purpose: 'create' | 'reauthorize'): Promise<string> {
    const state = oidc.randomState();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const authorizeUrl = await this.orgAnswers(connection.orgUrl, async () =>
      this.oauth.authorizationUrl(await this.orgClientOf(connection), {
        redirectUri: this.deps.workflowsApp.callbackUri,
        scopes: connection.scopes,
        state,
        codeVerifier,
      }),
    );
    await this.deps.connections.beginAuthorization(ctx, connection, {
      stateHash: this.deps.digest(state),
      connectionId: connection.id,
      codeVerifierSealed: this.deps.secrets.seal(codeVerifier),
      requestedBy: ctx.principal?.user?.id ?? '',
      purpose,
      expiresAt: new Date(this.deps.clock.now().getTime() + AUTHORIZATION_TTL_MS).toISOString(),
    });
    return authorizeUrl;
  }

  /**
   * An admin's request that needs the org's OpenID configuration: an org that does not answer, or
   * answers something that is not an OpenID provider, is the request's problem to fix (400 naming
   * `orgUrl`), never a 500.
   */
  private async orgAnswers<T>(orgUrl: string, ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (err) {
      if (err instanceof OrgNotAnswering) throw validationFailed('orgUrl', `orgUrl: The org at ${orgUrl} could not be reached (${err.message}); check the URL, or try again once it is up`);
      if (err instanceof oidc.ClientError) throw validationFailed('orgUrl', `orgUrl: ${orgUrl} did not answer as an OpenID provider (${err.message})`);
      if (err instanceof ConnectionUnusable) throw validationFailed('connection', `connection: ${err.message}`);
      throw err;
    }
  }

  /**
   * The browser came back from the org (`/workflows/oauth/okta/cb?code&state`, or `?error&state`).
   * Undefined when the state is unknown, used or expired: nothing is changed then.
   */
  async complete(callbackUrl: URL): Promise<AuthorizationOutcome | undefined> {
    const state = callbackUrl.searchParams.get('state');
    if (!state) return undefined;
    const pending = await this.deps.connections.takeAuthorization(this.deps.digest(state));
    if (!pending) return undefined;
    const connection = await this.deps.connections.get(pending.connectionId);
    try {
      const result = await this.oauth.exchangeCode(await this.orgClientOf(connection), callbackUrl, {
        state,
        codeVerifier: this.deps.secrets.open(pending.codeVerifierSealed),
      });
      const previous = this.deps.connections.tokensOf(connection);
      const authorized = await this.deps.connections.authorized(connection.id, {
        authorizedBy: { userId: result.subject, login: result.login, displayName: result.name },
        grantedScopes: result.scopes,
        tokens: result.tokens,
      });
      // The tokens of the previous consent are no longer used: revoke them rather than leave them live.
      if (previous) await this.revokeQuietly(connection, previous);
      return { connection: authorized };
    } catch (err) {
      // The code is spent either way; the connection stays as it was and the person starts again.
      if (err instanceof OrgNotAnswering) return { connection, failure: `${connection.orgUrl} could not be reached (${err.message})` };
      if (err instanceof oidc.ClientError) return { connection, failure: `${connection.orgUrl} answered something Keyflow cannot use (${err.message})` };
      if (err instanceof ConnectionUnusable) return { connection, failure: err.message };
      if (!(err instanceof TokenEndpointRefusal)) throw err;
      const error: ConnectionError = { status: err.status, errorCode: err.error, errorSummary: err.description, at: this.deps.clock.now().toISOString() };
      return { connection: await this.deps.connections.authorizationRefused(connection.id, error), error };
    }
  }

  /** Revokes the connection's tokens at the org: REVOKED until someone reauthorizes it. */
  async revoke(ctx: RequestContext, id: string): Promise<ConnectionRecord> {
    const connection = await this.deps.connections.get(id);
    const tokens = this.deps.connections.tokensOf(connection);
    if (tokens) await this.revokeQuietly(connection, tokens);
    return this.deps.connections.revoked(ctx, id);
  }

  /**
   * Deletes the connection after revoking its tokens at the org (Okta's connector does the same); refused
   * while active flows use it.
   */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    const connection = await this.deps.connections.get(id);
    // Before anything is revoked: a refused delete leaves a working connection.
    await this.deps.connections.checkDeletable(id);
    const tokens = this.deps.connections.tokensOf(connection);
    if (tokens) await this.revokeQuietly(connection, tokens);
    await this.deps.connections.deleted(ctx, connection, tokens !== null);
  }

  /**
   * "Test connection": reads the authorizing person's own user through the connection, the smallest call
   * that exercises the token, its scopes and the person's status. A refusal turns the connection ERROR
   * like any other call; an org that does not answer fails the test with 503 (the status a card counts
   * it as) and leaves the connection as it was, since nothing was refused.
   */
  async test(id: string): Promise<{ ok: boolean; status: number; connection: ConnectionRecord; error: ConnectionError | null }> {
    const connection = await this.deps.connections.get(id);
    if (!connection.authorizedBy) throw new ApiError('E0000001', { detail: 'connection', causes: ['connection: Nobody has authorized this connection yet'] });
    try {
      const { result, tokensSealed } = await this.send(connection, { method: 'GET', path: `/api/v1/users/${encodeURIComponent(connection.authorizedBy.userId)}` });
      const ok = result.status < 400;
      return { ok, status: result.status, connection: ok ? await this.deps.connections.recovered(id, tokensSealed) : await this.deps.connections.get(id), error: null };
    } catch (err) {
      if (err instanceof ConnectionUnusable) return { ok: false, status: err.error?.status ?? 0, connection: err.connection, error: err.error };
      if (err instanceof ConnectionUnavailable) {
        const error: ConnectionError = { status: 503, errorCode: null, errorSummary: err.message, at: this.deps.clock.now().toISOString() };
        return { ok: false, status: 503, connection: await this.deps.connections.get(id), error };
      }
      throw err;
    }
  }

  /**
   * Calls the org's API as the connection's authorizing person, with the engine's user agent. 401 and 403
   * turn the connection ERROR and throw {@link ConnectionUnusable}; other statuses are returned as is
   * (retrying 429 and 5xx is the card's business).
   */
  async call(id: string, request: OktaCall): Promise<OktaCallResult> {
    return this.callAs(await this.deps.connections.get(id), request);
  }

  /**
   * {@link call} for the HTTP card: `url` is relative to the org URL or an absolute URL on that org.
   * Any other host is refused with {@link ForeignUrl} before a token is even read: the connection's
   * token is the consenting person's, and must never reach a third party.
   */
  async callUrl(id: string, request: Omit<OktaCall, 'path' | 'query'> & { url: string }): Promise<OktaCallResult> {
    const connection = await this.deps.connections.get(id);
    const path = pathOnOrg(connection.orgUrl, request.url);
    if (path === null) throw new ForeignUrl(connection, request.url);
    return this.callAs(connection, { method: request.method, path, headers: request.headers ?? {}, body: request.body, trace: request.trace ?? {} });
  }

  private async callAs(connection: ConnectionRecord, request: OktaCall): Promise<OktaCallResult> {
    // An ERROR connection stays broken until reauthorized or tested: calling the org again would only
    // repeat the refusal (and a flow should not act on a connection an admin has been told is broken).
    if (connection.status !== 'ACTIVE') throw new ConnectionUnusable(connection, connection.lastError);
    return (await this.send(connection, request)).result;
  }

  /** The call, and the sealed tokens it was made with (a failure or a recovery is recorded against those). */
  private async send(connection: ConnectionRecord, request: OktaCall): Promise<{ result: OktaCallResult; tokensSealed: string }> {
    if (connection.tokensSealed === null) throw new ConnectionUnusable(connection, connection.lastError);
    const { accessToken: token, sealed } = await this.accessToken(connection);
    const url = new URL(connection.orgUrl + request.path);
    for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...lowerCased(request.headers ?? {}),
      authorization: `Bearer ${token}`,
      'user-agent': this.deps.userAgent,
    };
    if (request.trace?.flowId) headers['x-keyflow-flow-id'] = request.trace.flowId;
    if (request.trace?.executionId) headers['x-keyflow-execution-id'] = request.trace.executionId;
    if (request.trace?.cardId) headers['x-keyflow-card-id'] = request.trace.cardId;
    let body: string | undefined;
    if (request.body !== undefined && request.method !== 'GET') {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.deps.callTimeoutMs) });
      text = await response.text();
    } catch (err) {
      throw new OrgUnreachable(connection.orgUrl, err);
    }
    const result: OktaCallResult = {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: parseJson(text),
      requestId: response.headers.get('x-okta-request-id'),
    };
    if (response.status === 401 || response.status === 403) {
      const error = this.errorOf(result);
      throw new ConnectionUnusable(await this.fail(connection.id, error, sealed), error);
    }
    await this.deps.connections.used(connection);
    return { result, tokensSealed: sealed };
  }

  /** The current access token, refreshed first when it is about to expire, with the sealed tokens it is from. */
  private async accessToken(connection: ConnectionRecord): Promise<{ accessToken: string; sealed: string }> {
    const tokens = this.deps.connections.tokensOf(connection)!;
    if (!this.expiring(tokens)) return { accessToken: tokens.accessToken, sealed: connection.tokensSealed! };
    let running = this.refreshing.get(connection.id);
    if (!running) {
      running = this.refreshOnce(connection.id).finally(() => this.refreshing.delete(connection.id));
      this.refreshing.set(connection.id, running);
    }
    const fresh = await running;
    return { accessToken: fresh.tokens.accessToken, sealed: fresh.sealed };
  }

  private expiring(tokens: ConnectionTokens): boolean {
    return Date.parse(tokens.expiresAt) - this.deps.clock.now().getTime() <= REFRESH_MARGIN_MS;
  }

  private async refreshOnce(id: string): Promise<{ tokens: ConnectionTokens; sealed: string }> {
    let lease: string | null = null;
    for (let waited = 0; ; waited += 100) {
      lease = await this.deps.connections.claimRefresh(id, REFRESH_LEASE_MS);
      if (lease) break;
      // Another process is refreshing: its tokens will be in the store when it is done.
      if (waited > REFRESH_LEASE_MS) throw new ConnectionUnavailable(`Connection ${id}: another process has been refreshing its token for ${REFRESH_LEASE_MS / 1000} s; try again`);
      await new Promise((r) => setTimeout(r, 100));
      const current = await this.deps.connections.get(id);
      const fresh = this.deps.connections.tokensOf(current);
      if (fresh && !this.expiring(fresh)) return { tokens: fresh, sealed: current.tokensSealed! };
    }
    try {
      const connection = await this.deps.connections.get(id);
      const tokens = this.deps.connections.tokensOf(connection);
      if (!tokens || connection.tokensSealed === null) throw new ConnectionUnusable(connection, connection.lastError);
      const sealed = connection.tokensSealed;
      if (!this.expiring(tokens)) return { tokens, sealed };
      if (!tokens.refreshToken) {
        const error: ConnectionError = { status: 400, errorCode: 'invalid_grant', errorSummary: 'The access token expired and the org issued no refresh token', at: this.deps.clock.now().toISOString() };
        throw new ConnectionUnusable(await this.fail(id, error, sealed), error);
      }
      let renewed: ConnectionTokens;
      const client = await this.orgClientOf(connection);
      try {
        renewed = await this.oauth.refresh(client, tokens.refreshToken);
      } catch (err) {
        // No answer is not a refusal: the connection stays ACTIVE and the card may retry (a 503).
        if (err instanceof OrgNotAnswering) throw new OrgUnreachable(connection.orgUrl, err);
        if (!(err instanceof TokenEndpointRefusal)) throw err;
        const error: ConnectionError = { status: err.status, errorCode: err.error, errorSummary: err.description, at: this.deps.clock.now().toISOString() };
        throw new ConnectionUnusable(await this.fail(id, error, sealed), error);
      }
      const written = await this.deps.connections.refreshed(id, sealed, renewed);
      if (written) return { tokens: renewed, sealed: written };
      return this.afterLostRefresh(connection, renewed);
    } finally {
      await this.deps.connections.releaseRefresh(id, lease);
    }
  }

  /**
   * Our refresh's tokens were not stored: while the org answered, a consent or a revocation replaced the
   * tokens it refreshed. Those new tokens win; ours belong to a grant nobody uses any more and are revoked.
   */
  private async afterLostRefresh(before: ConnectionRecord, renewed: ConnectionTokens): Promise<{ tokens: ConnectionTokens; sealed: string }> {
    const now = await this.deps.connections.get(before.id);
    if (now.authorizedAt !== before.authorizedAt || now.tokensSealed === null) await this.revokeQuietly(now, renewed);
    const current = this.deps.connections.tokensOf(now);
    if (!current || now.tokensSealed === null) throw new ConnectionUnusable(now, now.lastError);
    return { tokens: current, sealed: now.tokensSealed };
  }

  private async fail(id: string, error: ConnectionError, tokensUsed: string): Promise<ConnectionRecord> {
    const { connection, turnedError } = await this.deps.connections.failed(id, error, tokensUsed);
    if (turnedError) await this.deps.notifier.connectionFailed(connection);
    return connection;
  }

  private errorOf(result: OktaCallResult): ConnectionError {
    const body = (result.body ?? {}) as { errorCode?: unknown; errorSummary?: unknown };
    const challenge = result.headers['www-authenticate'] ?? null;
    const scopeError = challenge && /error="insufficient_scope"/.test(challenge) ? challenge : null;
    return {
      status: result.status,
      errorCode: scopeError ? 'insufficient_scope' : typeof body.errorCode === 'string' ? body.errorCode : null,
      errorSummary: typeof body.errorSummary === 'string' ? body.errorSummary + (scopeError ? ` (${scopeError})` : '') : `HTTP ${result.status}`,
      at: this.deps.clock.now().toISOString(),
    };
  }

  private async revokeQuietly(connection: ConnectionRecord, tokens: ConnectionTokens): Promise<void> {
    // Revocation is a courtesy to the org: a failure (the org is down, the client was deleted) must not
    // keep an admin from deleting or reauthorizing a connection.
    const client = await this.orgClientOf(connection).catch(() => null);
    if (!client) return;
    if (tokens.refreshToken) await this.oauth.revoke(client, tokens.refreshToken, 'refresh_token').catch(() => undefined);
    await this.oauth.revoke(client, tokens.accessToken, 'access_token').catch(() => undefined);
  }

  private async workflowsAppClient(): Promise<{ id: string; secret: string }> {
    const app = await this.deps.workflowsApp.find();
    if (!app) throw notFound('Keyflow Workflows', 'AppInstance');
    return { id: app.id, secret: this.deps.workflowsApp.clientSecretOf(app) };
  }

  private async orgClientOf(connection: ConnectionRecord): Promise<OrgClient> {
    const own = this.deps.connections.ownClientSecretOf(connection);
    if (own !== null) return { orgUrl: connection.orgUrl, clientId: connection.clientId, clientSecret: own };
    const app = await this.deps.workflowsApp.find();
    if (!app || app.id !== connection.clientId) {
      // An admin deleted the Keyflow Workflows app: its grants went with it, as the org would say.
      const error: ConnectionError = { status: 401, errorCode: 'invalid_client', errorSummary: `The connection's OAuth client ${connection.clientId} no longer exists (the Keyflow Workflows app was deleted); create a new connection`, at: this.deps.clock.now().toISOString() };
      throw new ConnectionUnusable(connection, error);
    }
    return { orgUrl: connection.orgUrl, clientId: app.id, clientSecret: this.deps.workflowsApp.clientSecretOf(app) };
  }
}

/** The scheme, host and port of a URL, for messages (never its path or query, which may carry secrets). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'The URL';
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
