import { ApiError } from '../core/errors.js';
import type { FilterNode } from '../core/filter/ast.js';
import type { JsonPage, LogQuery } from '../core/ports/store.js';
import type { RequestContext } from '../core/principal.js';
import { recordFailure } from './record-events.js';
import type { ServiceDeps } from './service-deps.js';

const DAY_MS = 24 * 3600 * 1000;

export interface LogSearch {
  since?: Date;
  until?: Date;
  after?: string;
  filter?: FilterNode;
  /** Keywords of `q`, all required (core/log-keywords.ts). */
  keywords?: readonly string[];
  limit: number;
  sortOrder: 'ASCENDING' | 'DESCENDING';
}

/**
 * Reads of the System Log (okta-api.md §2). A request without `until` in ascending order is a polling
 * request (persistence order, endless `next`); anything else is bounded (published order, finite).
 * Okta returns only the last 90 days and refuses a `since` more than 180 days back.
 */
export class LogsService {
  constructor(private readonly deps: ServiceDeps) {}

  /** A page of events as their stored JSON texts (the API sends them as they are). */
  async search(input: LogSearch): Promise<JsonPage & { mode: LogQuery['mode'] }> {
    const now = this.deps.clock.now().getTime();
    // Go and Terraform merge a next link's query into the original one, so `since` can arrive beside
    // `after`: the cursor then wins (it carries the bound of the read it continues).
    const requestedSince = input.after === undefined ? input.since : undefined;
    if (requestedSince && requestedSince.getTime() < now - 180 * DAY_MS) {
      throw new ApiError('E0000053', { summary: 'Invalid parameter: The since parameter is over 180 days prior to the current day.' });
    }
    const mode: LogQuery['mode'] = input.until === undefined && input.sortOrder === 'ASCENDING' ? 'polling' : 'bounded';
    const cursor = input.after !== undefined ? decodeCursor(input.after) : undefined;
    const until = input.until ?? new Date(now);
    // Default window: seven days before `until`; never older than the 90-day retention.
    const since = cursor?.since ?? new Date(Math.max(requestedSince?.getTime() ?? until.getTime() - 7 * DAY_MS, now - this.deps.logRetentionDays * DAY_MS)).toISOString();
    const query: LogQuery = {
      mode,
      order: input.sortOrder,
      limit: input.limit,
      ...(cursor ? { after: cursor.store } : {}),
      ...(mode === 'bounded' || !cursor ? { since } : {}),
      ...(mode === 'bounded' ? { until: until.toISOString() } : {}),
      ...(input.filter ? { filter: input.filter } : {}),
      ...(input.keywords && input.keywords.length > 0 ? { keywords: input.keywords } : {}),
    };
    const page = await this.deps.store.logEvents.queryJson(query);
    // A bounded read's lower bound travels inside the cursor, so that a client never has to send
    // `since` and `after` together (okta-api.md §2.2).
    const next = page.next === null ? null : encodeCursor({ store: page.next, ...(mode === 'bounded' ? { since } : {}) });
    return { json: page.json, next, mode };
  }

  /** `system.org.rate_limit.violation`, written once per bucket and window by the API's limiter. */
  async recordRateLimitViolation(ctx: RequestContext, bucket: string): Promise<void> {
    await recordFailure(this.deps, ctx, {
      eventType: 'system.org.rate_limit.violation',
      outcome: { result: 'DENY', reason: 'RATE_LIMIT' },
      debugData: { rateLimitBucket: bucket },
    });
  }
}

interface Cursor {
  store: string;
  since?: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Cursor).store === 'string') return parsed as Cursor;
  } catch {
    // fall through to the refusal below
  }
  throw new ApiError('E0000001', { detail: 'after', causes: ['after: The cursor is not valid; follow the next link of a previous page'] });
}

