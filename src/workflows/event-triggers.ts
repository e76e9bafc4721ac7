import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { validationFailed } from '../core/errors.js';
import type { LogEvent } from '../core/log-event.js';
import type { RequestContext } from '../core/principal.js';
import type { FlowRecord } from '../core/workflows/flow.js';
import type { FlowDefinition } from '../core/workflows/flow-definition.js';
import type { HookRegistration, LeftoverHook, WorkflowFlowsService } from '../services/workflow-flows.js';
import { ConnectionUnavailable, ConnectionUnusable, type ConnectionRuntime } from './connection-runtime.js';
import type { WorkflowEngine } from './engine.js';

/** The flow a hook is for: its id, and its name for messages. */
type FlowRef = Pick<FlowRecord, 'id' | 'name'>;

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
      /** The server log: a hook left at the org is reported there too, for whoever reads it first. */
      log: Pick<Logger, 'warn' | 'info' | 'error'>;
    },
  ) {}

  /** Leftover hooks whose removal is being tried again now, so that a burst of deliveries tries once. */
  private readonly retrying = new Set<string>();

  /** Registers (or re-registers) the flow's event hook at its org. */
  async register(flow: FlowRecord): Promise<void> {
    const trigger = flow.definition.trigger;
    if (trigger.type !== 'okta.event') return;
    await this.unregister(flow).catch(() => undefined);
    await this.deps.flows.setHookRegistration(flow.id, await this.createHook(flow, trigger));
    await this.deps.flows.setPendingHook(flow.id, undefined);
  }

  /**
   * Saves a new version of a flow. An active flow whose new version needs another event hook (its event
   * type, filter or connection changed, or it became or stopped being an Okta event flow) switches hooks
   * without a half-applied state: the new hook is registered and verified through the new connection
   * first, and a refusal fails the save with 400 while the old version and its hook stay; the version and
   * the new registration commit together; only then is the old hook removed from the org.
   */
  async save(ctx: RequestContext, id: string, definition: FlowDefinition): Promise<FlowRecord> {
    const before = await this.deps.flows.get(id);
    if (!before.active || hookOf(before.definition) === hookOf(definition)) return this.deps.flows.save(ctx, id, definition);
    // A definition the save would refuse anyway must not reach the org.
    await this.deps.flows.checkSave(before, definition);
    const old = await this.deps.flows.hookRegistration(id);
    const trigger = definition.trigger;
    const next = trigger.type === 'okta.event' ? await this.createHook({ id, name: definition.name }, trigger) : null;
    let after: FlowRecord;
    try {
      after = await this.deps.flows.save(ctx, id, definition, { hook: next });
    } catch (err) {
      if (next) await this.removeHook(next, { id, name: definition.name });
      throw err;
    } finally {
      if (next) await this.deps.flows.setPendingHook(id, undefined);
    }
    if (old) await this.removeHook(old, before);
    return after;
  }

  /** Deactivates and deletes the flow's event hook at its org, if it has one. */
  async unregister(flow: FlowRecord): Promise<void> {
    const registration = await this.deps.flows.hookRegistration(flow.id);
    if (!registration) return;
    await this.deps.flows.setHookRegistration(flow.id, undefined);
    await this.removeHook(registration, flow);
  }

  /**
   * Creates the hook at the org through the trigger's connection and has the org verify it. Until the
   * caller makes it the flow's registration it is pending: the org's verification is answered for it,
   * deliveries are not (they are refused and the org delivers them again). A hook that fails
   * verification is removed again.
   */
  private async createHook(flow: FlowRef, trigger: Extract<FlowDefinition['trigger'], { type: 'okta.event' }>): Promise<HookRegistration> {
    const { id: flowId, name } = flow;
    const secret = randomBytes(32).toString('base64url');
    const body = {
      name: `Keyflow Workflows: ${name}`.slice(0, 255),
      events: {
        type: 'EVENT_TYPE',
        items: [trigger.event],
        ...(trigger.filter ? { filter: { type: 'EXPRESSION_LANGUAGE', eventFilterMap: [{ event: trigger.event, condition: { expression: trigger.filter } }] } } : {}),
      },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${this.deps.orgUrl}${HOOK_PATH_PREFIX}${flowId}`, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: secret } } },
    };
    const created = await this.orgCall(trigger.connectionId, 'POST', '/api/v1/eventHooks', body);
    const registration: HookRegistration = { hookId: (created as { id: string }).id, connectionId: trigger.connectionId, secret };
    try {
      // Stored before verification: the org's verification GET may reach another process.
      await this.deps.flows.setPendingHook(flowId, registration);
      await this.orgCall(trigger.connectionId, 'POST', `/api/v1/eventHooks/${registration.hookId}/lifecycle/verify`);
      return registration;
    } catch (err) {
      await this.removeHook(registration, flow);
      await this.deps.flows.setPendingHook(flowId, undefined);
      throw err;
    }
  }

  /**
   * Removes a hook from the org through the connection that registered it. A failure does not block the
   * deactivation or save that asked for it (the flow has already let go of the hook), but it is not
   * quiet either: the hook is recorded as left behind, in the System Log and the server log with its id,
   * and its deliveries are answered 410 and try the removal again (see {@link deliver}).
   */
  private async removeHook(registration: HookRegistration, flow: FlowRef): Promise<void> {
    const problem = await this.tryRemove(registration);
    if (problem === undefined) return;
    this.deps.log.warn(
      { hookId: registration.hookId, connectionId: registration.connectionId, flowId: flow.id, reason: problem },
      `Workflows could not remove event hook ${registration.hookId} of flow "${flow.name}" (${flow.id}) from its org through connection ${registration.connectionId}: ${problem}. It is tried again when the org delivers to it; an admin can delete it at the org`,
    );
    await this.deps.flows.hookLeftBehind(flow, registration, problem).catch((err) => this.deps.log.error({ err, hookId: registration.hookId }, 'could not record an event hook left at the org'));
  }

  /** Deactivates, then deletes the hook (the org deletes only inactive hooks). Undefined once it is gone; otherwise why not. */
  private async tryRemove(registration: HookRegistration): Promise<string | undefined> {
    const path = `/api/v1/eventHooks/${registration.hookId}`;
    try {
      for (const [method, at] of [['POST', `${path}/lifecycle/deactivate`], ['DELETE', path]] as const) {
        const result = await this.deps.connections.call(registration.connectionId, { method, path: at });
        // 404: somebody already deleted it, which is all that was wanted.
        if (result.status === 404) return undefined;
        if (result.status >= 400) return `the org answered ${method} ${at} with ${result.status}: ${(result.body as { errorSummary?: string } | null)?.errorSummary ?? 'no error summary'}`;
      }
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /**
   * A delivery from a hook left at the org (its secret proves the org sent it): the removal is tried
   * again in the background, through the connection that registered the hook (it may have been
   * reauthorized since). Once the hook is gone, it is forgotten.
   */
  private retryLeftover(leftover: LeftoverHook): void {
    if (this.retrying.has(leftover.hookId)) return;
    this.retrying.add(leftover.hookId);
    void (async () => {
      try {
        const problem = await this.tryRemove(leftover);
        if (problem !== undefined) return;
        await this.deps.flows.forgetLeftoverHook(leftover.hookId);
        this.deps.log.info({ hookId: leftover.hookId, flowId: leftover.flowId }, `Workflows removed event hook ${leftover.hookId}, left at the org earlier`);
      } catch (err) {
        this.deps.log.error({ err, hookId: leftover.hookId }, 'retrying the removal of an event hook left at the org failed');
      } finally {
        this.retrying.delete(leftover.hookId);
      }
    })();
  }

  /** The one-time verification (`x-okta-verification-challenge`): answered only for a flow being registered. */
  async verify(flowId: string, challenge: string | undefined): Promise<{ verification: string } | undefined> {
    if (!challenge) return undefined;
    if (!(await this.deps.flows.hookRegistration(flowId)) && !(await this.deps.flows.pendingHook(flowId))) return undefined;
    return { verification: challenge };
  }

  /**
   * A delivery: checks the hook's secret, then queues one execution per event of the trigger's type.
   * Returns how many were queued, or undefined when the delivery is not for an active registration.
   */
  async deliver(flowId: string, authorization: string | undefined, payload: unknown, headers: Record<string, unknown>): Promise<number | 'gone' | undefined> {
    const registration = await this.deps.flows.hookRegistration(flowId);
    if (!registration || !authorization || !sameSecret(authorization, registration.secret)) return this.fromLeftover(flowId, authorization, payload);
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

  /**
   * `gone` for a delivery from a hook this flow left at the org (named by the payload's `source`,
   * `<org>/api/v1/eventHooks/{id}`, and proved by its secret); undefined for anything else.
   */
  private async fromLeftover(flowId: string, authorization: string | undefined, payload: unknown): Promise<'gone' | undefined> {
    const source = (payload as { source?: unknown } | null)?.source;
    const hookId = typeof source === 'string' ? /\/api\/v1\/eventHooks\/([A-Za-z0-9]+)$/.exec(source)?.[1] : undefined;
    if (!hookId || !authorization) return undefined;
    const leftover = await this.deps.flows.leftoverHook(hookId);
    if (!leftover || leftover.flowId !== flowId || !sameSecret(authorization, leftover.secret)) return undefined;
    this.retryLeftover(leftover);
    return 'gone';
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
      if (err instanceof ConnectionUnusable || err instanceof ConnectionUnavailable) throw validationFailed('connectionId', `connectionId: The connection cannot register the event hook: ${err.message}`);
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

/** What the flow's event hook at the org is made of; null when the flow has none. */
function hookOf(definition: FlowDefinition): string | null {
  const t = definition.trigger;
  return t.type === 'okta.event' ? JSON.stringify([t.connectionId, t.event, t.filter ?? null]) : null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
