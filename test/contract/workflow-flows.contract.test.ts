import { expect, it } from 'vitest';
import { UniqueViolation } from '../../src/core/ports/store.js';
import type { ExecutionRecord } from '../../src/core/workflows/execution.js';
import type { FlowDefinition } from '../../src/core/workflows/flow-definition.js';
import type { FlowRecord, FlowVersionRecord } from '../../src/core/workflows/flow.js';
import { at, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

const pad = (n: number) => String(n).padStart(17, '0');
const flowId = (n: number) => `wff${pad(n)}`;
const executionId = (n: number) => `wfe${pad(n)}`;
const connectionId = (n: number) => `wfc${pad(n)}`;

/** A scheduled flow with one card. */
function definition(name: string): FlowDefinition {
  return {
    schemaVersion: '1.0',
    name,
    kind: 'main',
    saveExecutionData: false,
    trigger: { id: 'trigger', type: 'schedule', schedule: { frequency: 'hour', interval: 1, timezone: 'UTC' } },
    cards: [{ id: 'c1', type: 'text.concatenate', inputs: { a: { value: 'x' }, b: { ref: 'trigger.time', convert: 'toString' } } }],
  };
}

/** Every container kind nested in another, constants of every JSON type, and text beyond ASCII. */
const nested: FlowDefinition = {
  schemaVersion: '1.0',
  name: 'Onboard — “Ärger” 🚀',
  description: 'Ünïcödé, 日本語, emoji 👩🏽‍💻, quotes "\' and a backslash \\',
  kind: 'main',
  saveExecutionData: true,
  trigger: { id: 'trigger', type: 'okta.event', event: 'user.lifecycle.create', connectionId: connectionId(1), filter: 'target.id eq "x"' },
  cards: [
    {
      id: 'if1',
      type: 'control.ifElse',
      condition: { a: { ref: 'trigger.user.profile.department' }, op: '==', b: { value: 'Ventes ✓' }, type: 'text' },
      then: [
        {
          id: 'try1',
          type: 'control.ifError',
          try: [
            {
              id: 'c2',
              type: 'okta.user.read',
              title: 'Read user ☃',
              connectionId: connectionId(1),
              inputs: { id: { ref: 'trigger.user.id' }, extra: { value: { list: [1, 2.5, -3e10, true, null, 'ß'], empty: {} } } },
              errorHandling: { retry: 2, retryDelayMs: 1000, then: 'return_values', values: { ok: { value: false } } },
            },
          ],
          ifError: [{ id: 'c3', type: 'flow.call', flowId: flowId(2), inputs: {} }],
          outputs: [{ key: 'result', type: 'object', try: 'c2.user', ifError: 'c3.result', fields: [{ key: 'id', type: 'text' }] }],
        },
      ],
      else: [
        {
          id: 'elif1',
          type: 'control.ifElseIf',
          cases: [
            { condition: { a: { value: 80 }, op: '>', b: { value: 9 }, type: 'number' }, cards: [] },
            { condition: { a: { ref: 'trigger.user.id' }, op: 'is empty' }, cards: [{ id: 'c4', type: 'control.return', inputs: {} }] },
          ],
          else: [],
        },
      ],
    },
  ],
};

function flow(n: number, overrides: Partial<FlowRecord> = {}): FlowRecord {
  return {
    id: flowId(n),
    name: `Flow ${n}`,
    kind: 'main',
    active: false,
    version: 1,
    definition: definition(`Flow ${n}`),
    triggerType: 'schedule',
    alias: null,
    clientTokenSealed: null,
    connectionIds: [],
    createdBy: userId(100),
    created: at(n),
    lastUpdated: at(n),
    ...overrides,
  };
}

/** Every field set, the definition the nested one. */
const populated = (n: number): FlowRecord =>
  flow(n, {
    name: nested.name,
    active: true,
    version: 3,
    definition: nested,
    triggerType: 'api_endpoint',
    alias: `hook-${n}`,
    clientTokenSealed: 'v1.token',
    connectionIds: [connectionId(2), connectionId(1)],
    lastUpdated: at(50),
  });

function version(n: number, v: number, overrides: Partial<FlowVersionRecord> = {}): FlowVersionRecord {
  return { flowId: flowId(n), version: v, definition: definition(`Flow ${n} v${v}`), savedBy: userId(100), savedAt: at(v), ...overrides };
}

function execution(n: number, flowN: number): ExecutionRecord {
  return {
    id: executionId(n),
    flowId: flowId(flowN),
    flowVersion: 1,
    status: 'QUEUED',
    trigger: { type: 'manual', userId: userId(100) },
    input: {},
    output: null,
    error: null,
    cards: [],
    queuedAt: at(n),
    startedAt: null,
    finishedAt: null,
    claimedBy: null,
    leaseUntil: null,
  };
}

forEachStore('workflow flows', (store) => {
  it('inserts a fully populated flow and its first version and reads every field back unchanged, nested containers and unicode included', async () => {
    const f = populated(1);
    const v = version(1, 3, { definition: nested });
    await store().workflowFlows.insert(f, v);
    expect(await store().workflowFlows.findById(f.id)).toEqual(f);
    expect(await store().workflowFlows.findVersion(f.id, 3)).toEqual(v);
    expect(await store().workflowFlows.findById(flowId(404))).toBeUndefined();
  });

  it('reads a flow with every optional field null back unchanged, inactive and without connections', async () => {
    const f = flow(1, { kind: 'helper', triggerType: 'helper' });
    await store().workflowFlows.insert(f, version(1, 1));
    const found = await store().workflowFlows.findById(f.id);
    expect(found).toEqual(f);
    expect(found?.alias).toBeNull();
    expect(found?.clientTokenSealed).toBeNull();
    expect(found?.active).toBe(false);
  });

  it('finds a flow by its alias, and nothing for an alias nobody has', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1, { alias: 'first' }), version(1, 1));
    await flows.insert(flow(2, { alias: 'second' }), version(2, 1));
    await flows.insert(flow(3), version(3, 1));
    expect(await flows.findByAlias('second')).toEqual(flow(2, { alias: 'second' }));
    expect(await flows.findByAlias('Second')).toBeUndefined();
    expect(await flows.findByAlias('third')).toBeUndefined();
  });

  it('refuses an alias another flow has with UniqueViolation flow_alias on insert, writing nothing, while any number of flows have none', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1, { alias: 'taken' }), version(1, 1));
    await flows.insert(flow(2), version(2, 1));
    await flows.insert(flow(3), version(3, 1));
    await expect(flows.insert(flow(4, { alias: 'taken' }), version(4, 1))).rejects.toMatchObject({ name: 'UniqueViolation', constraint: 'flow_alias' });
    expect(await flows.findById(flowId(4))).toBeUndefined();
    expect(await flows.listVersions(flowId(4))).toEqual([]);
    expect(await flows.findByAlias('taken')).toEqual(flow(1, { alias: 'taken' }));
  });

  it('refuses an alias another flow has with UniqueViolation flow_alias on update, and frees an alias its flow gives up', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1, { alias: 'one' }), version(1, 1));
    await flows.insert(flow(2, { alias: 'two' }), version(2, 1));
    const clash = flows.update(flow(2, { alias: 'one' }));
    await expect(clash).rejects.toBeInstanceOf(UniqueViolation);
    await expect(clash).rejects.toMatchObject({ constraint: 'flow_alias' });
    expect(await flows.findById(flowId(2))).toEqual(flow(2, { alias: 'two' }));
    // Keeping its own alias is no clash.
    expect(await flows.update(flow(1, { alias: 'one', name: 'Renamed' }))).toBe(true);
    expect(await flows.update(flow(1, { alias: null }))).toBe(true);
    expect(await flows.update(flow(2, { alias: 'one' }))).toBe(true);
    expect(await flows.findByAlias('one')).toEqual(flow(2, { alias: 'one' }));
  });

  it('update replaces every field, in both directions between null and set, leaves the versions alone, and is false for an unknown id', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1), version(1, 1));
    expect(await flows.update(populated(1))).toBe(true);
    expect(await flows.findById(flowId(1))).toEqual(populated(1));
    const cleared = flow(1, { name: 'Cleared', lastUpdated: at(60) });
    expect(await flows.update(cleared)).toBe(true);
    expect(await flows.findById(flowId(1))).toEqual(cleared);
    expect(await flows.listVersions(flowId(1))).toEqual([version(1, 1)]);
    expect(await flows.update(flow(2))).toBe(false);
    expect(await flows.findById(flowId(2))).toBeUndefined();
  });

  it('lists versions newest first and finds each by number, refusing a number saved twice or a version of no flow', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1), version(1, 1));
    await flows.insert(flow(2), version(2, 1));
    await flows.insertVersion(version(1, 2, { definition: nested, savedBy: userId(101) }));
    await flows.insertVersion(version(1, 3));
    expect((await flows.listVersions(flowId(1))).map((v) => v.version)).toEqual([3, 2, 1]);
    expect(await flows.listVersions(flowId(1))).toEqual([version(1, 3), version(1, 2, { definition: nested, savedBy: userId(101) }), version(1, 1)]);
    expect(await flows.findVersion(flowId(1), 2)).toEqual(version(1, 2, { definition: nested, savedBy: userId(101) }));
    expect(await flows.findVersion(flowId(2), 2)).toBeUndefined();
    expect(await flows.listVersions(flowId(404))).toEqual([]);
    await expect(flows.insertVersion(version(1, 3))).rejects.toThrow();
    await expect(flows.insertVersion(version(404, 1))).rejects.toThrow();
  });

  it('lists in id order, a page at a time, the cursor being the last id of the page', async () => {
    const flows = store().workflowFlows;
    for (const n of [3, 1, 5, 2, 4]) await flows.insert(flow(n), version(n, 1));
    const first = await flows.list({ limit: 2 });
    expect(first.items.map((f) => f.id)).toEqual([flowId(1), flowId(2)]);
    expect(first.next).toBe(flowId(2));
    const second = await flows.list({ limit: 2, after: first.next! });
    expect(second.items.map((f) => f.id)).toEqual([flowId(3), flowId(4)]);
    expect(await flows.list({ limit: 2, after: second.next! })).toEqual({ items: [flow(5)], next: null });
    expect(await flows.list({ limit: 5 })).toMatchObject({ next: null });
    expect(await flows.list({ limit: 0 })).toEqual({ items: [], next: null });
  });

  it('lists only the flows whose latest version uses a connection, following updates', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1, { connectionIds: [connectionId(7)] }), version(1, 1));
    await flows.insert(flow(2, { connectionIds: [connectionId(8), connectionId(7)] }), version(2, 1));
    await flows.insert(flow(3), version(3, 1));
    await flows.insert(flow(4, { connectionIds: [connectionId(8)] }), version(4, 1));
    await flows.insert(flow(5, { connectionIds: [connectionId(7), connectionId(9)] }), version(5, 1));
    const page = await flows.list({ connectionId: connectionId(7), limit: 2 });
    expect(page.items.map((f) => f.id)).toEqual([flowId(1), flowId(2)]);
    expect(page.next).toBe(flowId(2));
    expect((await flows.list({ connectionId: connectionId(7), limit: 2, after: page.next! })).items).toEqual([
      flow(5, { connectionIds: [connectionId(7), connectionId(9)] }),
    ]);
    expect((await flows.list({ connectionId: connectionId(404), limit: 10 })).items).toEqual([]);

    await flows.update(flow(1, { connectionIds: [connectionId(8)] }));
    await flows.update(flow(4, { connectionIds: [] }));
    expect((await flows.list({ connectionId: connectionId(7), limit: 10 })).items.map((f) => f.id)).toEqual([flowId(2), flowId(5)]);
    expect((await flows.list({ connectionId: connectionId(8), limit: 10 })).items.map((f) => f.id)).toEqual([flowId(1), flowId(2)]);
  });

  it('listActive returns the active flows of one trigger type in id order', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(3, { active: true }), version(3, 1));
    await flows.insert(flow(1, { active: true }), version(1, 1));
    await flows.insert(flow(2), version(2, 1));
    await flows.insert(flow(4, { active: true, triggerType: 'okta.event' }), version(4, 1));
    await flows.insert(flow(5, { active: true, kind: 'helper', triggerType: 'helper' }), version(5, 1));
    expect((await flows.listActive('schedule')).map((f) => f.id)).toEqual([flowId(1), flowId(3)]);
    expect(await flows.listActive('okta.event')).toEqual([flow(4, { active: true, triggerType: 'okta.event' })]);
    expect(await flows.listActive('api_endpoint')).toEqual([]);
    await flows.update(flow(1));
    expect((await flows.listActive('schedule')).map((f) => f.id)).toEqual([flowId(3)]);
  });

  it('delete removes the flow with its versions, connection uses and executions, and is false when there was none', async () => {
    const flows = store().workflowFlows;
    await flows.insert(flow(1, { connectionIds: [connectionId(7)], alias: 'gone' }), version(1, 1));
    await flows.insertVersion(version(1, 2));
    await flows.insert(flow(2, { connectionIds: [connectionId(7)] }), version(2, 1));
    await store().workflowExecutions.insert(execution(1, 1));
    await store().workflowExecutions.insert(execution(2, 1));
    await store().workflowExecutions.insert(execution(3, 2));
    expect(await flows.delete(flowId(1))).toBe(true);
    expect(await flows.delete(flowId(1))).toBe(false);
    expect(await flows.findById(flowId(1))).toBeUndefined();
    expect(await flows.listVersions(flowId(1))).toEqual([]);
    expect(await store().workflowExecutions.findById(executionId(1))).toBeUndefined();
    expect(await store().workflowExecutions.findById(executionId(2))).toBeUndefined();
    expect((await flows.list({ connectionId: connectionId(7), limit: 10 })).items.map((f) => f.id)).toEqual([flowId(2)]);
    expect(await store().workflowExecutions.findById(executionId(3))).toEqual(execution(3, 2));
    expect(await flows.listVersions(flowId(2))).toEqual([version(2, 1)]);
    // Its alias is free again.
    await flows.insert(flow(3, { alias: 'gone' }), version(3, 1));
  });

  it('insert writes the flow and its first version together: a version that cannot be written leaves no flow', async () => {
    const flows = store().workflowFlows;
    await expect(flows.insert(flow(1, { connectionIds: [connectionId(7)] }), version(404, 1))).rejects.toThrow();
    expect(await flows.findById(flowId(1))).toBeUndefined();
    expect((await flows.list({ connectionId: connectionId(7), limit: 10 })).items).toEqual([]);
    await flows.insert(flow(1), version(1, 1));
    expect(await flows.findById(flowId(1))).toEqual(flow(1));
  });

  it('writes flows and versions inside a transaction, all or nothing', async () => {
    await store().workflowFlows.insert(flow(2), version(2, 1));
    await expect(
      store().transaction(async (tx) => {
        await tx.workflowFlows.insert(flow(1, { connectionIds: [connectionId(7)] }), version(1, 1));
        await tx.workflowFlows.insertVersion(version(1, 2));
        await tx.workflowFlows.update(flow(2, { name: 'Changed', connectionIds: [connectionId(7)] }));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store().workflowFlows.findById(flowId(1))).toBeUndefined();
    expect(await store().workflowFlows.listVersions(flowId(1))).toEqual([]);
    expect(await store().workflowFlows.findById(flowId(2))).toEqual(flow(2));
    expect((await store().workflowFlows.list({ connectionId: connectionId(7), limit: 10 })).items).toEqual([]);
  });
});
