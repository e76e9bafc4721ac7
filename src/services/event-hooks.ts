import { notFound, validationFailed } from '../core/errors.js';
import { HOOK_CALL_TIMEOUT_MS, hookHeaders, verificationProblem } from '../core/event-hook-delivery.js';
import {
  checkHookInput,
  EVENT_HOOK_LIMITS,
  eventHookTarget,
  freshDelivery,
  isDeliverable,
  type EventHookInput,
  type EventHookRecord,
  type EventHookStatus,
} from '../core/event-hooks.js';
import type { EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories } from '../core/ports/store.js';
import { recordEvents, recordFailure } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Event hooks (okta-api.md §12): CRUD, lifecycle and the one-time verification handshake. Hooks are
 * created ACTIVE and UNVERIFIED, as in Okta; they receive events once ACTIVE and VERIFIED, starting
 * with the events logged from that moment (the cursor is set to the log's high water whenever a hook
 * becomes deliverable). Delivery itself is src/services/event-hook-delivery.ts.
 */
export class EventHooksService {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ServiceDeps) {}

  /** Calls `listener` after every committed change to a hook (the dispatcher re-reads its hooks). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): Promise<EventHookRecord[]> {
    return this.deps.store.eventHooks.list();
  }

  async get(id: string, repos: Repositories = this.deps.store): Promise<EventHookRecord> {
    const hook = await repos.eventHooks.findById(id);
    if (!hook) throw notFound(id, 'EventHook');
    return hook;
  }

  /** The System Log's last sequence number, to tell how far each hook's cursor is behind. */
  logHighWater(): Promise<number> {
    return this.deps.store.logEvents.highWater();
  }

  async create(ctx: RequestContext, input: EventHookInput): Promise<EventHookRecord> {
    checkHookInput(input, this.deps.eventHookHttpHosts);
    const auth = this.sealedAuth(input, null);
    const now = this.deps.clock.now().toISOString();
    const principal = ctx.principal;
    const hook = await this.deps.store.transaction(async (tx) => {
      const created: EventHookRecord = {
        id: this.deps.ids.id('eventHook'),
        name: input.name,
        description: input.description,
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        eventTypes: input.eventTypes,
        filters: input.filters,
        uri: input.uri,
        headers: input.headers,
        auth,
        created: now,
        lastUpdated: now,
        createdBy: principal?.user?.id ?? principal?.client?.id ?? null,
        delivery: freshDelivery(await tx.logEvents.highWater()),
      };
      await tx.eventHooks.insert(created);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'event_hook.created', targets: [eventHookTarget(created)] }]);
      await checkActiveLimit(tx);
      return created;
    });
    this.changed();
    return hook;
  }

  /**
   * `PUT /api/v1/eventHooks/{id}`: the settings become what was sent. Changing the channel (URI,
   * headers, auth header) makes the hook UNVERIFIED again (okta-spec `replaceEventHook`).
   */
  async replace(ctx: RequestContext, id: string, input: EventHookInput): Promise<EventHookRecord> {
    checkHookInput(input, this.deps.eventHookHttpHosts);
    const now = this.deps.clock.now().toISOString();
    const hook = await this.deps.store.transaction(async (tx) => {
      const before = await this.locked(tx, id);
      const changed: EventHookRecord = {
        ...before,
        name: input.name,
        description: input.description,
        eventTypes: input.eventTypes,
        filters: input.filters,
        uri: input.uri,
        headers: input.headers,
        auth: this.sealedAuth(input, before.auth),
        lastUpdated: now,
      };
      const after: EventHookRecord = channelOf(changed) === channelOf(before) ? changed : { ...changed, verificationStatus: 'UNVERIFIED' };
      await tx.eventHooks.update(after);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'event_hook.updated', targets: [eventHookTarget(after)] }]);
      return after;
    });
    this.changed();
    return hook;
  }

  /** Activating an active hook, or deactivating an inactive one, changes nothing and logs nothing. */
  activate(ctx: RequestContext, id: string): Promise<EventHookRecord> {
    return this.setStatus(ctx, id, 'ACTIVE');
  }

  deactivate(ctx: RequestContext, id: string): Promise<EventHookRecord> {
    return this.setStatus(ctx, id, 'INACTIVE');
  }

  /**
   * Only an INACTIVE hook can be deleted (okta-spec `deleteEventHook`: "As a safety precaution").
   * Okta's refusal is not documented; Keyflow answers 400 E0000001, as Okta does for other active
   * objects that cannot be deleted (network zones).
   */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const hook = await this.locked(tx, id);
      if (hook.status !== 'INACTIVE') throw validationFailed('eventHook', 'Only an INACTIVE event hook can be deleted; deactivate it first');
      await tx.eventHooks.delete(id);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'event_hook.deleted', targets: [eventHookTarget(hook)] }]);
    });
    this.changed();
  }

  /**
   * The one-time verification (okta-api.md §12): a GET to the hook's URI with a random
   * `x-okta-verification-challenge` header, the hook's headers and auth header; the receiver must answer
   * 200 with `{"verification": "<that value>"}` within 3 s. As in Okta, a timeout or an error response is
   * tried once more. Success makes the hook VERIFIED; a failure changes nothing and answers Okta's
   * error (Okta support KB "Unable to verify event hook"). Either way `event_hook.verified` is logged
   * (the catalogue: "fired even when the verification is unsuccessful").
   */
  async verify(ctx: RequestContext, id: string): Promise<EventHookRecord> {
    const hook = await this.get(id);
    const problem = await this.challenge(hook);
    if (problem !== null) {
      await recordFailure(this.deps, ctx, { eventType: 'event_hook.verified', targets: [eventHookTarget(hook)], outcome: { result: 'FAILURE', reason: problem } });
      throw validationFailed('eventHook', `Unable to verify event hook. Hook ${hook.name} execution failed`, problem);
    }
    const now = this.deps.clock.now().toISOString();
    const verified = await this.deps.store.transaction(async (tx) => {
      const before = await this.locked(tx, id);
      if (channelOf(before) !== channelOf(hook)) throw validationFailed('eventHook', `Unable to verify event hook. Hook ${hook.name} execution failed`, 'The hook was changed during verification; verify it again');
      const after = await this.moved(tx, before, { verificationStatus: 'VERIFIED', lastUpdated: now });
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'event_hook.verified', targets: [eventHookTarget(after)] }]);
      return after;
    });
    this.changed();
    return verified;
  }

  private async setStatus(ctx: RequestContext, id: string, status: EventHookStatus): Promise<EventHookRecord> {
    let changed = false;
    const hook = await this.deps.store.transaction(async (tx) => {
      const before = await this.locked(tx, id);
      if (before.status === status) return before;
      changed = true;
      const after = await this.moved(tx, before, { status, lastUpdated: this.deps.clock.now().toISOString() });
      const spec: EventSpec = { eventType: status === 'ACTIVE' ? 'event_hook.activated' : 'event_hook.deactivated', targets: [eventHookTarget(after)] };
      await recordEvents(this.deps, tx, ctx, [spec]);
      if (status === 'ACTIVE') await checkActiveLimit(tx);
      return after;
    });
    if (changed) this.changed();
    return hook;
  }

  /**
   * Writes a status change. A hook that starts receiving events (it becomes ACTIVE and VERIFIED)
   * starts at the log's current high water: it gets the events from now on, not the history, nor what
   * happened while it was inactive or unverified.
   */
  private async moved(tx: Repositories, before: EventHookRecord, change: Partial<Pick<EventHookRecord, 'status' | 'verificationStatus' | 'lastUpdated'>>): Promise<EventHookRecord> {
    let after: EventHookRecord = { ...before, ...change };
    await tx.eventHooks.update(after);
    if (!isDeliverable(before) && isDeliverable(after)) {
      after = { ...after, delivery: freshDelivery(await tx.logEvents.highWater()) };
      await tx.eventHooks.resetDelivery(after.id, after.delivery);
    }
    return after;
  }

  private async locked(tx: Repositories, id: string): Promise<EventHookRecord> {
    const hook = await tx.eventHooks.lockById(id);
    if (!hook) throw notFound(id, 'EventHook');
    return hook;
  }

  /** Why the verification handshake failed, or null when it succeeded. */
  private async challenge(hook: EventHookRecord): Promise<string | null> {
    const challenge = this.deps.ids.secret(40);
    const request = {
      method: 'GET' as const,
      url: hook.uri,
      headers: hookHeaders(hook, this.authValueOf(hook), { 'x-okta-verification-challenge': challenge }),
      timeoutMs: HOOK_CALL_TIMEOUT_MS,
    };
    let problem: string | null = null;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const result = await this.deps.outbound.send(request);
      problem = verificationProblem(result, challenge);
      const worthRetrying = result.kind === 'failed' || result.status >= 500;
      if (problem === null || !worthRetrying) break;
    }
    return problem;
  }

  private authValueOf(hook: EventHookRecord): string | null {
    return hook.auth ? this.deps.secrets.open(hook.auth.valueSealed) : null;
  }

  /** The auth header to store: a new value is sealed, an unchanged one keeps its sealed form, a missing
   *  value keeps the stored secret (responses never show it), and a hook needs a value to start with. */
  private sealedAuth(input: EventHookInput, before: EventHookRecord['auth']): EventHookRecord['auth'] {
    const scheme = input.authScheme;
    if (scheme === null) return null;
    if (scheme.value === undefined) {
      if (before) return { key: scheme.key, valueSealed: before.valueSealed };
      throw validationFailed('eventHook', 'channel.config.authScheme.value: The field cannot be left blank');
    }
    if (before && this.deps.secrets.open(before.valueSealed) === scheme.value) return { key: scheme.key, valueSealed: before.valueSealed };
    return { key: scheme.key, valueSealed: this.deps.secrets.seal(scheme.value) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What a receiver's verification vouches for: the URI and everything sent to it. */
function channelOf(hook: EventHookRecord): string {
  return JSON.stringify([hook.uri, hook.headers, hook.auth?.key ?? null, hook.auth?.valueSealed ?? null]);
}

/**
 * At most 25 ACTIVE hooks (okta-api.md §12). Checked after the change and its LogEvent: appending takes
 * the System Log's counter row lock until commit, so two concurrent activations on PostgreSQL count
 * one after the other and cannot both slip under the limit (SQLite write transactions are exclusive).
 */
async function checkActiveLimit(tx: Repositories): Promise<void> {
  if ((await tx.eventHooks.countActive()) > EVENT_HOOK_LIMITS.activeHooks) {
    throw validationFailed('eventHook', `An org can have at most ${EVENT_HOOK_LIMITS.activeHooks} ACTIVE event hooks; deactivate or delete one first`);
  }
}
