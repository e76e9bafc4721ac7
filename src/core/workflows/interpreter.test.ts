import { describe, expect, it } from 'vitest';
import { CardError, type CardContext, type CardSpec } from './card.js';
import type { CardRun } from './execution.js';
import { CARDS } from './card-registry.js';
import type { Card, ErrorHandling, FlowDefinition, InputValue } from './flow-definition.js';
import { interpret, type InterpreterDeps } from './interpreter.js';

/**
 * The interpreter's control flow (workflows.md §3.2, §7.2), pure: the real function cards (Assign,
 * Compose, Return …) plus one test card, `test.step`, whose behaviour each test scripts per card id and
 * which records the order cards ran in. The deps are port doubles: a fixed clock, a sleep that only
 * records, and a cancel switch the test flips.
 */

type Step = (attempt: number, inputs: Record<string, unknown>) => Record<string, unknown>;

function harness(script: Record<string, Step> = {}) {
  const ran: string[] = [];
  const attempts = new Map<string, number>();
  const slept: number[] = [];
  const errorFlows: { flowId: string; code: unknown }[] = [];
  /** The history handed to each checkpoint, copied as it was at that moment. */
  const checkpoints: CardRun[][] = [];
  const state = { cancelled: false, cancelAfter: undefined as string | undefined };
  const hooks = { onSleep: () => {} };
  const stepCard: CardSpec = {
    type: 'test.step',
    title: 'Step',
    category: 'control',
    inputs: {},
    extensibleInputs: true,
    outputs: 'declared',
    connection: 'none',
    async run(inputs, ctx) {
      ran.push(ctx.cardId);
      const attempt = (attempts.get(ctx.cardId) ?? 0) + 1;
      attempts.set(ctx.cardId, attempt);
      if (state.cancelAfter === ctx.cardId) state.cancelled = true;
      return { kind: 'outputs', outputs: (script[ctx.cardId] ?? (() => ({ ...inputs })))(attempt, inputs) };
    },
  };
  // `test.call` stands for a card that acts outside the engine (an Okta card, HTTP): a connection.
  const callCard: CardSpec = { ...stepCard, type: 'test.call', title: 'Call', category: 'okta', connection: 'required' };
  const noIo = async (): Promise<never> => {
    throw new Error('no I/O in these tests');
  };
  const deps: InterpreterDeps = {
    cards: new Map([...CARDS, [stepCard.type, stepCard], [callCard.type, callCard]]),
    contextFor: (card): CardContext => ({ flowId: 'flo1', executionId: 'exe1', cardId: card.id, now: () => new Date('2026-01-01T00:00:00.000Z'), org: noIo, http: noIo, callFlow: noIo, startFlow: noIo }),
    now: () => new Date('2026-01-01T00:00:00.000Z'),
    sleep: async (ms) => {
      slept.push(ms);
      hooks.onSleep();
    },
    runErrorFlow: async (flowId, error) => {
      errorFlows.push({ flowId, code: error.code });
    },
    cancelled: () => state.cancelled,
    checkpoint: async (cards) => {
      checkpoints.push(structuredClone([...cards]));
    },
  };
  const run = (cards: Card[], input: Record<string, unknown> = {}) => interpret(flowOf(cards), input, { flowId: 'flo1', executionId: 'exe1' }, deps);
  return {
    run,
    ran,
    attempts,
    slept,
    errorFlows,
    checkpoints,
    state,
    set onSleep(fn: () => void) {
      hooks.onSleep = fn;
    },
  };
}

function flowOf(cards: Card[]): FlowDefinition {
  return { schemaVersion: '1.0', name: 'Test', kind: 'main', saveExecutionData: true, trigger: { id: 'in', type: 'delegated', inputs: [] }, cards };
}

const v = (value: unknown): InputValue => ({ value });
const r = (ref: string): InputValue => ({ ref });
const step = (id: string, inputs: Record<string, InputValue> = {}, errorHandling?: ErrorHandling): Card => ({ id, type: 'test.step', inputs, ...(errorHandling ? { errorHandling } : {}) });
const ret = (inputs: Record<string, InputValue>): Card => ({ id: 'out', type: 'control.return', inputs });
const failing = (code: number | string) => (): never => {
  throw new CardError(`failed with ${code}`, code);
};

