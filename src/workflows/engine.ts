import type { Clock } from '../core/clock.js';
import { actsOutside, CardError, type CardContext, type CardSpec, type HttpAnswer } from '../core/workflows/card.js';
import type { CardRun, ExecutionError, ExecutionRecord, ExecutionTrigger } from '../core/workflows/execution.js';
import type { PlainCard } from '../core/workflows/flow-definition.js';
import type { FlowRecord } from '../core/workflows/flow.js';
import { keptCards, keptError, keptInput, keptOutput } from '../core/workflows/history.js';
import { interpret, type CardCalls, type FlowRun } from '../core/workflows/interpreter.js';
import type { WorkflowExecutionsService } from '../services/workflow-executions.js';
import type { WorkflowFlowsService } from '../services/workflow-flows.js';
import { ConnectionUnavailable, ConnectionUnusable, ForeignUrl, type ConnectionRuntime, type OktaCall, type OktaCallResult } from './connection-runtime.js';

export interface EngineOptions {
  /** This process's name in execution claims. */
  workerId: string;
  /** Executions run at once by this process. */
  concurrency: number;
  /** How often idle workers look for executions queued by other processes. */
  pollMs: number;
  /** How long a claim lasts without renewal; a process that dies loses its executions after this. */
  leaseMs: number;
  /** Timeout of each HTTP call a card makes. */
  callTimeoutMs: number;
  /** Helper flows call helper flows: a chain deeper than this fails (a flow calling itself forever). */
  maxCallDepth: number;
  /** Finished executions older than this many days are deleted (checked every hour). */
  historyDays: number;
}

export interface EngineDeps {
  clock: Clock;
  flows: WorkflowFlowsService;
  executions: WorkflowExecutionsService;
  connections: ConnectionRuntime;
  cards: ReadonlyMap<string, CardSpec>;
  onError: (err: unknown) => void;
}

/**
 * The Workflows engine of one process: workers claim queued executions (any process's, through the
 * store), run them with the interpreter (core/workflows/interpreter.ts), renew their lease while they
 * run, store the cards so far after each card that acted outside the engine (a checkpoint, so a run that
 * never finishes still shows them), and store the result once. Card I/O goes through here: Okta calls
 * through the card's connection (as its authorizing person, with the flow, execution and card ids), plain
 * HTTP, and helper flows, which run as child executions so they have their own history.
 */
