import { CardError, outputs, type CardContext, type CardSpec } from '../card.js';
import { okOrThrow } from './okta-answer.js';

const PAGE = 200;
/** Streaming stops here: a flow that needs more should narrow its search. */
const STREAM_LIMIT = 10_000;

/**
 * Okta's "List Users with Search / Filter" and "Find Users" cards (workflows.md §5.3): `search`, `filter`
 * or `q` as the Users API takes them; the result set is the first match, the first 200, or every match
 * streamed to a helper flow (card `flowId`) one user at a time as `{user, index}`.
 */
export const listUsersCard: CardSpec = {
  type: 'okta.listUsers',
  title: 'List Users',
  category: 'okta',
  inputs: {
    search: { type: 'text' },
    filter: { type: 'text' },
    q: { type: 'text' },
    resultSet: { type: 'text', oneOf: ['first', 'first200', 'stream'] },
  },
  outputs: [
    { key: 'user', type: 'object' },
    { key: 'users', type: 'list', itemType: 'object' },
    { key: 'count', type: 'number' },
  ],
  requiredScopes: ['okta.users.read'],
  connection: 'required',
  async run(inputs, ctx) {
    const resultSet = (inputs.resultSet as string | undefined) ?? 'first200';
    const query: Record<string, string> = {};
    for (const key of ['search', 'filter', 'q'] as const) if (typeof inputs[key] === 'string' && inputs[key] !== '') query[key] = inputs[key] as string;
    if (resultSet === 'first') {
      const users = await page(ctx, { ...query, limit: '1' });
      return outputs({ user: users.items[0] ?? null, users: users.items.slice(0, 1), count: users.items.length });
    }
    if (resultSet === 'first200') {
      const users = await page(ctx, { ...query, limit: String(PAGE) });
      return outputs({ user: users.items[0] ?? null, users: users.items, count: users.items.length });
    }
    const flowId = inputs.__flowId;
    if (typeof flowId !== 'string') throw new CardError('Streaming matching records needs a helper flow (the card’s flowId)', 'INVALID_INPUT');
    let count = 0;
    let next: Record<string, string> | null = { ...query, limit: String(PAGE) };
    while (next && count < STREAM_LIMIT) {
      const users = await page(ctx, next);
      for (const user of users.items) await ctx.callFlow(flowId, { user, index: count++ });
      next = users.next;
    }
    return outputs({ user: null, users: [], count });
  },
};

/** One page of users, and the query of the next page from Okta's `Link: <…>; rel="next"` header. */
async function page(ctx: CardContext, query: Record<string, string>): Promise<{ items: unknown[]; next: Record<string, string> | null }> {
  const answer = await okOrThrow(ctx, { method: 'GET', path: '/api/v1/users', query });
  const link = answer.headers.link ?? '';
  const match = /<([^>]+)>;\s*rel="next"/.exec(link);
  const next = match ? Object.fromEntries(new URL(match[1]!).searchParams) : null;
  return { items: Array.isArray(answer.body) ? answer.body : [], next };
}
