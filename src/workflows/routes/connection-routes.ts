import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setLinks } from '../../api/links.js';
import { limitParam, queryOf } from '../../api/parse/query.js';
import { originOf } from '../../api/request-context.js';
import { resource } from '../../api/route-table.js';
import { DEFAULT_CONNECTION_SCOPES, WORKFLOWS_CALLBACK_PATH } from '../../core/workflows/workflows-app.js';
import { html } from '../../oauth/pages/html.js';
import { renderLayout } from '../../oauth/pages/layout.js';
import type { ConnectionRecord } from '../../core/workflows/connection.js';
import type { ConnectionUsage, WorkflowConnectionsService } from '../../services/workflow-connections.js';
import type { ConnectionRuntime } from '../connection-runtime.js';
import { parseConnectionBody, parseRenameBody } from './connection-body.js';
import { presentConnection } from './connection-presenter.js';
import { connectionSelection } from './connection-query.js';

const idOf = (request: FastifyRequest) => (request.params as { connectionId: string }).connectionId;

const READ = { requires: 'workflows.read', scope: 'keyflow.workflows.read' } as const;
const MANAGE = { requires: 'workflows.manage', scope: 'keyflow.workflows.manage' } as const;

/**
 * The connections part of the Workflows API (`/workflows/api/v1/connections`, docs/workflows.md) and the
 * OAuth callback the browser returns to after consent. Authenticated like `/api/v1` (SSWS or bearer
 * token), for Super Admins and Workflows Administrators.
 */
export function connectionRoutes(app: FastifyInstance, deps: { connections: WorkflowConnectionsService; runtime: ConnectionRuntime }): void {
  const { connections, runtime } = deps;
  const show = (request: FastifyRequest) => (u: ConnectionUsage) => presentConnection(u.connection, originOf(request), u.flows);
  const present = (request: FastifyRequest) => async (c: ConnectionRecord) => show(request)(await connections.withUsage(c));

  resource(app, '/workflows/api/v1/connections', {
    GET: {
      ...READ,
      handler: async (request, reply) => {
        const query = queryOf(request.query);
        const limit = limitParam(query, 20, 200);
        // `authorizedBy=` (or its filter twin) is "what breaks if this person goes": each with its usage.
        const selection = connectionSelection(query);
        const page = selection === null ? { items: [], next: null } : await connections.listWithUsage({ limit, ...selection, ...(query.after ? { after: query.after } : {}) });
        const base = { authorizedBy: query.authorizedBy, filter: query.filter, limit: String(limit) };
        setLinks(request, reply, { ...base, after: query.after }, page.next ? { ...base, after: page.next } : undefined);
        return page.items.map(show(request));
      },
    },
    POST: {
      ...MANAGE,
      handler: async (request, reply) => {
        const input = runtime.settle(parseConnectionBody(request.body), { scopes: DEFAULT_CONNECTION_SCOPES });
        const { connection, authorizeUrl } = await runtime.create(request.ctx, input);
        return reply.code(201).send({ ...(await present(request)(connection)), authorizeUrl });
      },
    },
  });

  resource(app, '/workflows/api/v1/connections/:connectionId', {
    GET: { ...READ, handler: async (request) => present(request)(await connections.get(idOf(request))) },
    PUT: { ...MANAGE, handler: async (request) => present(request)(await connections.rename(idOf(request), parseRenameBody(request.body))) },
    DELETE: {
      ...MANAGE,
      handler: async (request, reply) => {
        await runtime.delete(request.ctx, idOf(request));
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/workflows/api/v1/connections/:connectionId/reauthorize', {
    POST: { ...MANAGE, handler: async (request) => ({ authorizeUrl: await runtime.reauthorize(request.ctx, idOf(request)) }) },
  });
  resource(app, '/workflows/api/v1/connections/:connectionId/revoke', {
    POST: { ...MANAGE, handler: async (request) => present(request)(await runtime.revoke(request.ctx, idOf(request))) },
  });
  resource(app, '/workflows/api/v1/connections/:connectionId/test', {
    POST: {
      ...MANAGE,
      handler: async (request) => {
        const result = await runtime.test(idOf(request));
        return { ok: result.ok, status: result.status, error: result.error, connection: await present(request)(result.connection) };
      },
    },
  });

  // The browser's return from the org's consent: no API credential, the single-use state is the proof.
  app.get(WORKFLOWS_CALLBACK_PATH, async (request, reply) => {
    const outcome = await runtime.complete(new URL(request.url, originOf(request)));
    if (!outcome) return page(reply, 400, 'Connection not authorized', 'This authorization link is unknown, expired or already used. Start again from the connection.');
    const { connection, error, failure } = outcome;
    // The org did not answer the code exchange: not this browser's fault, and nothing was changed.
    if (failure) return page(reply, 502, 'Connection not authorized', `${connection.nickname}: ${failure}. Nothing was changed; start again from the connection.`);
    if (error) return page(reply, 400, 'Connection not authorized', `${connection.nickname}: the org refused (${error.errorCode ?? error.status}: ${error.errorSummary}).`);
    const who = connection.authorizedBy!;
    return page(reply, 200, 'Connection authorized', `${connection.nickname} is ready. Its calls will act as ${who.displayName} (${who.login}).`);
  });
}

/** Where an admin who started the consent from the console goes back to (docs/console.md). */
const CONSOLE_CONNECTIONS_PATH = '/console/workflows/connections';

function page(reply: FastifyReply, status: number, title: string, message: string) {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'`)
    .send(renderLayout({ heading: title, body: html`<p>${message}</p><p><a href="${CONSOLE_CONNECTIONS_PATH}">Back to the Workflows connections in the console</a></p>`, nonce }));
}
