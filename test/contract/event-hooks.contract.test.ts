import { expect, it } from 'vitest';
import { freshDelivery, type EventHookDelivery, type EventHookRecord } from '../../src/core/event-hooks.js';
import { at } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

const hookId = (n: number) => `who${String(n).padStart(17, '0')}`;

function hook(n: number, overrides: Partial<EventHookRecord> = {}): EventHookRecord {
  return {
    id: hookId(n),
    name: `Hook ${n}`,
    description: null,
    status: 'ACTIVE',
    verificationStatus: 'VERIFIED',
    eventTypes: ['user.lifecycle.create'],
    filters: [],
    uri: `https://hooks.example.com/${n}`,
    headers: [],
    auth: null,
    created: at(n),
    lastUpdated: at(n),
    createdBy: '00u00000000000000001',
    delivery: freshDelivery(0),
    ...overrides,
  };
}

const failing: EventHookDelivery = {
  deliveredSeq: 7,
  status: 'RETRYING',
  consecutiveFailures: 2,
  nextAttemptAt: at(30),
  lastDeliveredAt: at(20),
  lastError: { at: at(25), status: 503, message: 'HTTP 503: "busy"' },
  failureLoggedAt: at(25),
};

const ALICE = 'owner-alice';
const BOB = 'owner-bob';

