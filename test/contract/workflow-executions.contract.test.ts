import { expect, it } from 'vitest';
import { InvalidCursor } from '../../src/core/ports/store.js';
import type { ExecutionRecord } from '../../src/core/workflows/execution.js';
import type { FlowRecord, FlowVersionRecord } from '../../src/core/workflows/flow.js';
import { at, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

const pad = (n: number) => String(n).padStart(17, '0');
const flowId = (n: number) => `wff${pad(n)}`;
const executionId = (n: number) => `wfe${pad(n)}`;
const worker = (n: number) => `worker-${n}`;

function flow(n: number): FlowRecord {
  return {
    id: flowId(n),
    name: `Flow ${n}`,
    kind: 'main',
    active: true,
    version: 1,
    definition: {
      schemaVersion: '1.0',
      name: `Flow ${n}`,
      kind: 'main',
      saveExecutionData: true,
      trigger: { id: 'trigger', type: 'delegated', inputs: [] },
      cards: [],
    },
    triggerType: 'delegated',
    alias: null,
    clientTokenSealed: null,
    connectionIds: [],
    createdBy: userId(100),
    created: at(0),
    lastUpdated: at(0),
  };
}

const firstVersion = (f: FlowRecord): FlowVersionRecord => ({ flowId: f.id, version: 1, definition: f.definition, savedBy: f.createdBy, savedAt: f.created });

/** A QUEUED execution of flow 1, queued at minute `n` unless overridden. */
function execution(n: number, overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id: executionId(n),
    flowId: flowId(1),
    flowVersion: 1,
    status: 'QUEUED',
    trigger: { type: 'manual', userId: userId(100) },
    input: { name: `run ${n}` },
    output: null,
    error: null,
    cards: [],
    queuedAt: at(n),
    startedAt: null,
    finishedAt: null,
    claimedBy: null,
    leaseUntil: null,
    ...overrides,
  };
}

/** A finished execution with every field set, nested JSON and text beyond ASCII included. */
const succeeded = (n: number): ExecutionRecord =>
  execution(n, {
    flowVersion: 3,
    status: 'SUCCEEDED',
    trigger: { type: 'okta.event', eventId: `b5c1a8f0-0000-4000-8000-${String(n).padStart(12, '0')}`, parentExecutionId: executionId(99) },
    input: { user: { id: userId(1), profile: { firstName: 'Zoë', lastName: '山田', tags: ['a', 1, true, null, { deep: [[]] }] } }, empty: {} },
    output: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: { ok: true, message: 'Ça marche ✓ 🎉' } },
    cards: [
      {
        cardId: 'c1',
        type: 'okta.user.read',
        title: 'Read user',
        status: 'SUCCEEDED',
        startedAt: at(n + 1),
        durationMs: 123,
        attempts: 2,
        inputs: { id: userId(1) },
        outputs: { user: { id: userId(1), status: 'ACTIVE' } },
        httpStatus: 200,
        requestIds: ['req-1', 'req-2'],
      },
      {
        cardId: 'c2',
        type: 'http.raw',
        title: 'Call — “out”',
        status: 'FAILED',
        startedAt: at(n + 2),
        durationMs: 0,
        attempts: 1,
        error: { message: 'Bad gateway', code: 502, method: 'c2', flo: flowId(1), execution: executionId(n), errorCode: null, raw: { html: '<h1>502</h1>', n: 1.5 } },
      },
    ],
    startedAt: at(n + 1),
    finishedAt: at(n + 3),
  });

