import { CardError, type CardContext, type HttpAnswer, type OrgCall } from '../card.js';

/**
 * Calls the org through the card's connection and returns the answer when it is a success; any other
 * status becomes a CardError carrying Okta's `errorCode`/`errorSummary` and the raw body (the If Error
 * object and the execution history show them). 429 and 5xx are the only retryable ones.
 */
export async function okOrThrow(ctx: CardContext, call: OrgCall): Promise<HttpAnswer> {
  const answer = await ctx.org(call);
  if (answer.status < 400) return answer;
  const body = (answer.body ?? {}) as { errorCode?: unknown; errorSummary?: unknown };
  const summary = typeof body.errorSummary === 'string' ? body.errorSummary : `HTTP ${answer.status}`;
  throw new CardError(summary, answer.status, {
    httpStatus: answer.status,
    errorCode: typeof body.errorCode === 'string' ? body.errorCode : null,
    raw: answer.body,
    requestId: answer.requestId ?? null,
  });
}

/** `/api/v1/users/{id or login}` with the value escaped. */
export function userPath(idOrLogin: unknown, suffix = ''): string {
  if (typeof idOrLogin !== 'string' || idOrLogin.trim() === '') throw new CardError('The user ID or login is required', 'INVALID_INPUT');
  return `/api/v1/users/${encodeURIComponent(idOrLogin.trim())}${suffix}`;
}

export function idPart(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CardError(`${what} is required`, 'INVALID_INPUT');
  return encodeURIComponent(value.trim());
}

/** The fields of an Okta user an Okta card outputs. */
export const USER_OUTPUTS = [
  { key: 'id', type: 'text' },
  { key: 'status', type: 'text' },
  { key: 'created', type: 'datetime' },
  { key: 'activated', type: 'datetime' },
  { key: 'statusChanged', type: 'datetime' },
  { key: 'lastLogin', type: 'datetime' },
  { key: 'lastUpdated', type: 'datetime' },
  { key: 'profile', type: 'object' },
] as const;

export function userOutputs(user: unknown): Record<string, unknown> {
  const u = (user ?? {}) as Record<string, unknown>;
  return Object.fromEntries(USER_OUTPUTS.map(({ key }) => [key, u[key] ?? null]));
}
