import { describe, expect, it } from 'vitest';
import { CardError, type CardContext, type CardOutcome, type CardSpec } from '../card.js';
import { COMPARISONS } from '../flow-definition.js';
import { validateFlowDefinition } from '../flow-validation.js';
import { assignIfCard } from './control-assign-if.js';
import { assignCard } from './control-assign.js';
import { continueIfCard } from './control-continue-if.js';
import { returnErrorIfCard } from './control-return-error-if.js';
import { returnErrorCard } from './control-return-error.js';
import { returnRawCard } from './control-return-raw.js';
import { returnCard } from './control-return.js';
import { dateAddCard } from './date-add.js';
import { dateFormatCard } from './date-format.js';
import { dateNowCard } from './date-now.js';
import { callFlowAsyncCard } from './flow-call-async.js';
import { callFlowCard } from './flow-call.js';
import { FUNCTION_CARDS } from './function-cards.js';
import { listAtCard } from './list-at.js';
import { listConstructCard } from './list-construct.js';
import { filterCard } from './list-filter.js';
import { forEachCard } from './list-for-each.js';
import { listLengthCard } from './list-length.js';
import { mapCard } from './list-map.js';
import { listPluckCard } from './list-pluck.js';
import { listToTextCard } from './list-to-text.js';
import { objectConstructCard } from './object-construct.js';
import { objectGetCard } from './object-get.js';
import { composeCard } from './text-compose.js';
import { concatenateCard } from './text-concatenate.js';

type Helper = (flowId: string, inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A CardContext port double: a fixed clock, no org or HTTP, and helper flows that record their calls. */
function fakeContext(helper: Helper = async () => ({})) {
  const calls: { flowId: string; inputs: Record<string, unknown> }[] = [];
  const started: { flowId: string; inputs: Record<string, unknown> }[] = [];
  const ctx: CardContext = {
    flowId: 'wffMain',
    executionId: 'exeMain',
    cardId: 'c1',
    now: () => new Date('2024-05-01T10:00:00.000Z'),
    org: async () => {
      throw new Error('function cards do not call the org');
    },
    http: async () => {
      throw new Error('function cards do not call out');
    },
    callFlow: async (flowId, inputs) => {
      calls.push({ flowId, inputs });
      return helper(flowId, inputs);
    },
    startFlow: async (flowId, inputs) => {
      started.push({ flowId, inputs });
      return `exeHelper${started.length}`;
    },
  };
  return { ctx, calls, started };
}

function run(spec: CardSpec, inputs: Record<string, unknown>, ctx: CardContext = fakeContext().ctx): Promise<CardOutcome> {
  return spec.run(inputs, ctx);
}

async function outputsOf(spec: CardSpec, inputs: Record<string, unknown>, ctx?: CardContext): Promise<Record<string, unknown>> {
  const outcome = await run(spec, inputs, ctx);
  if (outcome.kind !== 'outputs') throw new Error(`expected outputs, got ${outcome.kind}`);
  return outcome.outputs;
}

async function failure(promise: Promise<unknown>): Promise<CardError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CardError) return err;
    throw err;
  }
  throw new Error('the card did not fail');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A helper that counts how many of its runs are in flight, finishing later items sooner. */
function trackedHelper(answer: (item: unknown, index: number) => Record<string, unknown>, fail?: (index: number) => boolean) {
  const state = { inFlight: 0, maxInFlight: 0, started: [] as number[], finished: [] as number[] };
  const helper: Helper = async (_, inputs) => {
    const index = inputs.index as number;
    state.started.push(index);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await sleep(fail?.(index) ? 1 : 12 - (index % 4) * 3);
    state.inFlight--;
    state.finished.push(index);
    if (fail?.(index)) throw new CardError(`user ${String(inputs.item)} is locked`, 403, { httpStatus: 403 });
    return answer(inputs.item, index);
  };
  return { state, helper };
}

