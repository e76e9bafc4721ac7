import { randomBytes, timingSafeEqual } from 'node:crypto';
import { validationFailed } from '../core/errors.js';
import type { LogEvent } from '../core/log-event.js';
import type { FlowRecord } from '../core/workflows/flow.js';
import type { WorkflowFlowsService } from '../services/workflow-flows.js';
import { ConnectionUnusable, type ConnectionRuntime } from './connection-runtime.js';
import type { WorkflowEngine } from './engine.js';

/** Where the org delivers a flow's events: `/workflows/hooks/{flowId}` on this Keyflow. */
export const HOOK_PATH_PREFIX = '/workflows/hooks/';

/**
 * Okta event triggers as Okta Workflows does them (workflows.md §4.1): activating a flow registers an
 * event hook at the org *through the flow's connection* (so the org logs `event_hook.created` by the
 * connection's person, and a broken connection cannot be activated), verifies it, and receives the
 * deliveries here; each event starts one execution with the event card's outputs (§5.4). Deactivating
 * deletes the hook.
 */
export class EventTriggers {
  constructor(
    private readonly deps: {
      orgUrl: string;
      flows: WorkflowFlowsService;
      connections: ConnectionRuntime;
      engine: WorkflowEngine;
    },
  ) {}

  /** Registers (or re-registers) the flow's event hook at its org. */
  async register(flow: FlowRecord): Promise<void> {
    const trigger = flow.definition.trigger;
    if (trigger.type !== 'okta.event') return;
    await this.unregister(flow).catch(() => undefined);
    const secret = randomBytes(32).toString('base64url');
    const body = {
      name: `Keyflow Workflows: ${flow.name}`.slice(0, 255),
      events: {
        type: 'EVENT_TYPE',
        items: [trigger.event],
        ...(trigger.filter ? { filter: { type: 'EXPRESSION_LANGUAGE', eventFilterMap: [{ event: trigger.event, condition: { expression: trigger.filter } }] } } : {}),
      },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${this.deps.orgUrl}${HOOK_PATH_PREFIX}${flow.id}`, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: secret } } },
    };
    const created = await this.orgCall(trigger.connectionId, 'POST', '/api/v1/eventHooks', body);
    const hookId = (created as { id: string }).id;
    // The registration is stored before verification: the org's verification GET is answered from it.
    await this.deps.flows.setHookRegistration(flow.id, { hookId, connectionId: trigger.connectionId, secret });
    await this.orgCall(trigger.connectionId, 'POST', `/api/v1/eventHooks/${hookId}/lifecycle/verify`);
  }

  /** Deactivates and deletes the flow's event hook at its org, if it has one. */
  async unregister(flow: FlowRecord): Promise<void> {
    const registration = await this.deps.flows.hookRegistration(flow.id);
    if (!registration) return;
    await this.deps.flows.setHookRegistration(flow.id, undefined);
    await this.orgCall(registration.connectionId, 'POST', `/api/v1/eventHooks/${registration.hookId}/lifecycle/deactivate`).catch(() => undefined);
    await this.orgCall(registration.connectionId, 'DELETE', `/api/v1/eventHooks/${registration.hookId}`).catch(() => undefined);
  }

  /** The one-time verification (`x-okta-verification-challenge`): answered only for a flow being registered. */
  async verify(flowId: string, challenge: string | undefined): Promise<{ verification: string } | undefined> {
    if (!challenge || !(await this.deps.flows.hookRegistration(flowId))) return undefined;
    return { verification: challenge };
  }

  /**
   * A delivery: checks the hook's secret, then queues one execution per event of the trigger's type.
   * Returns how many were queued, or undefined when the delivery is not for an active registration.
   */
  async deliver(flowId: string, authorization: string | undefined, payload: unknown, headers: Record<string, unknown>): Promise<number | undefined> {
    const registration = await this.deps.flows.hookRegistration(flowId);
    if (!registration || !authorization || !sameSecret(authorization, registration.secret)) return undefined;
    const flow = await this.deps.flows.get(flowId).catch(() => undefined);
    if (!flow || !flow.active || flow.definition.trigger.type !== 'okta.event') return undefined;
    const events = ((payload as { data?: { events?: unknown } })?.data?.events ?? []) as LogEvent[];
    if (!Array.isArray(events)) return 0;
    const trigger = flow.definition.trigger;
    const runs = events
      .filter((event) => event?.eventType === trigger.event)
      .map((event) => ({ trigger: { type: 'okta.event' as const, eventId: event.uuid }, input: eventCardOutputs(event, payload, headers) }));
    return (await this.deps.engine.submitMany(flow, runs)).length;
  }

  private async orgCall(connectionId: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    try {
      const result = await this.deps.connections.call(connectionId, { method, path, ...(body !== undefined ? { body } : {}) });
      if (result.status >= 400) {
        const summary = (result.body as { errorSummary?: string } | null)?.errorSummary ?? `HTTP ${result.status}`;
        throw validationFailed('trigger', `trigger: The org refused to register the event hook through the connection (${result.status}: ${summary})`);
      }
      return result.body;
    } catch (err) {
      if (err instanceof ConnectionUnusable) throw validationFailed('connectionId', `connectionId: The connection cannot register the event hook: ${err.message}`);
      throw err;
    }
  }
}

/**
 * The output of Okta's event cards (workflows.md §5.4): who did it (`admin`), the user and group it
 * concerns, the event itself as `eventDetails`, and the delivery's headers and source.
 */
export function eventCardOutputs(event: LogEvent, payload: unknown, headers: Record<string, unknown>): Record<string, unknown> {
  const pick = (t: { id: string; alternateId?: string | null; displayName?: string | null; type?: string } | null | undefined) =>
    t ? { id: t.id, alternateId: t.alternateId ?? null, displayName: t.displayName ?? null, type: t.type ?? null } : null;
  const targets = event.target ?? [];
  const p = (payload ?? {}) as Record<string, unknown>;
  return {
    dateAndTime: event.published,
    message: event.displayMessage,
    eventId: event.uuid,
    eventType: event.eventType,
    eventTime: event.published,
    version: event.version,
    admin: pick(event.actor),
    oktaUser: pick(targets.find((t) => t.type === 'User')),
    group: pick(targets.find((t) => t.type === 'UserGroup')),
    uuid: event.uuid,
    eventDetails: event,
    headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'authorization')),
    source: { source: p.source ?? null, eventTypeVersion: p.eventTypeVersion ?? null, cloudEventsVersion: p.cloudEventsVersion ?? null },
    debugContext: { debugData: event.debugContext?.debugData ?? {} },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
