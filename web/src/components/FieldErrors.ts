import { ApiCallError } from '../api';

/**
 * Splits an org's refusal into Okta's words per form field: each `errorCauses[].errorSummary` of the
 * form `field: reason` goes to that field when the form has it; the summary and every other cause are
 * the form's own message. A call that failed without Okta's words (a network error, 401) is all form.
 */
export function fieldErrors(err: unknown, fields: readonly string[]): { form: string[]; byField: Record<string, string> } {
  if (!(err instanceof ApiCallError) || err.status === 401 || err.oktaMessages.length === 0) {
    return { form: [err instanceof Error ? err.message : 'Something went wrong.'], byField: {} };
  }
  const byField: Record<string, string> = {};
  const form: string[] = [];
  for (const message of err.oktaMessages) {
    const field = /^([\w.]+):\s/.exec(message)?.[1];
    if (field && fields.includes(field) && !byField[field]) byField[field] = message;
    else form.push(message);
  }
  return { form, byField };
}
