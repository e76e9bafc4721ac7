import { expect, it } from 'vitest';
import type { FilterNode } from '../../src/core/filter/ast.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { LogQuery } from '../../src/core/ports/store.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { at, cmp, logEvent } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

const eventType = (value: string, op: 'eq' | 'ne' | 'sw' = 'eq') => cmp('eventType', op, value);

/** Appends each batch in its own transaction, persisted at the given time (default: its first event's). */
async function append(store: SqlStore, ...batches: { events: LogEvent[]; persistedAt?: string }[]): Promise<void> {
  for (const { events, persistedAt } of batches) {
    await store.transaction((tx) => tx.logEvents.append(events, persistedAt ?? events[0]!.published));
  }
}

async function sequence(store: SqlStore): Promise<number[]> {
  const rows = await store.db.selectFrom('log_events').select('seq').orderBy('seq').execute();
  return rows.map((r) => Number(r.seq));
}

/** Follows `next` until the bounded query ends. */
async function allBounded(store: SqlStore, query: Omit<LogQuery, 'mode'>): Promise<LogEvent[][]> {
  const pages: LogEvent[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.logEvents.query({ ...query, mode: 'bounded', after });
    pages.push(page.events);
    if (page.next === null) return pages;
    expect(pages.length).toBeLessThan(100);
    after = page.next;
  }
}

const uuids = (events: LogEvent[]) => events.map((e) => e.uuid);
const nums = (events: LogEvent[]) => events.map((e) => Number(e.uuid.slice(-12)));

