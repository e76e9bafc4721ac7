/**
 * A Workflows connection to an Okta-compatible org (workflows.md §5–§6, §11.3): an OAuth client of that
 * org, authorized with the authorization-code flow by whoever signs in and consents. Every call the
 * engine makes through it acts as that person (`authorizedBy`), so it breaks exactly when they are
 * suspended, deactivated, deleted or have their sessions cleared — and Keyflow says so in `status`.
 *
 * Status machine (Okta itself only shows a green or red icon; these names are Keyflow's):
 *
 *   create ──► PENDING ──authorized──► ACTIVE ──call or refresh refused──► ERROR
 *                                       ▲  ▲                                 │
 *                                       │  └──authorized, or a test passed───┘
 *                                       └──authorized── REVOKED ◄──revoke── ACTIVE | ERROR | PENDING
 *
 * `authorized` is the end of a successful consent (create or reauthorize, possibly by another person);
 * a refused consent changes no status, it only records `lastError`. An ERROR connection makes no calls
 * except "test", whose success (`recovered`: the person was unsuspended, say) makes it ACTIVE again.
 * Delete removes the record after revoking its tokens at the org.
 */
export const CONNECTION_STATUSES = ['PENDING', 'ACTIVE', 'ERROR', 'REVOKED'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const CONNECTION_TRANSITIONS = ['authorized', 'failed', 'recovered', 'revoked'] as const;
export type ConnectionTransition = (typeof CONNECTION_TRANSITIONS)[number];

/** Rows: current status; columns: transition; a cell is the next status, or null when the move is illegal. */
const TABLE: Record<ConnectionStatus, Record<ConnectionTransition, ConnectionStatus | null>> = {
  PENDING: { authorized: 'ACTIVE', failed: null, recovered: null, revoked: 'REVOKED' },
  ACTIVE: { authorized: 'ACTIVE', failed: 'ERROR', recovered: 'ACTIVE', revoked: 'REVOKED' },
  ERROR: { authorized: 'ACTIVE', failed: 'ERROR', recovered: 'ACTIVE', revoked: 'REVOKED' },
  REVOKED: { authorized: 'ACTIVE', failed: null, recovered: null, revoked: 'REVOKED' },
};

export class IllegalConnectionTransition extends Error {
  constructor(
    readonly from: ConnectionStatus,
    readonly transition: ConnectionTransition,
  ) {
    super(`a ${from} connection cannot be ${transition}`);
  }
}

/** The status after `transition`; throws {@link IllegalConnectionTransition} for a move the table forbids. */
export function nextConnectionStatus(from: ConnectionStatus, transition: ConnectionTransition): ConnectionStatus {
  const to = TABLE[from][transition];
  if (to === null) throw new IllegalConnectionTransition(from, transition);
  return to;
}

/** The person whose consent the connection's tokens carry: the actor of every call it makes. */
export interface ConnectionAuthorizer {
  userId: string;
  login: string;
  displayName: string;
}

/** What the org answered when it refused a call, a refresh or a consent, as the org said it. */
export interface ConnectionError {
  /** HTTP status of the org's answer (400 for a refused refresh grant). */
  status: number;
  /** Okta's `errorCode` (`E0000011`), or the OAuth `error` (`invalid_grant`) of a token endpoint. */
  errorCode: string | null;
  errorSummary: string;
  at: string;
}

export interface ConnectionRecord {
  /** `wfc…` */
  id: string;
  connector: 'okta';
  nickname: string;
  /** The org the connection calls, without a trailing slash; this org's URL by default. */
  orgUrl: string;
  /** The OAuth client at that org: this org's "Keyflow Workflows" app unless the connection names its own. */
  clientId: string;
  /** The connection's own client secret, sealed; null when it uses this org's Keyflow Workflows app. */
  clientSecretSealed: string | null;
  /** Scopes asked for at each authorization (the default set unless the creator customised it). */
  scopes: string[];
  /** Scopes the org actually granted at the last authorization. */
  grantedScopes: string[];
  authorizedBy: ConnectionAuthorizer | null;
  authorizedAt: string | null;
  status: ConnectionStatus;
  /** Why the connection is not ACTIVE, in words; null when it is. */
  statusReason: string | null;
  lastError: ConnectionError | null;
  lastUsedAt: string | null;
  /** {@link ConnectionTokens} as sealed JSON; null before the first authorization and after revocation. */
  tokensSealed: string | null;
  /** The admin who created the connection. */
  createdBy: string;
  created: string;
  lastUpdated: string;
}

/** The OAuth tokens of a connection, only ever stored sealed. */
export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token expires (ISO). */
  expiresAt: string;
}

