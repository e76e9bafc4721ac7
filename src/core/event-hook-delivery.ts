import type { EventHookDelivery, EventHookRecord } from './event-hooks.js';
import { FAILING_AFTER } from './event-hooks.js';
import type { FilterNode } from './filter/ast.js';
import { evaluateFilter } from './filter/evaluate.js';
import { resolvePath } from './filter/resolve-path.js';
import type { LogEvent } from './log-event.js';
import type { OutboundResult } from './ports/outbound-http.js';
import type { SequencedLogEvent } from './ports/store.js';

/**
 * The rules of event hook delivery, pure so they can be tested without a clock or a network
 * (the loop that applies them is src/services/event-hook-delivery.ts).
 */

/** Events per POST. Okta batches without documenting a size; Keyflow sends at most this many. */
export const MAX_EVENTS_PER_DELIVERY = 50;

/** Okta's timeout for verification and delivery calls (okta-api.md §12). */
export const HOOK_CALL_TIMEOUT_MS = 3000;

/** Okta's verification and delivery requests carry this User-Agent (Okta support KB on hook verification). */
export const HOOK_USER_AGENT = 'Okta-Integrations';

/** Backoff between retries of a failed batch: `initialMs`, doubling, at most `maxMs`. */
export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1000, maxMs: 5 * 60_000 };

/** Delay before the attempt that follows the `failures`-th consecutive failure (1-based). */
export function retryDelayMs(failures: number, policy: RetryPolicy): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.initialMs * 2 ** doublings, policy.maxMs);
}

/**
 * Whether a hook wants an event: its type is subscribed and, when that type has a filter, the event
 * satisfies it. `event_hook.*` events never match: no event type a hook can subscribe to is one of
 * them (they are not hook-eligible), and refusing them here as well guarantees that delivery failures
 * cannot feed themselves.
 *
 * `parse` turns a stored expression into its AST; null means it no longer parses (the grammar changed
 * after it was stored), and the event is then delivered unfiltered rather than silently dropped.
 */
export function hookMatcher(hook: Pick<EventHookRecord, 'eventTypes' | 'filters'>, parse: (expression: string) => FilterNode | null): (event: LogEvent) => boolean {
  const types = new Set(hook.eventTypes);
  const filters = new Map(hook.filters.map((f) => [f.eventType, f.expression]));
  return (event) => {
    if (!types.has(event.eventType) || event.eventType.startsWith('event_hook.')) return false;
    const expression = filters.get(event.eventType);
    if (expression === undefined) return true;
    const node = parse(expression);
    return node === null || evaluateFilter(node, (attr) => resolvePath(event, attr));
  };
}

export interface Batch {
  /** The matching events to send, in persistence order; may be empty. */
  events: LogEvent[];
  /** The cursor after this batch is handled: the last event sent, or the last one looked at when fewer
   *  than `max` matched (the events in between did not match, so they are handled too). */
  throughSeq: number;
}

/** The next batch from events read after the cursor (`scanned` must be non-empty, in sequence order). */
export function selectBatch(scanned: readonly SequencedLogEvent[], matches: (event: LogEvent) => boolean, max = MAX_EVENTS_PER_DELIVERY): Batch {
  const events: LogEvent[] = [];
  for (const { seq, event } of scanned) {
    if (!matches(event)) continue;
    events.push(event);
    if (events.length === max) return { events, throughSeq: seq };
  }
  return { events, throughSeq: scanned[scanned.length - 1]!.seq };
}

/** Okta's event hook request body (okta-api.md §12). */
export function deliveryPayload(input: { orgUrl: string; hookId: string; eventId: string; eventTime: string; events: readonly LogEvent[] }) {
  return {
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: `${input.orgUrl}/api/v1/eventHooks/${input.hookId}`,
    eventId: input.eventId,
    eventTime: input.eventTime,
    contentType: 'application/json',
    data: { events: input.events },
  };
}

