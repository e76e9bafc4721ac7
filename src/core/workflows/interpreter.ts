import { actsOutside, CardError, FLOW_ID_INPUT, type CardContext, type CardSpec } from './card.js';
import { evaluateCondition } from './condition.js';
import type { CardRun, ExecutionError } from './execution.js';
import {
  isContainer,
  type Card,
  type Condition,
  type ContainerCard,
  type Conversion,
  type FlowDefinition,
  type InputValue,
  type Inputs,
  type PlainCard,
} from './flow-definition.js';

/** What the interpreter needs from the engine: card specs, a context per card, time and waiting. */
export interface InterpreterDeps {
  cards: ReadonlyMap<string, CardSpec>;
  /** The context a card runs with; `calls` collects the org's request id of each call it makes and the last HTTP status. */
  contextFor(card: PlainCard, calls: CardCalls): CardContext;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** `errorHandling.then: run_flow`: runs the helper flow with the error (its result is not awaited by the flow). */
  runErrorFlow(flowId: string, error: ExecutionError): Promise<void>;
  /** Stops between cards when true (the execution was cancelled). */
  cancelled(): boolean;
  /**
   * Called once a card that acts outside the engine ({@link actsOutside}) has ended, with the history so
   * far, before the next card runs: the engine stores it, so a run that never finishes (its process died,
   * it was cancelled) still shows the cards that acted. Containers still running are left out (how they
   * end is not known yet); the history is the interpreter's own, to be copied, not kept.
   */
  checkpoint(cards: readonly CardRun[]): Promise<void>;
}

/** What a card's calls left behind for its history. */
export interface CardCalls {
  requestIds: string[];
  lastStatus?: number;
}

export interface FlowRun {
  status: 'SUCCEEDED' | 'FAILED' | 'HALTED' | 'CANCELLED';
  /** Return values, or Return Raw's `{statusCode, headers, body}` under `raw`. */
  output: Record<string, unknown> | null;
  raw: { statusCode: number; headers: Record<string, string>; body: string } | null;
  error: ExecutionError | null;
  /**
   * The flow failed on a card whose error handling is "return values" (workflows.md §7.2: "stop with
   * error but hand custom values back to the caller"): `output` holds those values, and a caller (Call
   * Flow, an API endpoint) receives them as it would a Return's, while the execution stays FAILED.
   */
  returnedValues: boolean;
  haltMessage: string | null;
  cards: CardRun[];
}

type Scope = Map<string, Record<string, unknown>>;

/** How a list of cards ended. */
type SectionEnd =
  | { kind: 'done'; scope: Scope }
  | { kind: 'return'; outputs: Record<string, unknown> }
  | { kind: 'returnRaw'; statusCode: number; headers: Record<string, string>; body: string }
  | { kind: 'halt'; message: string }
  | { kind: 'error'; error: ExecutionError; values?: Record<string, unknown> }
  | { kind: 'cancelled' };


/**
 * Runs a validated flow definition (workflows.md §3, §7): cards in order, outputs passed by reference,
 * If/Else, If/ElseIf and If Error containers (a Return, Return Raw or false Continue If inside a container
 * ends only the container, §3.2), card-level error handling with retries of 429 and 5xx only (§7.2), and
 * the per-card history (inputs and outputs only when `saveExecutionData`). The history comes back as the
 * run saw it; what may be stored of it (secrets redacted) is core/workflows/history.ts's decision.
 */
