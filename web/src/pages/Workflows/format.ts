import type { TriggerDef } from './types';

const TRIGGER_LABELS: Record<string, string> = {
  'okta.event': 'Okta event',
  schedule: 'Schedule',
  api_endpoint: 'API endpoint',
  delegated: 'Delegated (run by an admin)',
  helper: 'Helper flow',
  manual: 'Run by an admin',
};

/** A trigger kind in words ("Okta event", "Schedule" …); an unknown kind as it is. */
export function triggerLabel(type: string): string {
  return TRIGGER_LABELS[type] ?? type;
}

/** What the trigger waits for, in a line: the event type, the schedule, the API endpoint's alias. */
export function triggerDetail(trigger: TriggerDef): string {
  if (trigger.type === 'okta.event') return `${trigger.event ?? ''}${trigger.filter ? ` where ${trigger.filter}` : ''}`;
  if (trigger.type === 'schedule' && trigger.schedule) {
    const s = trigger.schedule;
    return `every ${s.interval && s.interval > 1 ? `${s.interval} ` : ''}${s.frequency}${s.interval && s.interval > 1 ? 's' : ''}${s.time ? ` at ${s.time}` : ''} (${s.timezone ?? 'UTC'})`;
  }
  if (trigger.type === 'api_endpoint') return `${trigger.security === 'client_token' ? 'with a client token' : 'public'}${trigger.alias ? `, /invoke/${trigger.alias}` : ''}`;
  return '';
}

/** A time in the browser's locale, with seconds (executions are seconds apart). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A duration as people read it: 840 ms, 2.4 s, 3 min 5 s. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The System Log page searching the events of one org request, in a time range around `at` (± 5 minutes). */
export function logLinkForRequest(requestId: string, at: string, durationMs = 0): string {
  const start = Date.parse(at);
  const params = new URLSearchParams({ filter: `transaction.id eq "${requestId}"` });
  if (!Number.isNaN(start)) {
    params.set('since', new Date(start - 5 * 60_000).toISOString());
    params.set('until', new Date(start + durationMs + 5 * 60_000).toISOString());
  }
  return `/console/logs?${params}`;
}

/** The System Log page searching every event an execution's cards caused (their `debugData`). */
export function logLinkForExecution(executionId: string, queuedAt: string, finishedAt: string | null): string {
  const start = Date.parse(queuedAt);
  const end = finishedAt ? Date.parse(finishedAt) : Date.now();
  const params = new URLSearchParams({ filter: `debugContext.debugData.workflowsExecutionId eq "${executionId}"` });
  if (!Number.isNaN(start)) {
    params.set('since', new Date(start - 5 * 60_000).toISOString());
    params.set('until', new Date(end + 5 * 60_000).toISOString());
  }
  return `/console/logs?${params}`;
}
