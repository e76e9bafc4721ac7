import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../core/errors.js';
import type { FilterNode } from '../../core/filter/ast.js';
import type { Services } from '../../services/services.js';
import type { GroupProfileInput } from '../../services/groups.js';
import { setLinks } from '../links.js';
import { checkProperties, isObject, objectBody, optionalString, requiredString } from '../parse/body-shape.js';
import { limitParam, queryOf } from '../parse/query.js';
import { parseSearchExpression } from '../parse/search-expression.js';
import { presentGroup } from '../presenters/group.js';
import { presentUser } from '../presenters/user.js';
import { originOf } from '../request-context.js';
import { resource } from '../route-table.js';

const GROUP_READ_ONLY = ['id', 'created', 'lastUpdated', 'lastMembershipUpdated', 'objectClass', 'type', '_links', '_embedded'];

function parseGroupBody(raw: unknown): GroupProfileInput {
  const body = objectBody(raw);
  checkProperties(body, '', ['profile'], GROUP_READ_ONLY);
  if (!isObject(body.profile)) throw new ApiError('E0000001', { detail: 'name', causes: ['name: The field cannot be left blank'] });
  checkProperties(body.profile, 'profile.', ['name', 'description']);
  return { name: requiredString(body.profile, 'name'), description: optionalString(body.profile, 'description') ?? null };
}

/** Groups `filter=`/`search=`: id, type, lastUpdated, lastMembershipUpdated, created and profile fields. */
function groupExpression(text: string): FilterNode {
  return parseSearchExpression(
    text,
    {
      attributes: (a) => ['id', 'type', 'lastUpdated', 'lastMembershipUpdated', 'created', 'profile.name', 'profile.description'].includes(a),
      operators: (a, op) => op === 'eq' || op === 'sw' || (['gt', 'ge', 'lt', 'le'].includes(op) && /Updated|created/.test(a)),
      allowNot: false,
    },
    {
      syntax: (message) => message,
      rule: (verdict) => (verdict.reason === 'not' ? "'not' is not supported" : `'${verdict.node.attr} ${verdict.node.op}' is not supported`),
    },
  );
}

export function groupRoutes(app: FastifyInstance, services: Services): void {
  resource(app, '/api/v1/groups', {
    GET: {
      requires: 'groups.read',
      scope: 'okta.groups.read',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const origin = originOf(request);
        if (query.search !== undefined && query.filter !== undefined) throw new ApiError('E0000033');
        const expression = query.search ?? query.filter;
        // q= defaults to 300 results (okta-api.md §8); plain lists to 10 000 at most.
        const limit = limitParam(query, query.q !== undefined ? 300 : 10_000, 10_000);
        const page = await services.groups.list({
          ...(query.q !== undefined ? { namePrefix: query.q } : {}),
          ...(expression !== undefined ? { filter: groupExpression(expression) } : {}),
          limit,
          ...(query.after ? { after: query.after } : {}),
        });
        const base = { q: query.q, search: query.search, filter: query.filter, expand: query.expand, limit: String(limit) };
        setLinks(request, reply, { ...base, after: query.after }, page.next && query.q === undefined ? { ...base, after: page.next } : undefined);
        const stats = query.expand === 'stats';
        return Promise.all(page.items.map(async (g) => presentGroup(g, origin, stats ? await services.groups.countMembers(g.id) : undefined)));
      },
    },
    POST: {
      requires: 'groups.manage',
      scope: 'okta.groups.manage',
      handler: async (request) => presentGroup(await services.groups.create(request.ctx, parseGroupBody(request.body)), originOf(request)),
    },
  });

  resource(app, '/api/v1/groups/:groupId', {
    GET: {
      requires: 'groups.read',
      scope: 'okta.groups.read',
      handler: async (request) => {
        const { groupId } = request.params as { groupId: string };
        const group = await services.groups.get(groupId);
        const stats = queryOf(request.query).expand === 'stats';
        return presentGroup(group, originOf(request), stats ? await services.groups.countMembers(group.id) : undefined);
      },
    },
    PUT: {
      requires: 'groups.manage',
      scope: 'okta.groups.manage',
      handler: async (request) => {
        const { groupId } = request.params as { groupId: string };
        return presentGroup(await services.groups.replace(request.ctx, groupId, parseGroupBody(request.body)), originOf(request));
      },
    },
    DELETE: {
      requires: 'groups.manage',
      scope: 'okta.groups.manage',
      handler: async (request, reply) => {
        await services.groups.delete(request.ctx, (request.params as { groupId: string }).groupId);
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/api/v1/groups/:groupId/users', {
    GET: {
      requires: 'groups.read',
      scope: 'okta.groups.read',
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const limit = limitParam(query, 1000, 1000);
        const page = await services.groups.members((request.params as { groupId: string }).groupId, limit, query.after);
        setLinks(request, reply, { limit: String(limit), after: query.after }, page.next ? { limit: String(limit), after: page.next } : undefined);
        const origin = originOf(request);
        return page.items.map((u) => presentUser(u, origin, false));
      },
    },
  });

  resource(app, '/api/v1/groups/:groupId/users/:userId', {
    PUT: {
      requires: 'groups.members',
      scope: 'okta.groups.manage',
      handler: async (request, reply) => {
        const { groupId, userId } = request.params as { groupId: string; userId: string };
        await services.groups.addMember(request.ctx, groupId, userId);
        return reply.code(204).send();
      },
    },
    DELETE: {
      requires: 'groups.members',
      scope: 'okta.groups.manage',
      handler: async (request, reply) => {
        const { groupId, userId } = request.params as { groupId: string; userId: string };
        await services.groups.removeMember(request.ctx, groupId, userId);
        return reply.code(204).send();
      },
    },
  });
}
