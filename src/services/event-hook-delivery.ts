import {
  afterDelivered,
  afterFailure,
  classifyAttempt,
  deliveryPayload,
  failureWorthLogging,
  HOOK_CALL_TIMEOUT_MS,
  hookHeaders,
  hookMatcher,
  selectBatch,
  type Batch,
  type RetryPolicy,
} from '../core/event-hook-delivery.js';
import { eventHookTarget, type EventHookDelivery, type EventHookRecord } from '../core/event-hooks.js';
import type { FilterNode } from '../core/filter/ast.js';
import { jobContext, type EventSpec } from '../core/log-event-builder.js';
import { parseLogFilter } from '../core/log-filter.js';
import type { EventHooksService } from './event-hooks.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

/** System Log events read per query while looking for a hook's next batch. */
const SCAN_LIMIT = 500;

/** The delivery state after an attempt, with the failure event to log with it, if any. */
interface Attempt {
  delivery: EventHookDelivery;
  failure?: EventSpec;
}

export interface DeliveryOptions {
  /** How often to re-read the hooks and look for events other processes appended (ms). */
  pollMs: number;
  retry: RetryPolicy;
  /** At most one `event_hook.delivery` failure event per hook per this many ms. Default one minute. */
  failureLogIntervalMs?: number;
  /** How long a process may hold a hook before another may take it over (ms). Default 30 s: well
   *  over one attempt (3 s) plus its writes; renewed at every batch. */
  leaseMs?: number;
  /** Faults of the dispatcher itself (a database error); failed deliveries go to the System Log. */
  onError(err: unknown): void;
}

/**
 * Delivers System Log events to event hooks (okta-api.md §12), after commit and at least once.
 *
 * Each ACTIVE and VERIFIED hook has a durable cursor into the gap-free, commit-ordered log sequence.
 * The dispatcher wakes on every commit that appended events in this process ({@link Store.onLogAppended}),
 * on every change to a hook, and every `pollMs` (events appended by other processes on PostgreSQL).
 * For each hook with events after its cursor it looks whether any is one the hook subscribes to and
 * whose filter it passes; only then does it take the hook's lease (a conditional update, so one process
 * at a time delivers to a hook), read the events after the cursor, POST the wanted ones in batches of at
 * most 50 in Okta's payload, and move the cursor only after a 2xx. Failures follow {@link classifyAttempt}: retried with exponential backoff
 * (`retry`) for as long as the hook stays deliverable, or skipped for a 3xx/4xx; each is recorded on the
 * hook and, rate-limited, as an `event_hook.delivery` FAILURE event in the same transaction. Hooks
 * are delivered to independently: a slow receiver holds up only its own hook.
 *
 * A crash or a stop between the POST and the cursor write means the batch is sent again: at least once.
 */
export class EventHookDispatcher {
  private readonly owner: string;
  private readonly failureLogIntervalMs: number;
  private readonly leaseMs: number;
  /** The deliverable hooks as last read, updated as this process delivers. */
  private hooks: EventHookRecord[] = [];
  private refreshNeeded = true;
  private readonly running = new Map<string, Promise<void>>();
  /** Hooks woken while their delivery loop was running: looked at again when it ends. */
  private readonly wokenWhileRunning = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly filters = new Map<string, FilterNode | null>();
  /** Per hook, how far past its durable cursor this process has looked and found nothing it wants. */
  private readonly lookedThrough = new Map<string, number>();
  private readonly abort = new AbortController();
  private scanning: Promise<void> | null = null;
  private scanAgain = false;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | undefined;
  private subscriptions: (() => void)[] = [];

  constructor(
    private readonly deps: ServiceDeps,
    private readonly eventHooks: Pick<EventHooksService, 'onChange'>,
    private readonly options: DeliveryOptions,
  ) {
    this.owner = deps.ids.uuid();
    this.failureLogIntervalMs = options.failureLogIntervalMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.subscriptions = [
      this.deps.store.onLogAppended(() => this.wake()),
      this.eventHooks.onChange(() => this.refresh()),
    ];
    this.pollTimer = setInterval(() => this.refresh(), this.options.pollMs);
    this.pollTimer.unref();
    this.refresh();
  }

