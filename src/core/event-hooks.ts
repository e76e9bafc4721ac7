import { validationFailed } from './errors.js';
import { isHookEligible } from './hook-eligible-event-types.js';
import type { LogTarget } from './log-event.js';
import { parseLogFilter } from './log-filter.js';

/**
 * Okta's event hooks (okta-api.md §12): an admin registers an HTTPS endpoint and the event types it
 * wants; once the hook is ACTIVE and VERIFIED, Keyflow POSTs matching System Log events to it, after
 * commit and at least once (src/services/event-hook-delivery.ts).
 */

export type EventHookStatus = 'ACTIVE' | 'INACTIVE';
export type VerificationStatus = 'VERIFIED' | 'UNVERIFIED';

/** Okta's published limits (okta-api.md §12). Keyflow counts every ACTIVE hook, verified or not. */
export const EVENT_HOOK_LIMITS = { activeHooks: 25, eventTypes: 300 } as const;

export interface HookHeader {
  key: string;
  value: string;
}

/** A filter on one subscribed event type: the event must satisfy `expression` to be delivered. */
export interface HookFilter {
  eventType: string;
  /** Keyflow's System Log filter grammar (okta-api.md §2.4, {@link parseLogFilter}) evaluated in memory
   *  against the LogEvent; Okta uses its Expression Language here (a documented difference). */
  expression: string;
}

/** A hook as an admin describes it (POST and PUT bodies), parsed at the edge. */
export interface EventHookInput {
  name: string;
  description: string | null;
  eventTypes: string[];
  filters: HookFilter[];
  uri: string;
  headers: HookHeader[];
  /**
   * The header carrying the shared secret, or null for none. `value` undefined keeps the stored secret:
   * responses never show it, so a client that echoes a GET into a PUT sends none.
   */
  authScheme: { key: string; value: string | undefined } | null;
}

/**
 * How delivery to a hook is going (a Keyflow extension shown as `_keyflow.delivery`):
 * - `OK`: the last attempt succeeded, or none was needed yet;
 * - `RETRYING`: the last attempt failed in a way that is retried (network error, timeout, 429, 5xx);
 * - `FAILING`: {@link FAILING_AFTER} or more retried failures in a row, or the receiver refused the last
 *   batch with another status (that batch was skipped); a later success returns to `OK`.
 */
export type DeliveryStatus = 'OK' | 'RETRYING' | 'FAILING';

/** Consecutive retried failures after which a hook is reported FAILING rather than RETRYING. */
export const FAILING_AFTER = 5;

export interface DeliveryError {
  at: string;
  /** The receiver's HTTP status; null for a network error or a timeout. */
  status: number | null;
  message: string;
}

/** The durable delivery state of a hook, written only by the dispatcher that holds the hook's lease. */
export interface EventHookDelivery {
  /** The System Log persistence sequence number up to which events are handled (delivered, skipped
   *  after a refusal, or not matching): the hook's durable cursor. */
  deliveredSeq: number;
  status: DeliveryStatus;
  /** Failed attempts in a row at the batch after `deliveredSeq`. */
  consecutiveFailures: number;
  /** When the failed batch is tried again; null when nothing is waiting. */
  nextAttemptAt: string | null;
  lastDeliveredAt: string | null;
  lastError: DeliveryError | null;
  /** When the last `event_hook.delivery` failure event was written (they are rate-limited). */
  failureLoggedAt: string | null;
}

export interface EventHookRecord {
  /** `who…`, as Okta's hook ids. */
  id: string;
  name: string;
  description: string | null;
  status: EventHookStatus;
  verificationStatus: VerificationStatus;
  eventTypes: string[];
  filters: HookFilter[];
  uri: string;
  headers: HookHeader[];
  /** The auth header; its value sealed with the org's SecretBox (never stored or shown in clear). */
  auth: { key: string; valueSealed: string } | null;
  created: string;
  lastUpdated: string;
  /** The user (or, for a client-credentials token, the app) that created the hook. */
  createdBy: string | null;
  delivery: EventHookDelivery;
}

/** The delivery state of a hook that starts (or restarts) at log position `seq`. */
export function freshDelivery(seq: number): EventHookDelivery {
  return { deliveredSeq: seq, status: 'OK', consecutiveFailures: 0, nextAttemptAt: null, lastDeliveredAt: null, lastError: null, failureLoggedAt: null };
}

