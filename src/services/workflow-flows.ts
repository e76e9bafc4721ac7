import { ApiError, notFound, validationFailed } from '../core/errors.js';
import type { LogTarget } from '../core/log-event.js';
import { jobContext, SYSTEM_ACTOR } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import { UniqueViolation, type Page, type Repositories, type WorkflowFlowQuery } from '../core/ports/store.js';
import { CARDS } from '../core/workflows/card-registry.js';
import type { FlowRecord, FlowVersionRecord } from '../core/workflows/flow.js';
import { missingScopes, type ConnectionGrant, type ScopeWarning } from '../core/workflows/required-scopes.js';
import { isContainer, type Card, type FlowDefinition } from '../core/workflows/flow-definition.js';
import { sameSchedule } from '../core/workflows/schedule.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

const HOOK_KEY = 'workflows.eventHook.';
/** A hook being registered for a saved change, not yet the flow's: only the org's verification is answered for it. */
const PENDING_HOOK_KEY = 'workflows.eventHookPending.';
const SCHEDULE_KEY = 'workflows.schedule.';
/** A hook the engine tried and failed to remove from its org, by hook id (see {@link LeftoverHook}). */
const LEFTOVER_HOOK_KEY = 'workflows.eventHookLeftover.';

/** Where a schedule flow's mark is kept (org settings, so every process sees the same one). */
export const scheduleMarkKey = (flowId: string) => `${SCHEDULE_KEY}${flowId}`;

/**
 * A schedule flow's mark: the last due time it fired for, or when it was turned on or saved with a new
 * schedule (null: none yet). `stored` is the setting as read, for a move conditional on it.
 */
export interface ScheduleMark {
  at: string | null;
  stored: string | undefined;
}

/**
 * What a save does to the schedule mark: a flow put on a schedule, or given another one (time zone
 * included), counts from the save, so neither an occurrence of the old schedule nor one of the new
 * schedule before the save runs; a flow taken off its schedule loses its mark.
 */
function scheduleMarkAfterSave(before: FlowDefinition['trigger'], after: FlowDefinition['trigger'], now: string): string | undefined {
  if (after.type === 'schedule') return before.type === 'schedule' && sameSchedule(before.schedule, after.schedule) ? undefined : now;
  return before.type === 'schedule' ? '' : undefined;
}

export interface HookRegistration {
  hookId: string;
  connectionId: string;
  secret: string;
}

/**
 * A hook a flow no longer uses that its org still holds: removing it through the connection that
 * registered it failed (the connection broken, revoked or deleted). Kept so that its deliveries are
 * recognised and answered 410, and its removal is tried again (docs/workflows.md "Triggers").
 */
export interface LeftoverHook extends HookRegistration {
  flowId: string;
}

/**
 * Inside the transaction that turns a flow on (or saves an active one): holds its connections' rows and
 * refuses a connection deleted since the checks before it. Deleting a connection takes the same lock
 * before it looks for active flows, so on PostgreSQL, where both may run at once, either the delete sees
 * this flow active and is refused, or this finds the connection gone: never both succeed.
 */
async function lockConnections(tx: Repositories, ids: readonly string[]): Promise<void> {
  const existing = new Set(await tx.workflowConnections.lockExisting(ids));
  const missing = ids.find((id) => !existing.has(id));
  if (missing !== undefined) throw validationFailed('connectionId', `connectionId: No connection ${missing}`);
}

/** Okta's target for flow events: the flow by name. */
export function flowTarget(flow: Pick<FlowRecord, 'id' | 'name'>): LogTarget {
  return { id: flow.id, type: 'Flow', alternateId: flow.name, displayName: flow.name, detailEntry: null };
}

/** Every connection a definition uses: its trigger's and its cards', containers included. */
export function connectionIdsOf(definition: FlowDefinition): string[] {
  const ids = new Set<string>();
  if (definition.trigger.type === 'okta.event') ids.add(definition.trigger.connectionId);
  const walk = (cards: readonly Card[]) => {
    for (const card of cards) {
      if (card.connectionId) ids.add(card.connectionId);
      if (!isContainer(card)) continue;
      if (card.type === 'control.ifElse') (walk(card.then), walk(card.else ?? []));
      else if (card.type === 'control.ifElseIf') (card.cases.forEach((c) => walk(c.cards)), walk(card.else ?? []));
      else (walk(card.try), walk(card.ifError ?? []));
    }
  };
  walk(definition.cards);
  return [...ids].sort();
}

