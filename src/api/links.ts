import type { FastifyReply, FastifyRequest } from 'fastify';
import { originOf } from './request-context.js';

/**
 * Okta's pagination headers (okta-api.md §1.4): one `Link` header line per relation, absolute URLs on
 * the host the client used. Go and Terraform split each line on `;`, so they must never be comma-joined.
 */
export function setLinks(request: FastifyRequest, reply: FastifyReply, query: Record<string, string | undefined>, next?: Record<string, string | undefined>): void {
  const base = `${originOf(request)}${request.ctx.requestUri}`;
  const lines = [`<${base}${queryString(query)}>; rel="self"`];
  if (next) lines.push(`<${base}${queryString(next)}>; rel="next"`);
  reply.header('link', lines);
}

function queryString(params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  if (pairs.length === 0) return '';
  return `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}