describe('If/ElseIf', () => {
  const tiers: Card = {
    id: 'tier',
    type: 'control.ifElseIf',
    cases: [
      { condition: { a: r('in.points'), op: '>=', b: v(100), type: 'number' }, cards: [step('gold')] },
      { condition: { a: r('in.points'), op: '>=', b: v(10), type: 'number' }, cards: [step('silver')] },
    ],
    else: [step('bronze')],
    outputs: [{ key: 'tier', type: 'text', case0: v('gold'), case1: v('silver'), else: v('bronze') }],
  };

  it.each([
    [250, 'gold', 'case0'],
    [50, 'silver', 'case1'],
    [3, 'bronze', 'else'],
  ])('with %i points runs only the %s branch (the first true case, else the Else) and outputs its value', async (points, branch, section) => {
    const h = harness();
    const result = await h.run([tiers, step('after'), ret({ tier: r('tier.tier') })], { points });
    expect(result.status).toBe('SUCCEEDED');
    expect(h.ran).toEqual([branch, 'after']);
    expect(result.output).toEqual({ tier: branch });
    expect(result.cards.find((c) => c.cardId === 'tier')?.outputs).toEqual({ section, tier: branch });
  });

  it('an output of a card inside a case is visible to the flow only through the container’s outputs', async () => {
    const h = harness({ inner: () => ({ value: 'from inside' }) });
    const result = await h.run([
      { id: 'box', type: 'control.ifElseIf', cases: [{ condition: { a: v('x'), op: '==', b: v('x') }, cards: [step('inner')] }], else: [], outputs: [{ key: 'got', type: 'text', case0: r('inner.value'), else: v(null) }] },
      ret({ viaOutputs: r('box.got'), direct: r('inner.value') }),
    ]);
    expect(result.output).toEqual({ viaOutputs: 'from inside', direct: null });
  });
});

describe('If/Else with outputs', () => {
  const greeting: Card = {
    id: 'greet',
    type: 'control.ifElse',
    condition: { a: r('in.name'), op: 'is not empty' },
    then: [{ id: 'hello', type: 'text.compose', inputs: { template: v('Hello, {{n}}!'), n: r('in.name') } }],
    else: [step('anonymous')],
    outputs: [{ key: 'message', type: 'text', then: r('hello.output'), else: v('Hello, stranger!') }],
  };

  it('runs the true branch and its output reaches the cards after the container', async () => {
    const h = harness();
    const result = await h.run([greeting, { id: 'loud', type: 'text.compose', inputs: { template: v('{{m}} (twice) {{m}}'), m: r('greet.message') } }, ret({ said: r('loud.output') })], { name: 'Ada' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { said: 'Hello, Ada! (twice) Hello, Ada!' } });
    expect(h.ran).toEqual([]);
  });

  it('runs the false branch and the Else value reaches the cards after the container', async () => {
    const h = harness();
    const result = await h.run([greeting, ret({ said: r('greet.message') })], { name: '' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { said: 'Hello, stranger!' } });
    expect(h.ran).toEqual(['anonymous']);
    expect(result.cards.map((c) => c.cardId)).toEqual(['greet', 'anonymous', 'out']);
  });
});

describe('card-level retries (workflows.md §7.2)', () => {
  const retry = (n: number, then: ErrorHandling['then'] = 'halt'): ErrorHandling => ({ retry: n, retryDelayMs: 250, then });

  it('retries a card that failed with 429, waiting retryDelayMs between attempts, and goes on once it succeeds', async () => {
    const h = harness({ call: (attempt) => (attempt <= 2 ? failing(429)() : { ok: true }) });
    const result = await h.run([step('call', {}, retry(3)), ret({ ok: r('call.ok') })]);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
    expect(result.cards[0]).toMatchObject({ cardId: 'call', status: 'SUCCEEDED', attempts: 3 });
    expect(h.slept).toEqual([250, 250]);
  });

  it('gives up after retry + 1 attempts and fails the flow with the last error', async () => {
    const h = harness({ call: failing(503) });
    const result = await h.run([step('call', {}, retry(2)), step('after')]);
    expect(result).toMatchObject({ status: 'FAILED', error: { code: 503, method: 'call', flo: 'flo1', execution: 'exe1' } });
    expect(h.attempts.get('call')).toBe(3);
    expect(h.ran).not.toContain('after');
  });

  it.each([400, 401, 403, 404, 'INVALID_INPUT'])('never retries a card that failed with %s', async (code) => {
    const h = harness({ call: failing(code as number | string) });
    const result = await h.run([step('call', {}, retry(3))]);
    expect(result.status).toBe('FAILED');
    expect(h.attempts.get('call')).toBe(1);
    expect(h.slept).toEqual([]);
  });

  it('does not retry without error handling, even on 429', async () => {
    const h = harness({ call: failing(429) });
    expect((await h.run([step('call')])).status).toBe('FAILED');
    expect(h.attempts.get('call')).toBe(1);
  });

  it('run_flow hands the error to the helper flow and the flow fails', async () => {
    const h = harness({ call: failing(500) });
    const result = await h.run([step('call', {}, { retry: 0, retryDelayMs: 0, then: 'run_flow', flowId: 'floHandler' }), step('after')]);
    expect(result.status).toBe('FAILED');
    expect(h.errorFlows).toEqual([{ flowId: 'floHandler', code: 500 }]);
    expect(h.ran).toEqual(['call']);
  });
});

