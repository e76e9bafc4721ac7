import type { ConnectionRecord } from '../../core/workflows/connection.js';
import type { FlowRecord } from '../../core/workflows/flow.js';

/**
 * A connection as the Workflows API shows it. Tokens and secrets are never shown (style.md habit 8);
 * `usage` lists the flows whose latest version uses the connection (Okta's "usage" view).
 */
export function presentConnection(connection: ConnectionRecord, origin: string, usedBy: readonly FlowRecord[]) {
  const self = `${origin}/workflows/api/v1/connections/${connection.id}`;
  return {
    id: connection.id,
    connector: connection.connector,
    nickname: connection.nickname,
    orgUrl: connection.orgUrl,
    clientId: connection.clientId,
    scopes: connection.scopes,
    grantedScopes: connection.grantedScopes,
    status: connection.status,
    statusReason: connection.statusReason,
    lastError: connection.lastError,
    authorizedBy: connection.authorizedBy,
    authorizedAt: connection.authorizedAt,
    lastUsedAt: connection.lastUsedAt,
    createdBy: connection.createdBy,
    created: connection.created,
    lastUpdated: connection.lastUpdated,
    usage: { flows: usedBy.map((f) => ({ id: f.id, name: f.name, active: f.active })) },
    _links: {
      self: { href: self },
      reauthorize: { href: `${self}/reauthorize`, hints: { allow: ['POST'] } },
      test: { href: `${self}/test`, hints: { allow: ['POST'] } },
      revoke: { href: `${self}/revoke`, hints: { allow: ['POST'] } },
    },
  };
}
