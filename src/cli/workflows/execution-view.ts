import type { CardRun, ExecutionError, ExecutionTrigger } from '../../core/workflows/execution.js';
import type { ExecutionView } from './api-shapes.js';
import { formatDuration } from './format-duration.js';
import { textTable } from './text-table.js';

function trigger(t: ExecutionTrigger): string {
  const by = [t.userId ? `by ${t.userId}` : '', t.eventId ? `event ${t.eventId}` : '', t.parentExecutionId ? `called by ${t.parentExecutionId}` : ''].filter(Boolean);
  return [t.type, ...by].join(' ');
}

/** Okta's If Error object in one line: message, HTTP status or code, Okta's errorCode, and the card. */
export function describeError(e: Pick<ExecutionError, 'message' | 'code' | 'errorCode' | 'method'>): string {
  const code = [typeof e.code === 'number' ? `HTTP ${e.code}` : e.code, e.errorCode].filter(Boolean).join(' ');
  return `${e.message} (${code}${e.method ? `, card ${e.method}` : ''})`;
}

const headline = (e: ExecutionView) => `${e.status}${e.durationMs !== null ? ` in ${formatDuration(e.durationMs)}` : ''}`;

/**
 * The HTTP status of a card's call: history keeps it for failed calls; for a successful Okta card it is
 * the card's `statusCode` output (kept when the flow saves execution data).
 */
function httpStatusOf(c: CardRun): string {
  const status = c.httpStatus ?? c.outputs?.statusCode;
  return typeof status === 'number' ? String(status) : '-';
}

function cardRows(cards: readonly CardRun[]): string[] {
  const table = textTable(
    ['CARD', 'TYPE', 'STATUS', 'ATTEMPTS', 'DURATION', 'HTTP', 'REQUEST IDS'],
    cards.map((c) => [c.cardId, c.type, c.status, String(c.attempts), formatDuration(c.durationMs), httpStatusOf(c), c.requestIds?.length ? c.requestIds.join(' ') : '-']),
    '  ',
  );
  const [header, ...rows] = table;
  // The error of a failed card goes on the line below its row, uncut.
  return [header!, ...rows.flatMap((row, i) => (cards[i]!.error ? [row, `      error: ${describeError(cards[i]!.error!)}`] : [row]))];
}

/**
 * `keyflow executions show` and `flows run --wait`: the status and duration, what started it, the
 * output or error, then each card that ran with its status, attempts, duration, HTTP status and the org's
 * request ids (each the `transaction.id` of the System Log events the call wrote).
 */
export function executionDetails(e: ExecutionView): string[] {
  const rows: [string, string][] = [
    ['flow', `${e.flowId} version ${e.flowVersion}`],
    ['trigger', trigger(e.trigger)],
    ['queued', e.queuedAt],
    ['started', e.startedAt ?? '-'],
    ['finished', e.finishedAt ?? '-'],
  ];
  if (e.output !== null) rows.push(['output', JSON.stringify(e.output)]);
  if (e.error) rows.push(['error', describeError(e.error)]);
  const lines = [`Execution ${e.id}  ${headline(e)}`, ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(10)}${v}`)];
  if (e.cards.length > 0) lines.push('', ...cardRows(e.cards));
  else if (e.status === 'QUEUED' || e.status === 'RUNNING') lines.push('', `  (cards are listed once it ends: keyflow executions show ${e.id})`);
  return lines;
}

/** `keyflow executions list`: one row per execution, newest first as the API lists them, the error last. */
export function executionTable(executions: readonly ExecutionView[]): string[] {
  return textTable(
    ['ID', 'STATUS', 'TRIGGER', 'QUEUED', 'DURATION', 'CARDS', 'ERROR'],
    executions.map((e) => [e.id, e.status, e.trigger.type, e.queuedAt, formatDuration(e.durationMs), String(e.cards.length), e.error ? describeError(e.error) : '']),
  );
}
