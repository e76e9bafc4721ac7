import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../core/errors.js';
import { parseLogFilter } from '../../core/log-filter.js';
import { parseKeywords } from '../../core/log-keywords.js';
import type { Services } from '../../services/services.js';
import { setLinks } from '../links.js';
import { queryOf, type Query } from '../parse/query.js';
import { resource } from '../route-table.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Okta's exact answer for an unreadable date (okta-api.md §2.6). */
function dateParam(query: Query, name: 'since' | 'until'): Date | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  const ms = ISO_8601.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) {
    const causes = [
      `${name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
      `${name}: must be a valid date-time or empty.`,
    ];
    throw new ApiError('E0000001', {
      summary: `Api validation failed: '${name}': The date format in your query is not recognized. Please enter dates using ISO8601 string format. '${name}': must be a valid date-time or empty.`,
      causes,
    });
  }
  return new Date(ms);
}

/** `GET /api/v1/logs` (okta-api.md §2): polling and bounded reads with Link-header paging. */
export function logRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/logs', {
    GET: {
      requires: 'logs.read',
      scope: 'okta.logs.read',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const keywords = query.q !== undefined ? parseKeywords(query.q) : [];
        const limitRaw = query.limit;
        if (limitRaw !== undefined && (!/^\d+$/.test(limitRaw))) {
          throw new ApiError('E0000001', { detail: 'limit', causes: ['limit: must be an integer from 0 to 1000'] });
        }
        // Okta documents 0–1000; larger values are clamped rather than refused (okta-api.md §2.6 [U]).
        const limit = Math.min(limitRaw === undefined ? 100 : Number(limitRaw), 1000);
        const sortOrder = (query.sortOrder ?? 'ASCENDING').toUpperCase();
        if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
          throw new ApiError('E0000001', { detail: 'sortOrder', causes: ['sortOrder: must be ASCENDING or DESCENDING'] });
        }
        const since = dateParam(query, 'since');
        const until = dateParam(query, 'until');
        const filter = query.filter !== undefined && query.filter !== '' ? parseLogFilter(query.filter) : undefined;
        const page = await services.logs.search({
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          ...(query.after ? { after: query.after } : {}),
          ...(filter ? { filter } : {}),
          ...(keywords.length > 0 ? { keywords } : {}),
          limit,
          sortOrder: sortOrder as 'ASCENDING' | 'DESCENDING',
        });
        const base = { q: query.q, filter: query.filter, sortOrder: query.sortOrder, limit: String(limit), until: query.until };
        const next = page.next ? { ...base, after: page.next } : undefined;
        setLinks(request, reply, { ...base, since: query.since, after: query.after }, next);
        // The events exactly as stored (JSON.stringify of the LogEvent when it was written): joining the
        // texts spares parsing and re-serialising up to 1,000 events of ~2 KB per page.
        return reply.type('application/json; charset=utf-8').send(`[${page.json.join(',')}]`);
      },
    },
  });

  // Keyflow extension: what retention last did (docs/system-log.md).
  resource(app, '/api/v1/logs/retention', {
    GET: {
      requires: 'logs.read',
      scope: 'okta.logs.read',
      handler: async () => ({ retentionDays: services.retention.days, lastRun: await services.retention.lastRun() }),
    },
  });
}
