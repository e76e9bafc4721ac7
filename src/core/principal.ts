import type { Permission, RoleType } from './roles.js';
import type { UserRecord } from './user.js';

/**
 * Who a request speaks for, resolved once per request from its credential (architecture.md "Tokens and
 * attribution"). Token state, user state and roles are read on every request: nothing here is cached.
 */
export interface Principal {
  kind: 'user' | 'app';
  user: UserRecord | null;
  client: { id: string; name: string } | null;
  tokenId: string;
  grantId: string | null;
  /** OAuth scopes of the token; null for SSWS tokens, which carry their creator's full permissions. */
  scopes: readonly string[] | null;
  via: 'SSWS' | 'OAUTH2';
  roles: readonly RoleType[];
  permissions: ReadonlySet<Permission>;
}

/** What the edge knows about the caller, recorded in every LogEvent the request produces. */
export interface ClientInfo {
  ipAddress: string | null;
  ipVersion: 'V4' | 'V6';
  /** The proxies between the caller and Keyflow, nearest last (request.ipChain after the client). */
  proxies: readonly string[];
  rawUserAgent: string | null;
  os: string;
  browser: string;
  device: string;
}

export interface RequestContext {
  /** Also `X-Okta-Request-Id`, `transaction.id` and `debugContext.debugData.requestId`. */
  requestId: string;
  /** Path without the query string. */
  requestUri: string;
  /** Path plus `?` plus the query string, as Okta records it (`…/deactivate?`). */
  url: string;
  client: ClientInfo;
  principal: Principal | null;
  /** 'WEB' for HTTP requests, 'JOB' for background work (transaction.type). */
  transactionType: 'WEB' | 'JOB';
  /**
   * The flow, execution and card a call of the Workflows engine's own client comes from (its
   * `X-Keyflow-*` headers, trusted only for that client), recorded in debugData.
   */
  workflowTrace?: { flowId?: string; executionId?: string; cardId?: string };
}
