import { CardError, outputs, type CardContext, type CardSpec } from '../card.js';
import { asNumber, describe } from './coerce.js';
import { okOrThrow } from './okta-answer.js';

const PAGE = 200;
/** Okta's "Record Limit" range for streaming cards: 0 to 10 million (empty: every match). */
const MAX_RECORD_LIMIT = 10_000_000;

/**
 * Okta's "List Users with Search / Filter" and "Find Users" cards (workflows.md §5.3): `search`, `filter`
 * or `q` as the Users API takes them; the result set is the first match, the first 200, or every match
 * streamed to a helper flow (card `flowId`) one user at a time as `{user, index}`.
 *
 * Streaming passes *all* matching records, page after page, as Okta's "Stream Matching Records" does,
 * unless `recordLimit` (Okta's "Record Limit", 0 to 10 million) caps it. `count` is how many users
 * were handed to the helper, or returned; `truncated` says that the org had more matches than that (a
 * limit stopped the stream, or more than the first one or the first 200 matched), so a flow never takes a
 * partial answer for a whole one.
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
    recordLimit: { type: 'number' },
  },
  outputs: [
    { key: 'user', type: 'object' },
    { key: 'users', type: 'list', itemType: 'object' },
    { key: 'count', type: 'number' },
    { key: 'truncated', type: 'boolean' },
  ],
  requiredScopes: ['okta.users.read'],
  connection: 'required',
  async run(inputs, ctx) {
    const resultSet = (inputs.resultSet as string | undefined) ?? 'first200';
    const query: Record<string, string> = {};
    for (const key of ['search', 'filter', 'q'] as const) if (typeof inputs[key] === 'string' && inputs[key] !== '') query[key] = inputs[key] as string;
    if (resultSet === 'first' || resultSet === 'first200') {
      const users = await page(ctx, { ...query, limit: resultSet === 'first' ? '1' : String(PAGE) });
      return outputs({ user: users.items[0] ?? null, users: users.items, count: users.items.length, truncated: users.next !== null });
    }
    const flowId = inputs.__flowId;
    if (typeof flowId !== 'string') throw new CardError('Streaming matching records needs a helper flow (the card’s flowId)', 'INVALID_INPUT');
    const limit = recordLimitOf(inputs.recordLimit);
    let count = 0;
    let truncated = false;
    let next: Record<string, string> | null = limit === 0 ? null : { ...query, limit: String(PAGE) };
    while (next) {
      const users = await page(ctx, next);
      for (const user of users.items) {
        if (limit !== null && count >= limit) {
          truncated = true;
          break;
        }
        await ctx.callFlow(flowId, { user, index: count++ });
      }
      next = users.next;
      if (limit !== null && count >= limit && next) {
        truncated = true;
        break;
      }
    }
    return outputs({ user: null, users: [], count, truncated });
  },
};

/** `recordLimit`: null (absent or empty) streams every match; otherwise a whole number from 0 to 10 million. */
function recordLimitOf(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = asNumber(value, 'recordLimit');
  if (!Number.isInteger(n) || n < 0 || n > MAX_RECORD_LIMIT) throw new CardError(`Input "recordLimit" must be a whole number from 0 to ${MAX_RECORD_LIMIT}; got ${describe(value)}`, 'INVALID_INPUT');
  return n;
}

/** One page of users, and the query of the next page from Okta's `Link: <…>; rel="next"` header. */
async function page(ctx: CardContext, query: Record<string, string>): Promise<{ items: unknown[]; next: Record<string, string> | null }> {
  const answer = await okOrThrow(ctx, { method: 'GET', path: '/api/v1/users', query });
  const link = answer.headers.link ?? '';
  const match = /<([^>]+)>;\s*rel="next"/.exec(link);
  const next = match ? Object.fromEntries(new URL(match[1]!).searchParams) : null;
  return { items: Array.isArray(answer.body) ? answer.body : [], next };
}