export class WorkflowEngine {
  private running = 0;
  private stopped = true;
  /** The workers waiting for work, each by the function that wakes it. */
  private readonly idle = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private purgeTimer: NodeJS.Timeout | null = null;
  private readonly loops: Promise<void>[] = [];
  private unsubscribe: (() => void) | null = null;
  /** Executions running in this process, by id: each one's "stop before the next card" switch. */
  private readonly stoppers = new Map<string, () => void>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly options: EngineOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const unsubscribeQueued = this.deps.executions.onEnqueued(() => this.wakeAll());
    const unsubscribeCancelled = this.deps.executions.onCancelled((id) => this.stoppers.get(id)?.());
    this.unsubscribe = () => {
      unsubscribeQueued();
      unsubscribeCancelled();
    };
    void this.deps.executions.failInterrupted().catch(this.deps.onError);
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
    // Other processes' interrupted runs are found by whoever looks next.
    this.timer = setInterval(() => void this.deps.executions.failInterrupted().catch(this.deps.onError), this.options.leaseMs);
    this.timer.unref();
    // History past its retention is deleted at start and then hourly.
    const purge = () => void this.purgeHistory().catch(this.deps.onError);
    purge();
    this.purgeTimer = setInterval(purge, 3_600_000);
    this.purgeTimer.unref();
  }

  /**
   * Deletes finished executions that ended more than `historyDays` ago by the engine's clock (queued and
   * running ones are kept whatever their age); returns how many. Run at start and hourly.
   */
  purgeHistory(): Promise<number> {
    return this.deps.executions.purgeBefore(new Date(this.deps.clock.now().getTime() - this.options.historyDays * 86_400_000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.wakeAll();
    await Promise.all(this.loops.splice(0));
  }

  /**
   * Queues a run and, when `wait` is set, runs it here and now (API endpoint flows answer their caller
   * with the result); otherwise a worker picks it up.
   */
  async submit(flow: FlowRecord, trigger: ExecutionTrigger, input: Record<string, unknown>, opts: { wait?: boolean; ctx?: Parameters<WorkflowExecutionsService['enqueue']>[3] } = {}): Promise<{ execution: ExecutionRecord; run?: FlowRun }> {
    if (!opts.wait) return { execution: await this.deps.executions.enqueue(flow, trigger, input, opts.ctx) };
    const execution = await this.deps.executions.enqueue(flow, trigger, input, opts.ctx, this.claim());
    const run = await this.execute(execution, 0);
    return { execution: await this.deps.executions.get(execution.id), run };
  }

  /** Queues one run per input in one transaction (an event hook delivery); idle workers pick them up. */
  submitMany(flow: FlowRecord, runs: readonly { trigger: ExecutionTrigger; input: Record<string, unknown> }[]): Promise<ExecutionRecord[]> {
    return this.deps.executions.enqueueMany(flow, runs);
  }

  /**
   * Every idle worker looks for work: a batch of executions queued at once keeps them all busy. (Waking
   * only one would leave the others asleep until their poll timer while executions wait.)
   */
  private wakeAll(): void {
    for (const wake of [...this.idle]) wake();
  }

  private claim() {
    return { workerId: this.options.workerId, leaseMs: this.options.leaseMs };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let execution: ExecutionRecord | undefined;
      try {
        execution = await this.deps.executions.claimNext(this.options.workerId, this.options.leaseMs);
      } catch (err) {
        this.deps.onError(err);
      }
      if (execution) {
        this.running++;
        try {
          await this.execute(execution, 0);
        } catch (err) {
          this.deps.onError(err);
        } finally {
          this.running--;
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          this.idle.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, this.options.pollMs);
        this.idle.add(wake);
      });
    }
  }

  /** Runs a claimed execution to its end and stores it; returns what the interpreter said. */
  private async execute(execution: ExecutionRecord, depth: number): Promise<FlowRun> {
    const { flowId, flowVersion } = execution;
    const version = await this.deps.flows.version(flowId, flowVersion);
    // History keeps only what the flow's "save all data" allows, secrets redacted (core/workflows/history.ts),
    // at each checkpoint as at the end.
    const save = version.definition.saveExecutionData;
    let cancelled = false;
    /** The history at the last checkpoint: what a run that throws still ends with. */
    let checkpointed: readonly CardRun[] = [];
    this.stoppers.set(execution.id, () => {
      cancelled = true;
    });
    const renew = setInterval(() => {
      void this.deps.executions
        .renewLease(execution.id, this.options.workerId, this.options.leaseMs)
        .then((held) => {
          // Not held any more: cancelled by an admin (or failed as interrupted): stop before the next card.
          if (!held) cancelled = true;
        })
        .catch(this.deps.onError);
    }, Math.max(100, Math.floor(this.options.leaseMs / 3)));
    renew.unref();
    let run: FlowRun;
    try {
      run = await interpret(version.definition, execution.input ?? {}, { flowId, executionId: execution.id }, {
        cards: this.deps.cards,
        contextFor: (card, calls) => this.contextFor(card, calls, execution, depth),
        now: () => this.deps.clock.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        runErrorFlow: (helperId, error) => this.runErrorFlow(helperId, error, execution, depth),
        cancelled: () => cancelled,
        checkpoint: async (cards) => {
          checkpointed = cards;
          try {
            // Refused once this worker no longer holds the run (cancelled, or failed as interrupted): stop.
            if (!(await this.deps.executions.saveCards(execution.id, this.options.workerId, keptCards(cards, save)))) cancelled = true;
          } catch (err) {
            // The store failing here loses a checkpoint, not the run: the end is stored as usual.
            this.deps.onError(err);
          }
        },
      });
    } catch (err) {
      run = {
        status: 'FAILED',
        output: null,
        raw: null,
        error: { message: err instanceof Error ? err.message : String(err), code: 'ERROR', method: '', flo: flowId, execution: execution.id },
        returnedValues: false,
        haltMessage: null,
        // The end replaces the row's cards: those already checkpointed stay on record.
        cards: [...checkpointed],
      };
    } finally {
      clearInterval(renew);
      this.stoppers.delete(execution.id);
    }
    if (run.status !== 'CANCELLED') {
      const finished: ExecutionRecord = {
        ...execution,
        status: run.status,
        input: execution.input === null ? null : keptInput(execution.input, save),
        output: keptOutput(run.output, save),
        error: keptError(run.error ?? (run.haltMessage !== null ? { message: run.haltMessage, code: 'HALTED', method: '', flo: flowId, execution: execution.id } : null), save),
        cards: keptCards(run.cards, save),
        finishedAt: this.deps.clock.now().toISOString(),
      };
      await this.deps.executions.finish(finished, this.options.workerId);
    }
    return run;
  }

  private contextFor(card: PlainCard, calls: CardCalls, execution: ExecutionRecord, depth: number): CardContext {
    const trace = { flowId: execution.flowId, executionId: execution.id, cardId: card.id };
    const spec = this.deps.cards.get(card.type);
    if (!spec || !actsOutside(spec)) {
      // A card that does not declare any I/O gets none: checkpoints are written after the cards that do
      // (core/workflows/card.ts, actsOutside), so one acting undeclared would be missing from them.
      const refused = (): Promise<never> => Promise.reject(new Error(`The card ${card.type} has no connection and calls no flow: it cannot call out`));
      return { ...trace, now: () => this.deps.clock.now(), org: refused, http: refused, callFlow: refused, startFlow: refused };
    }
    return {
      ...trace,
      now: () => this.deps.clock.now(),
      org: async (call) => {
        if (!card.connectionId) throw new CardError('This card needs a connection', 'INVALID_INPUT');
        return this.throughConnection(card.connectionId, calls, (id) => this.deps.connections.call(id, { ...call, trace }));
      },
      http: async (request): Promise<HttpAnswer> => {
        // With a connection, the HTTP card calls the connection's org the way Okta cards do (and nowhere else).
        if (card.connectionId) return this.throughConnection(card.connectionId, calls, (id) => this.deps.connections.callUrl(id, { method: request.method as OktaCall['method'], url: request.url, headers: request.headers ?? {}, body: request.body, trace }));
        if (!/^https?:\/\//i.test(request.url)) throw new CardError('The URL must be an absolute http(s) URL (a relative URL needs a connection)', 'INVALID_INPUT');
        let response: Response;
        try {
          response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(this.options.callTimeoutMs) });
        } catch (err) {
          // A network failure is as retryable as a 503.
          throw new CardError(`The request failed: ${err instanceof Error ? err.message : String(err)}`, 503);
        }
        const text = await response.text();
        let body: unknown = text;
        if ((response.headers.get('content-type') ?? '').includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        calls.lastStatus = response.status;
        return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
      },
      callFlow: async (flowId, inputs) => {
        if (depth + 1 > this.options.maxCallDepth) throw new CardError(`Helper flows nest more than ${this.options.maxCallDepth} deep`, 'ERROR');
        const helper = await this.deps.flows.get(flowId);
        const child = await this.deps.executions.enqueue(helper, { type: 'helper', parentExecutionId: execution.id }, inputs, undefined, this.claim());
        const run = await this.execute(child, depth + 1);
        // A helper that failed on a card with "return values" hands those values back (workflows.md §7.2).
        if (run.status === 'FAILED' && run.returnedValues) return run.output ?? {};
        if (run.status === 'FAILED') throw new CardError(run.error?.message ?? 'The helper flow failed', run.error?.code ?? 'ERROR', { raw: run.error });
        if (run.status === 'CANCELLED') throw new CardError('The helper flow was cancelled', 'CANCELLED');
        return run.output ?? {};
      },
      startFlow: async (flowId, inputs) => {
        const helper = await this.deps.flows.get(flowId);
        return (await this.deps.executions.enqueue(helper, { type: 'helper', parentExecutionId: execution.id }, inputs)).id;
      },
    };
  }

  /**
   * One call through a connection: the org's request id and status go to the card's history; a refused
   * or unusable connection (now ERROR, never retried) and a URL off the connection's org become card errors.
   */
  private async throughConnection(connectionId: string, calls: CardCalls, send: (id: string) => Promise<OktaCallResult>): Promise<HttpAnswer> {
    try {
      const result = await send(connectionId);
      if (result.requestId) calls.requestIds.push(result.requestId);
      calls.lastStatus = result.status;
      return result;
    } catch (err) {
      if (err instanceof ConnectionUnusable) {
        const e = err.error;
        throw new CardError(e ? e.errorSummary : err.message, e?.status ?? 'CONNECTION', { httpStatus: e?.status, errorCode: e?.errorCode ?? null, raw: { connectionId, status: err.connection.status, statusReason: err.connection.statusReason } });
      }
      if (err instanceof ForeignUrl) throw new CardError(err.message, 'INVALID_INPUT', { retryable: false });
      // The org did not answer the call or the token refresh (network failure, timeout, a 5xx from its
      // token endpoint): not a refusal, so the connection is left alone, and as retryable as a 503, like
      // the HTTP card's network failures.
      if (err instanceof ConnectionUnavailable) throw new CardError(err.message, 503);
      throw err;
    }
  }

  private async runErrorFlow(flowId: string, error: ExecutionError, execution: ExecutionRecord, depth: number): Promise<void> {
    const helper = await this.deps.flows.get(flowId).catch(() => undefined);
    if (!helper || depth + 1 > this.options.maxCallDepth) return;
    await this.deps.executions.enqueue(helper, { type: 'helper', parentExecutionId: execution.id }, { error });
  }
}