forEachStore('workflow executions', (store) => {
  const executions = () => store().workflowExecutions;

  async function withFlows(...ns: number[]): Promise<void> {
    for (const n of ns.length > 0 ? ns : [1]) await store().workflowFlows.insert(flow(n), firstVersion(flow(n)));
  }

  it('inserts a finished execution with every field set and reads it back unchanged, nested JSON and unicode included', async () => {
    await withFlows();
    const e = succeeded(1);
    await executions().insert(e);
    expect(await executions().findById(e.id)).toEqual(e);
    const failed = execution(2, {
      status: 'FAILED',
      error: { message: 'Nope ✗', code: 'E0000007', method: 'c9', flo: flowId(1), execution: executionId(2), errorCode: 'E0000007', raw: [1, 'two'] },
      startedAt: at(2),
      finishedAt: at(3),
    });
    await executions().insert(failed);
    expect(await executions().findById(failed.id)).toEqual(failed);
    expect(await executions().findById(executionId(404))).toBeUndefined();
  });

  it('runs an Okta event once per flow: a redelivered event is not inserted again, another flow or a retry of it is', async () => {
    await withFlows(1, 2);
    const event = (n: number, flow: number, trigger: Partial<ExecutionRecord['trigger']> = {}) =>
      execution(n, { flowId: flowId(flow), trigger: { type: 'okta.event', eventId: 'e0e0e0e0-0000-4000-8000-000000000001', ...trigger } });
    expect(await executions().insertEventRun(event(1, 1))).toBe(true);
    expect(await executions().insertEventRun(event(2, 1)), 'the same event for the same flow').toBe(false);
    expect(await executions().findById(executionId(2))).toBeUndefined();
    expect(await executions().insertEventRun(event(3, 2)), 'the same event for another flow').toBe(true);
    expect(await executions().insertEventRun(event(4, 1, { eventId: 'e0e0e0e0-0000-4000-8000-000000000002' })), 'another event').toBe(true);
    // A retry of the event's execution is an execution of its own.
    await executions().insert(event(5, 1, { retryOf: executionId(1) }));
    await executions().insert(event(6, 1, { retryOf: executionId(1) }));
    expect((await executions().list({ flowId: flowId(1), limit: 10 })).items.map((e) => e.id).sort()).toEqual([executionId(1), executionId(4), executionId(5), executionId(6)]);
  });

  it('reads a queued execution back unchanged, its nulls included', async () => {
    await withFlows();
    await executions().insert(execution(1));
    const found = await executions().findById(executionId(1));
    expect(found).toEqual(execution(1));
    expect(found?.output).toBeNull();
    expect(found?.error).toBeNull();
  });

  it('refuses an execution of a flow that does not exist', async () => {
    await expect(executions().insert(execution(1, { flowId: flowId(404) }))).rejects.toThrow();
  });

  it('lists one flow’s executions newest first, a page at a time, ties in queuedAt in descending id order', async () => {
    await withFlows(1, 2);
    for (const n of [3, 1, 5, 2]) await executions().insert(execution(n));
    await executions().insert(execution(6, { queuedAt: at(3) }));
    await executions().insert(execution(7, { queuedAt: at(3) }));
    await executions().insert(execution(8, { flowId: flowId(2) }));
    const order = [5, 7, 6, 3, 2, 1].map(executionId);
    const first = await executions().list({ flowId: flowId(1), limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual(order.slice(0, 2));
    expect(first.next).not.toBeNull();
    const second = await executions().list({ flowId: flowId(1), limit: 2, after: first.next! });
    expect(second.items.map((e) => e.id)).toEqual(order.slice(2, 4));
    const last = await executions().list({ flowId: flowId(1), limit: 2, after: second.next! });
    expect(last).toEqual({ items: [execution(2), execution(1)], next: null });
    expect((await executions().list({ flowId: flowId(1), limit: 6 })).next).toBeNull();
    expect((await executions().list({ flowId: flowId(1), limit: 10 })).items.map((e) => e.id)).toEqual(order);
    expect((await executions().list({ flowId: flowId(2), limit: 10 })).items).toEqual([execution(8, { flowId: flowId(2) })]);
    expect(await executions().list({ flowId: flowId(404), limit: 10 })).toEqual({ items: [], next: null });
  });

  it('lists every flow’s executions newest first, or those in one status, of one flow or of all, a page at a time', async () => {
    await withFlows(1, 2);
    await executions().insert(execution(1));
    await executions().insert(execution(2, { flowId: flowId(2), status: 'RUNNING', startedAt: at(2) }));
    await executions().insert(execution(3, { status: 'RUNNING', startedAt: at(3) }));
    await executions().insert(execution(4, { flowId: flowId(2) }));
    await executions().insert(execution(5, { queuedAt: at(4) }));
    const ids = async (query: Parameters<ReturnType<typeof executions>['list']>[0]) => (await executions().list(query)).items.map((e) => e.id);
    expect(await ids({ limit: 10 })).toEqual([5, 4, 3, 2, 1].map(executionId));
    expect(await ids({ status: 'RUNNING', limit: 10 })).toEqual([3, 2].map(executionId));
    expect(await ids({ status: 'QUEUED', flowId: flowId(2), limit: 10 })).toEqual([executionId(4)]);
    expect(await ids({ status: 'SUCCEEDED', limit: 10 })).toEqual([]);
    // Ties in queuedAt (4 and 5 at minute 4) in descending id order, across flows, page after page.
    const first = await executions().list({ limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([5, 4].map(executionId));
    const second = await executions().list({ limit: 2, after: first.next! });
    expect(second.items.map((e) => e.id)).toEqual([3, 2].map(executionId));
    expect(await executions().list({ limit: 2, after: second.next! })).toEqual({ items: [execution(1)], next: null });
    const queued = await executions().list({ status: 'QUEUED', limit: 1 });
    expect((await executions().list({ status: 'QUEUED', limit: 5, after: queued.next! })).items.map((e) => e.id)).toEqual([4, 1].map(executionId));
  });

  it('rejects a cursor it did not hand out with InvalidCursor', async () => {
    await withFlows();
    await executions().insert(execution(1));
    for (const after of ['garbage', executionId(1), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      await expect(executions().list({ flowId: flowId(1), limit: 10, after })).rejects.toBeInstanceOf(InvalidCursor);
    }
  });

  it('claimNext claims the oldest queued execution, ties in queuedAt by id, passing over the rest, until none is left', async () => {
    await withFlows();
    await executions().insert(execution(3));
    await executions().insert(execution(2, { queuedAt: at(1) }));
    await executions().insert(execution(1));
    await executions().insert(execution(4, { status: 'RUNNING', startedAt: at(0), claimedBy: worker(9), leaseUntil: at(100) }));
    await executions().insert(succeeded(0));
    const claimed = await executions().claimNext(worker(1), at(10), at(15));
    expect(claimed).toEqual(execution(1, { status: 'RUNNING', startedAt: at(10), claimedBy: worker(1), leaseUntil: at(15) }));
    expect(await executions().findById(executionId(1))).toEqual(claimed);
    expect((await executions().claimNext(worker(2), at(11), at(16)))?.id).toBe(executionId(2));
    expect((await executions().claimNext(worker(1), at(12), at(17)))?.id).toBe(executionId(3));
    expect(await executions().claimNext(worker(1), at(13), at(18))).toBeUndefined();
    expect(await executions().findById(executionId(4))).toEqual(execution(4, { status: 'RUNNING', startedAt: at(0), claimedBy: worker(9), leaseUntil: at(100) }));
  });

  it('gives each queued execution to exactly one of 8 concurrent claimers, and none twice', async () => {
    await withFlows();
    const ids = Array.from({ length: 24 }, (_, i) => executionId(i + 1));
    for (let i = 0; i < ids.length; i++) await executions().insert(execution(i + 1, { queuedAt: at(i % 3) }));
    const claimer = async (w: number): Promise<string[]> => {
      const got: string[] = [];
      for (;;) {
        const e = await executions().claimNext(worker(w), at(10), at(20));
        if (!e) return got;
        expect(e.claimedBy).toBe(worker(w));
        got.push(e.id);
      }
    };
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => claimer(w)));
    expect(claims.flat().sort()).toEqual(ids);
    for (const [w, got] of claims.entries()) {
      for (const id of got) expect((await executions().findById(id))?.claimedBy).toBe(worker(w));
    }
  });

  it('gives one queued execution to exactly one of 8 concurrent claimNext and claim calls', async () => {
    await withFlows();
    await executions().insert(execution(1));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        w % 2 === 0 ? executions().claimNext(worker(w), at(10), at(20)).then((e) => e !== undefined) : executions().claim(executionId(1), worker(w), at(10), at(20)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await executions().findById(executionId(1)))?.claimedBy).toBe(worker(winner));
  });

  it('claim takes only a queued execution', async () => {
    await withFlows();
    await executions().insert(execution(1));
    await executions().insert(succeeded(2));
    expect(await executions().claim(executionId(1), worker(1), at(10), at(15))).toBe(true);
    expect(await executions().findById(executionId(1))).toEqual(execution(1, { status: 'RUNNING', startedAt: at(10), claimedBy: worker(1), leaseUntil: at(15) }));
    expect(await executions().claim(executionId(1), worker(2), at(11), at(16))).toBe(false);
    expect((await executions().findById(executionId(1)))?.claimedBy).toBe(worker(1));
    expect(await executions().claim(executionId(2), worker(2), at(11), at(16))).toBe(false);
    expect(await executions().findById(executionId(2))).toEqual(succeeded(2));
    expect(await executions().claim(executionId(404), worker(2), at(11), at(16))).toBe(false);
  });

  it('renewLease extends the lease only for the worker holding a running execution', async () => {
    await withFlows();
    await executions().insert(execution(1));
    await executions().insert(execution(2));
    expect(await executions().renewLease(executionId(1), worker(1), at(30))).toBe(false);
    await executions().claim(executionId(1), worker(1), at(10), at(15));
    expect(await executions().renewLease(executionId(1), worker(2), at(30))).toBe(false);
    expect((await executions().findById(executionId(1)))?.leaseUntil).toBe(at(15));
    expect(await executions().renewLease(executionId(1), worker(1), at(30))).toBe(true);
    expect(await executions().findById(executionId(1))).toEqual(execution(1, { status: 'RUNNING', startedAt: at(10), claimedBy: worker(1), leaseUntil: at(30) }));
    expect(await executions().renewLease(executionId(404), worker(1), at(30))).toBe(false);
    await executions().cancel(executionId(1), at(31));
    expect(await executions().renewLease(executionId(1), worker(1), at(40))).toBe(false);
  });

  it('finish stores the final state for the worker holding the execution and clears the claim; another worker cannot', async () => {
    await withFlows();
    await executions().insert(execution(1));
    const running = await executions().claimNext(worker(1), at(10), at(15));
    const done = { ...succeeded(1), queuedAt: at(1), startedAt: at(10), finishedAt: at(12), claimedBy: null, leaseUntil: null };
    expect(await executions().finish(done, worker(2))).toBe(false);
    expect(await executions().findById(executionId(1))).toEqual(running);
    expect(await executions().finish(done, worker(1))).toBe(true);
    // The row's own fields (trigger, version, queuedAt) are not the finisher's to change; the input
    // becomes what history keeps of it.
    expect(await executions().findById(executionId(1))).toEqual({ ...execution(1), status: 'SUCCEEDED', input: done.input, output: done.output, cards: done.cards, startedAt: at(10), finishedAt: at(12) });
    expect(await executions().finish({ ...done, input: null }, worker(1)), 'once').toBe(false);
    expect(await executions().finish({ ...done, status: 'FAILED' }, worker(1))).toBe(false);
    expect((await executions().findById(executionId(1)))?.status).toBe('SUCCEEDED');
  });

  it('saveCards replaces the cards of a running execution only for the worker holding it; nothing else of the row changes', async () => {
    await withFlows();
    await executions().insert(execution(1));
    const cards = succeeded(1).cards;
    expect(await executions().saveCards(executionId(1), worker(1), cards), 'queued: nobody holds it').toBe(false);
    const running = (await executions().claimNext(worker(1), at(10), at(15)))!;
    expect(await executions().saveCards(executionId(1), worker(2), cards), 'held by another worker').toBe(false);
    expect(await executions().findById(executionId(1))).toEqual(running);
    expect(await executions().saveCards(executionId(1), worker(1), cards.slice(0, 1))).toBe(true);
    expect(await executions().findById(executionId(1))).toEqual({ ...running, cards: cards.slice(0, 1) });
    expect(await executions().saveCards(executionId(1), worker(1), cards), 'each checkpoint replaces the last').toBe(true);
    expect(await executions().findById(executionId(1))).toEqual({ ...running, cards });
    expect(await executions().saveCards(executionId(404), worker(1), cards)).toBe(false);
  });

  it('saveCards writes nothing once the execution has finished, was cancelled or failed as interrupted, and those keep the cards saved before', async () => {
    await withFlows();
    for (const n of [1, 2, 3]) await executions().insert(execution(n));
    const [first, second] = succeeded(1).cards;
    for (const n of [1, 2, 3]) {
      await executions().claim(executionId(n), worker(1), at(10), at(15));
      expect(await executions().saveCards(executionId(n), worker(1), [first!])).toBe(true);
    }
    const done = execution(1, { status: 'SUCCEEDED', cards: [first!, second!], startedAt: at(10), finishedAt: at(12) });
    expect(await executions().finish(done, worker(1))).toBe(true);
    expect(await executions().saveCards(executionId(1), worker(1), [first!]), 'after finish').toBe(false);
    expect((await executions().findById(executionId(1)))?.cards).toEqual([first, second]);

    expect(await executions().cancel(executionId(2), at(12))).toBe(true);
    expect(await executions().saveCards(executionId(2), worker(1), [first!, second!]), 'after cancel').toBe(false);
    expect(await executions().findById(executionId(2))).toMatchObject({ status: 'CANCELLED', cards: [first] });

    expect(await executions().failExpired(at(16), { message: 'interrupted', code: 'INTERRUPTED' })).toEqual([executionId(3)]);
    expect(await executions().saveCards(executionId(3), worker(1), [first!, second!]), 'after failing as interrupted').toBe(false);
    expect(await executions().findById(executionId(3))).toMatchObject({ status: 'FAILED', error: { code: 'INTERRUPTED' }, cards: [first] });
  });

  it('finish stores a null input (history keeps none) and reads it back as null', async () => {
    await withFlows();
    await executions().insert(execution(1));
    await executions().claimNext(worker(1), at(10), at(15));
    expect(await executions().finish({ ...execution(1), status: 'SUCCEEDED', input: null, output: null, startedAt: at(10), finishedAt: at(11) }, worker(1))).toBe(true);
    expect((await executions().findById(executionId(1)))?.input).toBeNull();
  });

  it('replaceInput changes the input of an ended execution only; queued and running ones keep theirs', async () => {
    await withFlows();
    for (const n of [1, 2, 3]) await executions().insert(execution(n));
    await executions().claim(executionId(2), worker(1), at(10), at(15));
    await executions().cancel(executionId(3), at(11));
    expect(await executions().replaceInput(executionId(1), null)).toBe(false);
    expect(await executions().replaceInput(executionId(2), { name: '[REDACTED]' })).toBe(false);
    expect((await executions().findById(executionId(1)))?.input).toEqual({ name: 'run 1' });
    expect((await executions().findById(executionId(2)))?.input).toEqual({ name: 'run 2' });
    expect(await executions().replaceInput(executionId(3), { name: '[REDACTED]' })).toBe(true);
    expect((await executions().findById(executionId(3)))?.input).toEqual({ name: '[REDACTED]' });
    expect(await executions().replaceInput(executionId(3), null)).toBe(true);
    expect(await executions().findById(executionId(3))).toEqual(execution(3, { status: 'CANCELLED', finishedAt: at(11), input: null }));
    expect(await executions().replaceInput(executionId(404), null)).toBe(false);
  });

  it('finish is false for a queued execution, and once the execution was cancelled or failed for an expired lease', async () => {
    await withFlows();
    for (const n of [1, 2, 3]) await executions().insert(execution(n));
    const finished = (n: number): ExecutionRecord => execution(n, { status: 'HALTED', startedAt: at(10), finishedAt: at(20) });
    expect(await executions().finish(finished(3), worker(1))).toBe(false);
    expect(await executions().findById(executionId(3))).toEqual(execution(3));

    await executions().claim(executionId(1), worker(1), at(10), at(15));
    expect(await executions().cancel(executionId(1), at(12))).toBe(true);
    expect(await executions().finish(finished(1), worker(1))).toBe(false);
    expect((await executions().findById(executionId(1)))?.status).toBe('CANCELLED');

    await executions().claim(executionId(2), worker(1), at(10), at(15));
    expect(await executions().failExpired(at(16), { message: 'interrupted', code: 'E0000009' })).toEqual([executionId(2)]);
    expect(await executions().finish(finished(2), worker(1))).toBe(false);
    expect((await executions().findById(executionId(2)))?.status).toBe('FAILED');
  });

  it('cancel ends a queued or running execution at the given time, clearing the claim, and is false once it has ended', async () => {
    await withFlows();
    await executions().insert(execution(1));
    await executions().insert(execution(2));
    await executions().insert(succeeded(3));
    await executions().insert(execution(4, { status: 'HALTED', startedAt: at(4), finishedAt: at(5) }));
    expect(await executions().cancel(executionId(1), at(10))).toBe(true);
    expect(await executions().findById(executionId(1))).toEqual(execution(1, { status: 'CANCELLED', finishedAt: at(10) }));
    await executions().claim(executionId(2), worker(1), at(10), at(15));
    expect(await executions().cancel(executionId(2), at(11))).toBe(true);
    expect(await executions().findById(executionId(2))).toEqual(execution(2, { status: 'CANCELLED', startedAt: at(10), finishedAt: at(11) }));
    expect(await executions().cancel(executionId(1), at(12))).toBe(false);
    expect(await executions().cancel(executionId(3), at(12))).toBe(false);
    expect(await executions().cancel(executionId(4), at(12))).toBe(false);
    expect(await executions().cancel(executionId(404), at(12))).toBe(false);
    expect(await executions().findById(executionId(1))).toEqual(execution(1, { status: 'CANCELLED', finishedAt: at(10) }));
    expect(await executions().findById(executionId(3))).toEqual(succeeded(3));
  });

  it('failExpired fails exactly the running executions whose lease ended before now, with the If Error object', async () => {
    await withFlows(1, 2);
    await executions().insert(execution(1));
    await executions().insert(execution(2));
    await executions().insert(execution(3, { flowId: flowId(2) }));
    await executions().insert(execution(4));
    await executions().insert(execution(5, { status: 'CANCELLED', finishedAt: at(5) }));
    await executions().claim(executionId(1), worker(1), at(10), at(15));
    await executions().claim(executionId(2), worker(1), at(10), at(20));
    await executions().claim(executionId(3), worker(2), at(10), at(14));
    expect(await executions().failExpired(at(15), { message: 'interrupted', code: 'E0000009' })).toEqual([executionId(3)]);
    expect((await executions().failExpired(at(16), { message: 'Execution interrupted — “restart”', code: 'E0000009' })).sort()).toEqual([executionId(1)]);
    expect(await executions().failExpired(at(16), { message: 'interrupted', code: 'E0000009' })).toEqual([]);
    expect(await executions().findById(executionId(1))).toEqual(
      execution(1, {
        status: 'FAILED',
        startedAt: at(10),
        finishedAt: at(16),
        error: { message: 'Execution interrupted — “restart”', code: 'E0000009', method: '', flo: flowId(1), execution: executionId(1) },
      }),
    );
    expect((await executions().findById(executionId(3)))?.error).toEqual({ message: 'interrupted', code: 'E0000009', method: '', flo: flowId(2), execution: executionId(3) });
    expect(await executions().findById(executionId(2))).toEqual(execution(2, { status: 'RUNNING', startedAt: at(10), claimedBy: worker(1), leaseUntil: at(20) }));
    expect(await executions().findById(executionId(4))).toEqual(execution(4));
    expect(await executions().findById(executionId(5))).toEqual(execution(5, { status: 'CANCELLED', finishedAt: at(5) }));
    expect((await executions().failExpired(at(100), { message: 'interrupted', code: 'E0000009' })).sort()).toEqual([executionId(2)]);
  });

  it('purgeFinished deletes the executions that ended before the cutoff and counts them, keeping unfinished and recent ones', async () => {
    await withFlows();
    await executions().insert(succeeded(1));
    await executions().insert(execution(2, { status: 'FAILED', startedAt: at(2), finishedAt: at(3) }));
    await executions().insert(execution(3, { status: 'HALTED', startedAt: at(3), finishedAt: at(4) }));
    await executions().insert(execution(4, { status: 'CANCELLED', finishedAt: at(5) }));
    await executions().insert(execution(5, { status: 'SUCCEEDED', startedAt: at(5), finishedAt: at(50) }));
    await executions().insert(execution(6));
    await executions().insert(execution(7, { status: 'RUNNING', startedAt: at(7), claimedBy: worker(1), leaseUntil: at(8) }));
    expect(await executions().purgeFinished(at(3))).toBe(0);
    expect(await executions().purgeFinished(at(10))).toBe(4);
    expect(await executions().purgeFinished(at(10))).toBe(0);
    const left = (await executions().list({ flowId: flowId(1), limit: 10 })).items.map((e) => e.id);
    expect(left).toEqual([executionId(7), executionId(6), executionId(5)]);
    expect(await executions().purgeFinished(at(1000))).toBe(1);
    expect((await executions().list({ flowId: flowId(1), limit: 10 })).items.map((e) => e.id)).toEqual([executionId(7), executionId(6)]);
  });

  it('clearFinished deletes one flow’s finished executions only, keeping its queued and running ones and other flows’', async () => {
    await withFlows(1, 2);
    await executions().insert(execution(1, { status: 'SUCCEEDED', startedAt: at(1), finishedAt: at(2) }));
    await executions().insert(execution(2, { status: 'FAILED', startedAt: at(2), finishedAt: at(3) }));
    await executions().insert(execution(3));
    await executions().insert(execution(4, { status: 'RUNNING', startedAt: at(4), claimedBy: worker(1), leaseUntil: at(8) }));
    await executions().insert(execution(5, { flowId: flowId(2), status: 'SUCCEEDED', startedAt: at(5), finishedAt: at(6) }));
    expect(await executions().clearFinished(flowId(1))).toBe(2);
    expect(await executions().clearFinished(flowId(1))).toBe(0);
    expect((await executions().list({ flowId: flowId(1), limit: 10 })).items.map((e) => e.id)).toEqual([executionId(4), executionId(3)]);
    expect((await executions().list({ flowId: flowId(2), limit: 10 })).items.map((e) => e.id)).toEqual([executionId(5)]);
  });

  it('writes executions inside a transaction, all or nothing', async () => {
    await withFlows();
    await executions().insert(execution(2));
    await expect(
      store().transaction(async (tx) => {
        await tx.workflowExecutions.insert(execution(1));
        expect(await tx.workflowExecutions.claimNext(worker(1), at(10), at(15))).toMatchObject({ id: executionId(1) });
        expect(await tx.workflowExecutions.cancel(executionId(2), at(10))).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await executions().findById(executionId(1))).toBeUndefined();
    expect(await executions().findById(executionId(2))).toEqual(execution(2));
  });
});