describe('error handling "return values" (workflows.md §7.2: stop with error, hand values back)', () => {
  const returning = (values: Record<string, InputValue>): ErrorHandling => ({ retry: 0, retryDelayMs: 0, then: 'return_values', values });

  it('stops the flow at the failing card, FAILED with its error, and hands the values (constants and references) to the caller', async () => {
    const h = harness({ call: failing(502) });
    const result = await h.run([step('first', { who: r('in.user') }), step('call', {}, returning({ fallback: v('cached'), who: r('first.who') })), step('after'), ret({ never: v(true) })], { user: 'u1' });
    expect(result).toMatchObject({ status: 'FAILED', returnedValues: true, output: { fallback: 'cached', who: 'u1' }, error: { code: 502, method: 'call' } });
    expect(h.ran).toEqual(['first', 'call']);
  });

  it('inside an If/Else, still ends the whole flow with the values', async () => {
    const h = harness({ call: failing(500) });
    const result = await h.run([
      { id: 'branch', type: 'control.ifElse', condition: { a: v(1), op: '==', b: v(1) }, then: [step('call', {}, returning({ from: v('branch') }))], else: [] },
      step('after'),
    ]);
    expect(result).toMatchObject({ status: 'FAILED', returnedValues: true, output: { from: 'branch' } });
    expect(h.ran).toEqual(['call']);
  });

  it('inside If Error, is caught like any error: the If Error section runs and the flow goes on', async () => {
    const h = harness({ call: failing(500) });
    const result = await h.run([
      { id: 'guard', type: 'control.ifError', try: [step('call', {}, returning({ from: v('card') }))], ifError: [step('recover')], outputs: [{ key: 'how', type: 'text', try: v('fine'), ifError: r('guard.error.code') }] },
      ret({ how: r('guard.how') }),
    ]);
    expect(result).toMatchObject({ status: 'SUCCEEDED', returnedValues: false, output: { how: 500 } });
    expect(h.ran).toEqual(['call', 'recover']);
  });

  it('a plain failure returns no values', async () => {
    const h = harness({ call: failing(500) });
    expect(await h.run([step('call', {}, { retry: 0, retryDelayMs: 0, then: 'halt' })])).toMatchObject({ status: 'FAILED', returnedValues: false, output: null });
  });
});

describe('an input that cannot be converted is the card\'s error like any other (workflows.md §3.3, §7.2)', () => {
  // "parseFloat" of a text that is no number: the card's inputs cannot be made, so the card fails.
  const badNumber = { n: { ref: 'in.amount', convert: 'parseFloat' } } as Record<string, InputValue>;
  const handled = (then: ErrorHandling['then'], extra: Partial<ErrorHandling> = {}): ErrorHandling => ({ retry: 3, retryDelayMs: 1000, then, ...extra });

  it('fails the card with INVALID_INPUT, once, without running it or waiting to retry', async () => {
    const h = harness();
    const result = await h.run([step('call', badNumber, handled('halt')), step('after')], { amount: 'twelve' });
    expect(result).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_INPUT', method: 'call', message: 'Cannot convert "twelve" to a number' } });
    expect(result.cards[0]).toMatchObject({ cardId: 'call', status: 'FAILED', attempts: 1 });
    expect(h.ran).toEqual([]);
    expect(h.slept).toEqual([]);
  });

  it('"return values" hands its values to the caller', async () => {
    const h = harness();
    const result = await h.run([step('call', badNumber, handled('return_values', { values: { fallback: v(0), given: r('in.amount') } })), step('after')], { amount: 'twelve' });
    expect(result).toMatchObject({ status: 'FAILED', returnedValues: true, output: { fallback: 0, given: 'twelve' }, error: { code: 'INVALID_INPUT', method: 'call' } });
    expect(h.ran).toEqual([]);
  });

  it('"run another flow" hands the error to the helper flow', async () => {
    const h = harness();
    const result = await h.run([step('call', badNumber, handled('run_flow', { flowId: 'floHandler' }))], { amount: 'twelve' });
    expect(result.status).toBe('FAILED');
    expect(h.errorFlows).toEqual([{ flowId: 'floHandler', code: 'INVALID_INPUT' }]);
  });

  it('If Error catches it with the error object, and the flow goes on', async () => {
    const h = harness();
    const result = await h.run(
      [
        { id: 'guard', type: 'control.ifError', try: [step('call', badNumber)], ifError: [step('recover')], outputs: [{ key: 'why', type: 'text', try: v('fine'), ifError: r('guard.error.message') }] },
        ret({ why: r('guard.why') }),
      ],
      { amount: 'twelve' },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { why: 'Cannot convert "twelve" to a number' } });
    expect(h.ran).toEqual(['recover']);
  });

  it('a container output that cannot be converted fails the container, and an enclosing If Error catches it', async () => {
    const h = harness();
    const result = await h.run(
      [
        {
          id: 'outer',
          type: 'control.ifError',
          try: [{ id: 'inner', type: 'control.ifElse', condition: { a: v(1), op: '==', b: v(1) }, then: [step('work')], else: [], outputs: [{ key: 'n', type: 'number', then: { ref: 'in.amount', convert: 'parseFloat' }, else: v(0) }] }],
          ifError: [],
          outputs: [{ key: 'failedAt', type: 'text', try: v('nowhere'), ifError: r('outer.error.method') }],
        },
        ret({ failedAt: r('outer.failedAt') }),
      ],
      { amount: 'twelve' },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { failedAt: 'inner' } });
    expect(result.cards.find((c) => c.cardId === 'inner')).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_INPUT' } });
  });
});