/** Only ACTIVE and VERIFIED hooks receive events (okta-spec `verifyEventHook`). */
export function isDeliverable(hook: Pick<EventHookRecord, 'status' | 'verificationStatus'>): boolean {
  return hook.status === 'ACTIVE' && hook.verificationStatus === 'VERIFIED';
}

/** A hook as a LogEvent target, named like an app instance (its name as alternate id and display name). */
export function eventHookTarget(hook: Pick<EventHookRecord, 'id' | 'name'>): LogTarget {
  return { id: hook.id, type: 'EventHook', alternateId: hook.name, displayName: hook.name, detailEntry: null };
}

/** Headers Keyflow sets itself on every call to a hook; a hook cannot configure them. */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'content-length', 'host', 'connection', 'transfer-encoding', 'user-agent', 'x-okta-verification-challenge']);
/** RFC 9110 §5.6.2 `token`: what fetch accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 9110 §5.5 field values: no control characters but tab. */
const HEADER_VALUE = /^[^\u0000-\u0008\u000a-\u001f\u007f]*$/;

/**
 * What is wrong with a hook URL, or null when it is acceptable. Hooks must use HTTPS (okta-spec
 * createEventHook), except loopback hosts (127.0.0.0/8, ::1, localhost) and the host names an admin
 * allows over plain http (KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS), so local receivers and tests work.
 */
export function hookUriProblem(uri: string, allowedHttpHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute https URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'must be an absolute https URL';
  const host = url.hostname.toLowerCase();
  if (isLoopback(host) || allowedHttpHosts.some((h) => h.toLowerCase() === host)) return null;
  return 'must use https (plain http is allowed only for loopback hosts and the hosts in KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS)';
}

/** The URL parser has already normalised IPv4 forms (`127.1`, `0x7f.0.0.1`) to dotted decimal. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks what the edge cannot know on its own: event types are hook-eligible (okta-api.md §5.9) and at
 * most {@link EVENT_HOOK_LIMITS}.eventTypes, filters name subscribed types and are valid System Log
 * filters, the URL follows the HTTPS rule, and headers are ones Keyflow can send.
 * @throws {ApiError} E0000001 `Api validation failed: eventHook` with one cause per problem, or the
 *   System Log's own error for a bad filter expression (E0000053, E0000031, with Okta's wording).
 */
export function checkHookInput(input: EventHookInput, allowedHttpHosts: readonly string[]): void {
  const causes: string[] = [];
  if (input.eventTypes.length === 0) causes.push('events.items: At least one event type is required');
  if (input.eventTypes.length > EVENT_HOOK_LIMITS.eventTypes) causes.push(`events.items: An event hook can subscribe to at most ${EVENT_HOOK_LIMITS.eventTypes} event types`);
  for (const type of input.eventTypes) {
    if (!isHookEligible(type)) causes.push(`events.items: '${type}' is not an event type that event hooks can subscribe to`);
  }
  const filtered = new Set<string>();
  for (const filter of input.filters) {
    if (!input.eventTypes.includes(filter.eventType)) causes.push(`events.filter.eventFilterMap: '${filter.eventType}' is not one of the subscribed event types`);
    if (filtered.has(filter.eventType)) causes.push(`events.filter.eventFilterMap: '${filter.eventType}' has more than one filter`);
    filtered.add(filter.eventType);
  }
  const uriProblem = hookUriProblem(input.uri, allowedHttpHosts);
  if (uriProblem) causes.push(`channel.config.uri: The URI ${uriProblem}`);
  const names = [...input.headers.map((h) => ({ ...h, where: 'channel.config.headers' })), ...(input.authScheme ? [{ key: input.authScheme.key, value: input.authScheme.value ?? '', where: 'channel.config.authScheme' }] : [])];
  const seen = new Set<string>();
  for (const { key, value, where } of names) {
    const lower = key.toLowerCase();
    if (!HEADER_NAME.test(key)) causes.push(`${where}: '${key}' is not a valid header name`);
    else if (RESERVED_HEADERS.has(lower)) causes.push(`${where}: '${key}' is set by Keyflow and cannot be configured`);
    else if (seen.has(lower)) causes.push(`${where}: The header '${key}' is configured more than once`);
    if (!HEADER_VALUE.test(value)) causes.push(`${where}: The value of '${key}' contains a control character`);
    seen.add(lower);
  }
  if (causes.length > 0) throw validationFailed('eventHook', ...causes);
  for (const filter of input.filters) parseLogFilter(filter.expression);
}
