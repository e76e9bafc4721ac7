import type { ConnectionError } from '../../core/workflows/connection.js';
import type { ConnectionTest, ConnectionView } from './api-shapes.js';
import { textTable } from './text-table.js';

/** `ACTIVE`, or the status and why (`ERROR: The org no longer accepts …`). */
export function connectionStatus(c: Pick<ConnectionView, 'status' | 'statusReason'>): string {
  return c.statusReason ? `${c.status}: ${c.statusReason}` : c.status;
}

const person = (c: ConnectionView) => (c.authorizedBy ? `${c.authorizedBy.displayName} (${c.authorizedBy.login})` : 'nobody yet');

const orgError = (e: ConnectionError) => `${e.status}${e.errorCode ? ` ${e.errorCode}` : ''}: ${e.errorSummary} (${e.at})`;

function usage(c: ConnectionView): string {
  const flows = c.usage.flows;
  if (flows.length === 0) return 'no flows';
  return `${flows.length} flow${flows.length === 1 ? '' : 's'}: ${flows.map((f) => `${f.id} "${f.name}" (${f.active ? 'active' : 'inactive'})`).join(', ')}`;
}

/** `keyflow connections show`: who the connection acts as, whether it works and why not, which flows use it. */
export function connectionDetails(c: ConnectionView): string[] {
  const rows: [string, string][] = [
    ['status', connectionStatus(c)],
    ['org', `${c.orgUrl} (OAuth client ${c.clientId})`],
    ['authorized by', c.authorizedAt ? `${person(c)} at ${c.authorizedAt}` : person(c)],
    ['granted scopes', c.grantedScopes.length > 0 ? c.grantedScopes.join(' ') : '-'],
    ['last used', c.lastUsedAt ?? 'never'],
    ['last error', c.lastError ? orgError(c.lastError) : '-'],
    ['used by', usage(c)],
    ['created', `${c.created} by ${c.createdBy}`],
  ];
  return [`Connection ${c.id} "${c.nickname}"`, ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(16)}${v}`)];
}

/** `keyflow connections list`: one row per connection, the status reason last and uncut. */
export function connectionTable(connections: readonly ConnectionView[]): string[] {
  return textTable(
    ['ID', 'NICKNAME', 'AUTHORIZED BY', 'FLOWS', 'LAST USED', 'STATUS'],
    connections.map((c) => [c.id, c.nickname, c.authorizedBy?.login ?? '-', String(c.usage.flows.length), c.lastUsedAt ?? 'never', connectionStatus(c)]),
  );
}

/**
 * `keyflow connections list --authorized-by`: what stops working if that person loses access — the active
 * flows using their connections — and the way out.
 */
export function impactLines(userId: string, connections: readonly ConnectionView[]): string[] {
  if (connections.length === 0) return [`No connections are authorized by ${userId}: nothing in Workflows acts as them.`];
  const active = connections.flatMap((c) => c.usage.flows.filter((f) => f.active).map((f) => `  ${f.id} "${f.name}" through ${c.id} "${c.nickname}"`));
  const lines = [''];
  if (active.length === 0) lines.push('No active flow uses these connections.');
  else lines.push(`Active flows that stop working if ${userId} is suspended, deactivated, deleted, signed out with token revocation or loses the admin role:`, ...active);
  lines.push('To move a connection to a service account first: keyflow connections reauthorize <id>');
  return lines;
}

/** What to do with an authorize URL (create, reauthorize): whoever signs in there is who the flows act as. */
export function authorizeInstructions(c: Pick<ConnectionView, 'id'>, authorizeUrl: string): string[] {
  return [
    'Open this URL in a browser and sign in as the person whose identity the connection will carry:',
    '',
    `  ${authorizeUrl}`,
    '',
    'Every call the connection makes acts as that person, and stops working if they are suspended,',
    'deactivated or lose their admin role: prefer a service account with an admin role to a colleague.',
    `The link works once and expires. Afterwards, check it with: keyflow connections test ${c.id}`,
  ];
}

/** `keyflow connections test`: the verdict, and for a failure what the org said and what to do. */
export function testVerdict(result: ConnectionTest): string[] {
  const c = result.connection;
  if (result.ok) return [`OK: ${c.id} "${c.nickname}" works; its calls act as ${person(c)}.`];
  const lines = [`FAILED: ${c.id} "${c.nickname}" does not work (HTTP ${result.status || '-'}).`];
  if (result.error) lines.push(`  the org said:  ${orgError(result.error)}`);
  lines.push(`  status:        ${connectionStatus(c)}`, `  to fix it:     keyflow connections reauthorize ${c.id}`);
  return lines;
}
