import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppRecord } from '../../core/apps.js';
import { ApiError } from '../../core/errors.js';
import type { AppListQuery } from '../../core/ports/store.js';
import type { FilterNode } from '../../core/filter/ast.js';
import type { Services } from '../../services/services.js';
import { setLinks } from '../links.js';
import { parseAppBody } from '../parse/app-body.js';
import { boolParam, limitParam, queryOf } from '../parse/query.js';
import { parseSearchExpression } from '../parse/search-expression.js';
import { presentApp } from '../presenters/app.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

/** Okta's app `filter=` on the properties Keyflow's apps have: `status eq "…"` and `name eq "…"`, joined by `and`. */
function appFilter(text: string): FilterNode {
  return parseSearchExpression(
    text,
    { attributes: (a) => a === 'status' || a === 'name', operators: (_a, op) => op === 'eq', allowNot: false },
    {
      syntax: (message) => message,
      rule: (verdict) => (verdict.reason === 'not' ? "'not' is not supported" : `'${verdict.node.attr} ${verdict.node.op}' is not supported`),
    },
  );
}

/** The filter as a status condition; `null` when it can match no app (another name or status). */
function conditionsOf(node: FilterNode): { status?: AppRecord['status'] } | null {
  if (node.kind === 'and') {
    const left = conditionsOf(node.left);
    const right = conditionsOf(node.right);
    if (!left || !right || (left.status && right.status && left.status !== right.status)) return null;
    return { ...left, ...right };
  }
  if (node.kind !== 'compare') throw new ApiError('E0000031', { causes: [`'${node.kind}' is not supported`] });
  if (node.attr === 'name') return node.value === 'oidc_client' ? {} : null;
  return node.value === 'ACTIVE' || node.value === 'INACTIVE' ? { status: node.value } : null;
}

const appIdOf = (request: FastifyRequest) => (request.params as { appId: string }).appId;

/** OIDC apps (Okta's Apps API, okta-api.md §11): CRUD, lifecycle; `name` is always `oidc_client`. */
export function appRoutes(app: FastifyInstance, services: Services): void {
  const present = (a: AppRecord, request: FastifyRequest) => presentApp(a, services.apps.clientSecretOf(a), originOf(request));

  resource(app, '/api/v1/apps', {
    GET: {
      requires: 'apps.read',
      scope: 'okta.apps.read',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const limit = limitParam(query, 20, 200);
        const conditions = query.filter === undefined ? {} : conditionsOf(appFilter(query.filter));
        // q= matches the start of the label or of the name, and every app is named `oidc_client`.
        const q = query.q?.toLowerCase();
        const byLabel = q !== undefined && !'oidc_client'.startsWith(q);
        const listQuery: AppListQuery = { limit, ...(byLabel ? { labelPrefix: query.q! } : {}), ...(conditions?.status ? { status: conditions.status } : {}), ...(query.after ? { after: query.after } : {}) };
        const page = conditions === null ? { items: [], next: null } : await services.apps.list(listQuery);
        const base = { q: query.q, filter: query.filter, limit: String(limit) };
        setLinks(request, reply, { ...base, after: query.after }, page.next ? { ...base, after: page.next } : undefined);
        return page.items.map((a) => present(a, request));
      },
    },
    POST: {
      requires: 'apps.manage',
      scope: 'okta.apps.manage',
      handler: async (request) => {
        const activate = boolParam(queryOf(request.query), 'activate', true);
        return present(await services.apps.create(request.ctx, parseAppBody(request.body), activate), request);
      },
    },
  });

  resource(app, '/api/v1/apps/:appId', {
    GET: {
      requires: 'apps.read',
      scope: 'okta.apps.read',
      handler: async (request) => present(await services.apps.get(appIdOf(request)), request),
    },
    PUT: {
      requires: 'apps.manage',
      scope: 'okta.apps.manage',
      handler: async (request) => present(await services.apps.replace(request.ctx, appIdOf(request), parseAppBody(request.body)), request),
    },
    DELETE: {
      requires: 'apps.manage',
      scope: 'okta.apps.manage',
      handler: async (request, reply) => {
        await services.apps.delete(request.ctx, appIdOf(request));
        return reply.code(204).send();
      },
    },
  });

  for (const op of ['activate', 'deactivate'] as const) {
    resource(app, `/api/v1/apps/:appId/lifecycle/${op}`, {
      POST: {
        requires: 'apps.manage',
        scope: 'okta.apps.manage',
        handler: async (request) => {
          await services.apps[op](request.ctx, appIdOf(request));
          return {};
        },
      },
    });
  }
}
