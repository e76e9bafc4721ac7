import { apiGet, apiGetAll, apiSend } from '../../api';
import type { Session } from '../../auth';

/** A Workflows connection as `GET /workflows/api/v1/connections` shows it (docs/workflows.md "Connections"). */
export interface Connection {
  id: string;
  nickname: string;
  orgUrl: string;
  status: 'PENDING' | 'ACTIVE' | 'ERROR' | 'REVOKED';
  statusReason: string | null;
  lastError: { status: number; errorCode: string | null; errorSummary: string; at: string } | null;
  authorizedBy: { userId: string; login: string; displayName: string } | null;
  authorizedAt: string | null;
  grantedScopes: string[];
  lastUsedAt: string | null;
  usage: { flows: { id: string; name: string; active: boolean }[] };
}

/** `POST …/test`: whether a call through the connection worked, and the connection afterwards. */
export interface TestResult {
  ok: boolean;
  status: number;
  error: { status: number; errorCode: string | null; errorSummary: string } | null;
  connection: Connection;
}

const BASE = '/workflows/api/v1/connections';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** Every connection (all pages), or only those `authorizedBy` one person. */
export function listConnections(session: Session, authorizedBy?: string): Promise<Connection[]> {
  const params = new URLSearchParams({ limit: '200' });
  if (authorizedBy) params.set('authorizedBy', authorizedBy);
  return apiGetAll<Connection>(session, `${BASE}?${params}`);
}

export async function createConnection(session: Session, nickname: string): Promise<Connection & { authorizeUrl: string }> {
  return (await apiSend<Connection & { authorizeUrl: string }>(session, 'POST', BASE, { nickname }))!;
}

export async function reauthorizeConnection(session: Session, id: string): Promise<string> {
  return (await apiSend<{ authorizeUrl: string }>(session, 'POST', `${one(id)}/reauthorize`))!.authorizeUrl;
}

export async function testConnection(session: Session, id: string): Promise<TestResult> {
  return (await apiSend<TestResult>(session, 'POST', `${one(id)}/test`))!;
}

export async function renameConnection(session: Session, id: string, nickname: string): Promise<Connection> {
  return (await apiSend<Connection>(session, 'PUT', one(id), { nickname }))!;
}

export async function deleteConnection(session: Session, id: string): Promise<void> {
  await apiSend(session, 'DELETE', one(id));
}

/**
 * Where to send the browser to consent. With `signInAgain`, the org asks who signs in even when the
 * browser already has a session there (the admin's own, after signing in to the console): OIDC's
 * `prompt=login`, with `consent` so the refresh token (`offline_access`) is still granted (docs/oauth.md).
 * The state and PKCE challenge the engine put in the URL are untouched.
 */
export function consentUrl(authorizeUrl: string, signInAgain: boolean): string {
  if (!signInAgain) return authorizeUrl;
  const url = new URL(authorizeUrl);
  url.searchParams.set('prompt', 'login consent');
  return url.href;
}

/** Okta's label of the Workflows engine's OAuth app, which a person must be assigned to before authorizing a connection. */
export const WORKFLOWS_APP_LABEL = 'Keyflow Workflows';

/** The org's "Keyflow Workflows" app (made at setup), found by its label and its redirect URI on this org. */
export async function findWorkflowsApp(session: Session): Promise<{ id: string; label: string } | undefined> {
  const { body } = await apiGet<{ id: string; label: string; settings?: { oauthClient?: { redirect_uris?: string[] } } }[]>(
    session,
    `/api/v1/apps?q=${encodeURIComponent(WORKFLOWS_APP_LABEL)}&limit=20`,
  );
  const callback = `${location.origin}/workflows/oauth/okta/cb`;
  return body.find((app) => app.label === WORKFLOWS_APP_LABEL && (app.settings?.oauthClient?.redirect_uris ?? [callback]).includes(callback));
}