/**
 * The headers of a call to a hook: the hook's own headers, its auth header (`authValue`, opened by the
 * caller), then Keyflow's, which a hook cannot configure (see checkHookInput).
 */
export function hookHeaders(hook: Pick<EventHookRecord, 'headers' | 'auth'>, authValue: string | null, own: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, value } of hook.headers) headers[key] = value;
  if (hook.auth && authValue !== null) headers[hook.auth.key] = authValue;
  return { ...headers, 'User-Agent': HOOK_USER_AGENT, Accept: 'application/json', ...own };
}

/** How one delivery attempt went. */
export type AttemptOutcome =
  | { ok: true }
  | { ok: false; /** Retry the same batch later (true) or skip it (false). */ retry: boolean; status: number | null; message: string };

/**
 * 2xx is delivered. Network errors, timeouts, 429 and 5xx are retried (Okta retries once; Keyflow
 * retries until delivered while the hook stays active). Any other status (3xx, 4xx) skips the batch,
 * as Okta does not retry 4xx (okta-api.md §12).
 */
export function classifyAttempt(result: Exclude<OutboundResult, { reason: 'aborted' }>): AttemptOutcome {
  if (result.kind === 'failed') return { ok: false, retry: true, status: null, message: result.message };
  if (result.status >= 200 && result.status < 300) return { ok: true };
  const retry = result.status === 429 || result.status >= 500;
  const body = result.body.trim().slice(0, 200);
  return { ok: false, retry, status: result.status, message: `HTTP ${result.status}${body ? `: ${body}` : ''}` };
}

/** The state after a batch (possibly empty) through `throughSeq` was delivered or needed no call. */
export function afterDelivered(state: EventHookDelivery, throughSeq: number, at: string, sent: boolean): EventHookDelivery {
  return {
    ...state,
    deliveredSeq: Math.max(state.deliveredSeq, throughSeq),
    ...(sent ? { status: 'OK', consecutiveFailures: 0, nextAttemptAt: null, lastDeliveredAt: at } : {}),
  };
}

/** The state after a failed attempt: the batch waits for a retry, or is skipped. */
export function afterFailure(state: EventHookDelivery, outcome: Extract<AttemptOutcome, { ok: false }>, throughSeq: number, at: string, policy: RetryPolicy): EventHookDelivery {
  const lastError = { at, status: outcome.status, message: outcome.message };
  if (!outcome.retry) {
    return { ...state, deliveredSeq: Math.max(state.deliveredSeq, throughSeq), status: 'FAILING', consecutiveFailures: 0, nextAttemptAt: null, lastError };
  }
  const failures = state.consecutiveFailures + 1;
  return {
    ...state,
    status: failures >= FAILING_AFTER ? 'FAILING' : 'RETRYING',
    consecutiveFailures: failures,
    nextAttemptAt: new Date(Date.parse(at) + retryDelayMs(failures, policy)).toISOString(),
    lastError,
  };
}

/** Whether a failure at `at` gets an `event_hook.delivery` event: at most one per hook per `intervalMs`,
 *  so an unreachable receiver cannot flood the System Log. */
export function failureWorthLogging(state: EventHookDelivery, at: string, intervalMs: number): boolean {
  return state.failureLoggedAt === null || Date.parse(at) - Date.parse(state.failureLoggedAt) >= intervalMs;
}

/**
 * Why a verification call failed, or null when the receiver answered 200 with
 * `{"verification": "<challenge>"}` (okta-api.md §12, one-time verification).
 */
export function verificationProblem(result: OutboundResult, challenge: string): string | null {
  if (result.kind === 'failed') return result.message;
  if (result.status !== 200) return `The endpoint answered HTTP ${result.status} instead of 200`;
  let body: unknown;
  try {
    body = JSON.parse(result.body);
  } catch {
    return 'The endpoint did not answer with JSON';
  }
  const echoed = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).verification : undefined;
  if (echoed !== challenge) return 'The endpoint did not answer {"verification": "<the x-okta-verification-challenge header value>"}';
  return null;
}
