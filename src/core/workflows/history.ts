import type { CardRun, ExecutionError } from './execution.js';

/**
 * What execution history may keep (workflows.md §7.1, docs/workflows.md "Executions"). Okta keeps an
 * execution's metadata always (status, timing, which card failed and why) and the data that passed
 * through it — the trigger's outputs, each card's inputs and outputs, the flow's Return values and the
 * raw answers of called apps — only when the flow saves all data. Saved data never keeps secrets: values
 * under secret-looking keys are replaced at any depth, in JSON text bodies too. This is the one place that
 * decides; the engine stores an execution only through it, and the API shows nothing else.
 */

/** Keys whose values history never keeps (passwords, secrets, tokens, authorization headers, cookies). */
const SECRET_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|cookie/i;

/** What history shows in place of a secret. */
export const REDACTED = '[REDACTED]';

/** A copy of `value` with secret-looking values replaced, at any depth. */
export function redacted(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redacted(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redacted(v, depth + 1)]));
}

/** A text body redacted like an object when it is JSON (Return Raw's body, a called app's raw answer). */
export function redactedText(text: string): string {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.stringify(redacted(JSON.parse(text)));
  } catch {
    return text;
  }
}

/** True when history replaced a secret somewhere in `value` (such an input cannot be run again). */
export function hasRedactions(value: unknown, depth = 0): boolean {
  if (value === REDACTED) return true;
  if (depth > 21 || value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => hasRedactions(v, depth + 1));
}

/** The trigger's outputs as history keeps them: redacted, or null when the flow does not save data. */
export function keptInput(input: Record<string, unknown>, save: boolean): Record<string, unknown> | null {
  return save ? (redacted(input) as Record<string, unknown>) : null;
}

/** The flow's Return values (or Return Raw's `{statusCode, headers, body}`) as history keeps them. */
export function keptOutput(output: Record<string, unknown> | null, save: boolean): Record<string, unknown> | null {
  if (!save || output === null) return null;
  const kept = redacted(output) as Record<string, unknown>;
  if (typeof output.body === 'string') kept.body = redactedText(output.body);
  return kept;
}

/** An error as history keeps it: what failed and why always; the called app's raw answer only as data. */
export function keptError(error: ExecutionError | null, save: boolean): ExecutionError | null {
  if (error === null) return null;
  const { raw, ...metadata } = error;
  if (!save || raw === undefined) return metadata;
  return { ...metadata, raw: typeof raw === 'string' ? redactedText(raw) : redacted(raw) };
}

/** Each card's run as history keeps it: its metadata, and its redacted inputs and outputs when saving. */
export function keptCards(cards: readonly CardRun[], save: boolean): CardRun[] {
  return cards.map((card) => {
    const { inputs, outputs, error, ...metadata } = card;
    const kept: CardRun = { ...metadata };
    if (save && inputs !== undefined) kept.inputs = redacted(inputs) as Record<string, unknown>;
    if (save && outputs !== undefined) kept.outputs = keptOutput(outputs, true)!;
    if (error !== undefined) kept.error = keptError(error, save)!;
    return kept;
  });
}
