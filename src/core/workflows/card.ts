import type { FieldDef, FieldType } from './flow-definition.js';

/**
 * What a card is (its type, inputs, outputs, scopes) and what it does. Card files live in
 * core/workflows/cards/, one per card; their `run` reaches the outside world only through
 * {@link CardContext}, so cards stay pure and the runner (src/workflows/) owns I/O, retries and history.
 */
export interface InputSpec {
  type: FieldType | 'any';
  required?: boolean;
  /** Allowed values, for option-like inputs (`method`, `resultSet`). */
  oneOf?: readonly (string | number | boolean)[];
}

export interface CardSpec {
  type: string;
  /** Okta's card title, shown in history. */
  title: string;
  category: 'okta' | 'http' | 'control' | 'flow' | 'text' | 'object' | 'date' | 'list' | 'number';
  /** Fixed inputs; `extensible` cards also accept any other input key (Compose, Assign, Construct, Return…). */
  inputs: Record<string, InputSpec>;
  extensibleInputs?: boolean;
  /** Fixed outputs; `declared` cards output what the card's `outputs` declare (Assign, Call Flow…). */
  outputs: FieldDef[] | 'declared';
  /**
   * Cards with a connection: the scopes the connection must have been granted (workflows.md §5.2). Saving
   * a flow warns about missing ones and activating it is refused (core/workflows/required-scopes.ts).
   * An empty list says the card needs none of its own (Custom API Action, HTTP: it depends on the URL).
   */
  requiredScopes?: readonly string[];
  connection: 'required' | 'optional' | 'none';
  /** Call Flow, For Each …: the card names a helper flow in `flowId`. */
  callsFlow?: boolean;
  run(inputs: Record<string, unknown>, ctx: CardContext): Promise<CardOutcome>;
}

/**
 * True for a card that acts outside the engine: it calls the org or any URL (a connection, even an
 * optional one: the HTTP card), or runs helper flows (Call Flow, Call Flow Async, For Each, Map, Filter).
 * Once such a card has ended, the engine stores the history so far on the execution row, so a run that is
 * interrupted or cancelled still shows what acted on the org and with which request ids. Cards for which
 * this is false are pure functions of their inputs (Assign, Compose, Return …): they cost no write, and
 * the engine refuses them any I/O, so this rule cannot miss a card that reached out.
 */
export function actsOutside(spec: Pick<CardSpec, 'connection' | 'callsFlow'>): boolean {
  return spec.connection !== 'none' || spec.callsFlow === true;
}

/** How a card ended, when it did not throw. */
export type CardOutcome =
  /** The flow goes on with these outputs. */
  | { kind: 'outputs'; outputs: Record<string, unknown> }
  /** Return: the flow (or the enclosing container, workflows.md §3.2) ends with these values. */
  | { kind: 'return'; outputs: Record<string, unknown> }
  /** Return Raw: an API endpoint flow answers exactly this. */
  | { kind: 'returnRaw'; statusCode: number; headers: Record<string, string>; body: string }
  /** Continue If (false): the flow stops without an error. */
  | { kind: 'halt'; message: string };

/**
 * A card failed. `code` is the HTTP status for calls (429, 500, 403 …) or a short word for the rest;
 * `retryable` is true only for 429 and 5xx (workflows.md §7.2: 401/403 are never retried).
 */
export class CardError extends Error {
  constructor(
    message: string,
    readonly code: number | string,
    readonly details: {
      httpStatus?: number;
      errorCode?: string | null;
      raw?: unknown;
      requestId?: string | null;
      /** Overrides the rule below: false for errors a flow raised itself (Return Error) or that already
       *  include work that must not be repeated (a failed item of For Each). */
      retryable?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'CardError';
  }

  get retryable(): boolean {
    if (this.details.retryable !== undefined) return this.details.retryable;
    return typeof this.code === 'number' && (this.code === 429 || this.code >= 500);
  }
}

/** A call to the org through the card's connection (src/workflows/connection-runtime.ts). */
export interface OrgCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The org's `X-Okta-Request-Id` for calls to an Okta org. */
  requestId?: string | null;
}

export interface CardContext {
  flowId: string;
  executionId: string;
  cardId: string;
  now(): Date;
  /**
   * Calls the org as the connection's authorizing person. Answers of any status come back (a card
   * decides what is an error); a refused connection (401/403, refused refresh) throws a CardError.
   */
  org(call: OrgCall): Promise<HttpAnswer>;
  /**
   * Any HTTP request. On a card with a connection it goes through it instead, like {@link org}: `url` may
   * then be relative to the connection's org, and a URL on any other host fails the card unsent.
   */
  http(request: { method: string; url: string; headers?: Record<string, string>; body?: string }): Promise<HttpAnswer>;
  /** Runs a helper flow and waits for its Return values (Call Flow, For Each, Map, Filter). */
  callFlow(flowId: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Starts a helper flow without waiting (Call Flow Async); resolves to its execution id. */
  startFlow(flowId: string, inputs: Record<string, unknown>): Promise<string>;
}

/** The reserved input through which a card learns its `flowId` (Call Flow, For Each, streaming). */
export const FLOW_ID_INPUT = '__flowId';

/** `{ kind: 'outputs' }` shorthand. */
export function outputs(values: Record<string, unknown>): CardOutcome {
  return { kind: 'outputs', outputs: values };
}
