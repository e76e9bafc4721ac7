import { ApiCallError } from './api';

/** Okta's words for an error: errorSummary and causes when the org sent them, else the call's message. */
export function errorWords(err: unknown): string {
  if (err instanceof ApiCallError && err.status !== 401 && err.oktaMessages.length > 0) return err.oktaMessages.join(' ');
  return err instanceof Error ? err.message : 'Something went wrong.';
}

/**
 * A validation error's causes by the field they name. Okta writes each cause of E0000001 as
 * `<field>: <what is wrong>` ("email: Does not match required pattern"), so a form can show each one
 * beside its field; causes that name no field stay in the summary.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  if (!(err instanceof ApiCallError)) return byField;
  for (const message of err.oktaMessages) {
    const match = /^([A-Za-z][\w.]*): (.+)$/.exec(message);
    if (!match || /^Api validation failed/.test(message)) continue;
    const field = match[1]!.replace(/^profile\./, '');
    byField[field] = byField[field] ? `${byField[field]} ${match[2]}` : match[2]!;
  }
  return byField;
}