describe('the function card catalogue', () => {
  it('lists every function card once, none of them using a connection', () => {
    const types = FUNCTION_CARDS.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual(
      [
        'control.assign',
        'control.assignIf',
        'control.continueIf',
        'control.return',
        'control.returnRaw',
        'control.returnError',
        'control.returnErrorIf',
        'flow.call',
        'flow.callAsync',
        'list.forEach',
        'list.map',
        'list.filter',
        'list.length',
        'list.at',
        'list.pluck',
        'list.construct',
        'list.toText',
        'text.compose',
        'text.concatenate',
        'object.construct',
        'object.get',
        'date.now',
        'date.add',
        'date.format',
      ].sort(),
    );
    for (const card of FUNCTION_CARDS) {
      expect(card.connection, card.type).toBe('none');
      expect(card.type.startsWith(`${card.category}.`), card.type).toBe(true);
    }
    expect(FUNCTION_CARDS.filter((c) => c.callsFlow).map((c) => c.type).sort()).toEqual(['flow.call', 'flow.callAsync', 'list.filter', 'list.forEach', 'list.map']);
  });

  it('validates a flow that uses them the way workflows.md §12 does', () => {
    const definition = {
      schemaVersion: '1.0',
      name: 'Welcome',
      kind: 'helper',
      saveExecutionData: true,
      trigger: { id: 'start', type: 'helper', inputs: [{ key: 'login', type: 'text' }, { key: 'groups', type: 'list' }] },
      cards: [
        { id: 'msg', type: 'text.compose', inputs: { template: { value: 'Hello {{ user }}' }, user: { ref: 'start.login' } } },
        { id: 'go', type: 'control.continueIf', inputs: { a: { ref: 'start.groups' }, op: { value: 'is not empty' }, message: { value: 'no groups' } } },
        { id: 'each', type: 'list.forEach', flowId: 'wffHelper', inputs: { list: { ref: 'start.groups' }, concurrency: { value: 5 }, login: { ref: 'start.login' } } },
        { id: 'call', type: 'flow.call', flowId: 'wffNotify', inputs: { text: { ref: 'msg.output' } }, outputs: [{ key: 'messageId', type: 'text' }] },
        { id: 'when', type: 'date.add', inputs: { date: { value: '2024-05-01T10:00:00Z' }, amount: { value: 1 }, unit: { value: 'months' } } },
        { id: 'out', type: 'control.return', inputs: { message: { ref: 'msg.output' }, id: { ref: 'call.messageId' }, at: { ref: 'when.date' } } },
      ],
    };
    const cards = new Map(FUNCTION_CARDS.map((c) => [c.type, c]));
    expect(() => validateFlowDefinition(definition, { cards, eventTypes: new Set() })).not.toThrow();
    const badUnit = { ...definition, cards: [{ id: 'when', type: 'date.add', inputs: { date: { value: '2024-05-01' }, amount: { value: 1 }, unit: { value: 'fortnights' } } }] };
    expect(() => validateFlowDefinition(badUnit, { cards, eventTypes: new Set() })).toThrow(/cards\[0\]\.inputs\.unit\.value: must be one of seconds/);
  });
});

