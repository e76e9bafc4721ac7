import { CardError, outputs, type CardSpec } from '../card.js';
import { okOrThrow } from './okta-answer.js';

const DAY_MS = 86_400_000;

/**
 * Okta's "Search System Logs" card (workflows.md §5.3): by filter expression (`filter`) or keywords (`q`),
 * between `since` (7 days before `until` by default) and `until` (now by default); the first match or the
 * first 200. A `since` in the future is an error, as in Okta.
 */
export const searchLogsCard: CardSpec = {
  type: 'okta.searchLogs',
  title: 'Search System Logs',
  category: 'okta',
  inputs: {
    filter: { type: 'text' },
    keyword: { type: 'text' },
    since: { type: 'datetime' },
    until: { type: 'datetime' },
    resultSet: { type: 'text', oneOf: ['first', 'first200'] },
  },
  outputs: [
    { key: 'event', type: 'object' },
    { key: 'events', type: 'list', itemType: 'object' },
    { key: 'count', type: 'number' },
  ],
  requiredScopes: ['okta.logs.read'],
  connection: 'required',
  async run(inputs, ctx) {
    const now = ctx.now();
    const until = inputs.until ? new Date(inputs.until as string) : now;
    const since = inputs.since ? new Date(inputs.since as string) : new Date(until.getTime() - 7 * DAY_MS);
    if (Number.isNaN(until.getTime()) || Number.isNaN(since.getTime())) throw new CardError('since and until must be dates', 'INVALID_INPUT');
    if (since.getTime() > now.getTime()) throw new CardError('Since is in the future', 'INVALID_INPUT');
    const query: Record<string, string> = {
      since: since.toISOString(),
      until: until.toISOString(),
      limit: inputs.resultSet === 'first' ? '1' : '200',
      sortOrder: 'ASCENDING',
    };
    if (typeof inputs.filter === 'string' && inputs.filter !== '') query.filter = inputs.filter;
    if (typeof inputs.keyword === 'string' && inputs.keyword !== '') query.q = inputs.keyword;
    const answer = await okOrThrow(ctx, { method: 'GET', path: '/api/v1/logs', query });
    const events = Array.isArray(answer.body) ? answer.body : [];
    return outputs({ event: events[0] ?? null, events, count: events.length });
  },
};
