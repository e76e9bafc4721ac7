/**
 * A flow execution (workflows.md §7.1, §11.4): a durable row written before the flow runs, claimed by one
 * worker, and finished with one of the end states.
 *
 *   QUEUED ──claim──► RUNNING ──► SUCCEEDED | FAILED | HALTED
 *     │                  │
 *     └──cancel──► CANCELLED ◄──cancel──┘     RUNNING ──lease expired (process died)──► FAILED
 *
 * HALTED is Continue If (false): stopped without an error. A process killed mid-flow leaves a RUNNING row
 * whose lease expires; the next worker marks it FAILED ("interrupted") rather than run the cards that
 * already ran a second time — Okta calls are not idempotent (issue 5, "Executions").
 */
export const EXECUTION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'HALTED', 'CANCELLED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const FINAL_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'HALTED', 'CANCELLED'];

export function isFinal(status: ExecutionStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

const MOVES: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'HALTED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  HALTED: [],
  CANCELLED: [],
};

export class IllegalExecutionTransition extends Error {
  constructor(
    readonly from: ExecutionStatus,
    readonly to: ExecutionStatus,
  ) {
    super(`an execution cannot go from ${from} to ${to}`);
  }
}

/** Throws {@link IllegalExecutionTransition} unless the table allows `from → to`. */
export function checkExecutionMove(from: ExecutionStatus, to: ExecutionStatus): void {
  if (!MOVES[from].includes(to)) throw new IllegalExecutionTransition(from, to);
}

export type TriggerKind = 'okta.event' | 'schedule' | 'api_endpoint' | 'delegated' | 'helper' | 'manual';

/** What started the execution. */
export interface ExecutionTrigger {
  type: TriggerKind;
  /** The LogEvent uuid of an event-triggered run. */
  eventId?: string;
  /** The admin who ran it (manual / delegated runs). */
  userId?: string;
  /** The execution that called this helper. */
  parentExecutionId?: string;
  /** The execution this one retries. */
  retryOf?: string;
}

/** What a card did, kept in history (inputs and outputs only when the flow saves execution data). */
export interface CardRun {
  cardId: string;
  type: string;
  title: string;
  status: 'SUCCEEDED' | 'FAILED' | 'HALTED' | 'SKIPPED';
  startedAt: string;
  durationMs: number;
  attempts: number;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: ExecutionError;
  /** HTTP status of the card's call, for cards that call out. */
  httpStatus?: number;
  /** The org's `X-Okta-Request-Id` of each call the card made: the `transaction.id` of its System Log events. */
  requestIds?: string[];
}

/** Okta's If Error object `{message, code, method, flo, execution}` plus what the called app answered. */
export interface ExecutionError {
  message: string;
  code: number | string;
  /** The card id (Okta's `method`). */
  method: string;
  flo: string;
  execution: string;
  errorCode?: string | null;
  raw?: unknown;
}

export interface ExecutionRecord {
  /** `wfe…` */
  id: string;
  flowId: string;
  /** The flow version this execution runs (pinned when it is queued). */
  flowVersion: number;
  status: ExecutionStatus;
  trigger: ExecutionTrigger;
  /**
   * The trigger card's outputs (the inputs of the run): as given while the execution waits to run (a
   * queued run needs them), then as history keeps them (core/workflows/history.ts): redacted, or null
   * when the flow does not save execution data.
   */
  input: Record<string, unknown> | null;
  /** Return values, or Return Raw's `{statusCode, headers, body}` (redacted; null when data is not saved). */
  output: Record<string, unknown> | null;
  error: ExecutionError | null;
  /**
   * Cards in the order they started, as history keeps them: stored at each checkpoint while the execution
   * runs (after every card that acts outside the engine) and at its end, so an execution cancelled or
   * interrupted keeps those that had acted.
   */
  cards: CardRun[];
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The worker holding a RUNNING execution, and until when. */
  claimedBy: string | null;
  leaseUntil: string | null;
}