describe('Assign, Assign If and Continue If', () => {
  it('Assign outputs each of its inputs under the same key', async () => {
    expect(await outputsOf(assignCard, { login: 'ada', count: 3, tags: ['a'] })).toEqual({ login: 'ada', count: 3, tags: ['a'] });
  });

  it('Assign If outputs the value for true or the value for false', async () => {
    const inputs = { a: '80', op: '>', b: '9', valueIfTrue: 'big', valueIfFalse: 'small' };
    expect(await outputsOf(assignIfCard, { ...inputs, type: 'number' })).toEqual({ output: 'big' });
    expect(await outputsOf(assignIfCard, inputs)).toEqual({ output: 'small' });
    expect(await outputsOf(assignIfCard, { a: 'x', op: 'is empty', valueIfTrue: 1 })).toEqual({ output: null });
    expect(assignIfCard.inputs.op!.oneOf).toEqual(COMPARISONS);
  });

  it('Assign If fails on a comparison it does not know or a value it cannot read', async () => {
    expect(await failure(run(assignIfCard, { a: 1, op: '===', b: 1 }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await failure(run(assignIfCard, { a: 'x', op: '<', b: 1, type: 'number' }))).message).toBe('Input "a" must be a number; got the text "x"');
  });

  it('Continue If lets the flow go on when the condition holds', async () => {
    expect(await run(continueIfCard, { a: 'ACTIVE', op: '==', b: 'ACTIVE' })).toEqual({ kind: 'outputs', outputs: {} });
  });

  it('Continue If halts without an error when the condition is false, with its message or the default one', async () => {
    expect(await run(continueIfCard, { a: 3, op: '>', b: 5, type: 'number', message: 'too few' })).toEqual({ kind: 'halt', message: 'too few' });
    expect(await run(continueIfCard, { a: 'a', op: 'in', b: ['b'] })).toEqual({ kind: 'halt', message: 'Continue If condition was false' });
  });
});

describe('Return, Return Raw, Return Error and Return Error If', () => {
  it('Return ends the flow with its inputs as the returned values', async () => {
    expect(await run(returnCard, { userId: '00u1', ok: true })).toEqual({ kind: 'return', outputs: { userId: '00u1', ok: true } });
    expect(await run(returnCard, {})).toEqual({ kind: 'return', outputs: {} });
  });

  it('Return Raw answers the status, headers as text and the body, JSON for an object body', async () => {
    expect(await run(returnRawCard, { statusCode: 200, headers: { 'X-Count': 2, 'Cache-Control': 'no-store', 'X-None': null }, body: { ok: true } })).toEqual({
      kind: 'returnRaw',
      statusCode: 200,
      headers: { 'X-Count': '2', 'Cache-Control': 'no-store' },
      body: '{"ok":true}',
    });
    expect(await run(returnRawCard, { statusCode: '404' })).toEqual({ kind: 'returnRaw', statusCode: 404, headers: {}, body: '' });
    expect(await run(returnRawCard, { statusCode: 599, body: 'down' })).toMatchObject({ statusCode: 599, body: 'down' });
  });

  it('Return Raw refuses a status other than 200 or 400–599, and headers that are not an object', async () => {
    for (const statusCode of [201, 302, 399, 600, 404.5, 'abc', undefined]) {
      expect((await failure(run(returnRawCard, { statusCode }))).code, String(statusCode)).toBe('INVALID_INPUT');
    }
    expect((await failure(run(returnRawCard, { statusCode: 302 }))).message).toBe('Input "statusCode" must be 200 or from 400 to 599; got number 302');
    expect((await failure(run(returnRawCard, { statusCode: 200, headers: 'X-A: 1' }))).message).toContain('Input "headers" must be an object');
  });

  it('Return Error fails the card with its message and code, ERROR by default', async () => {
    expect(await failure(run(returnErrorCard, { message: 'no manager', code: 409 }))).toMatchObject({ message: 'no manager', code: 409 });
    expect(await failure(run(returnErrorCard, { message: 'no manager', code: 'NO_MANAGER' }))).toMatchObject({ code: 'NO_MANAGER' });
    const plain = await failure(run(returnErrorCard, { message: 'no manager' }));
    expect(plain).toMatchObject({ message: 'no manager', code: 'ERROR' });
    expect(plain.retryable).toBe(false);
  });

  it('Return Error refuses a code that is neither a number nor a text, and a missing message', async () => {
    expect((await failure(run(returnErrorCard, { message: 'x', code: { a: 1 } }))).message).toBe('Input "code" must be a number or a text; got an object');
    expect((await failure(run(returnErrorCard, {}))).message).toBe('Input "message" is required');
  });

  it('Return Error If fails only when the condition holds', async () => {
    expect(await run(returnErrorIfCard, { a: 'ACTIVE', op: '==', b: 'DEPROVISIONED', message: 'gone' })).toEqual({ kind: 'outputs', outputs: {} });
    expect(await failure(run(returnErrorIfCard, { a: 'DEPROVISIONED', op: '==', b: 'DEPROVISIONED', message: 'gone', code: 'GONE' }))).toMatchObject({ message: 'gone', code: 'GONE' });
  });
});

describe('Call Flow and Call Flow Async', () => {
  it('Call Flow runs the helper with the card’s inputs, without the reserved flow id, and outputs its Return', async () => {
    const { ctx, calls } = fakeContext(async () => ({ messageId: 'm1', sent: true }));
    expect(await outputsOf(callFlowCard, { __flowId: 'wffNotify', login: 'ada' }, ctx)).toEqual({ messageId: 'm1', sent: true });
    expect(calls).toEqual([{ flowId: 'wffNotify', inputs: { login: 'ada' } }]);
  });

  it('Call Flow fails when the helper does, with the helper’s error', async () => {
    const { ctx } = fakeContext(async () => {
      throw new CardError('helper failed', 500);
    });
    expect(await failure(run(callFlowCard, { __flowId: 'wffNotify' }, ctx))).toMatchObject({ message: 'helper failed', code: 500 });
  });

  it('Call Flow refuses to run without a helper flow id', async () => {
    expect((await failure(run(callFlowCard, { login: 'ada' }))).message).toBe('Call Flow needs the id of a helper flow');
  });

  it('Call Flow Async starts the helper without waiting and outputs its execution id', async () => {
    const { ctx, started, calls } = fakeContext();
    expect(await outputsOf(callFlowAsyncCard, { __flowId: 'wffAudit', userId: '00u1' }, ctx)).toEqual({ executionId: 'exeHelper1' });
    expect(started).toEqual([{ flowId: 'wffAudit', inputs: { userId: '00u1' } }]);
    expect(calls).toEqual([]);
  });
});

describe('For Each, Map and Filter', () => {
  it('For Each calls the helper once per item with the constants, the item and its index, and outputs nothing', async () => {
    const { ctx, calls } = fakeContext();
    expect(await outputsOf(forEachCard, { __flowId: 'wffEach', list: ['a', 'b'], groupId: '00g1' }, ctx)).toEqual({});
    expect(calls).toEqual([
      { flowId: 'wffEach', inputs: { groupId: '00g1', item: 'a', index: 0 } },
      { flowId: 'wffEach', inputs: { groupId: '00g1', item: 'b', index: 1 } },
    ]);
  });

  it('For Each runs one item at a time by default', async () => {
    const { state, helper } = trackedHelper(() => ({}));
    await run(forEachCard, { __flowId: 'wffEach', list: [1, 2, 3, 4, 5] }, fakeContext(helper).ctx);
    expect(state.maxInFlight).toBe(1);
    expect(state.finished).toEqual([0, 1, 2, 3, 4]);
  });

  it('For Each never has more than `concurrency` helpers in flight, and uses that many', async () => {
    const { state, helper } = trackedHelper(() => ({}));
    await run(forEachCard, { __flowId: 'wffEach', list: Array.from({ length: 17 }, (_, i) => i), concurrency: 4 }, fakeContext(helper).ctx);
    expect(state.maxInFlight).toBe(4);
    expect(state.started.sort((x, y) => x - y)).toEqual(Array.from({ length: 17 }, (_, i) => i));
  });

  it('For Each over an empty list calls nothing', async () => {
    const { ctx, calls } = fakeContext();
    expect(await outputsOf(forEachCard, { __flowId: 'wffEach', list: [], concurrency: 10 }, ctx)).toEqual({});
    expect(calls).toEqual([]);
  });

  it('For Each fails with the failing item’s index once the calls in flight settle, and starts no further item', async () => {
    const { state, helper } = trackedHelper(() => ({}), (index) => index === 1);
    const err = await failure(run(forEachCard, { __flowId: 'wffEach', list: ['a', 'b', 'c', 'd', 'e', 'f'], concurrency: 3 }, fakeContext(helper).ctx));
    expect(err.message).toBe('For Each: the helper flow failed for item 1: user b is locked');
    expect(err).toMatchObject({ code: 403, details: { httpStatus: 403 } });
    expect(state.inFlight).toBe(0);
    expect(state.started.sort()).toEqual([0, 1, 2]);
    expect(state.finished.sort()).toEqual([0, 1, 2]);
  });

  it('For Each reports the lowest failing index when several fail, and a non-card error as ERROR', async () => {
    const { ctx } = fakeContext(async (_, inputs) => {
      await sleep(inputs.index === 0 ? 10 : 1);
      throw new Error(`boom ${String(inputs.index)}`);
    });
    expect(await failure(run(forEachCard, { __flowId: 'wffEach', list: [0, 1], concurrency: 2 }, ctx))).toMatchObject({ message: 'For Each: the helper flow failed for item 0: boom 0', code: 'ERROR' });
  });

  it('For Each refuses a concurrency outside 1–200 or not whole, and a list that is not one', async () => {
    for (const concurrency of [0, 201, 2.5, 'many']) {
      expect((await failure(run(forEachCard, { __flowId: 'wffEach', list: [1], concurrency }))).code, String(concurrency)).toBe('INVALID_INPUT');
    }
    expect((await failure(run(forEachCard, { __flowId: 'wffEach', list: [1], concurrency: 0 }))).message).toBe('Input "concurrency" must be a whole number from 1 to 200; got number 0');
    expect(await outputsOf(forEachCard, { __flowId: 'wffEach', list: [1], concurrency: 200 })).toEqual({});
    expect((await failure(run(forEachCard, { __flowId: 'wffEach', list: 'a,b' }))).message).toBe('Input "list" must be a list; got the text "a,b"');
    expect((await failure(run(forEachCard, { list: [1] }))).message).toBe('For Each needs the id of a helper flow');
  });

  it('Map keeps item order whatever order the helpers finish in, within the concurrency', async () => {
    const { state, helper } = trackedHelper((item) => ({ doubled: (item as number) * 2 }));
    const list = Array.from({ length: 12 }, (_, i) => i);
    expect(await outputsOf(mapCard, { __flowId: 'wffDouble', list, concurrency: 5 }, fakeContext(helper).ctx)).toEqual({ list: list.map((i) => i * 2) });
    expect(state.maxInFlight).toBe(5);
    expect(state.finished).not.toEqual(list);
  });

  it('Map takes a one-field Return as its value and any other Return as an object', async () => {
    const { ctx } = fakeContext(async (_, inputs) => (inputs.item === 'one' ? { v: 1 } : inputs.item === 'two' ? { a: 1, b: 2 } : {}));
    expect(await outputsOf(mapCard, { __flowId: 'wffMap', list: ['one', 'two', 'none'] }, ctx)).toEqual({ list: [1, { a: 1, b: 2 }, {}] });
  });

  it('Map fails with the failing item’s index', async () => {
    const { helper } = trackedHelper(() => ({ v: 1 }), (index) => index === 2);
    expect((await failure(run(mapCard, { __flowId: 'wffMap', list: ['a', 'b', 'c'], concurrency: 2 }, fakeContext(helper).ctx))).message).toBe('Map: the helper flow failed for item 2: user c is locked');
  });

  it('Filter keeps the items whose helper returns a truthy value, in item order', async () => {
    const { state, helper } = trackedHelper((item) => ({ keep: (item as number) % 3 === 0 }));
    const list = Array.from({ length: 10 }, (_, i) => i);
    expect(await outputsOf(filterCard, { __flowId: 'wffKeep', list, concurrency: 3 }, fakeContext(helper).ctx)).toEqual({ list: [0, 3, 6, 9] });
    expect(state.maxInFlight).toBe(3);
  });

  it('Filter fails when the helper does not return exactly one value', async () => {
    const { ctx } = fakeContext(async () => ({ a: true, b: true }));
    expect(await failure(run(filterCard, { __flowId: 'wffKeep', list: ['x'] }, ctx))).toMatchObject({ code: 'INVALID_INPUT', message: 'Filter: the helper flow must return exactly one value; for item 0 it returned 2' });
  });
});

describe('List functions', () => {
  it('Length counts the items', async () => {
    expect(await outputsOf(listLengthCard, { list: [1, null, 'x'] })).toEqual({ length: 3 });
    expect((await failure(run(listLengthCard, { list: null }))).message).toBe('Input "list" is required');
  });

  it('At reads an item from the start, or from the end with a negative index', async () => {
    const list = ['a', 'b', 'c'];
    expect(await outputsOf(listAtCard, { list, index: 0 })).toEqual({ item: 'a' });
    expect(await outputsOf(listAtCard, { list, index: '2' })).toEqual({ item: 'c' });
    expect(await outputsOf(listAtCard, { list, index: -1 })).toEqual({ item: 'c' });
    expect(await outputsOf(listAtCard, { list, index: -3 })).toEqual({ item: 'a' });
  });

  it('At refuses an index out of range or not whole', async () => {
    for (const index of [3, -4, 1.5]) expect((await failure(run(listAtCard, { list: ['a', 'b', 'c'], index }))).code, String(index)).toBe('INVALID_INPUT');
    expect((await failure(run(listAtCard, { list: ['a', 'b', 'c'], index: 3 }))).message).toBe('Input "index" 3 is out of range for a list of 3 (use 0 to 2, or -1 to -3 from the end)');
    expect((await failure(run(listAtCard, { list: [], index: 0 }))).code).toBe('INVALID_INPUT');
  });

  it('Pluck takes one key from each object, null where it is absent', async () => {
    expect(await outputsOf(listPluckCard, { list: [{ id: 'a' }, { id: 'b', x: 1 }, { x: 2 }], key: 'id' })).toEqual({ list: ['a', 'b', null] });
  });

  it('Pluck refuses a list holding something other than objects, naming the item', async () => {
    expect((await failure(run(listPluckCard, { list: [{ id: 'a' }, 'b'], key: 'id' }))).message).toBe('Input "list" must hold objects; item 1 is the text "b"');
  });

  it('Construct makes a list of its inputs’ values in the order they are written', async () => {
    expect(await outputsOf(listConstructCard, { first: 'a', second: { b: 1 }, third: null })).toEqual({ list: ['a', { b: 1 }, null] });
  });

  it('List to Text joins the items with a comma or the separator given', async () => {
    expect(await outputsOf(listToTextCard, { list: ['a', 1, null, { b: true }] })).toEqual({ text: 'a,1,,{"b":true}' });
    expect(await outputsOf(listToTextCard, { list: ['a', 'b'], separator: ' | ' })).toEqual({ text: 'a | b' });
    expect(await outputsOf(listToTextCard, { list: ['a', 'b'], separator: '' })).toEqual({ text: 'ab' });
  });
});

describe('Text functions', () => {
  it('Compose fills each {{key}}, with or without spaces inside the braces', async () => {
    const inputs = { template: 'Hi {{name}}, you have {{ count }} groups: {{groups}}; {{profile}}.{{none}}', name: 'Ada', count: 2, groups: ['a', 'b'], profile: { x: 1 }, none: null };
    expect(await outputsOf(composeCard, inputs)).toEqual({ output: 'Hi Ada, you have 2 groups: ["a","b"]; {"x":1}.' });
    expect(await outputsOf(composeCard, { template: 'no fields' })).toEqual({ output: 'no fields' });
  });

  it('Compose refuses a placeholder that names no input', async () => {
    expect(await failure(run(composeCard, { template: 'Hi {{ nmae }}', name: 'Ada' }))).toMatchObject({ code: 'INVALID_INPUT', message: 'Compose: the template names {{nmae}}, which is not an input of the card' });
    expect((await failure(run(composeCard, { template: '{{template}}' }))).message).toContain('{{template}}');
    expect((await failure(run(composeCard, {}))).message).toBe('Input "template" is required');
  });

  it('Concatenate joins its inputs in order with nothing between them', async () => {
    expect(await outputsOf(concatenateCard, { first: 'ada', at: '@', domain: 'example.com', n: 1, none: null })).toEqual({ output: 'ada@example.com1' });
    expect(await outputsOf(concatenateCard, {})).toEqual({ output: '' });
  });
});

describe('Object functions', () => {
  it('Construct makes an object of its inputs', async () => {
    expect(await outputsOf(objectConstructCard, { login: 'ada', groups: ['a'] })).toEqual({ object: { login: 'ada', groups: ['a'] } });
  });

  it('Get follows a dot path through objects and list indexes', async () => {
    const object = { profile: { login: 'ada@example.com', emails: [{ value: 'a@x' }, { value: 'b@x' }] }, n: 0 };
    expect(await outputsOf(objectGetCard, { object, path: 'profile.login' })).toEqual({ value: 'ada@example.com' });
    expect(await outputsOf(objectGetCard, { object, path: 'profile.emails.1.value' })).toEqual({ value: 'b@x' });
    expect(await outputsOf(objectGetCard, { object, path: 'n' })).toEqual({ value: 0 });
    expect(await outputsOf(objectGetCard, { object, path: 'profile' })).toEqual({ value: object.profile });
  });

  it('Get answers null when any step is absent', async () => {
    const object = { profile: { login: 'ada', emails: ['a@x'] } };
    for (const path of ['profile.email', 'profile.login.length', 'profile.emails.5', 'profile.emails.-1', 'constructor', 'x.y.z']) {
      expect(await outputsOf(objectGetCard, { object, path }), path).toEqual({ value: null });
    }
  });

  it('Get refuses a value that is not an object, and an empty path', async () => {
    expect((await failure(run(objectGetCard, { object: [1], path: '0' }))).message).toBe('Input "object" must be an object; got a list of 1');
    expect((await failure(run(objectGetCard, { object: {}, path: '' }))).message).toBe('Input "path" is required');
  });
});

describe('Date and time functions', () => {
  it('Now reads the execution’s clock', async () => {
    expect(await outputsOf(dateNowCard, {})).toEqual({ date: '2024-05-01T10:00:00.000Z' });
  });

  it('Add adds fixed units and goes back with a negative amount', async () => {
    const date = '2024-05-01T10:00:00Z';
    const add = async (amount: unknown, unit: string) => (await outputsOf(dateAddCard, { date, amount, unit })).date;
    expect(await add(90, 'seconds')).toBe('2024-05-01T10:01:30.000Z');
    expect(await add(-30, 'minutes')).toBe('2024-05-01T09:30:00.000Z');
    expect(await add(1.5, 'hours')).toBe('2024-05-01T11:30:00.000Z');
    expect(await add('2', 'days')).toBe('2024-05-03T10:00:00.000Z');
    expect(await add(-2, 'weeks')).toBe('2024-04-17T10:00:00.000Z');
  });

  it('Add moves months and years by the UTC calendar, keeping the day or taking the month’s last', async () => {
    const add = async (date: string | number, amount: number, unit: string) => (await outputsOf(dateAddCard, { date, amount, unit })).date;
    expect(await add('2024-01-31T08:00:00Z', 1, 'months')).toBe('2024-02-29T08:00:00.000Z');
    expect(await add('2023-01-31T08:00:00Z', 1, 'months')).toBe('2023-02-28T08:00:00.000Z');
    expect(await add('2024-03-31T08:00:00Z', -1, 'months')).toBe('2024-02-29T08:00:00.000Z');
    expect(await add('2024-11-15', 3, 'months')).toBe('2025-02-15T00:00:00.000Z');
    expect(await add('2024-02-29', 1, 'years')).toBe('2025-02-28T00:00:00.000Z');
    expect(await add(Date.UTC(2020, 5, 1), -2, 'years')).toBe('2018-06-01T00:00:00.000Z');
  });

  it('Add refuses an unknown unit, a fraction of a month, and an unreadable date', async () => {
    expect((await failure(run(dateAddCard, { date: '2024-05-01', amount: 1, unit: 'fortnights' }))).message).toBe('Input "unit" must be one of seconds, minutes, hours, days, weeks, months, years; got the text "fortnights"');
    expect((await failure(run(dateAddCard, { date: '2024-05-01', amount: 1.5, unit: 'months' }))).message).toBe('Input "amount" must be a whole number of months; got 1.5');
    expect((await failure(run(dateAddCard, { date: 'tomorrow', amount: 1, unit: 'days' }))).message).toContain('Input "date" must be a date');
    expect((await failure(run(dateAddCard, { date: '2024-05-01', amount: 1e12, unit: 'days' }))).message).toBe('Adding 1000000000000 days leaves the range of dates');
  });

  it('Date to Text writes ISO-8601 at UTC by default, the same text as toISOString', async () => {
    expect(await outputsOf(dateFormatCard, { date: '2024-05-01T10:00:00.25Z' })).toEqual({ text: '2024-05-01T10:00:00.250Z' });
  });

  it('Date to Text writes the wall clock of the time zone given, with its offset', async () => {
    const date = '2024-07-01T22:30:05.007Z';
    const text = async (format: string | undefined, timezone: string) => (await outputsOf(dateFormatCard, { date, format, timezone })).text;
    expect(await text(undefined, 'Europe/Paris')).toBe('2024-07-02T00:30:05.007+02:00');
    expect(await text(undefined, 'America/Los_Angeles')).toBe('2024-07-01T15:30:05.007-07:00');
    expect(await text(undefined, 'Asia/Kolkata')).toBe('2024-07-02T04:00:05.007+05:30');
    expect(await text('DD/MM/YYYY [at] HH:mm', 'Europe/Paris')).toBe('02/07/2024 at 00:30');
    expect(await text('[YYYY is] YYYY, ss.SSS', 'UTC')).toBe('YYYY is 2024, 05.007');
  });

  it('Date to Text follows daylight saving time in the zone', async () => {
    expect((await outputsOf(dateFormatCard, { date: '2024-01-15T12:00:00Z', format: 'HH:mm Z', timezone: 'Europe/Paris' })).text).toBe('13:00 +01:00');
    expect((await outputsOf(dateFormatCard, { date: '2024-01-15T12:00:00Z', format: 'HH:mm Z', timezone: 'UTC' })).text).toBe('12:00 Z');
  });

  it('Date to Text writes every moment.js token it supports, in the time zone', async () => {
    const date = '2024-07-01T22:30:05.007Z';
    const text = async (format: string, timezone = 'UTC') => (await outputsOf(dateFormatCard, { date, format, timezone })).text;
    // Paris: Tuesday 2 July 2024, 00:30:05.007, UTC+2.
    expect(await text('YYYY YY M MM MMM MMMM', 'Europe/Paris')).toBe('2024 24 7 07 Jul July');
    expect(await text('D DD Do ddd dddd', 'Europe/Paris')).toBe('2 02 2nd Tue Tuesday');
    expect(await text('H HH h hh A a', 'Europe/Paris')).toBe('0 00 12 12 AM am');
    expect(await text('m mm s ss SSS', 'Europe/Paris')).toBe('30 30 5 05 007');
    expect(await text('Z ZZ', 'Europe/Paris')).toBe('+02:00 +0200');
    expect(await text('Z ZZ', 'America/Los_Angeles')).toBe('-07:00 -0700');
    expect(await text('Z ZZ')).toBe('Z +0000');
    // Unix time does not depend on the zone.
    expect(await text('X x', 'Asia/Kolkata')).toBe(`${Math.floor(Date.parse(date) / 1000)} ${Date.parse(date)}`);
    // Afternoon on the 12-hour clock; Monday in Los Angeles.
    expect(await text('dddd h:mm A, h:mm a', 'America/Los_Angeles')).toBe('Monday 3:30 PM, 3:30 pm');
    expect(await text('dddd, MMMM Do YYYY [at] h:mm A', 'Europe/Paris')).toBe('Tuesday, July 2nd 2024 at 12:30 AM');
    // Characters moment does not read as tokens are copied, brackets escape letters that it does.
    expect(await text('YYYY-MM-DDTHH:mm [Day] D, [week of] MMM', 'UTC')).toBe('2024-07-01T22:30 Day 1, week of Jul');
  });

  it('Date to Text writes English ordinals as moment does', async () => {
    const day = async (d: number) => (await outputsOf(dateFormatCard, { date: `2024-03-${String(d).padStart(2, '0')}T12:00:00Z`, format: 'Do' })).text;
    const got = [];
    for (const d of [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 31]) got.push(await day(d));
    expect(got).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '30th', '31st']);
  });

  it('Date to Text refuses a moment token it does not write instead of copying its letters into the text', async () => {
    for (const token of ['Q', 'DDD', 'DDDD', 'w', 'W', 'LL', 'YYYYY', 'SSSS', 'Mo', 'k', 'z', 'AA', 'd', 'e']) {
      const error = await failure(run(dateFormatCard, { date: '2024-05-01', format: `YYYY ${token}` }));
      expect(error.code, token).toBe('INVALID_INPUT');
      expect(error.message, token).toContain(`"${token}" is a date format token this card does not support`);
      expect(error.message, token).toContain(`[${token}]`);
    }
    expect((await outputsOf(dateFormatCard, { date: '2024-05-01', format: 'YYYY [Q] [LL]' })).text).toBe('2024 Q LL');
  });

  it('Date to Text refuses a time zone that is not an IANA one', async () => {
    expect(await failure(run(dateFormatCard, { date: '2024-05-01', timezone: 'Mars/Olympus' }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Input "timezone" must be an IANA time zone such as "Europe/Paris" or "UTC"; got "Mars/Olympus"',
    });
  });
});
