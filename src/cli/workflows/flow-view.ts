import type { FieldDef, Schedule, Trigger } from '../../core/workflows/flow-definition.js';
import type { FlowView } from './api-shapes.js';
import { textTable } from './text-table.js';

function every(s: Schedule): string {
  const unit = s.interval === 1 ? s.frequency : `${s.interval} ${s.frequency}s`;
  return `every ${unit}${s.time ? ` at ${s.time}` : ''} ${s.timezone}`;
}

const fields = (inputs: readonly FieldDef[]) => (inputs.length > 0 ? `inputs ${inputs.map((f) => `${f.key}:${f.type}`).join(', ')}` : 'no inputs');

/** The trigger in words: what starts the flow. */
export function describeTrigger(t: Trigger): string {
  switch (t.type) {
    case 'okta.event':
      return `okta.event ${t.event}${t.filter ? ` where ${t.filter}` : ''}`;
    case 'schedule':
      return `schedule ${every(t.schedule)}`;
    case 'api_endpoint':
      return `api_endpoint (${t.security === 'client_token' ? 'client token' : 'public'}), ${fields(t.inputs)}`;
    case 'delegated':
      return `delegated, ${fields(t.inputs)}`;
    case 'helper':
      return `helper, ${fields(t.inputs)}`;
  }
}

const state = (f: FlowView) => (f.kind === 'helper' ? 'helper (runs when called)' : f.active ? 'active' : 'inactive');

/** `keyflow flows import|activate|deactivate|show`: what the flow is, whether it is on and how it is reached. */
export function flowDetails(f: FlowView): string[] {
  const rows: [string, string][] = [
    ['status', state(f)],
    ['trigger', describeTrigger(f.definition.trigger)],
    ['version', String(f.version)],
    ['cards', String(f.definition.cards.length)],
    ['connections', f.connectionIds.length > 0 ? f.connectionIds.join(', ') : '-'],
  ];
  if (f.invokeUrl) rows.push(['invoke URL', f.invokeUrl]);
  rows.push(['updated', f.lastUpdated]);
  return [`Flow ${f.id} "${f.name}"`, ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(13)}${v}`)];
}

/** `keyflow flows list`: one row per flow, the name last and uncut. */
export function flowTable(flows: readonly FlowView[]): string[] {
  return textTable(
    ['ID', 'STATUS', 'TRIGGER', 'VERSION', 'UPDATED', 'NAME'],
    flows.map((f) => [f.id, f.kind === 'helper' ? 'helper' : f.active ? 'active' : 'inactive', f.triggerType, String(f.version), f.lastUpdated, f.name]),
  );
}
