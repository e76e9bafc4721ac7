import { ApiError, notFound } from '../core/errors.js';
import type { RequestContext } from '../core/principal.js';
import type { Page, WorkflowExecutionQuery } from '../core/ports/store.js';
import type { CardRun, ExecutionRecord, ExecutionTrigger } from '../core/workflows/execution.js';
import type { FlowRecord } from '../core/workflows/flow.js';
import { keptInput } from '../core/workflows/history.js';
import { recordEvents } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';
import { flowTarget, scheduleMarkKey, type ScheduleMark } from './workflow-flows.js';

/**
 * Executions as durable rows (workflows.md §7.1): queued before they run, pinned to the flow version of
 * that moment, claimed by one worker (src/workflows/engine.ts), finished once. Admin actions on them
 * (cancel, a delegated run) are logged with Okta's event types.
 */
export class WorkflowExecutionsService {
  private readonly listeners = new Set<() => void>();
  private readonly cancelListeners = new Set<(id: string) => void>();

  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Queues a run of the flow's current version; workers in this process are woken at once. With
   * `runBy`, the row is written already RUNNING and claimed by that worker, which runs it itself (an API
   * endpoint call waiting for its answer, a helper flow called by a card): no other worker can take it.
   */
  async enqueue(
    flow: FlowRecord,
    trigger: ExecutionTrigger,
    input: Record<string, unknown>,
    ctx?: RequestContext,
    runBy?: { workerId: string; leaseMs: number },
  ): Promise<ExecutionRecord> {
    const now = this.deps.clock.now();
    const execution: ExecutionRecord = {
      id: this.deps.ids.id('workflowExecution'),
      flowId: flow.id,
      flowVersion: flow.version,
      status: runBy ? 'RUNNING' : 'QUEUED',
      trigger,
      input,
      output: null,
      error: null,
      cards: [],
      queuedAt: now.toISOString(),
      startedAt: runBy ? now.toISOString() : null,
      finishedAt: null,
      claimedBy: runBy?.workerId ?? null,
      leaseUntil: runBy ? new Date(now.getTime() + runBy.leaseMs).toISOString() : null,
    };
    await this.deps.store.transaction(async (tx) => {
      // A run claimed here goes on from this in-memory record and is never resumed from the row (a process
      // that dies fails it), so its row holds from the start only what history may keep of the input.
      await tx.workflowExecutions.insert(runBy ? { ...execution, input: keptInput(input, flow.definition.saveExecutionData) } : execution);
      // Okta records that a delegated flow was run (not whether it succeeded), with the admin as actor.
      // It has no event for an admin running another flow by hand (a Workflows console test run), so a
      // manual run logs none; its execution's trigger names the admin (docs/workflows.md).
      if (ctx && trigger.type === 'delegated') {
        await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.delegatedflow.run', targets: [flowTarget(flow)], debugData: { executionId: execution.id } }]);
      }
    });
    if (!runBy) for (const listener of this.listeners) listener();
    return execution;
  }