describe('cancellation', () => {
  it('a cancel that arrives while a card runs stops the flow before the next card', async () => {
    const h = harness();
    h.state.cancelAfter = 'first';
    const result = await h.run([step('first'), step('second'), ret({})]);
    expect(result.status).toBe('CANCELLED');
    expect(h.ran).toEqual(['first']);
  });

  it('a cancel stops retrying', async () => {
    const h = harness({
      call: () => {
        h.state.cancelled = true;
        return failing(429)();
      },
    });
    await h.run([step('call', {}, { retry: 5, retryDelayMs: 0, then: 'halt' }), step('after')]);
    expect(h.attempts.get('call')).toBe(1);
    expect(h.slept).toEqual([]);
    expect(h.ran).toEqual(['call']);
  });

  it('a cancel during the wait before a retry makes no further attempt', async () => {
    const h = harness({ call: failing(503) });
    h.onSleep = () => {
      h.state.cancelled = true;
    };
    const result = await h.run([step('call', {}, { retry: 5, retryDelayMs: 60_000, then: 'halt' }), step('after')]);
    expect(result.status).toBe('CANCELLED');
    expect(h.attempts.get('call')).toBe(1);
    expect(h.slept).toEqual([60_000]);
  });
});

describe('checkpoints: the history so far, after each card that acts outside the engine', () => {
  const call = (id: string, errorHandling?: ErrorHandling): Card => ({ id, type: 'test.call', inputs: {}, ...(errorHandling ? { errorHandling } : {}) });

  it('an API endpoint flow of function cards only (Assign → Compose → Return) asks for none', async () => {
    const h = harness();
    const result = await h.run([
      { id: 'set', type: 'control.assign', inputs: { name: r('in.name') }, outputs: [{ key: 'name', type: 'text' }] },
      { id: 'greet', type: 'text.compose', inputs: { template: v('Hello, {{n}}'), n: r('set.name') } },
      ret({ message: r('greet.output') }),
    ], { name: 'Ada' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { message: 'Hello, Ada' } });
    expect(h.checkpoints).toEqual([]);
  });

  it('asks once after each acting card, before the next card runs, with every card that ran so far', async () => {
    const h = harness();
    const result = await h.run([step('prepare'), call('deactivate'), step('between'), call('notify'), ret({})]);
    expect(result.status).toBe('SUCCEEDED');
    expect(h.checkpoints.map((cards) => cards.map((c) => c.cardId))).toEqual([
      ['prepare', 'deactivate'],
      ['prepare', 'deactivate', 'between', 'notify'],
    ]);
    expect(h.checkpoints[0]![1]).toMatchObject({ cardId: 'deactivate', status: 'SUCCEEDED', attempts: 1 });
  });

  it('a card that failed for good is checkpointed with its error, after its retries', async () => {
    const h = harness({ deactivate: failing(503) });
    const result = await h.run([call('deactivate', { retry: 1, retryDelayMs: 0, then: 'halt' }), step('after')]);
    expect(result.status).toBe('FAILED');
    expect(h.checkpoints).toHaveLength(1);
    expect(h.checkpoints[0]).toMatchObject([{ cardId: 'deactivate', status: 'FAILED', attempts: 2, error: { code: 503 } }]);
  });

  it('leaves out a container that is still running, and stops before the next card when the run was cancelled meanwhile', async () => {
    const h = harness();
    h.state.cancelAfter = 'inside';
    const result = await h.run([
      { id: 'box', type: 'control.ifElse', condition: { a: v('x'), op: '==', b: v('x') }, then: [call('inside'), step('next')], else: [] },
      step('after'),
    ]);
    expect(result.status).toBe('CANCELLED');
    expect(h.checkpoints.map((cards) => cards.map((c) => c.cardId))).toEqual([['inside']]);
    expect(h.ran).toEqual(['inside']);
  });
});