/** Helper flows a definition calls (Call Flow, For Each, error handlers…). */
export function calledFlowIdsOf(definition: FlowDefinition): string[] {
  const ids = new Set<string>();
  const walk = (cards: readonly Card[]) => {
    for (const card of cards) {
      if (!isContainer(card)) {
        if (card.errorHandling?.flowId) ids.add(card.errorHandling.flowId);
        if (card.flowId) ids.add(card.flowId);
        continue;
      }
      if (card.type === 'control.ifElse') (walk(card.then), walk(card.else ?? []));
      else if (card.type === 'control.ifElseIf') (card.cases.forEach((c) => walk(c.cards)), walk(card.else ?? []));
      else (walk(card.try), walk(card.ifError ?? []));
    }
  };
  walk(definition.cards);
  return [...ids];
}

/**
 * Flows (workflows.md §2, §12): saved definitions with versions, activation, and Okta's
 * `workflows.user.flow.*` events with the admin as actor. Definitions arrive already validated
 * (core/workflows/flow-validation.ts); this service checks what needs the store: the connections and
 * helper flows a definition names exist, and API endpoint aliases are unique.
 */
export class WorkflowFlowsService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(ctx: RequestContext, definition: FlowDefinition, opts: { imported?: boolean } = {}): Promise<FlowRecord> {
    await this.checkReferences(definition, undefined);
    const now = this.deps.clock.now().toISOString();
    const id = this.deps.ids.id('workflowFlow');
    const userId = ctx.principal?.user?.id ?? '';
    const flow: FlowRecord = {
      id,
      name: definition.name,
      kind: definition.kind,
      active: false,
      version: 1,
      definition,
      triggerType: definition.trigger.type,
      alias: this.aliasOf(definition, id),
      clientTokenSealed: definition.trigger.type === 'api_endpoint' && definition.trigger.security === 'client_token' ? this.deps.secrets.seal(this.deps.ids.secret(40)) : null,
      connectionIds: connectionIdsOf(definition),
      createdBy: userId,
      created: now,
      lastUpdated: now,
    };
    const version: FlowVersionRecord = { flowId: id, version: 1, definition, savedBy: userId, savedAt: now };
    await this.write(async (tx) => {
      await tx.workflowFlows.insert(flow, version);
      await recordEvents(this.deps, tx, ctx, [{ eventType: opts.imported ? 'workflows.user.flow.import' : 'workflows.user.flow.create', targets: [flowTarget(flow)] }]);
    });
    return flow;
  }

  async get(id: string): Promise<FlowRecord> {
    const flow = await this.deps.store.workflowFlows.findById(id);
    if (!flow) throw notFound(id, 'Flow');
    return flow;
  }

  async version(flowId: string, version: number): Promise<FlowVersionRecord> {
    const found = await this.deps.store.workflowFlows.findVersion(flowId, version);
    if (!found) throw notFound(`${flowId} version ${version}`, 'FlowVersion');
    return found;
  }

  async versions(flowId: string): Promise<FlowVersionRecord[]> {
    await this.get(flowId);
    return this.deps.store.workflowFlows.listVersions(flowId);
  }

  list(query: WorkflowFlowQuery): Promise<Page<FlowRecord>> {
    return this.deps.store.workflowFlows.list(query);
  }

  findByAlias(alias: string): Promise<FlowRecord | undefined> {
    return this.deps.store.workflowFlows.findByAlias(alias);
  }

  /** What saving `definition` over the flow would refuse (400), checked without saving. */
  async checkSave(before: FlowRecord, definition: FlowDefinition): Promise<void> {
    if (definition.kind !== before.kind) throw validationFailed('kind', 'kind: A flow cannot change between main and helper');
    await this.checkReferences(definition, before.id);
  }

  /**
   * Saves a new version; executions already queued keep the version they pinned. `hook`, when given,
   * becomes the flow's event hook registration in the same transaction (null: it has none any more), so
   * a version and the hook that triggers it are never half switched.
   */
  async save(ctx: RequestContext, id: string, definition: FlowDefinition, opts: { hook?: HookRegistration | null } = {}): Promise<FlowRecord> {
    const before = await this.get(id);
    await this.checkSave(before, definition);
    const now = this.deps.clock.now().toISOString();
    const keepsToken = definition.trigger.type === 'api_endpoint' && definition.trigger.security === 'client_token';
    const after: FlowRecord = {
      ...before,
      name: definition.name,
      version: before.version + 1,
      definition,
      triggerType: definition.trigger.type,
      alias: this.aliasOf(definition, id),
      clientTokenSealed: keepsToken ? (before.clientTokenSealed ?? this.deps.secrets.seal(this.deps.ids.secret(40))) : null,
      connectionIds: connectionIdsOf(definition),
      lastUpdated: now,
    };
    await this.write(async (tx) => {
      // An active flow's new connections must not be deleted under it (see lockConnections).
      if (after.active) await lockConnections(tx, after.connectionIds);
      await tx.workflowFlows.insertVersion({ flowId: id, version: after.version, definition, savedBy: ctx.principal?.user?.id ?? '', savedAt: now });
      if (!(await tx.workflowFlows.update(after))) throw notFound(id, 'Flow');
      if (opts.hook !== undefined) await tx.settings.set(`${HOOK_KEY}${id}`, this.hookValue(opts.hook));
      // With the version, in one transaction: the scheduler reads the mark before the flow, so it either
      // sees both changes or fails to move the mark it read (services/workflow-executions.ts).
      const mark = scheduleMarkAfterSave(before.definition.trigger, definition.trigger, now);
      if (mark !== undefined) await tx.settings.set(scheduleMarkKey(id), mark);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.flow.save', targets: [flowTarget(after)], debugData: { flowVersion: String(after.version) } }]);
    });
    return after;
  }

  /**
   * What keeps a flow from being turned on, as a 400 E0000001 with one cause per problem: a helper flow,
   * a connection or helper flow that does not exist, or a card whose connection was not granted a scope
   * it needs. Saving such a flow is allowed (as in Okta Workflows) and only warns; turning it on is
   * refused like the other activation problems, before anything is registered at the org.
   */
  async checkActivation(flow: FlowRecord): Promise<void> {
    if (flow.kind === 'helper') throw validationFailed('kind', 'kind: Helper flows run when another flow calls them; they are not turned on');
    await this.checkReferences(flow.definition, flow.id);
    const warnings = (await this.scopeWarnings([flow])).get(flow.id) ?? [];
    if (warnings.length > 0) throw new ApiError('E0000001', { detail: 'connectionId', causes: warnings.map((w) => `${w.path}: ${w.message}`) });
  }

  /**
   * Each flow's missing scopes (core/workflows/required-scopes.ts), against its connections as they are
   * now; each connection is read once. Shown with the flow as `_keyflow.warnings`.
   */
  async scopeWarnings(flows: readonly Pick<FlowRecord, 'id' | 'definition' | 'connectionIds'>[]): Promise<Map<string, ScopeWarning[]>> {
    const grants = new Map<string, ConnectionGrant | undefined>();
    for (const id of new Set(flows.flatMap((f) => f.connectionIds))) {
      const c = await this.deps.store.workflowConnections.findById(id);
      grants.set(id, c ? { id, nickname: c.nickname, authorized: c.authorizedBy !== null, grantedScopes: c.grantedScopes } : undefined);
    }
    return new Map(flows.map((f) => [f.id, missingScopes(f.definition, CARDS, (id) => grants.get(id))]));
  }

  /**
   * What saving `definition` would refuse, checked without saving (`POST …/flows/validate`, a Keyflow
   * extension for editors): as a new flow, or as the next version of `flowId`. Throws the 400 a save
   * would throw; otherwise returns the scope warnings the saved flow would carry. Not checked here: what
   * only the org can answer when an active Okta event flow's hook moves (workflows.md, Triggers).
   */
  async validate(definition: FlowDefinition, flowId?: string): Promise<ScopeWarning[]> {
    if (flowId === undefined) await this.checkReferences(definition, undefined);
    else await this.checkSave(await this.get(flowId), definition);
    const alias = this.aliasOf(definition, flowId ?? '');
    const holder = alias === null || definition.trigger.type !== 'api_endpoint' || definition.trigger.alias === undefined ? undefined : await this.findByAlias(alias);
    if (holder && holder.id !== flowId) throw validationFailed('trigger.alias', 'trigger.alias: Another flow already uses this alias');
    const id = flowId ?? 'new';
    return (await this.scopeWarnings([{ id, definition, connectionIds: connectionIdsOf(definition) }])).get(id) ?? [];
  }

  /** Only main flows are turned on, and only when {@link checkActivation} finds nothing (workflows.md §2.2). */
  async setActive(ctx: RequestContext, id: string, active: boolean): Promise<FlowRecord> {
    const before = await this.get(id);
    if (before.active === active) return before;
    if (active) await this.checkActivation(before);
    const after = { ...before, active, lastUpdated: this.deps.clock.now().toISOString() };
    await this.deps.store.transaction(async (tx) => {
      if (active) await lockConnections(tx, after.connectionIds);
      if (!(await tx.workflowFlows.update(after))) throw notFound(id, 'Flow');
      await recordEvents(this.deps, tx, ctx, [{ eventType: active ? 'workflows.user.flow.activate' : 'workflows.user.flow.deactivate', targets: [flowTarget(after)] }]);
    });
    return after;
  }

  /** Deletes the flow with its versions and history. An active flow must be turned off first, as in Okta. */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    const flow = await this.get(id);
    if (flow.active) throw new ApiError('E0000001', { detail: 'active', causes: ['active: Turn the flow off before deleting it'] });
    await this.deps.store.transaction(async (tx) => {
      await tx.workflowFlows.delete(id);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.flow.delete', targets: [flowTarget(flow)] }]);
    });
  }

  /** `keyflow flows export`: the definition as a file, logged as Okta logs an export. */
  async export(ctx: RequestContext, id: string): Promise<FlowDefinition> {
    const flow = await this.get(id);
    await this.deps.store.transaction((tx) => recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.flow.export', targets: [flowTarget(flow)] }]));
    return flow.definition;
  }

  /**
   * The event hook an active Okta-event flow registered at its org (through its connection), with the
   * secret the org sends back in `Authorization`, sealed. Kept in the org settings under the flow's id.
   */
  hookRegistration(flowId: string): Promise<HookRegistration | undefined> {
    return this.readHook(`${HOOK_KEY}${flowId}`);
  }

  async setHookRegistration(flowId: string, registration: HookRegistration | undefined): Promise<void> {
    await this.deps.store.settings.set(`${HOOK_KEY}${flowId}`, this.hookValue(registration ?? null));
  }

  /** The hook being registered for a change not yet saved (the org verifies it before the save commits). */
  pendingHook(flowId: string): Promise<HookRegistration | undefined> {
    return this.readHook(`${PENDING_HOOK_KEY}${flowId}`);
  }

  async setPendingHook(flowId: string, registration: HookRegistration | undefined): Promise<void> {
    await this.deps.store.settings.set(`${PENDING_HOOK_KEY}${flowId}`, this.hookValue(registration ?? null));
  }

  /**
   * Records a hook that could not be removed from its org, and says so in the System Log
   * (`keyflow.workflows.event_hook.left_behind`, with the hook id an admin needs to delete it), in one
   * transaction.
   */
  async hookLeftBehind(flow: Pick<FlowRecord, 'id' | 'name'>, registration: HookRegistration, reason: string): Promise<void> {
    const hook: LogTarget = { id: registration.hookId, type: 'EventHook', alternateId: null, displayName: `Keyflow Workflows: ${flow.name}`.slice(0, 255), detailEntry: null };
    await this.deps.store.transaction(async (tx) => {
      await tx.settings.set(`${LEFTOVER_HOOK_KEY}${registration.hookId}`, this.hookValue(registration, { flowId: flow.id }));
      await recordEvents(this.deps, tx, jobContext(this.deps.ids.requestId()), [{
        eventType: 'keyflow.workflows.event_hook.left_behind',
        actor: SYSTEM_ACTOR,
        targets: [flowTarget(flow), hook],
        outcome: { result: 'FAILURE', reason },
        debugData: { hookId: registration.hookId, connectionId: registration.connectionId },
      }]);
    });
  }

  /** A hook left behind at the org, by its id. */
  async leftoverHook(hookId: string): Promise<LeftoverHook | undefined> {
    const raw = await this.deps.store.settings.get(`${LEFTOVER_HOOK_KEY}${hookId}`);
    if (raw === undefined || raw === '') return undefined;
    const registration = this.parseHook(raw);
    return { ...registration, flowId: (JSON.parse(raw) as { flowId: string }).flowId };
  }

  /** The hook left behind is gone from the org at last. */
  async forgetLeftoverHook(hookId: string): Promise<void> {
    await this.deps.store.settings.set(`${LEFTOVER_HOOK_KEY}${hookId}`, '');
  }

  private async readHook(key: string): Promise<HookRegistration | undefined> {
    const raw = await this.deps.store.settings.get(key);
    if (raw === undefined || raw === '') return undefined;
    return this.parseHook(raw);
  }

  private parseHook(raw: string): HookRegistration {
    const stored = JSON.parse(raw) as Omit<HookRegistration, 'secret'> & { secretSealed: string };
    return { hookId: stored.hookId, connectionId: stored.connectionId, secret: this.deps.secrets.open(stored.secretSealed) };
  }

  private hookValue(registration: HookRegistration | null, extra: Record<string, string> = {}): string {
    return registration ? JSON.stringify({ hookId: registration.hookId, connectionId: registration.connectionId, secretSealed: this.deps.secrets.seal(registration.secret), ...extra }) : '';
  }

  /** A schedule flow's mark (see {@link ScheduleMark}), kept in the org settings. */
  async scheduleMark(flowId: string): Promise<ScheduleMark> {
    const stored = await this.deps.store.settings.get(scheduleMarkKey(flowId));
    return { at: stored === undefined || stored === '' ? null : stored, stored };
  }

  async setScheduleMark(flowId: string, at: string | undefined): Promise<void> {
    await this.deps.store.settings.set(scheduleMarkKey(flowId), at ?? '');
  }

  /** Moves the mark to `at` only if it is still `from`; false when a save or another process moved it first. */
  moveScheduleMark(flowId: string, from: ScheduleMark, at: string): Promise<boolean> {
    return this.deps.store.settings.swap(scheduleMarkKey(flowId), from.stored, at);
  }

  /** The flow, or undefined when it was deleted. */
  find(id: string): Promise<FlowRecord | undefined> {
    return this.deps.store.workflowFlows.findById(id);
  }

  /** Active flows with this trigger type. */
  listActive(triggerType: FlowRecord['triggerType']): Promise<FlowRecord[]> {
    return this.deps.store.workflowFlows.listActive(triggerType);
  }

  /** The API endpoint flow's client token in clear, for the admin who reads the flow. */
  clientTokenOf(flow: FlowRecord): string | null {
    return flow.clientTokenSealed === null ? null : this.deps.secrets.open(flow.clientTokenSealed);
  }

  private aliasOf(definition: FlowDefinition, id: string): string | null {
    if (definition.trigger.type !== 'api_endpoint') return null;
    return definition.trigger.alias ?? id.toLowerCase();
  }

  private async checkReferences(definition: FlowDefinition, selfId: string | undefined): Promise<void> {
    for (const connectionId of connectionIdsOf(definition)) {
      if (!(await this.deps.store.workflowConnections.findById(connectionId))) throw validationFailed('connectionId', `connectionId: No connection ${connectionId}`);
    }
    for (const flowId of calledFlowIdsOf(definition)) {
      const helper = flowId === selfId ? undefined : await this.deps.store.workflowFlows.findById(flowId);
      if (!helper) throw validationFailed('flowId', `flowId: No helper flow ${flowId}`);
      if (helper.kind !== 'helper') throw validationFailed('flowId', `flowId: ${flowId} is a main flow; only helper flows can be called`);
    }
  }

  private async write(work: Parameters<ServiceDeps['store']['transaction']>[0]): Promise<void> {
    try {
      await this.deps.store.transaction(work);
    } catch (err) {
      if (err instanceof UniqueViolation && err.constraint === 'flow_alias') throw validationFailed('trigger.alias', 'trigger.alias: Another flow already uses this alias');
      throw err;
    }
  }
}