/**
 * An authorization in progress: created with the authorize URL, consumed once by the callback. The state
 * is stored hashed (whoever reads the database cannot complete someone else's consent); the PKCE verifier
 * sealed.
 */
export interface PendingAuthorization {
  stateHash: string;
  connectionId: string;
  codeVerifierSealed: string;
  /** The admin who asked for the authorize URL (create or reauthorize). */
  requestedBy: string;
  /** `create` or `reauthorize`, for the log event the callback writes. */
  purpose: 'create' | 'reauthorize';
  expiresAt: string;
}

/**
 * The connection after a successful consent (create or reauthorize): ACTIVE, acting as `authorizedBy`
 * from now on, with its error history cleared.
 */
export function authorizedConnection(
  record: ConnectionRecord,
  input: { authorizedBy: ConnectionAuthorizer; grantedScopes: string[]; tokensSealed: string; at: string },
): ConnectionRecord {
  return {
    ...record,
    status: nextConnectionStatus(record.status, 'authorized'),
    statusReason: null,
    lastError: null,
    authorizedBy: input.authorizedBy,
    authorizedAt: input.at,
    grantedScopes: input.grantedScopes,
    tokensSealed: input.tokensSealed,
    lastUpdated: input.at,
  };
}

/**
 * The connection after the org refused one of its calls or its refresh grant: ERROR with the org's own
 * answer kept and a reason in words. Tokens are kept (a suspended person's tokens work again after
 * unsuspension, but only a reauthorization turns the connection ACTIVE again, as the issue asks).
 */
export function failedConnection(record: ConnectionRecord, error: ConnectionError): ConnectionRecord {
  return {
    ...record,
    status: nextConnectionStatus(record.status, 'failed'),
    statusReason: connectionFailureReason(record, error),
    lastError: error,
    lastUpdated: error.at,
  };
}

/** The connection after a successful test call: ACTIVE again, its last error kept for the record. */
export function recoveredConnection(record: ConnectionRecord, at: string): ConnectionRecord {
  return { ...record, status: nextConnectionStatus(record.status, 'recovered'), statusReason: null, lastUpdated: at };
}

/** The connection after its tokens were revoked at the org (they are dropped here too). */
export function revokedConnection(record: ConnectionRecord, at: string, reason: string): ConnectionRecord {
  return { ...record, status: nextConnectionStatus(record.status, 'revoked'), statusReason: reason, tokensSealed: null, lastUpdated: at };
}

/**
 * The sentence an admin reads: what the org said and what that means for the person the connection acts
 * as (architecture.md "What breaks a user-delegated credential").
 */
export function connectionFailureReason(record: Pick<ConnectionRecord, 'authorizedBy'>, error: Pick<ConnectionError, 'status' | 'errorCode' | 'errorSummary'>): string {
  const who = record.authorizedBy ? `${record.authorizedBy.displayName} (${record.authorizedBy.login})` : 'the person who authorized it';
  const said = `${error.status}${error.errorCode ? ` ${error.errorCode}` : ''}: ${error.errorSummary}`;
  if (error.status === 401 || error.errorCode === 'invalid_grant') {
    return `The org no longer accepts this connection's tokens (${said}). ${who} may have been deactivated, deleted, suspended or had their sessions cleared. Reauthorize the connection, preferably as a service account.`;
  }
  if (error.status === 403 && error.errorCode === 'insufficient_scope') {
    return `The connection lacks a scope this call needs (${said}). Grant the scope to the app and reauthorize.`;
  }
  if (error.status === 403) {
    return `The org refused the call (${said}). ${who} may be suspended or may have lost their admin role. Reauthorize the connection, preferably as a service account.`;
  }
  return `The org refused the connection (${said}).`;
}

/**
 * The path (with its query) that `url` names on the org at `orgUrl`, or null when it names another host.
 * A relative URL (one leading `/`) is relative to the org URL, as Custom API Action's is; an absolute one
 * must have the org's scheme, host and port (and path prefix, if the org URL has one) and no user info.
 * A card with a connection sends the connection's token, so it may only ever call the connection's org.
 */
export function pathOnOrg(orgUrl: string, url: string): string | null {
  if (url.startsWith('/')) return url.startsWith('//') || url.startsWith('/\\') ? null : url;
  let target: URL;
  let org: URL;
  try {
    target = new URL(url);
    org = new URL(orgUrl);
  } catch {
    return null;
  }
  if (target.origin !== org.origin || target.username !== '' || target.password !== '') return null;
  const prefix = org.pathname.replace(/\/+$/, '');
  if (prefix !== '' && target.pathname !== prefix && !target.pathname.startsWith(`${prefix}/`)) return null;
  return (target.pathname.slice(prefix.length) || '/') + target.search;
}
