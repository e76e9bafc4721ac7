import type { CardSpec } from '../../core/workflows/card.js';
import type { ExecutionRecord } from '../../core/workflows/execution.js';
import type { FlowRecord, FlowVersionRecord } from '../../core/workflows/flow.js';
import { redacted } from '../../core/workflows/history.js';
import type { ScopeWarning } from '../../core/workflows/required-scopes.js';

/**
 * A flow as the Workflows API shows it; its client token is read separately (`…/clientToken`).
 * `_keyflow.warnings` (a Keyflow extension, like `_keyflow.delivery` on event hooks) lists the scopes its
 * connections lack for its cards: saving does not stop on them, turning the flow on does.
 */
export function presentFlow(flow: FlowRecord, origin: string, warnings: readonly ScopeWarning[]) {
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
    _keyflow: { warnings },
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

/**
 * An execution with its per-card history (inputs and outputs present only when the flow saves data).
 * The input is redacted here too: a queued execution's row holds it as given until it runs.
 */
export function presentExecution(execution: ExecutionRecord, origin: string) {
  return {
    id: execution.id,
    flowId: execution.flowId,
    flowVersion: execution.flowVersion,
    status: execution.status,
    trigger: execution.trigger,
    input: execution.input === null ? null : redacted(execution.input),
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

/** A card type of the catalogue (`GET …/cards`): what a definition may use, and what its connection needs. */
export function presentCard(card: CardSpec) {
  return {
    type: card.type,
    title: card.title,
    category: card.category,
    connection: card.connection,
    requiredScopes: card.requiredScopes ?? [],
    inputs: card.inputs,
    extensibleInputs: card.extensibleInputs ?? false,
    outputs: card.outputs,
    callsFlow: card.callsFlow ?? false,
  };
}

/**
 * The answer to a run or a retry: `{executionId}` as the API asks, followed by the execution
 * itself (its `id` is the same), which the CLI and `?wait=true` callers read.
 */
export function presentRun(execution: ExecutionRecord, origin: string) {
  return { executionId: execution.id, ...presentExecution(execution, origin) };
}
