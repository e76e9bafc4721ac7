import type { ExecutionRecord } from '../../core/workflows/execution.js';
import type { FlowRecord, FlowVersionRecord } from '../../core/workflows/flow.js';

/** A flow as the Workflows API shows it; its client token is read separately (`…/clientToken`). */
export function presentFlow(flow: FlowRecord, origin: string) {
  const self = `${origin}/workflows/api/v1/flows/${flow.id}`;
  return {
    id: flow.id,
    name: flow.name,
    kind: flow.kind,
    active: flow.active,
    version: flow.version,
    triggerType: flow.triggerType,
    alias: flow.alias,
    invokeUrl: flow.alias ? `${origin}/workflows/api/v1/invoke/${flow.alias}` : null,
    connectionIds: flow.connectionIds,
    createdBy: flow.createdBy,
    created: flow.created,
    lastUpdated: flow.lastUpdated,
    definition: flow.definition,
    _links: {
      self: { href: self },
      executions: { href: `${self}/executions` },
      run: { href: `${self}/run`, hints: { allow: ['POST'] } },
      [flow.active ? 'deactivate' : 'activate']: { href: `${self}/${flow.active ? 'deactivate' : 'activate'}`, hints: { allow: ['POST'] } },
    },
  };
}

export function presentVersion(version: FlowVersionRecord) {
  return { flowId: version.flowId, version: version.version, savedBy: version.savedBy, savedAt: version.savedAt, definition: version.definition };
}

/** An execution with its per-card history (inputs and outputs present only when the flow saves data). */
export function presentExecution(execution: ExecutionRecord, origin: string) {
  return {
    id: execution.id,
    flowId: execution.flowId,
    flowVersion: execution.flowVersion,
    status: execution.status,
    trigger: execution.trigger,
    input: execution.input,
    output: execution.output,
    error: execution.error,
    queuedAt: execution.queuedAt,
    startedAt: execution.startedAt,
    finishedAt: execution.finishedAt,
    durationMs: execution.startedAt && execution.finishedAt ? Date.parse(execution.finishedAt) - Date.parse(execution.startedAt) : null,
    cards: execution.cards,
    _links: {
      self: { href: `${origin}/workflows/api/v1/executions/${execution.id}` },
      flow: { href: `${origin}/workflows/api/v1/flows/${execution.flowId}` },
    },
  };
}

/**
 * The answer to a run or a retry: `{executionId}` as the API asks, followed by the execution
 * itself (its `id` is the same), which the CLI and `?wait=true` callers read.
 */
export function presentRun(execution: ExecutionRecord, origin: string) {
  return { executionId: execution.id, ...presentExecution(execution, origin) };
}