  /**
   * Queues the run of a schedule flow for the occurrence due at `due`, moving the flow's mark from `from`
   * to it in the same transaction: undefined, with nothing written, when the mark is no longer `from` (a
   * process fired that occurrence already, or a save gave the flow another schedule). So each occurrence
   * runs once across every process, and a crash leaves the occurrence either queued or still to fire.
   */
  async enqueueOccurrence(flow: FlowRecord, from: ScheduleMark, due: string): Promise<ExecutionRecord | undefined> {
    const execution = this.queued(flow, { type: 'schedule' }, { scheduledAt: due }, this.deps.clock.now().toISOString());
    const queued = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.settings.swap(scheduleMarkKey(flow.id), from.stored, due))) return false;
      await tx.workflowExecutions.insert(execution);
      return true;
    });
    if (!queued) return undefined;
    for (const listener of this.listeners) listener();
    return execution;
  }

  /**
   * Queues one run of the flow per input, all in one transaction: an event hook delivery of many events
   * is one commit (one fsync on PostgreSQL) instead of one per event, and either all of them are queued or,
   * on failure, none is and the org delivers the batch again. An Okta event that already has its
   * execution of this flow is skipped; returns the executions queued.
   */
  async enqueueMany(flow: FlowRecord, runs: readonly { trigger: ExecutionTrigger; input: Record<string, unknown> }[]): Promise<ExecutionRecord[]> {
    if (runs.length === 0) return [];
    const now = this.deps.clock.now().toISOString();
    const executions = runs.map(({ trigger, input }) => this.queued(flow, trigger, input, now));
    const queued: ExecutionRecord[] = [];
    await this.deps.store.transaction(async (tx) => {
      for (const execution of executions) {
        // An event delivered again (at least once) already has its execution: it is not run twice.
        if (execution.trigger.eventId === undefined) await tx.workflowExecutions.insert(execution);
        else if (!(await tx.workflowExecutions.insertEventRun(execution))) continue;
        queued.push(execution);
      }
    });
    if (queued.length > 0) for (const listener of this.listeners) listener();
    return queued;
  }

  /** A new QUEUED execution of the flow's current version. */
  private queued(flow: FlowRecord, trigger: ExecutionTrigger, input: Record<string, unknown>, now: string): ExecutionRecord {
    return {
      id: this.deps.ids.id('workflowExecution'),
      flowId: flow.id,
      flowVersion: flow.version,
      status: 'QUEUED',
      trigger,
      input,
      output: null,
      error: null,
      cards: [],
      queuedAt: now,
      startedAt: null,
      finishedAt: null,
      claimedBy: null,
      leaseUntil: null,
    };
  }

  /** Calls `listener` whenever this process queues an execution; returns the unsubscribe function. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with the id of each execution this process cancels, once the cancel has committed:
   * a worker of this process running it stops before its next card without waiting for its lease renewal
   * (which is how workers of other processes learn it). Returns the unsubscribe function.
   */
  onCancelled(listener: (id: string) => void): () => void {
    this.cancelListeners.add(listener);
    return () => this.cancelListeners.delete(listener);
  }

  async get(id: string): Promise<ExecutionRecord> {
    const execution = await this.deps.store.workflowExecutions.findById(id);
    if (!execution) throw notFound(id, 'Execution');
    return execution;
  }

  /** Newest first: one flow's, or every flow's (the console's history), optionally in one status. */
  list(query: WorkflowExecutionQuery): Promise<Page<ExecutionRecord>> {
    return this.deps.store.workflowExecutions.list(query);
  }

  /** Claims the oldest queued execution for `workerId` for `leaseMs`. */
  claimNext(workerId: string, leaseMs: number): Promise<ExecutionRecord | undefined> {
    const now = this.deps.clock.now();
    return this.deps.store.workflowExecutions.claimNext(workerId, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString());
  }

  renewLease(id: string, workerId: string, leaseMs: number): Promise<boolean> {
    return this.deps.store.workflowExecutions.renewLease(id, workerId, new Date(this.deps.clock.now().getTime() + leaseMs).toISOString());
  }

  /** Stores the end of a run; false when the worker lost it meanwhile (cancelled, or failed as interrupted). */
  finish(execution: ExecutionRecord, workerId: string): Promise<boolean> {
    return this.deps.store.workflowExecutions.finish(execution, workerId);
  }

  /**
   * Stores the cards a running execution has run so far (as history keeps them) while `workerId` still
   * holds it; false, with nothing written, once it does not (cancelled, failed as interrupted, finished).
   */
  saveCards(id: string, workerId: string, cards: readonly CardRun[]): Promise<boolean> {
    return this.deps.store.workflowExecutions.saveCards(id, workerId, cards);
  }

  /**
   * Running executions whose worker stopped renewing its lease (the process died) fail as interrupted:
   * their cards may have acted already, so they are not run a second time. They keep the cards stored at
   * the last checkpoint (after each card that acted outside the engine): what acted, with its request ids.
   */
  async failInterrupted(): Promise<string[]> {
    const ids = await this.deps.store.workflowExecutions.failExpired(this.deps.clock.now().toISOString(), {
      message: 'The execution was interrupted: the process running it stopped. Cards before the interruption may have run; retry it if that is safe.',
      code: 'INTERRUPTED',
    });
    for (const id of ids) await this.keepHistoryOnly(id);
    return ids;
  }

  /** An execution that ended without its worker (cancelled, interrupted) keeps only what history may keep of its input. */
  private async keepHistoryOnly(id: string, db: Pick<ServiceDeps['store'], 'workflowExecutions' | 'workflowFlows'> = this.deps.store): Promise<void> {
    const execution = await db.workflowExecutions.findById(id);
    if (!execution || execution.input === null) return;
    const version = await db.workflowFlows.findVersion(execution.flowId, execution.flowVersion);
    await db.workflowExecutions.replaceInput(id, keptInput(execution.input, version?.definition.saveExecutionData ?? false));
  }

  /** Deletes finished executions older than the history retention. */
  purgeBefore(before: Date): Promise<number> {
    return this.deps.store.workflowExecutions.purgeFinished(before.toISOString());
  }

  /** Clears a flow's history: every finished execution (queued and running ones stay). */
  clear(flowId: string): Promise<number> {
    return this.deps.store.workflowExecutions.clearFinished(flowId);
  }

  /** Cancels a queued or running execution (a running one stops before its next card). */
  async cancel(ctx: RequestContext, id: string, flow: FlowRecord): Promise<ExecutionRecord> {
    const execution = await this.get(id);
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.workflowExecutions.cancel(id, this.deps.clock.now().toISOString()))) {
        throw new ApiError('E0000001', { detail: 'status', causes: [`status: The execution already ended (${execution.status})`] });
      }
      await this.keepHistoryOnly(id, tx);
      await recordEvents(this.deps, tx, ctx, [{ eventType: 'workflows.user.flow.execution.cancel', targets: [flowTarget(flow)], debugData: { executionId: id } }]);
    });
    for (const listener of this.cancelListeners) listener(id);
    return this.get(id);
  }
}
