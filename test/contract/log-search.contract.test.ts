import { expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { parseLogFilter } from '../../src/core/log-filter.js';
import type { LogQuery } from '../../src/core/ports/store.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { at, logEvent, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

/** Events with the shapes search has to see through: arrays of targets, free-form debugData, typed values. */
function corpus(): LogEvent[] {
  const base = (n: number, overrides: Partial<LogEvent>) => logEvent(n, overrides);
  return [
    base(1, {
      eventType: 'user.session.start',
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      debugContext: { debugData: { requestUri: '/idp/idx/identify', threatSuspected: 'false', riskScore: 12, trusted: true, tags: ['alpha', 'beta'] } },
      target: [],
    }),
    base(2, {
      eventType: 'group.user_membership.add',
      displayMessage: 'Add user to group membership',
      target: [
        { id: userId(7), type: 'User', alternateId: 'jane.doe@example.com', displayName: 'Jane Doe', detailEntry: null },
        { id: '00g000000000000000001', type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering', detailEntry: null },
      ],
      debugContext: { debugData: { requestId: 'XOxBw-2JIRnCFd0gG0GjHAAABjY', riskScore: '12' } },
    }),
    base(3, {
      eventType: 'user.lifecycle.suspend',
      client: { userAgent: { rawUserAgent: 'Azuqua', os: 'Unknown', browser: 'UNKNOWN' }, zone: 'null', device: 'Unknown', id: '0oaWorkflows', ipAddress: '198.51.100.4', geographicalContext: null },
      target: [{ id: userId(7), type: 'User', alternateId: 'jane.doe@example.com', displayName: 'Jane Doe', detailEntry: null }],
      debugContext: { debugData: {} },
    }),
    base(4, {
      eventType: 'user.session.end',
      target: [{ id: userId(8), type: 'User', alternateId: 'john@example.com', displayName: 'John San Francisco', detailEntry: null }],
      debugContext: { debugData: { tags: [] } },
    }),
  ];
}

async function search(store: SqlStore, query: Partial<LogQuery> & { filterText?: string }): Promise<number[]> {
  const { filterText, ...rest } = query;
  const page = await store.logEvents.query({
    mode: 'bounded',
    order: 'ASCENDING',
    limit: 100,
    since: at(0),
    until: at(100),
    ...rest,
    ...(filterText !== undefined ? { filter: parseLogFilter(filterText) } : {}),
  });
  return page.events.map((e) => Number(e.uuid.slice(-12)));
}

forEachStore('System Log search', (store) => {
  const load = () => store().transaction((tx) => tx.logEvents.append(corpus(), at(0)));

  it('filters on any LogEvent path, typed as in the event', async () => {
    await load();
    const f = (filterText: string) => search(store(), { filterText });
    expect(await f('actor.alternateId eq "admin@example.com"')).toEqual([1, 2, 3, 4]);
    expect(await f('client.id eq "0oaWorkflows"')).toEqual([3]);
    expect(await f('client.userAgent.rawUserAgent eq "Azuqua"')).toEqual([3]);
    expect(await f('outcome.reason eq "INVALID_CREDENTIALS"')).toEqual([1]);
    expect(await f('debugContext.debugData.requestUri sw "/idp"')).toEqual([1]);
    // A number and the same digits as a string are different values, in SQL as in memory.
    expect(await f('debugContext.debugData.riskScore eq 12')).toEqual([1]);
    expect(await f('debugContext.debugData.riskScore eq "12"')).toEqual([2]);
    expect(await f('debugContext.debugData.riskScore gt 11')).toEqual([1]);
    expect(await f('debugContext.debugData.trusted eq true')).toEqual([1]);
    expect(await f('debugContext.debugData.trusted eq "true"')).toEqual([]);
    // An array value matches when any item does; an empty one is missing.
    expect(await f('debugContext.debugData.tags eq "beta"')).toEqual([1]);
    expect(await f('debugContext.debugData.tags pr')).toEqual([1]);
    expect(await f('authenticationContext.authenticationStep eq 0')).toEqual([1, 2, 3, 4]);
  });

  it('treats missing values as Okta does: only ne matches them, pr needs a non-empty value', async () => {
    await load();
    const f = (filterText: string) => search(store(), { filterText });
    expect(await f('outcome.reason pr')).toEqual([1]);
    expect(await f('outcome.reason ne "INVALID_CREDENTIALS"')).toEqual([2, 3, 4]);
    expect(await f('debugContext.debugData.requestId ne "x"')).toEqual([1, 2, 3, 4]);
    expect(await f('not (debugContext.debugData.requestId pr)')).toEqual([1, 3, 4]);
    expect(await f('client.id eq null')).toEqual([]);
  });

  it('matches target.* when any element matches, and two conditions on target.id need both in one event', async () => {
    await load();
    const f = (filterText: string) => search(store(), { filterText });
    expect(await f(`target.id eq "${userId(7)}"`)).toEqual([2, 3]);
    expect(await f(`target.id eq "${userId(7)}" and target.id eq "00g000000000000000001"`)).toEqual([2]);
    expect(await f('target.type eq "UserGroup"')).toEqual([2]);
    expect(await f('target.displayName co "Francisco"')).toEqual([4]);
    expect(await f('target.alternateId eq "jane.doe@example.com"')).toEqual([2, 3]);
    // ne is "any element differs": an event without targets has no value, which ne accepts.
    expect(await f(`target.id ne "${userId(7)}"`)).toEqual([1, 2, 4]);
    expect(await f('target.id pr')).toEqual([2, 3, 4]);
    // Polling reads have no published window to narrow the target lookup; the answer is the same.
    const polled = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 100, filter: parseLogFilter(`target.id eq "${userId(7)}"`) });
    expect(polled.events.map((e) => Number(e.uuid.slice(-12)))).toEqual([2, 3]);
  });

  it('finds keywords as whole words, case-insensitively, all required, hyphenated values whole and split', async () => {
    await load();
    const q = (...keywords: string[]) => search(store(), { keywords });
    expect(await q('azuqua')).toEqual([3]);
    expect(await q('XOxBw-2JIRnCFd0gG0GjHAAABjY')).toEqual([2]);
    expect(await q('xoxbw')).toEqual([2]);
    expect(await q('2JIRnCFd0gG0GjHAAABjY')).toEqual([2]);
    expect(await q('2JIRnCFd')).toEqual([]); // a piece of a word is not a word
    expect(await q('San', 'Francisco')).toEqual([4]);
    expect(await q('Jane', 'Engineering')).toEqual([2]);
    expect(await q('Jane', 'nobody')).toEqual([]);
    expect(await q('jane.doe@example.com')).toEqual([2, 3]);
    expect(await q('admin@example.com')).toEqual([1, 2, 3, 4]);
    expect(await q('example.com')).toEqual([]); // an address is one word
    expect(await q('INVALID_CREDENTIALS')).toEqual([1]); // the others' outcome.reason is null: no word
    // Keywords and a filter together: both must hold.
    expect(await search(store(), { keywords: ['jane'], filterText: 'eventType eq "user.lifecycle.suspend"' })).toEqual([3]);
  });

  it('narrows a bounded read to its window before matching targets and keywords', async () => {
    await load();
    expect(await search(store(), { since: at(3), until: at(4), filterText: `target.id eq "${userId(7)}"` })).toEqual([3]);
    expect(await search(store(), { since: at(3), until: at(100), keywords: ['jane'] })).toEqual([3]);
    expect(await search(store(), { order: 'DESCENDING', filterText: `target.id eq "${userId(7)}"` })).toEqual([3, 2]);
  });

  it('purges the oldest events before a cutoff in bounded batches, with their targets and keywords', async () => {
    await load();
    const janeFilter = parseLogFilter(`target.id eq "${userId(7)}"`);
    // Events 1–3 were published before minute 3.5; two per batch.
    expect(await store().logEvents.purgeBefore(at(3.5), 2)).toBe(2);
    expect(await store().logEvents.purgeBefore(at(3.5), 2)).toBe(1);
    expect(await store().logEvents.purgeBefore(at(3.5), 2)).toBe(0);
    expect(await search(store(), {})).toEqual([4]);
    expect(await search(store(), { filter: janeFilter })).toEqual([]);
    expect(await search(store(), { keywords: ['jane'] })).toEqual([]);
    const targets = await store().db.selectFrom('log_event_targets').select('seq').execute();
    expect(targets.map((t) => Number(t.seq))).toEqual([4]);
    // The sequence goes on from where it was: retention never renumbers.
    await store().transaction((tx) => tx.logEvents.append([logEvent(9)], at(9)));
    expect(await store().logEvents.highWater()).toBe(5);
  });
});

