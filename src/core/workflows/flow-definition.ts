/**
 * The JSON flow definition (workflows.md §12): a readable simplification of Okta's flopack. Cards run in
 * array order; containers (If/Else, If/ElseIf, If Error) own their sub-arrays. Inputs are constants
 * (`{ "value": … }`) or references to outputs of cards that already ran in the same or an enclosing scope
 * (`{ "ref": "<cardId>.<outputKey>[.<subKey>…]" }`; the trigger is a card whose id is `trigger.id`).
 * validateFlowDefinition (flow-validation.ts) turns untrusted JSON into these types with precise error paths.
 */
export const FIELD_TYPES = ['text', 'number', 'boolean', 'datetime', 'object', 'list', 'file'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDef {
  key: string;
  type: FieldType;
  /** For lists: the type of each item. */
  itemType?: FieldType;
  /** For objects: the declared keys (informative; values are not checked against it). */
  fields?: FieldDef[];
}

/** Okta's implicit conversions on a link (workflows.md §3.3). */
export const CONVERSIONS = ['toString', 'parseFloat', 'parse', 'stringify', 'isoString', 'wrapArray', 'booleanToString'] as const;
export type Conversion = (typeof CONVERSIONS)[number];

export type InputValue = { value: unknown } | { ref: string; convert?: Conversion };

export type Inputs = Record<string, InputValue>;

export const COMPARISONS = ['==', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'has key', 'not has key', 'is empty', 'is not empty', 'multiple of'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** `a op b`, compared as `type` (as numbers `80 > 9`; as text `"80" < "9"`), text by default. */
export interface Condition {
  a: InputValue;
  op: Comparison;
  b?: InputValue;
  type?: 'text' | 'number' | 'boolean' | 'datetime';
}

export const ERROR_THEN = ['halt', 'return_values', 'run_flow'] as const;

/** Card-level error handling (workflows.md §7.2): retry N times, then halt, return values or run a helper. */
export interface ErrorHandling {
  /** Retries after the first attempt (0 when not given). Only 429 and 5xx are retried. */
  retry: number;
  /** Wait between attempts (0 when not given; Okta's console suggests 5 minutes). */
  retryDelayMs: number;
  then: (typeof ERROR_THEN)[number];
  /** `return_values`: what the flow returns instead. */
  values?: Inputs;
  /** `run_flow`: the helper flow that receives the error. */
  flowId?: string;
}

/** A container output: one value per section (`then`/`else`, `try`/`ifError`, `case0`…/`else`). */
export interface ContainerOutput extends FieldDef {
  [section: string]: unknown;
}

interface CardBase {
  id: string;
  /** Shown in history; the card type's title when absent. */
  title?: string;
  connectionId?: string;
  inputs?: Inputs;
  /** Extensible cards declare their outputs (Assign, Call Flow, …); containers set one value per section. */
  outputs?: FieldDef[];
}

export interface PlainCard extends CardBase {
  type: string;
  /**
   * A per-card setting of function and action cards (workflows.md §3.1, §7.2: the card's gear menu).
   * Containers have none: an error inside one is handled by its own cards' settings or an If Error.
   */
  errorHandling?: ErrorHandling;
  /** Call Flow, Call Flow Async, For Each, Map, Filter. */
  flowId?: string;
}

export interface IfElseCard extends CardBase {
  type: 'control.ifElse';
  condition: Condition;
  then: Card[];
  else: Card[];
  outputs?: ContainerOutput[];
}

export interface IfElseIfCard extends CardBase {
  type: 'control.ifElseIf';
  cases: { condition: Condition; cards: Card[] }[];
  else: Card[];
  outputs?: ContainerOutput[];
}

export interface IfErrorCard extends CardBase {
  type: 'control.ifError';
  try: Card[];
  ifError: Card[];
  outputs?: ContainerOutput[];
}

export type ContainerCard = IfElseCard | IfElseIfCard | IfErrorCard;
export type Card = PlainCard | ContainerCard;

export const CONTAINER_TYPES = ['control.ifElse', 'control.ifElseIf', 'control.ifError'] as const;

export function isContainer(card: Card): card is ContainerCard {
  return (CONTAINER_TYPES as readonly string[]).includes(card.type);
}

export interface Schedule {
  frequency: 'minute' | 'hour' | 'day' | 'week' | 'month';
  /** Every N units (minute/hour/day/month); 1 by default. */
  interval: number;
  /** `HH:MM` for day, week and month schedules; the minute offset for hourly ones is `time`'s minutes. */
  time?: string;
  /** 0 = Sunday … 6 = Saturday (week; also limits minute/hour schedules). */
  daysOfWeek?: number[];
  /** 1–31 (month). */
  dayOfMonth?: number;
  /** IANA time zone; UTC by default. */
  timezone: string;
  notBefore?: string | null;
  notAfter?: string | null;
}

export type Trigger =
  | { id: string; type: 'okta.event'; event: string; connectionId: string; filter?: string }
  | { id: string; type: 'schedule'; schedule: Schedule }
  | { id: string; type: 'api_endpoint'; security: 'public' | 'client_token'; alias?: string; inputs: FieldDef[] }
  | { id: string; type: 'delegated'; inputs: FieldDef[] }
  | { id: string; type: 'helper'; inputs: FieldDef[] };

export type TriggerType = Trigger['type'];

export interface FlowDefinition {
  schemaVersion: '1.0';
  name: string;
  description?: string;
  kind: 'main' | 'helper';
  /** "Save all data that passes through the flow": card inputs and outputs are kept in history. */
  saveExecutionData: boolean;
  trigger: Trigger;
  cards: Card[];
}
