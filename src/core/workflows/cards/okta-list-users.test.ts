import { describe, expect, it } from 'vitest';
import { CardError, type CardContext, type HttpAnswer, type OrgCall } from '../card.js';
import { listUsersCard } from './okta-list-users.js';

/**
 * List Users against an org port double that pages like Okta's Users API (`limit`, an `after` cursor,
 * `Link: <…>; rel="next"` only while more remain): how many pages a stream reads, when it stops, and what
 * `count` and `truncated` say. The end-to-end behaviour through a real org is in
 * test/e2e/workflow-cards.test.ts.
 */
function org(total: number) {
  const calls: OrgCall[] = [];
  const helper: number[] = [];
  const ctx: CardContext = {
    flowId: 'wffMain',
    executionId: 'exeMain',
    cardId: 'users',
    now: () => new Date('2026-01-01T00:00:00.000Z'),
    org: async (call): Promise<HttpAnswer> => {
      calls.push(call);
      const limit = Number(call.query?.limit ?? 200);
      const after = Number(call.query?.after ?? 0);
      const ids = Array.from({ length: Math.max(0, Math.min(limit, total - after)) }, (_, i) => after + i);
      const more = after + limit < total;
      const headers: Record<string, string> = more ? { link: `<https://org.example/api/v1/users?limit=${limit}&after=${after + limit}>; rel="next"` } : {};
      return { status: 200, headers, body: ids.map((id) => ({ id: `u${id}` })) };
    },
    http: async () => {
      throw new Error('not used');
    },
    callFlow: async (_flowId, inputs) => {
      helper.push(inputs.index as number);
      return {};
    },
    startFlow: async () => 'exe',
  };
  /** The card's outputs (it only ever answers outputs). */
  const run = async (inputs: Record<string, unknown>) => {
    const outcome = await listUsersCard.run({ __flowId: 'wffHelper', ...inputs }, ctx);
    if (outcome.kind !== 'outputs') throw new Error(`unexpected ${outcome.kind}`);
    return outcome.outputs;
  };
  return { run, calls, helper };
}

describe('List Users streaming (Okta: "Stream Matching Records" passes all matching records)', () => {
  it('pages through every match, past 10,000, handing each to the helper once, in order', async () => {
    const o = org(10_250);
    expect(await o.run({ resultSet: 'stream', search: 'status eq "ACTIVE"' })).toEqual({ user: null, users: [], count: 10_250, truncated: false });
    expect(o.helper).toHaveLength(10_250);
    expect(o.helper.every((index, i) => index === i)).toBe(true);
    expect(o.calls).toHaveLength(52);
    expect(o.calls[0]!.query).toEqual({ search: 'status eq "ACTIVE"', limit: '200' });
  });

  it('stops at recordLimit, even inside a page, and says the result was truncated', async () => {
    const o = org(500);
    expect(await o.run({ resultSet: 'stream', recordLimit: 250 })).toMatchObject({ count: 250, truncated: true });
    expect(o.helper).toHaveLength(250);
    expect(o.calls).toHaveLength(2);
  });

  it('a limit the matches do not reach, or reach exactly, truncates nothing; 0 streams nothing', async () => {
    expect(await org(300).run({ resultSet: 'stream', recordLimit: 1000 })).toMatchObject({ count: 300, truncated: false });
    expect(await org(400).run({ resultSet: 'stream', recordLimit: 400 })).toMatchObject({ count: 400, truncated: false });
    const none = org(10);
    expect(await none.run({ resultSet: 'stream', recordLimit: 0 })).toMatchObject({ count: 0, truncated: false });
    expect(none.calls).toEqual([]);
  });

  it.each([-1, 1.5, 10_000_001, 'many'])('refuses recordLimit %s before calling the org', async (limit) => {
    const o = org(10);
    await expect(o.run({ resultSet: 'stream', recordLimit: limit })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(o.run({ resultSet: 'stream', recordLimit: limit })).rejects.toBeInstanceOf(CardError);
    expect(o.calls).toEqual([]);
  });

  it('the first match and the first 200 say whether the org had more', async () => {
    expect(await org(1).run({ resultSet: 'first' })).toMatchObject({ user: { id: 'u0' }, count: 1, truncated: false });
    expect(await org(2).run({ resultSet: 'first' })).toMatchObject({ user: { id: 'u0' }, count: 1, truncated: true });
    expect(await org(200).run({ resultSet: 'first200' })).toMatchObject({ count: 200, truncated: false });
    expect(await org(201).run({ resultSet: 'first200' })).toMatchObject({ count: 200, truncated: true });
  });
});
