import type { LogEvent } from '../../core/log-event.js';

/** Columns of `keyflow logs search|tail`: name and width (0 = the rest of the line, never cut). */
const COLUMNS: readonly [name: string, width: number][] = [
  ['PUBLISHED', 24],
  ['EVENT TYPE', 36],
  ['ACTOR', 30],
  ['OUTCOME', 28],
  ['TARGETS', 44],
  ['MESSAGE', 0],
];

function cell(text: string, width: number): string {
  if (width === 0) return text;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function line(values: readonly string[]): string {
  return values.map((v, i) => cell(v, COLUMNS[i]![1])).join('  ').trimEnd();
}

export const TABLE_HEADER = line(COLUMNS.map(([name]) => name));

/** One event as a table row: who (login, else name, else id), the outcome with its reason, each target as type:name. */
export function tableRow(event: LogEvent): string {
  const actor = event.actor.alternateId ?? event.actor.displayName ?? event.actor.id;
  const outcome = event.outcome.reason ? `${event.outcome.result} ${event.outcome.reason}` : event.outcome.result;
  const targets = (event.target ?? []).map((t) => `${t.type}:${t.displayName ?? t.alternateId ?? t.id}`).join(', ');
  return line([event.published, event.eventType, actor, outcome, targets, event.displayMessage ?? '']);
}
