import { useSyncExternalStore } from 'react';
import type { Session } from './auth';

/** Whether the org has answered 401 (token expired or revoked): the shell then offers "Sign in again" once. */
let signedOut = false;
const signedOutListeners = new Set<() => void>();
export function useSignedOut(): boolean {
  return useSyncExternalStore(
    (listener) => {
      signedOutListeners.add(listener);
      return () => signedOutListeners.delete(listener);
    },
    () => signedOut,
  );
}

/** An `/api/v1` call that failed, with Okta's summary when the org sent one. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Okta's own words: `errorSummary`, then each of `errorCauses[].errorSummary` it does not already say. */
    readonly oktaMessages: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Okta's words for an error: errorSummary and causes when the org sent them, else the call's message. */
export function errorWords(err: unknown): string {
  if (err instanceof ApiCallError && err.status !== 401 && err.oktaMessages.length > 0) return err.oktaMessages.join(' ');
  return err instanceof Error ? err.message : 'Something went wrong.';
}

interface OktaErrorBody {
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
}

/** Calls the org's API with the session's bearer token. */
export async function apiGet<T>(session: Session, pathOrUrl: string): Promise<{ body: T; next: string | undefined }> {
  const res = await fetch(pathOrUrl, { headers: { Accept: 'application/json', Authorization: `Bearer ${session.accessToken}` } });
  if (!res.ok) throw await callError(res, pathOrUrl);
  return { body: (await res.json()) as T, next: nextLink(res.headers.get('link')) };
}

/** A change (POST, DELETE) with the session's bearer token; the answer's JSON body, if any. */
export async function apiSend<T = unknown>(session: Session, method: 'POST' | 'DELETE' | 'PUT', path: string, body?: unknown): Promise<T | undefined> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${session.accessToken}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw await callError(res, path);
  const text = await res.text();
  return text ? (JSON.parse(text) as T) : undefined;
}

async function callError(res: Response, pathOrUrl: string): Promise<ApiCallError> {
  const error = (await res.json().catch(() => undefined)) as OktaErrorBody | undefined;
  const reason = res.status === 401 ? 'your session has ended, sign in again' : (error?.errorSummary ?? `HTTP ${res.status}`);
  const summary = typeof error?.errorSummary === 'string' ? error.errorSummary : undefined;
  const causes = (Array.isArray(error?.errorCauses) ? error.errorCauses : [])
    .map((c) => c.errorSummary)
    .filter((c): c is string => typeof c === 'string' && c !== '' && !summary?.includes(c));
  if (res.status === 401 && !signedOut) {
    signedOut = true;
    for (const listener of signedOutListeners) listener();
  }
  const messages = [...(summary ? [summary] : []), ...causes];
  return new ApiCallError(`The org did not answer ${new URL(pathOrUrl, location.origin).pathname}: ${reason}.`, res.status, messages);
}

/** Every page of a list, following `Link: <…>; rel="next"` (okta-api.md §1.4). */
export async function apiGetAll<T>(session: Session, path: string): Promise<T[]> {
  const all: T[] = [];
  let url: string | undefined = path;
  while (url) {
    const page: { body: T[]; next: string | undefined } = await apiGet<T[]>(session, url);
    all.push(...page.body);
    url = page.next;
  }
  return all;
}

function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}