forEachStore('System Log', (store) => {
  it('returns appended events exactly as they were stored', async () => {
    const events = [
      logEvent(1),
      logEvent(2, { client: null, target: [], displayMessage: null, debugContext: { debugData: { nested: { a: [1, 'two', null] } } } }),
    ];
    await append(store(), { events });
    const page = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10 });
    expect(page.events).toEqual(events);
    expect(await store().logEvents.count()).toBe(2);
  });

  it('numbers events with a gap-free sequence in append order, even across a rolled-back transaction', async () => {
    await append(store(), { events: [logEvent(1), logEvent(2)] });
    await expect(
      store().transaction(async (tx) => {
        await tx.logEvents.append([logEvent(3), logEvent(4)], at(3));
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    await append(store(), { events: [logEvent(5)] }, { events: [logEvent(6), logEvent(7), logEvent(8)] });
    expect(await sequence(store())).toEqual([1, 2, 3, 4, 5, 6]);
    const page = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10 });
    expect(nums(page.events)).toEqual([1, 2, 5, 6, 7, 8]);
  });

  it('appends in its own transaction when called outside one', async () => {
    await store().logEvents.append([logEvent(1), logEvent(2)], at(1));
    await store().logEvents.append([], at(2));
    expect(await sequence(store())).toEqual([1, 2]);
  });

  it('keeps the sequence gap-free and in commit order under concurrent appending transactions', async () => {
    const batches = Array.from({ length: 20 }, (_, b) => [logEvent(b * 3 + 1), logEvent(b * 3 + 2), logEvent(b * 3 + 3)]);
    await Promise.all(
      batches.map((events) =>
        store().transaction(async (tx) => {
          await tx.logEvents.append(events, at(0));
        }),
      ),
    );
    expect(await sequence(store())).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const page = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 100 });
    // Each transaction's events are contiguous and in their own order.
    const order = nums(page.events);
    for (let i = 0; i < order.length; i += 3) {
      expect(order.slice(i, i + 3)).toEqual([order[i]!, order[i]! + 1, order[i]! + 2]);
    }
  });

  it('pages a polling query in persistence order, and the next of its last page sees events appended later', async () => {
    // Persisted in an order different from `published`: polling follows persistence.
    await append(store(), { events: [logEvent(5)], persistedAt: at(1) }, { events: [logEvent(2)], persistedAt: at(2) });
    await append(store(), { events: [logEvent(9), logEvent(1), logEvent(3)], persistedAt: at(3) });
    const first = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 2 });
    expect(nums(first.events)).toEqual([5, 2]);
    const second = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 2, after: first.next! });
    expect(nums(second.events)).toEqual([9, 1]);
    const third = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 2, after: second.next! });
    expect(nums(third.events)).toEqual([3]);
    const empty = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 2, after: third.next! });
    expect(empty).toEqual({ events: [], next: third.next });
    await append(store(), { events: [logEvent(4)], persistedAt: at(4) });
    const later = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 2, after: empty.next! });
    expect(nums(later.events)).toEqual([4]);
  });

  it('hands out a next cursor on an empty first polling page that sees only events appended afterwards', async () => {
    const none = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 5 });
    expect(none.events).toEqual([]);
    expect(none.next).not.toBeNull();
    await append(store(), { events: [logEvent(1)] });
    expect(nums((await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 5, after: none.next! })).events)).toEqual([1]);

    // With events that do not match, the empty page's cursor skips past them.
    const filtered = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 5, filter: eventType('user.session.start') });
    expect(filtered.events).toEqual([]);
    await append(store(), { events: [logEvent(2, { eventType: 'user.session.start' }), logEvent(3)] });
    const followed = await store().logEvents.query({
      mode: 'polling',
      order: 'ASCENDING',
      limit: 5,
      filter: eventType('user.session.start'),
      after: filtered.next!,
    });
    expect(nums(followed.events)).toEqual([2]);
  });

  it('bounds a polling query by persistence time, and its cursor keeps the lower bound', async () => {
    await append(
      store(),
      { events: [logEvent(1)], persistedAt: at(10) },
      { events: [logEvent(2)], persistedAt: at(5) },
      { events: [logEvent(3)], persistedAt: at(20) },
      { events: [logEvent(4)], persistedAt: at(30) },
    );
    const first = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 1, since: at(10) });
    expect(nums(first.events)).toEqual([1]);
    const rest = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, after: first.next! });
    expect(nums(rest.events)).toEqual([3, 4]);
    await append(store(), { events: [logEvent(5)], persistedAt: at(6) }, { events: [logEvent(6)], persistedAt: at(40) });
    const more = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, after: rest.next! });
    expect(nums(more.events)).toEqual([6]);
    const until = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, since: '2024-01-01T00:05:00Z', until: at(20) });
    expect(nums(until.events)).toEqual([1, 2, 5]);
  });

  it('orders a bounded query by published, since inclusive and until exclusive, paging ascending to a null next', async () => {
    await append(
      store(),
      { events: [logEvent(7), logEvent(3)] },
      { events: [logEvent(1), logEvent(9), logEvent(5)] },
      { events: [logEvent(4), logEvent(8), logEvent(2), logEvent(6)] },
    );
    const pages = await allBounded(store(), { order: 'ASCENDING', limit: 2, since: at(2), until: at(8) });
    expect(pages.map(nums)).toEqual([[2, 3], [4, 5], [6, 7]]);
    const all = await allBounded(store(), { order: 'ASCENDING', limit: 4 });
    expect(all.flat().map((e) => e.published)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(at));
    expect(all.map((p) => p.length)).toEqual([4, 4, 1]);
  });

  it('pages a bounded query in descending published order', async () => {
    await append(store(), { events: [logEvent(3), logEvent(1), logEvent(5), logEvent(2), logEvent(4)] });
    const pages = await allBounded(store(), { order: 'DESCENDING', limit: 2, since: '2024-01-01T00:01:00Z', until: '2024-01-01T00:05:00.000Z' });
    expect(pages.map(nums)).toEqual([[4, 3], [2, 1]]);
  });

  it('breaks published ties by persistence order in both directions without losing an event at a page boundary', async () => {
    const same = at(1);
    await append(store(), { events: [1, 2, 3, 4, 5].map((n) => logEvent(n, { published: same })) });
    const asc = await allBounded(store(), { order: 'ASCENDING', limit: 2 });
    expect(asc.flat().map((e) => uuids([e])[0])).toEqual(uuids([1, 2, 3, 4, 5].map((n) => logEvent(n))));
    const desc = await allBounded(store(), { order: 'DESCENDING', limit: 3 });
    expect(nums(desc.flat())).toEqual([5, 4, 3, 2, 1]);
  });

  it('filters by eventType with eq, ne and sw, combined with and, or and not', async () => {
    await append(store(), {
      events: [
        logEvent(1, { eventType: 'user.session.start' }),
        logEvent(2, { eventType: 'user.lifecycle.create' }),
        logEvent(3, { eventType: 'user.lifecycle.deactivate' }),
        logEvent(4, { eventType: 'group.user_membership.add' }),
      ],
    });
    const polled = async (filter: FilterNode) =>
      nums((await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, filter })).events);
    const bounded = async (filter: FilterNode) => nums((await allBounded(store(), { order: 'DESCENDING', limit: 10, filter })).flat());
    expect(await polled(eventType('user.lifecycle.create'))).toEqual([2]);
    expect(await polled(eventType('user.lifecycle.create', 'ne'))).toEqual([1, 3, 4]);
    expect(await polled(eventType('user.lifecycle', 'sw'))).toEqual([2, 3]);
    expect(await polled({ kind: 'or', left: eventType('user.session.start'), right: eventType('group.user_membership.add') })).toEqual([1, 4]);
    expect(await polled({ kind: 'and', left: eventType('user.', 'sw'), right: { kind: 'not', expr: eventType('user.session.start'), pos: 0 } })).toEqual([2, 3]);
    expect(await bounded(eventType('user.lifecycle', 'sw'))).toEqual([3, 2]);
  });

  it('filters on the hot columns (actor, outcome, client IP and User-Agent, transaction, severity)', async () => {
    const base = logEvent(1);
    await append(store(), {
      events: [
        logEvent(1),
        logEvent(2, { actor: { ...base.actor, id: '00uOther' }, client: { ...base.client, userAgent: { rawUserAgent: 'Azuqua', os: 'Unknown', browser: 'UNKNOWN' } } as LogEvent['client'] }),
        logEvent(3, { outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, severity: 'WARN', client: { ...base.client, ipAddress: '198.51.100.9' } as LogEvent['client'] }),
      ],
    });
    const uuids = async (filter: FilterNode) => (await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, filter })).events.map((e) => e.uuid.slice(-1));
    expect(await uuids(cmp('client.userAgent.rawUserAgent', 'eq', 'Azuqua'))).toEqual(['2']);
    expect(await uuids(cmp('actor.id', 'eq', '00uOther'))).toEqual(['2']);
    expect(await uuids(cmp('outcome.result', 'eq', 'FAILURE'))).toEqual(['3']);
    expect(await uuids(cmp('client.ipAddress', 'eq', '198.51.100.9'))).toEqual(['3']);
    expect(await uuids(cmp('severity', 'eq', 'WARN'))).toEqual(['3']);
    expect(await uuids(cmp('transaction.id', 'eq', base.transaction.id))).toEqual(['1']);
  });

  it('stores a NUL or an unpaired surrogate in any string of an event as U+FFFD, the same on both stores, and finds it by that', async () => {
    // PostgreSQL cannot hold either; without this the event of a hostile request would be lost there only.
    const base = logEvent(1);
    const hostile = logEvent(1, {
      actor: { ...base.actor, id: '00u\u0000x', alternateId: 'a\u0000b@example.com' },
      client: { ...base.client, userAgent: { rawUserAgent: 'UA\u0000', os: 'Unknown', browser: 'UNKNOWN' } } as LogEvent['client'],
      outcome: { result: 'FAILURE', reason: 'bad\u0000scope\ud800 \ud83d\ude00' },
      debugContext: { debugData: { 'key\u0000': ['v\u0000', { deep: '\u0000\u0000' }] } },
    });
    // A backslash followed by "u0000" is text, not a NUL: kept as it is.
    const literal = logEvent(2, { outcome: { result: 'FAILURE', reason: 'C:\\u0000 \\ud800' } });
    await append(store(), { events: [hostile, literal] });
    const page = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10 });
    expect(page.events).toHaveLength(2);
    expect(JSON.stringify(page.events[0])).not.toMatch(/\\u(0000|d[89a-f])/);
    expect(page.events[0]).toMatchObject({
      actor: { id: '00u\uFFFDx', alternateId: 'a\uFFFDb@example.com' },
      client: { userAgent: { rawUserAgent: 'UA\uFFFD' } },
      outcome: { reason: 'bad\uFFFDscope\uFFFD \ud83d\ude00' },
      debugContext: { debugData: { 'key\uFFFD': ['v\uFFFD', { deep: '\uFFFD\uFFFD' }] } },
    });
    expect(page.events[1]).toEqual(literal);
    const uuids = async (filter: FilterNode) => (await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, filter })).events.map((e) => e.uuid.slice(-1));
    expect(await uuids(cmp('actor.id', 'eq', '00u\uFFFDx'))).toEqual(['1']);
    expect(await uuids(cmp('client.userAgent.rawUserAgent', 'eq', 'UA\uFFFD'))).toEqual(['1']);
    expect(await uuids(cmp('actor.alternateId', 'eq', 'a\uFFFDb@example.com'))).toEqual(['1']);
  });

  it('rejects a cursor it did not hand out', async () => {
    await expect(store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 10, after: 'garbage' })).rejects.toMatchObject({
      name: 'InvalidCursor',
    });
    await expect(store().logEvents.query({ mode: 'bounded', order: 'ASCENDING', limit: 10, after: '1_2_3' })).rejects.toMatchObject({
      name: 'InvalidCursor',
    });
  });
});