forEachStore('event hooks', (store) => {
  it('inserts a hook and reads every field back unchanged, delivery state included', async () => {
    const h = hook(1, {
      description: 'Ärger "quoted"',
      status: 'INACTIVE',
      verificationStatus: 'UNVERIFIED',
      eventTypes: ['user.lifecycle.create', 'group.user_membership.add'],
      filters: [{ eventType: 'group.user_membership.add', expression: 'target.displayName eq "Sales"' }],
      headers: [{ key: 'X-Other-Header', value: 'my-header-value' }],
      auth: { key: 'Authorization', valueSealed: 'v1.sealed' },
      createdBy: null,
      delivery: { ...failing, deliveredSeq: 123_456_789_012 },
    });
    await store().eventHooks.insert(h);
    expect(await store().eventHooks.findById(h.id)).toEqual(h);
    expect(await store().eventHooks.findById(hookId(404))).toBeUndefined();
  });

  it('updates settings and statuses without touching the delivery state, and deletes', async () => {
    await store().eventHooks.insert(hook(1, { delivery: failing }));
    const changed = hook(1, { name: 'Renamed', status: 'INACTIVE', uri: 'https://elsewhere.example.com', auth: { key: 'X-Key', valueSealed: 'v1.x' }, lastUpdated: at(99) });
    await store().eventHooks.update(changed);
    expect(await store().eventHooks.findById(hookId(1))).toEqual({ ...changed, delivery: failing });
    expect(await store().eventHooks.delete(hookId(1))).toBe(true);
    expect(await store().eventHooks.delete(hookId(1))).toBe(false);
    expect(await store().eventHooks.findById(hookId(1))).toBeUndefined();
  });

  it('lists every hook in id order, counts the ACTIVE ones and lists the deliverable (ACTIVE and VERIFIED) ones', async () => {
    await store().eventHooks.insert(hook(3));
    await store().eventHooks.insert(hook(1, { status: 'INACTIVE' }));
    await store().eventHooks.insert(hook(2, { verificationStatus: 'UNVERIFIED' }));
    await store().eventHooks.insert(hook(4));
    expect((await store().eventHooks.list()).map((h) => h.id)).toEqual([1, 2, 3, 4].map(hookId));
    expect(await store().eventHooks.countActive()).toBe(3);
    expect((await store().eventHooks.listDeliverable()).map((h) => h.id)).toEqual([hookId(3), hookId(4)]);
  });

  it('locks a hook inside a transaction and reads it', async () => {
    await store().eventHooks.insert(hook(1));
    expect(await store().transaction((tx) => tx.eventHooks.lockById(hookId(1)))).toEqual(hook(1));
    expect(await store().transaction((tx) => tx.eventHooks.lockById(hookId(2)))).toBeUndefined();
  });

  it('resets the delivery state outright, moving the cursor either way', async () => {
    await store().eventHooks.insert(hook(1, { delivery: failing }));
    await store().eventHooks.resetDelivery(hookId(1), freshDelivery(3));
    expect((await store().eventHooks.findById(hookId(1)))?.delivery).toEqual(freshDelivery(3));
  });

  it('leases a hook to one owner at a time, renewable by its owner and free again once expired or released', async () => {
    const hooks = store().eventHooks;
    await hooks.insert(hook(1));
    expect((await hooks.acquireLease(hookId(1), ALICE, at(0), at(1)))?.id).toBe(hookId(1));
    expect(await hooks.acquireLease(hookId(1), BOB, at(0), at(1))).toBeUndefined();
    expect(await hooks.acquireLease(hookId(1), ALICE, at(0), at(2))).toBeDefined();
    expect(await hooks.acquireLease(hookId(1), BOB, at(1), at(3))).toBeUndefined();
    expect(await hooks.acquireLease(hookId(1), BOB, at(2), at(3))).toBeDefined();
    await hooks.releaseLease(hookId(1), ALICE);
    expect(await hooks.acquireLease(hookId(1), ALICE, at(2), at(3))).toBeUndefined();
    await hooks.releaseLease(hookId(1), BOB);
    expect(await hooks.acquireLease(hookId(1), ALICE, at(2), at(3))).toBeDefined();
  });

  it('leases only deliverable hooks whose retry is due, and no unknown hook', async () => {
    const hooks = store().eventHooks;
    await hooks.insert(hook(1, { status: 'INACTIVE' }));
    await hooks.insert(hook(2, { verificationStatus: 'UNVERIFIED' }));
    await hooks.insert(hook(3, { delivery: failing }));
    expect(await hooks.acquireLease(hookId(1), ALICE, at(0), at(1))).toBeUndefined();
    expect(await hooks.acquireLease(hookId(2), ALICE, at(0), at(1))).toBeUndefined();
    expect(await hooks.acquireLease(hookId(9), ALICE, at(0), at(1))).toBeUndefined();
    expect(await hooks.acquireLease(hookId(3), ALICE, at(29), at(31))).toBeUndefined();
    expect((await hooks.acquireLease(hookId(3), ALICE, at(30), at(31)))?.delivery).toEqual(failing);
  });

  it('gives the lease to exactly one of many concurrent takers', async () => {
    await store().eventHooks.insert(hook(1));
    const owners = Array.from({ length: 8 }, (_, i) => `owner-${i}`);
    const taken = await Promise.all(owners.map((o) => store().eventHooks.acquireLease(hookId(1), o, at(0), at(1))));
    expect(taken.filter((t) => t !== undefined)).toHaveLength(1);
  });

  it('saves the delivery state only for the lease holder, never moving the cursor back', async () => {
    const hooks = store().eventHooks;
    await hooks.insert(hook(1));
    await hooks.acquireLease(hookId(1), ALICE, at(0), at(1));
    expect(await hooks.saveDelivery(hookId(1), BOB, failing, at(2))).toBe(false);
    expect((await hooks.findById(hookId(1)))?.delivery).toEqual(freshDelivery(0));
    expect(await hooks.saveDelivery(hookId(1), ALICE, failing, at(2))).toBe(true);
    expect((await hooks.findById(hookId(1)))?.delivery).toEqual(failing);
    // The save renewed ALICE's lease to at(2).
    expect(await hooks.acquireLease(hookId(1), BOB, at(1), at(3))).toBeUndefined();
    await hooks.resetDelivery(hookId(1), freshDelivery(100));
    const stale = { ...freshDelivery(50), lastDeliveredAt: at(3) };
    expect(await hooks.saveDelivery(hookId(1), ALICE, stale, at(4))).toBe(true);
    expect((await hooks.findById(hookId(1)))?.delivery).toEqual({ ...stale, deliveredSeq: 100 });
  });

  it('saves delivery state inside a transaction together with other writes', async () => {
    await store().eventHooks.insert(hook(1));
    await store().eventHooks.acquireLease(hookId(1), ALICE, at(0), at(1));
    await expect(
      store().transaction(async (tx) => {
        await tx.eventHooks.saveDelivery(hookId(1), ALICE, failing, at(2));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await store().eventHooks.findById(hookId(1)))?.delivery).toEqual(freshDelivery(0));
  });
});
