import type { FastifyInstance } from 'fastify';
import { ApiError, validationFailed } from '../../core/errors.js';
import type { FilterNode } from '../../core/filter/ast.js';
import type { FilterRules } from '../../core/filter/attributes.js';
import type { Services } from '../../services/services.js';
import { setLinks } from '../links.js';
import { parseCreateUser, parseUpdateUser } from '../parse/user-body.js';
import { boolParam, limitParam, queryOf } from '../parse/query.js';
import { parseSearchExpression } from '../parse/search-expression.js';
import { presentGroup } from '../presenters/group.js';
import { JSON_TYPE, presentUser, userJson } from '../presenters/user.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const SEARCH_TOP_LEVEL = ['id', 'status', 'created', 'activated', 'statusChanged', 'lastUpdated', 'passwordChanged', 'lastLogin', 'type.id'];
const FILTER_ATTRIBUTES = ['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'];
const CONTAINS_ATTRIBUTES = ['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'];
const ORDERING = ['gt', 'ge', 'lt', 'le'];
const DATES = ['created', 'activated', 'statusChanged', 'lastUpdated', 'passwordChanged', 'lastLogin'];

const SEARCH_RULES: FilterRules = {
  attributes: (a) => SEARCH_TOP_LEVEL.includes(a) || /^profile\.\w+$/.test(a),
  operators: (a, op) => op === 'eq' || op === 'sw' || op === 'pr' || (op === 'co' && CONTAINS_ATTRIBUTES.includes(a)) || (ORDERING.includes(op) && (DATES.includes(a) || a.startsWith('profile.'))),
  allowNot: true,
};
const FILTER_RULES: FilterRules = {
  attributes: (a) => FILTER_ATTRIBUTES.includes(a),
  operators: (a, op) => op === 'eq' || (a === 'lastUpdated' && ORDERING.includes(op)),
  allowNot: false,
};

/** Parses a users `search=` or `filter=` expression and enforces that mode's rules (okta-api.md §6.3). */
function userExpression(text: string, mode: 'search' | 'filter'): FilterNode {
  return parseSearchExpression(text, mode === 'search' ? SEARCH_RULES : FILTER_RULES, {
    syntax: (message) => `${mode}: ${message}`,
    rule: (verdict) =>
      `${mode}: ${
        verdict.reason === 'not'
          ? `the 'not' operator is not supported in ${mode}`
          : verdict.reason === 'attribute'
            ? `attribute '${verdict.node.attr}' is not supported in ${mode}`
            : `operator '${verdict.node.op}' is not supported for '${verdict.node.attr}' in ${mode}`
      }`,
  });
}

export function userRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/users', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const origin = originOf(request);
        if (query.q !== undefined) {
          // q= is a prefix match, default limit 10 and not paginated (okta-api.md §6.3).
          const limit = limitParam(query, 10, 200);
          const users = await services.users.searchPrefix(query.q, limit);
          setLinks(request, reply, { q: query.q, limit: String(limit) });
          return users.map((u) => presentUser(u, origin, false));
        }
        if (query.search !== undefined && query.filter !== undefined) throw new ApiError('E0000033');
        const limit = limitParam(query, 200, 200);
        const mode = query.search !== undefined ? 'search' : query.filter !== undefined ? 'filter' : null;
        const sortOrder = query.sortOrder === undefined ? undefined : query.sortOrder.toLowerCase();
        if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') throw validationFailed('sortOrder', 'sortOrder: must be asc or desc');
        const page = await services.users.list({
          ...(mode ? { filter: userExpression(query[mode]!, mode) } : {}),
          caseInsensitive: mode === 'search',
          includeDeprovisioned: mode !== null,
          limit,
          ...(query.after ? { after: query.after } : {}),
          ...(mode === 'search' && query.sortBy ? { sortBy: query.sortBy } : {}),
          ...(mode === 'search' && sortOrder ? { sortOrder: sortOrder as 'asc' | 'desc' } : {}),
        });
        const base = { search: query.search, filter: query.filter, sortBy: query.sortBy, sortOrder: query.sortOrder, limit: String(limit) };
        setLinks(request, reply, { ...base, after: query.after }, page.next ? { ...base, after: page.next } : undefined);
        return page.items.map((u) => presentUser(u, origin, false));
      },
    },
    POST: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request) => {
        const query = queryOf(request.query);
        const nextLogin = query.nextLogin;
        if (nextLogin !== undefined && nextLogin !== 'changePassword') throw validationFailed('nextLogin', 'nextLogin: must be changePassword');
        const input = parseCreateUser(request.body, await services.org.defaultUserTypeId());
        const user = await services.users.create(request.ctx, input, {
          activate: boolParam(query, 'activate', true),
          provider: boolParam(query, 'provider', false),
          ...(nextLogin ? { nextLogin: 'changePassword' as const } : {}),
        });
        return presentUser(user, originOf(request), true);
      },
    },
  });

  resource(app, '/api/v1/users/:id', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request, reply) => {
        const user = await services.users.find(request.ctx, (request.params as { id: string }).id);
        void reply.type(JSON_TYPE);
        return userJson(user, originOf(request));
      },
    },
    POST: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request) => {
        const input = parseUpdateUser(request.body, await services.org.defaultUserTypeId());
        const user = await services.users.update(request.ctx, (request.params as { id: string }).id, input, 'partial');
        return presentUser(user, originOf(request), true);
      },
    },
    PUT: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request) => {
        const input = parseUpdateUser(request.body, await services.org.defaultUserTypeId());
        const user = await services.users.update(request.ctx, (request.params as { id: string }).id, input, 'replace');
        return presentUser(user, originOf(request), true);
      },
    },
    DELETE: {
      requires: 'users.manage',
      scope: 'okta.users.manage',
      handler: async (request, reply) => {
        await services.lifecycle.delete(request.ctx, (request.params as { id: string }).id);
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/users/:id/groups', {
    GET: {
      requires: 'users.read',
      scope: 'okta.users.read',
      handler: async (request) => {
        const groups = await services.groups.groupsOf(request.ctx, (request.params as { id: string }).id);
        const origin = originOf(request);
        return groups.map((g) => presentGroup(g, origin));
      },
    },
  });

  resource(app, '/api/v1/users/:id/sessions', {
    DELETE: {
      requires: 'users.credentials',
      scope: 'okta.users.manage',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        await services.lifecycle.clearSessionsOf(request.ctx, (request.params as { id: string }).id, boolParam(query, 'oauthTokens', false));
        return reply.code(204).send();
      },
    },
  });
}