export async function interpret(
  flow: FlowDefinition,
  triggerOutputs: Record<string, unknown>,
  ids: { flowId: string; executionId: string },
  deps: InterpreterDeps,
): Promise<FlowRun> {
  const history: CardRun[] = [];
  /** Containers whose section is still running: not part of a checkpoint. */
  const unfinished = new Set<CardRun>();
  const save = flow.saveExecutionData;

  const errorOf = (cardId: string, err: unknown): ExecutionError => {
    if (err instanceof CardError) {
      return {
        message: err.message,
        code: err.code,
        method: cardId,
        flo: ids.flowId,
        execution: ids.executionId,
        ...(err.details.errorCode !== undefined ? { errorCode: err.details.errorCode } : {}),
        ...(err.details.raw !== undefined ? { raw: err.details.raw } : {}),
      };
    }
    // A bug or an unexpected failure: the message is kept, nothing else is trusted.
    return { message: err instanceof Error ? err.message : String(err), code: 'ERROR', method: cardId, flo: ids.flowId, execution: ids.executionId };
  };

  function resolve(value: InputValue, scope: Scope): unknown {
    if ('value' in value) return structuredClone(value.value);
    const [cardId, ...path] = value.ref.split('.');
    let current: unknown = scope.get(cardId!);
    for (const key of path) {
      if (current === null || current === undefined) break;
      current = Array.isArray(current) && /^\d+$/.test(key) ? current[Number(key)] : (current as Record<string, unknown>)[key];
    }
    return convert(current === undefined ? null : structuredClone(current), value.convert);
  }

  function resolveInputs(inputs: Inputs | undefined, scope: Scope): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs ?? {})) out[key] = resolve(value, scope);
    return out;
  }

  function conditionHolds(condition: Condition, scope: Scope): boolean {
    return evaluateCondition(resolve(condition.a, scope), condition.op, condition.b ? resolve(condition.b, scope) : null, condition.type ?? 'text');
  }

  async function runPlain(card: PlainCard, spec: CardSpec, scope: Scope): Promise<SectionEnd> {
    const startedAt = deps.now();
    const calls: CardCalls = { requestIds: [] };
    const run: CardRun = { cardId: card.id, type: card.type, title: card.title ?? spec.title, status: 'SUCCEEDED', startedAt: startedAt.toISOString(), durationMs: 0, attempts: 0 };
    history.push(run);
    const finish = () => {
      run.durationMs = deps.now().getTime() - startedAt.getTime();
      if (calls.requestIds.length > 0) run.requestIds = calls.requestIds;
      if (calls.lastStatus !== undefined) run.httpStatus ??= calls.lastStatus;
    };
    const handling = card.errorHandling;
    /** The card failed for good: its error handling decides what the flow does next (§7.2). */
    const failed = async (err: unknown): Promise<SectionEnd> => {
      finish();
      run.status = 'FAILED';
      run.error = errorOf(card.id, err);
      if (handling?.then === 'return_values') {
        // The values end the flow like a Return's, except that the execution is FAILED (§7.2); an
        // enclosing If Error still catches the error, as it catches any other.
        try {
          return { kind: 'error', error: run.error, values: resolveInputs(handling.values, scope) };
        } catch {
          return { kind: 'error', error: run.error };
        }
      }
      if (handling?.then === 'run_flow' && handling.flowId) await deps.runErrorFlow(handling.flowId, run.error);
      return { kind: 'error', error: run.error };
    };
    let inputs: Record<string, unknown>;
    try {
      inputs = resolveInputs(card.inputs, scope);
    } catch (err) {
      // An input that cannot be converted (workflows.md §3.3) is the card's error like any other: its
      // error handling and an enclosing If Error apply. It is not retried: the same values fail again.
      run.attempts = 1;
      return failed(err);
    }
    if (save) run.inputs = inputs;
    const ctx = deps.contextFor(card, calls);
    const callInputs = card.flowId ? { ...inputs, [FLOW_ID_INPUT]: card.flowId } : inputs;
    for (;;) {
      run.attempts++;
      // History shows the status of the last attempt's call (a 429 that a retry got past is not the answer).
      delete run.httpStatus;
      calls.lastStatus = undefined;
      try {
        const outcome = await spec.run(callInputs, ctx);
        finish();
        switch (outcome.kind) {
          case 'outputs':
            if (save) run.outputs = outcome.outputs;
            scope.set(card.id, outcome.outputs);
            return { kind: 'done', scope };
          case 'return':
            if (save) run.outputs = outcome.outputs;
            return { kind: 'return', outputs: outcome.outputs };
          case 'returnRaw':
            if (save) run.outputs = { statusCode: outcome.statusCode, headers: outcome.headers, body: outcome.body };
            return outcome;
          case 'halt':
            run.status = 'HALTED';
            return outcome;
        }
      } catch (err) {
        const retryable = err instanceof CardError && err.retryable;
        if (err instanceof CardError && err.details.httpStatus !== undefined) run.httpStatus = err.details.httpStatus;
        if (retryable && handling && run.attempts <= handling.retry && !deps.cancelled()) {
          await deps.sleep(handling.retryDelayMs);
          // Cancelled during the wait (which may be minutes): no further attempt.
          if (deps.cancelled()) {
            finish();
            return { kind: 'cancelled' };
          }
          continue;
        }
        return failed(err);
      }
    }
  }

  /** A container's outputs: each declared output takes the value given for the section that ran. */
  function containerOutputs(card: ContainerCard, section: string, scope: Scope, returned?: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const output of card.outputs ?? []) {
      const given = output[section] as InputValue | undefined;
      out[output.key] = returned && output.key in returned ? returned[output.key] : given ? resolve(given, scope) : null;
    }
    return out;
  }

  async function runContainer(card: ContainerCard, scope: Scope): Promise<SectionEnd> {
    const startedAt = deps.now();
    const run: CardRun = { cardId: card.id, type: card.type, title: card.title ?? card.type, status: 'SUCCEEDED', startedAt: startedAt.toISOString(), durationMs: 0, attempts: 1 };
    history.push(run);
    unfinished.add(run);
    try {
      return await runSection(card, run, startedAt, scope);
    } finally {
      unfinished.delete(run);
    }
  }

  /** Picks and runs a container's section; `run` is its history entry. */
  async function runSection(card: ContainerCard, run: CardRun, startedAt: Date, scope: Scope): Promise<SectionEnd> {
    let section: string;
    let cards: Card[];
    let sectionScope = new Map(scope);
    try {
      if (card.type === 'control.ifElse') {
        const holds = conditionHolds(card.condition, scope);
        [section, cards] = holds ? ['then', card.then] : ['else', card.else ?? []];
      } else if (card.type === 'control.ifElseIf') {
        const index = card.cases.findIndex((c) => conditionHolds(c.condition, scope));
        [section, cards] = index >= 0 ? [`case${index}`, card.cases[index]!.cards] : ['else', card.else ?? []];
      } else {
        [section, cards] = ['try', card.try];
      }
    } catch (err) {
      run.status = 'FAILED';
      run.error = errorOf(card.id, err);
      run.durationMs = deps.now().getTime() - startedAt.getTime();
      return { kind: 'error', error: run.error };
    }
    let end = await runCards(cards, sectionScope);
    if (card.type === 'control.ifError' && end.kind === 'error') {
      section = 'ifError';
      sectionScope = new Map(scope);
      sectionScope.set(card.id, { error: end.error });
      end = await runCards(card.ifError ?? [], sectionScope);
    }
    run.durationMs = deps.now().getTime() - startedAt.getTime();
    if (save) run.outputs = { section };
    try {
      return finishContainer(card, run, section, sectionScope, scope, end);
    } catch (err) {
      // An output that cannot be converted fails the container, which an enclosing If Error catches.
      run.status = 'FAILED';
      run.error = errorOf(card.id, err);
      return { kind: 'error', error: run.error };
    }
  }

  /** Where a container's section ended: its outputs into the scope, or the end passed on. */
  function finishContainer(card: ContainerCard, run: CardRun, section: string, sectionScope: Scope, scope: Scope, end: SectionEnd): SectionEnd {
    switch (end.kind) {
      case 'error':
        run.status = 'FAILED';
        run.error = end.error;
        return end;
      case 'cancelled':
        return end;
      case 'returnRaw':
        // Return Raw answers the API caller; inside a container it still ends only the container.
        scope.set(card.id, containerOutputs(card, section, sectionScope));
        return { kind: 'done', scope };
      case 'return':
        scope.set(card.id, containerOutputs(card, section, sectionScope, end.outputs));
        if (save) run.outputs = { section, ...scope.get(card.id) };
        return { kind: 'done', scope };
      case 'halt':
      case 'done': {
        const outputs = containerOutputs(card, section, end.kind === 'done' ? end.scope : sectionScope);
        scope.set(card.id, outputs);
        if (save) run.outputs = { section, ...outputs };
        return { kind: 'done', scope };
      }
    }
  }

  async function runCards(cards: readonly Card[], scope: Scope): Promise<SectionEnd> {
    for (const card of cards) {
      if (deps.cancelled()) return { kind: 'cancelled' };
      let end: SectionEnd;
      if (isContainer(card)) end = await runContainer(card, scope);
      else {
        const spec = deps.cards.get(card.type);
        if (!spec) throw new Error(`unknown card type ${card.type}`);
        end = await runPlain(card, spec, scope);
        // Whatever it did is on record before the next card runs; pure function cards cost no write.
        if (actsOutside(spec)) await deps.checkpoint(history.filter((run) => !unfinished.has(run)));
      }
      if (end.kind !== 'done') return end;
    }
    return { kind: 'done', scope };
  }

  const scope: Scope = new Map([[flow.trigger.id, triggerOutputs]]);
  const end = await runCards(flow.cards, scope);
  const result: FlowRun = { status: 'SUCCEEDED', output: null, raw: null, error: null, returnedValues: false, haltMessage: null, cards: history };
  switch (end.kind) {
    case 'done':
      result.output = {};
      break;
    case 'return':
      result.output = end.outputs;
      break;
    case 'returnRaw':
      result.raw = { statusCode: end.statusCode, headers: end.headers, body: end.body };
      result.output = { ...result.raw };
      break;
    case 'halt':
      result.status = 'HALTED';
      result.haltMessage = end.message;
      break;
    case 'error':
      result.status = 'FAILED';
      result.error = end.error;
      result.output = end.values ?? null;
      result.returnedValues = end.values !== undefined;
      break;
    case 'cancelled':
      result.status = 'CANCELLED';
      break;
  }
  return result;
}

/** Okta's implicit conversions on a link (workflows.md §3.3). */
function convert(value: unknown, conversion: Conversion | undefined): unknown {
  switch (conversion) {
    case undefined:
      return value;
    case 'toString':
      return value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'booleanToString':
      return String(Boolean(value));
    case 'parseFloat': {
      const n = typeof value === 'number' ? value : Number.parseFloat(String(value));
      if (Number.isNaN(n)) throw new CardError(`Cannot convert ${JSON.stringify(value)} to a number`, 'INVALID_INPUT');
      return n;
    }
    case 'parse':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        throw new CardError('Cannot parse the text as JSON', 'INVALID_INPUT');
      }
    case 'stringify':
      return JSON.stringify(value);
    case 'isoString': {
      const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
      if (Number.isNaN(d.getTime())) throw new CardError(`Cannot convert ${JSON.stringify(value)} to a date`, 'INVALID_INPUT');
      return d.toISOString();
    }
    case 'wrapArray':
      return Array.isArray(value) ? value : [value];
  }
}
