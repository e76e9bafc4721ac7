import type { CardSpec } from './card.js';
import {
  COMPARISONS,
  CONVERSIONS,
  ERROR_THEN,
  FIELD_TYPES,
  isContainer,
  type Card,
  type ContainerOutput,
  type ErrorHandling,
  type FieldDef,
  type FlowDefinition,
  type InputValue,
  type Schedule,
  type Trigger,
} from './flow-definition.js';

/** One problem in a flow definition, at a JSON path such as `cards[2].inputs.userId.ref`. */
export interface FlowProblem {
  path: string;
  message: string;
}

export class InvalidFlowDefinition extends Error {
  constructor(readonly problems: readonly FlowProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

const TOP_KEYS = ['schemaVersion', 'name', 'description', 'kind', 'saveExecutionData', 'trigger', 'cards', 'id', 'active', 'folderId'];
const CARD_KEYS = ['id', 'type', 'title', 'connectionId', 'inputs', 'outputs', 'errorHandling', 'flowId', 'condition', 'then', 'else', 'cases', 'try', 'ifError'];
const ID = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
/** Field and input names; a leading `__` is reserved for the engine (`__flowId`). */
const KEY = /^(?!__)[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_CARDS = 500;
const MAX_DEPTH = 10;
/** Okta advises at most three nested If Error blocks (workflows.md §3.2); Keyflow enforces it. */
const MAX_IF_ERROR_NESTING = 3;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ValidationContext {
  /** The card types the engine knows. */
  cards: ReadonlyMap<string, CardSpec>;
  /** Event types a trigger may listen to (hook-eligible ones). */
  eventTypes: ReadonlySet<string>;
  /** Checks a filter expression of an event trigger; returns a message when it is invalid. */
  checkFilter?: (expression: string) => string | undefined;
}

/**
 * Turns untrusted JSON into a {@link FlowDefinition} or throws {@link InvalidFlowDefinition} listing every
 * problem with its path. Besides shapes and types it checks what would otherwise fail at run time: unknown
 * card types and inputs, missing required inputs, duplicate ids, references to outputs that do not exist
 * or are out of scope (an output of a card inside a branch is visible only inside it, workflows.md §3.2),
 * connections on cards that need one, and trigger settings.
 */
export function validateFlowDefinition(input: unknown, ctx: ValidationContext): FlowDefinition {
  const problems: FlowProblem[] = [];
  const fail = (path: string, message: string) => void problems.push({ path, message });
  if (!isObject(input)) throw new InvalidFlowDefinition([{ path: '$', message: 'must be a JSON object' }]);
  for (const key of Object.keys(input)) if (!TOP_KEYS.includes(key)) fail(key, 'is not a property of a flow definition');
  if (input.schemaVersion !== '1.0') fail('schemaVersion', 'must be "1.0"');
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200) fail('name', 'must be a non-empty text of at most 200 characters');
  if (input.description !== undefined && typeof input.description !== 'string') fail('description', 'must be a text');
  if (input.kind !== 'main' && input.kind !== 'helper') fail('kind', 'must be "main" or "helper"');
  if (typeof input.saveExecutionData !== 'boolean') fail('saveExecutionData', 'must be true or false');

  const trigger = checkTrigger(input.trigger, input.kind, ctx, fail);
  const ids = new Set<string>();
  const visible = new Map<string, Set<string> | 'any'>();
  if (trigger) {
    ids.add(trigger.id);
    visible.set(trigger.id, triggerOutputKeys(trigger));
  }
  let count = 0;

  /** Output keys a later card may reference, per card id; `any` for cards whose outputs are open (objects). */
  function outputKeysOf(card: Card, spec: CardSpec | undefined): Set<string> | 'any' {
    if (card.outputs) return new Set(card.outputs.map((o) => o.key));
    if (!spec || spec.outputs === 'declared') return new Set();
    return new Set(spec.outputs.map((o) => o.key));
  }

  function checkRef(ref: string, path: string, scope: ReadonlyMap<string, Set<string> | 'any'>) {
    const [cardId, key] = ref.split('.');
    if (!cardId || !key) return fail(path, `"${ref}" must name a card and one of its outputs: "<cardId>.<output>"`);
    const keys = scope.get(cardId);
    if (!keys) return fail(path, ids.has(cardId) ? `card "${cardId}" is not visible here (its outputs are only visible after it, in its own or an enclosing section)` : `no card "${cardId}" runs before this one`);
    if (keys !== 'any' && !keys.has(key)) fail(path, `card "${cardId}" has no output "${key}"`);
  }

  function checkValue(value: unknown, path: string, scope: ReadonlyMap<string, Set<string> | 'any'>): value is InputValue {
    if (!isObject(value)) return fail(path, 'must be {"value": …} or {"ref": "<cardId>.<output>"}'), false;
    if ('ref' in value) {
      if (Object.keys(value).some((k) => k !== 'ref' && k !== 'convert')) fail(path, 'a reference has only "ref" and "convert"');
      if (typeof value.ref !== 'string') return fail(`${path}.ref`, 'must be a text'), false;
      if (value.convert !== undefined && !(CONVERSIONS as readonly unknown[]).includes(value.convert)) fail(`${path}.convert`, `must be one of ${CONVERSIONS.join(', ')}`);
      checkRef(value.ref, `${path}.ref`, scope);
      return true;
    }
    if (!('value' in value) || Object.keys(value).length !== 1) return fail(path, 'must be {"value": …} or {"ref": "<cardId>.<output>"}'), false;
    return true;
  }

  function checkInputs(inputs: unknown, spec: CardSpec | undefined, path: string, scope: ReadonlyMap<string, Set<string> | 'any'>) {
    if (inputs === undefined) inputs = {};
    if (!isObject(inputs)) return fail(path, 'must be an object of inputs');
    for (const [key, value] of Object.entries(inputs)) {
      if (!KEY.test(key)) fail(`${path}.${key}`, 'input names are letters, digits and _, not starting with __');
      else if (spec && !spec.extensibleInputs && !(key in spec.inputs)) fail(`${path}.${key}`, `is not an input of ${spec.type} (inputs: ${Object.keys(spec.inputs).join(', ') || 'none'})`);
      if (checkValue(value, `${path}.${key}`, scope) && spec && key in spec.inputs && 'value' in (value as Json)) {
        const allowed = spec.inputs[key]!.oneOf;
        if (allowed && !allowed.includes((value as { value: never }).value)) fail(`${path}.${key}.value`, `must be one of ${allowed.join(', ')}`);
      }
    }
    if (spec) for (const [key, s] of Object.entries(spec.inputs)) if (s.required && !(key in inputs)) fail(`${path}.${key}`, 'is required');
  }

  function checkCondition(condition: unknown, path: string, scope: ReadonlyMap<string, Set<string> | 'any'>): void {
    if (!isObject(condition)) return fail(path, 'must be {"a": …, "op": …, "b": …}');
    checkValue(condition.a, `${path}.a`, scope);
    if (!(COMPARISONS as readonly unknown[]).includes(condition.op)) fail(`${path}.op`, `must be one of ${COMPARISONS.join(', ')}`);
    if (condition.b !== undefined) checkValue(condition.b, `${path}.b`, scope);
    if (condition.type !== undefined && !['text', 'number', 'boolean', 'datetime'].includes(condition.type as string)) fail(`${path}.type`, 'must be text, number, boolean or datetime');
  }

  function checkCards(cards: unknown, path: string, outer: ReadonlyMap<string, Set<string> | 'any'>, depth: number, ifErrorDepth: number): Map<string, Set<string> | 'any'> {
    const scope = new Map(outer);
    if (!Array.isArray(cards)) return fail(path, 'must be a list of cards'), scope;
    if (depth > MAX_DEPTH) return fail(path, `containers nest at most ${MAX_DEPTH} deep`), scope;
    cards.forEach((card, i) => {
      const at = `${path}[${i}]`;
      if (++count > MAX_CARDS) return count === MAX_CARDS + 1 ? fail(at, `a flow has at most ${MAX_CARDS} cards`) : undefined;
      if (!isObject(card)) return fail(at, 'must be a card object');
      for (const key of Object.keys(card)) if (!CARD_KEYS.includes(key)) fail(`${at}.${key}`, 'is not a property of a card');
      const id = card.id;
      if (typeof id !== 'string' || !ID.test(id)) fail(`${at}.id`, 'must be 1–64 letters, digits, _ or -, starting with a letter or _');
      else if (ids.has(id)) fail(`${at}.id`, `"${id}" is used twice`);
      else ids.add(id);
      const type = card.type;
      if (typeof type !== 'string') return fail(`${at}.type`, 'is required');
      const spec = ctx.cards.get(type);
      const container = isContainer(card as unknown as Card);
      if (!spec && !container) return fail(`${at}.type`, `unknown card type "${type}"`);
      if (card.title !== undefined && typeof card.title !== 'string') fail(`${at}.title`, 'must be a text');
      if (spec?.connection === 'required' && typeof card.connectionId !== 'string') fail(`${at}.connectionId`, `${spec.title} needs a connection`);
      if (spec && spec.connection === 'none' && card.connectionId !== undefined) fail(`${at}.connectionId`, `${spec.title} uses no connection`);
      if (spec?.callsFlow && typeof card.flowId !== 'string') fail(`${at}.flowId`, `${spec.title} needs the id of a helper flow`);
      if (card.outputs !== undefined) checkFieldList(card.outputs, `${at}.outputs`, fail, container);
      else if (spec?.outputs === 'declared' && spec.category === 'flow' && type === 'flow.call') fail(`${at}.outputs`, 'Call Flow declares the outputs it takes from the helper’s Return');
      // Error handling is a setting of function and action cards (workflows.md §7.2); a container's sections
      // hold cards with their own, and If Error catches what they leave. Accepting it here would save a
      // setting the engine never applies.
      if (card.errorHandling !== undefined && container) fail(`${at}.errorHandling`, `${type} is a container and has no error handling of its own: set it on the cards inside, or wrap it in an If Error`);
      else if (card.errorHandling !== undefined) checkErrorHandling(card.errorHandling, `${at}.errorHandling`, scope, fail, checkValue);

      if (container) {
        checkInputs(card.inputs, undefined, `${at}.inputs`, scope);
        const sections = containerSections(card, at, scope, depth, ifErrorDepth);
        checkContainerOutputs(card, sections, at);
      } else {
        checkInputs(card.inputs, spec, `${at}.inputs`, scope);
      }
      if (typeof id === 'string') {
        const keys = outputKeysOf(card as unknown as Card, spec);
        // Assign and other extensible cards output what they are given.
        scope.set(id, spec?.outputs === 'declared' && !card.outputs ? new Set(Object.keys(isObject(card.inputs) ? card.inputs : {})) : keys);
        if (type === 'control.ifError') scope.set(id, new Set([...(keys === 'any' ? [] : keys), 'error']));
      }
    });
    return scope;
  }

  /** Checks each section of a container; returns the scope at the end of each (for its outputs' refs). */
  function containerSections(card: Json, at: string, scope: Map<string, Set<string> | 'any'>, depth: number, ifErrorDepth: number): Map<string, Map<string, Set<string> | 'any'>> {
    const sections = new Map<string, Map<string, Set<string> | 'any'>>();
    switch (card.type) {
      case 'control.ifElse':
        checkCondition(card.condition, `${at}.condition`, scope);
        sections.set('then', checkCards(card.then, `${at}.then`, scope, depth + 1, ifErrorDepth));
        sections.set('else', checkCards(card.else ?? [], `${at}.else`, scope, depth + 1, ifErrorDepth));
        break;
      case 'control.ifElseIf':
        if (!Array.isArray(card.cases) || card.cases.length === 0) fail(`${at}.cases`, 'must be a non-empty list of {condition, cards}');
        else
          card.cases.forEach((c, i) => {
            if (!isObject(c)) return fail(`${at}.cases[${i}]`, 'must be {condition, cards}');
            checkCondition(c.condition, `${at}.cases[${i}].condition`, scope);
            sections.set(`case${i}`, checkCards(c.cards, `${at}.cases[${i}].cards`, scope, depth + 1, ifErrorDepth));
          });
        sections.set('else', checkCards(card.else ?? [], `${at}.else`, scope, depth + 1, ifErrorDepth));
        break;
      case 'control.ifError': {
        if (ifErrorDepth + 1 > MAX_IF_ERROR_NESTING) fail(at, `If Error blocks nest at most ${MAX_IF_ERROR_NESTING} deep`);
        sections.set('try', checkCards(card.try, `${at}.try`, scope, depth + 1, ifErrorDepth + 1));
        // The If Error section sees the error object as `<containerId>.error`.
        const withError = new Map(scope);
        if (typeof card.id === 'string') withError.set(card.id, new Set(['error']));
        sections.set('ifError', checkCards(card.ifError ?? [], `${at}.ifError`, withError, depth + 1, ifErrorDepth + 1));
        break;
      }
    }
    return sections;
  }

  function checkContainerOutputs(card: Json, sections: Map<string, Map<string, Set<string> | 'any'>>, at: string) {
    if (!Array.isArray(card.outputs)) return;
    card.outputs.forEach((output, i) => {
      if (!isObject(output)) return;
      for (const key of Object.keys(output)) {
        if (['key', 'type', 'itemType', 'fields'].includes(key)) continue;
        const scope = sections.get(key);
        if (!scope) fail(`${at}.outputs[${i}].${key}`, `is not a section of ${card.type} (sections: ${[...sections.keys()].join(', ')})`);
        else checkValue(output[key], `${at}.outputs[${i}].${key}`, scope);
      }
    });
  }

  checkCards(input.cards, 'cards', visible, 0, 0);
  if (problems.length > 0) throw new InvalidFlowDefinition(problems);
  return input as unknown as FlowDefinition;
}

function checkFieldList(list: unknown, path: string, fail: (p: string, m: string) => void, containerOutputs = false): list is FieldDef[] | ContainerOutput[] {
  if (!Array.isArray(list)) return fail(path, 'must be a list of fields'), false;
  const keys = new Set<string>();
  list.forEach((field, i) => {
    if (!isObject(field)) return fail(`${path}[${i}]`, 'must be {"key": …, "type": …}');
    if (typeof field.key !== 'string' || !KEY.test(field.key)) fail(`${path}[${i}].key`, 'must be letters, digits and _');
    else if (keys.has(field.key)) fail(`${path}[${i}].key`, `"${field.key}" is declared twice`);
    else keys.add(field.key);
    if (!(FIELD_TYPES as readonly unknown[]).includes(field.type)) fail(`${path}[${i}].type`, `must be one of ${FIELD_TYPES.join(', ')}`);
    if (!containerOutputs) for (const k of Object.keys(field)) if (!['key', 'type', 'itemType', 'fields'].includes(k)) fail(`${path}[${i}].${k}`, 'is not a property of a field');
  });
  return true;
}

function checkErrorHandling(
  value: unknown,
  path: string,
  scope: ReadonlyMap<string, Set<string> | 'any'>,
  fail: (p: string, m: string) => void,
  checkValue: (v: unknown, p: string, s: ReadonlyMap<string, Set<string> | 'any'>) => boolean,
): value is ErrorHandling {
  if (!isObject(value)) return fail(path, 'must be {retry, retryDelayMs, then}'), false;
  for (const key of Object.keys(value)) if (!['retry', 'retryDelayMs', 'then', 'values', 'flowId'].includes(key)) fail(`${path}.${key}`, 'is not a property of error handling');
  // Both default to 0 (the issue: "retry N times with delay (default 0)").
  value.retry ??= 0;
  value.retryDelayMs ??= 0;
  if (!Number.isInteger(value.retry) || (value.retry as number) < 0 || (value.retry as number) > 10) fail(`${path}.retry`, 'must be a whole number from 0 to 10');
  if (!Number.isInteger(value.retryDelayMs) || (value.retryDelayMs as number) < 0 || (value.retryDelayMs as number) > 3_600_000) fail(`${path}.retryDelayMs`, 'must be from 0 to 3600000 milliseconds');
  if (!(ERROR_THEN as readonly unknown[]).includes(value.then)) fail(`${path}.then`, `must be one of ${ERROR_THEN.join(', ')}`);
  if (value.then === 'run_flow' && typeof value.flowId !== 'string') fail(`${path}.flowId`, 'names the helper flow that receives the error');
  if (value.then === 'return_values') {
    if (!isObject(value.values)) fail(`${path}.values`, 'are the values the flow returns instead');
    else for (const [k, v] of Object.entries(value.values)) checkValue(v, `${path}.values.${k}`, scope);
  }
  return true;
}

function checkTrigger(value: unknown, kind: unknown, ctx: ValidationContext, fail: (p: string, m: string) => void): Trigger | undefined {
  const path = 'trigger';
  if (!isObject(value)) return fail(path, 'is required'), undefined;
  if (typeof value.id !== 'string' || !ID.test(value.id)) fail(`${path}.id`, 'must be 1–64 letters, digits, _ or -');
  const allowed: Record<string, string[]> = {
    'okta.event': ['event', 'connectionId', 'filter', 'outputs'],
    schedule: ['schedule'],
    api_endpoint: ['security', 'alias', 'inputs'],
    delegated: ['inputs'],
    helper: ['inputs'],
  };
  const type = value.type as string;
  if (!(type in allowed)) return fail(`${path}.type`, `must be one of ${Object.keys(allowed).join(', ')}`), undefined;
  for (const key of Object.keys(value)) if (key !== 'id' && key !== 'type' && !allowed[type]!.includes(key)) fail(`${path}.${key}`, `is not a setting of a ${type} trigger`);
  if ((type === 'helper') !== (kind === 'helper')) fail(`${path}.type`, kind === 'helper' ? 'a helper flow starts with a helper trigger' : 'only helper flows start with a helper trigger');
  switch (type) {
    case 'okta.event':
      if (typeof value.event !== 'string' || !ctx.eventTypes.has(value.event)) fail(`${path}.event`, 'must be an event type Okta lets event hooks deliver');
      if (typeof value.connectionId !== 'string') fail(`${path}.connectionId`, 'an Okta event trigger needs a connection (it registers an event hook through it)');
      if (value.filter !== undefined) {
        const problem = typeof value.filter === 'string' ? ctx.checkFilter?.(value.filter) : 'must be a text';
        if (problem) fail(`${path}.filter`, problem);
      }
      break;
    case 'schedule':
      checkSchedule(value.schedule, `${path}.schedule`, fail);
      break;
    case 'api_endpoint':
      if (value.security !== 'public' && value.security !== 'client_token') fail(`${path}.security`, 'must be "public" or "client_token"');
      if (value.alias !== undefined && (typeof value.alias !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(value.alias))) fail(`${path}.alias`, 'must be 1–63 lowercase letters, digits or -');
      checkFieldList(value.inputs ?? [], `${path}.inputs`, fail);
      break;
    case 'delegated':
      if (checkFieldList(value.inputs ?? [], `${path}.inputs`, fail)) {
        ((value.inputs ?? []) as Json[]).forEach((f, i) => {
          if (!['text', 'number', 'boolean', 'datetime'].includes(f.type as string)) fail(`${path}.inputs[${i}].type`, 'delegated flows take text, number, boolean or datetime inputs (workflows.md §4.4)');
        });
      }
      break;
    case 'helper':
      checkFieldList(value.inputs ?? [], `${path}.inputs`, fail);
      break;
  }
  return { ...value, ...(type === 'api_endpoint' || type === 'delegated' || type === 'helper' ? { inputs: value.inputs ?? [] } : {}) } as Trigger;
}

function checkSchedule(value: unknown, path: string, fail: (p: string, m: string) => void): value is Schedule {
  if (!isObject(value)) return fail(path, 'is required'), false;
  for (const key of Object.keys(value)) if (!['frequency', 'interval', 'time', 'daysOfWeek', 'dayOfMonth', 'timezone', 'notBefore', 'notAfter'].includes(key)) fail(`${path}.${key}`, 'is not a schedule setting');
  if (!['minute', 'hour', 'day', 'week', 'month'].includes(value.frequency as string)) fail(`${path}.frequency`, 'must be minute, hour, day, week or month');
  if (!Number.isInteger(value.interval) || (value.interval as number) < 1 || (value.interval as number) > 1000) fail(`${path}.interval`, 'must be a whole number from 1 to 1000');
  if (value.time !== undefined && (typeof value.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(value.time))) fail(`${path}.time`, 'must be HH:MM');
  if (value.daysOfWeek !== undefined && (!Array.isArray(value.daysOfWeek) || value.daysOfWeek.some((d) => !Number.isInteger(d) || d < 0 || d > 6))) fail(`${path}.daysOfWeek`, 'must list days 0 (Sunday) to 6');
  if (value.dayOfMonth !== undefined && (!Number.isInteger(value.dayOfMonth) || (value.dayOfMonth as number) < 1 || (value.dayOfMonth as number) > 31)) fail(`${path}.dayOfMonth`, 'must be 1 to 31');
  if (typeof value.timezone !== 'string' || !isTimeZone(value.timezone)) fail(`${path}.timezone`, 'must be an IANA time zone such as Europe/Paris or UTC');
  for (const key of ['notBefore', 'notAfter'] as const) {
    const v = value[key];
    if (v !== undefined && v !== null && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) fail(`${path}.${key}`, 'must be an ISO date-time or null');
  }
  return true;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The outputs of a trigger card, by trigger type (workflows.md §5.4 for Okta events). */
export function triggerOutputKeys(trigger: Trigger): Set<string> | 'any' {
  switch (trigger.type) {
    case 'okta.event':
      return new Set(OKTA_EVENT_OUTPUTS.map((o) => o.key));
    case 'schedule':
      return new Set(['scheduledAt']);
    case 'api_endpoint':
      return new Set([...trigger.inputs.map((f) => f.key), 'query', 'headers', 'body']);
    case 'delegated':
      return new Set([...trigger.inputs.map((f) => f.key), 'oktaUserId', 'caller']);
    case 'helper':
      return new Set([...trigger.inputs.map((f) => f.key), 'error']);
  }
}

/** The event card output shape of Okta event triggers (workflows.md §5.4). */
export const OKTA_EVENT_OUTPUTS: readonly FieldDef[] = [
  { key: 'dateAndTime', type: 'datetime' },
  { key: 'message', type: 'text' },
  { key: 'eventId', type: 'text' },
  { key: 'eventType', type: 'text' },
  { key: 'eventTime', type: 'datetime' },
  { key: 'version', type: 'text' },
  { key: 'admin', type: 'object' },
  { key: 'oktaUser', type: 'object' },
  { key: 'group', type: 'object' },
  { key: 'uuid', type: 'text' },
  { key: 'eventDetails', type: 'object' },
  { key: 'headers', type: 'object' },
  { key: 'source', type: 'object' },
  { key: 'debugContext', type: 'object' },
];

