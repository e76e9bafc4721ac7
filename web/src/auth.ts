import * as oauth from 'oauth4webapi';
import type { ConsoleConfig } from './config';

/**
 * Sign-in through the org's own authorization server: authorization code with PKCE (RFC 7636), the
 * console being a public browser client. oauth4webapi makes the verifier, the S256 challenge, the state
 * and the nonce, and checks the authorization and token responses; Keyflow writes none of that.
 *
 * The tokens live in this tab's sessionStorage only: gone when the tab closes, never in localStorage or
 * a cookie, never sent anywhere but this org.
 */

/** A signed-in admin's tokens. */
export interface Session {
  accessToken: string;
  idToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const SESSION_KEY = 'keyflow.console.session';
const PENDING_KEY = 'keyflow.console.pending';

interface Pending {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The console page the visitor asked for, to return to once signed in. */
  returnTo: string;
}

const START_PAGE = '/console/';

/** Only a console page of this origin is a place to return to (never `//host`, never the callback). */
function consolePage(path: string): string {
  return /^\/console\/(?!\/)/.test(path) && !path.startsWith('/console/callback') ? path : START_PAGE;
}

/** Plain http is allowed only where the org itself is served over it (a local org). */
function httpOptions(config: ConsoleConfig) {
  return config.issuer.startsWith('http:') ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(config: ConsoleConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...httpOptions(config) });
  return oauth.processDiscoveryResponse(issuer, response);
}

/** The current session, if one is stored and not expired. */
export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  if (session.expiresAt <= Date.now()) {
    sessionStorage.removeItem(SESSION_KEY);
    return undefined;
  }
  return session;
}

/** Forgets this tab's tokens (after the org refused them) and starts over at the console's start page. */
export function startOver(): void {
  sessionStorage.removeItem(SESSION_KEY);
  window.location.assign('/console/');
}

/** Sends the browser to the org's sign-in page. */
export async function signIn(config: ConsoleConfig): Promise<void> {
  const as = await discover(config);
  const pending: Pending = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    returnTo: consolePage(location.pathname + location.search),
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.href);
}

/**
 * Finishes sign-in on the callback URL: checks the response and exchanges the code at the token
 * endpoint. Answers the session and the console page the visitor asked for before signing in.
 */
export async function completeSignIn(config: ConsoleConfig, callbackUrl: URL): Promise<{ session: Session; returnTo: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) throw new Error('This sign-in link was already used or started in another tab. Sign in again.');
  const pending = JSON.parse(raw) as Pending;
  const as = await discover(config);
  const client: oauth.Client = { client_id: config.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
  } catch (err) {
    if (err instanceof oauth.AuthorizationResponseError) throw new Error(`Sign-in was refused: ${sentence(err.error_description ?? err.error)}`);
    throw err;
  }
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, config.redirectUri, pending.codeVerifier, httpOptions(config));
  let result: oauth.TokenEndpointResponse;
  try {
    result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) throw new Error(`The org refused the sign-in: ${sentence(err.error_description ?? err.error)}`);
    throw err;
  }
  const session: Session = { accessToken: result.access_token, idToken: result.id_token!, expiresAt: Date.now() + (result.expires_in ?? 3600) * 1000 };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return { session, returnTo: consolePage(pending.returnTo ?? START_PAGE) };
}

/** Forgets the tokens and ends the org session too (RP-initiated logout), coming back to the console. */
export async function signOut(config: ConsoleConfig, session: Session | undefined): Promise<void> {
  sessionStorage.removeItem(SESSION_KEY);
  const as = await discover(config);
  if (!as.end_session_endpoint) {
    window.location.assign(config.postLogoutRedirectUri);
    return;
  }
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
  if (session) url.searchParams.set('id_token_hint', session.idToken);
  window.location.assign(url.href);
}

/** The server's description as a sentence: Okta's end with a full stop, OAuth error codes do not. */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}
