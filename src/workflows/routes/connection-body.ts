import { validationFailed } from '../../core/errors.js';
import { checkProperties, objectBody, optionalString, requiredString, type Json } from '../../api/parse/body-shape.js';

/** `POST /workflows/api/v1/connections`, parsed at the edge (docs/workflows.md). */
export interface ConnectionRequest {
  nickname: string;
  orgUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scopes?: string[];
}

/** Read-only properties a client may echo back from a GET. */
const READ_ONLY = ['id', 'connector', 'status', 'statusReason', 'lastError', 'grantedScopes', 'authorizedBy', 'authorizedAt', 'lastUsedAt', 'createdBy', 'created', 'lastUpdated', 'usage', '_links'];

export function parseConnectionBody(body: unknown): ConnectionRequest {
  const obj = objectBody(body);
  checkProperties(obj, '', ['nickname', 'orgUrl', 'clientId', 'clientSecret', 'scopes']);
  const request: ConnectionRequest = { nickname: nickname(obj) };
  const orgUrl = optionalString(obj, 'orgUrl');
  if (orgUrl !== undefined) request.orgUrl = absoluteUrl(orgUrl);
  const clientId = optionalString(obj, 'clientId');
  if (clientId !== undefined) request.clientId = clientId;
  const clientSecret = optionalString(obj, 'clientSecret');
  if (clientSecret !== undefined) request.clientSecret = clientSecret;
  if (obj.scopes !== undefined && obj.scopes !== null) request.scopes = scopes(obj.scopes);
  return request;
}

/** `PUT /workflows/api/v1/connections/{id}`: only the nickname can change (Okta's "Rename"). */
export function parseRenameBody(body: unknown): string {
  const obj = objectBody(body);
  checkProperties(obj, '', ['nickname'], [...READ_ONLY, 'orgUrl', 'clientId', 'scopes']);
  return nickname(obj);
}

function nickname(obj: Json): string {
  const value = requiredString(obj, 'nickname').trim();
  if (value.length > 100) throw validationFailed('nickname', 'nickname: At most 100 characters');
  return value;
}

function absoluteUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw validationFailed('orgUrl', 'orgUrl: Must be an absolute URL such as https://example.okta.com');
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw validationFailed('orgUrl', 'orgUrl: Must be the org’s base URL, without a path');
  return url.origin;
}

function scopes(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) {
    throw validationFailed('scopes', 'scopes: Must be an array of scope names');
  }
  if (value.length > 100) throw validationFailed('scopes', 'scopes: At most 100 scopes');
  return [...new Set(value as string[])];
}