  /** Stops waking, aborts calls in flight (their batches stay undelivered, so they are sent again after a
   *  restart) and waits for every delivery loop to give its lease back. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const unsubscribe of this.subscriptions) unsubscribe();
    clearInterval(this.pollTimer);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    this.abort.abort();
    await this.scanning;
    await Promise.all(this.running.values());
  }

  /** Re-reads the deliverable hooks, then looks for work. */
  private refresh(): void {
    this.refreshNeeded = true;
    this.wake();
  }

  /** Looks for work; calls arriving while a look is under way are coalesced into one more look. */
  private wake(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.scanAgain = true;
      return;
    }
    this.scanning = this.scan()
      .catch((err) => this.options.onError(err))
      .finally(() => {
        this.scanning = null;
        if (this.scanAgain) {
          this.scanAgain = false;
          this.wake();
        }
      });
  }

  private async scan(): Promise<void> {
    if (this.refreshNeeded) {
      this.refreshNeeded = false;
      const before = new Map(this.hooks.map((h) => [h.id, h.lastUpdated]));
      this.hooks = await this.deps.store.eventHooks.listDeliverable();
      // What a hook wants may have changed: look at its events again.
      const unchanged = new Set(this.hooks.filter((h) => before.get(h.id) === h.lastUpdated).map((h) => h.id));
      for (const id of this.lookedThrough.keys()) if (!unchanged.has(id)) this.lookedThrough.delete(id);
    }
    // With no hook to deliver to, a commit costs the dispatcher nothing.
    if (this.hooks.length === 0) return;
    const highWater = await this.deps.store.logEvents.highWater();
    const now = this.deps.clock.now().getTime();
    for (const hook of this.hooks) this.kick(hook, highWater, now);
  }

  private kick(hook: EventHookRecord, highWater: number, now: number): void {
    if (this.stopped) return;
    if (this.running.has(hook.id)) {
      this.wokenWhileRunning.add(hook.id);
      return;
    }
    const { nextAttemptAt } = hook.delivery;
    if (nextAttemptAt !== null && Date.parse(nextAttemptAt) > now) return this.retryAt(hook.id, nextAttemptAt);
    if (nextAttemptAt === null && this.lookedAt(hook) >= highWater) return;
    const run = this.deliver(hook)
      .catch((err) => this.options.onError(err))
      .finally(() => {
        this.running.delete(hook.id);
        if (this.wokenWhileRunning.delete(hook.id)) this.wake();
      });
    this.running.set(hook.id, run);
  }

  /** Delivers batches to one hook while it has events and the receiver takes them. */
  private async deliver(snapshot: EventHookRecord): Promise<void> {
    const id = snapshot.id;
    if (snapshot.delivery.nextAttemptAt === null && !(await this.wantsEventsAhead(snapshot))) return;
    let hook = await this.deps.store.eventHooks.acquireLease(id, this.owner, this.nowIso(), this.leaseUntil());
    if (!hook) return;
    try {
      while (!this.stopped) {
        this.remember(hook);
        const scanned = await this.deps.store.logEvents.readAfter(hook.delivery.deliveredSeq, SCAN_LIMIT);
        if (scanned.length === 0) return;
        const batch = selectBatch(scanned, hookMatcher(hook, (expression) => this.parsed(expression)));
        const attempt: Attempt | null = batch.events.length === 0 ? { delivery: afterDelivered(hook.delivery, batch.throughSeq, this.nowIso(), false) } : await this.post(hook, batch);
        if (attempt === null) return;
        if (!(await this.save(hook, attempt.delivery, attempt.failure))) return;
        hook = { ...hook, delivery: attempt.delivery };
        if (hook.delivery.nextAttemptAt !== null) {
          this.remember(hook);
          return this.retryAt(id, hook.delivery.nextAttemptAt);
        }
      }
    } finally {
      await this.deps.store.eventHooks.releaseLease(id, this.owner);
    }
  }

  /**
   * Looks at the events after the hook's cursor without taking its lease or writing anything, so that
   * the many commits a hook does not subscribe to cost one read each. Skipping them needs no durable
   * record: they are never sent, so looking at them again (after a restart, in another process) is
   * harmless. Once the cursor trails by a full read, the lease is taken anyway to move it forward.
   */
  private async wantsEventsAhead(hook: EventHookRecord): Promise<boolean> {
    const durable = hook.delivery.deliveredSeq;
    const scanned = await this.deps.store.logEvents.readAfter(this.lookedAt(hook), SCAN_LIMIT);
    if (scanned.length === 0) return false;
    const last = scanned[scanned.length - 1]!.seq;
    if (last - durable >= SCAN_LIMIT) return true;
    const wanted = hookMatcher(hook, (expression) => this.parsed(expression));
    if (scanned.some(({ event }) => wanted(event))) return true;
    this.lookedThrough.set(hook.id, last);
    return false;
  }

  private lookedAt(hook: EventHookRecord): number {
    return Math.max(hook.delivery.deliveredSeq, this.lookedThrough.get(hook.id) ?? 0);
  }

  /** One POST of a batch; null when the dispatcher is stopping (nothing is recorded then). */
  private async post(hook: EventHookRecord, batch: Batch): Promise<Attempt | null> {
    const payload = deliveryPayload({ orgUrl: this.deps.orgUrl, hookId: hook.id, eventId: this.deps.ids.uuid(), eventTime: this.nowIso(), events: batch.events });
    const authValue = hook.auth ? this.deps.secrets.open(hook.auth.valueSealed) : null;
    const result = await this.deps.outbound.send({
      method: 'POST',
      url: hook.uri,
      headers: hookHeaders(hook, authValue, { 'Content-Type': 'application/json' }),
      body: JSON.stringify(payload),
      timeoutMs: HOOK_CALL_TIMEOUT_MS,
      signal: this.abort.signal,
    });
    if (result.kind === 'failed' && result.reason === 'aborted') return null;
    const outcome = classifyAttempt(result as Exclude<typeof result, { reason: 'aborted' }>);
    const at = this.nowIso();
    if (outcome.ok) return { delivery: afterDelivered(hook.delivery, batch.throughSeq, at, true) };
    const delivery = afterFailure(hook.delivery, outcome, batch.throughSeq, at, this.options.retry);
    if (!failureWorthLogging(hook.delivery, at, this.failureLogIntervalMs)) return { delivery };
    const failure: EventSpec = {
      eventType: 'event_hook.delivery',
      targets: [eventHookTarget(hook)],
      outcome: { result: 'FAILURE', reason: outcome.message },
      debugData: {
        httpStatus: outcome.status === null ? null : String(outcome.status),
        errorMessage: outcome.message,
        willRetry: String(outcome.retry),
        consecutiveFailures: String(delivery.consecutiveFailures),
        nextAttemptAt: delivery.nextAttemptAt,
        eventsInBatch: String(batch.events.length),
      },
    };
    return { delivery: { ...delivery, failureLoggedAt: at }, failure };
  }

  /** Writes the delivery state, with its failure event when there is one, if the lease is still ours. */
  private save(hook: EventHookRecord, delivery: EventHookDelivery, failure: EventSpec | undefined): Promise<boolean> {
    const until = this.leaseUntil();
    if (!failure) return this.deps.store.eventHooks.saveDelivery(hook.id, this.owner, delivery, until);
    return this.deps.store.transaction(async (tx) => {
      const saved = await tx.eventHooks.saveDelivery(hook.id, this.owner, delivery, until);
      if (saved) await recordEvents(this.deps, tx, jobContext(this.deps.ids.requestId()), [failure]);
      return saved;
    });
  }

  private retryAt(id: string, at: string): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimers.get(id));
    const timer = setTimeout(() => {
      this.retryTimers.delete(id);
      this.wake();
    }, Math.max(0, Date.parse(at) - this.deps.clock.now().getTime()));
    timer.unref();
    this.retryTimers.set(id, timer);
  }

  private remember(hook: EventHookRecord): void {
    this.hooks = this.hooks.map((h) => (h.id === hook.id ? hook : h));
  }

  /** A stored expression as an AST, parsed once; null when it no longer parses (see hookMatcher). */
  private parsed(expression: string): FilterNode | null {
    let node = this.filters.get(expression);
    if (node === undefined) {
      try {
        node = parseLogFilter(expression);
      } catch {
        node = null;
      }
      if (this.filters.size >= 1000) this.filters.clear();
      this.filters.set(expression, node);
    }
    return node;
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  private leaseUntil(): string {
    return new Date(this.deps.clock.now().getTime() + this.leaseMs).toISOString();
  }
}
