import type { FastifyRequest } from 'fastify';
import UAParser from 'ua-parser-js';
import type { ClientInfo, RequestContext } from '../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

interface ParsedAgent {
  os: string;
  browser: string;
  device: string;
}

const UNKNOWN_AGENT: ParsedAgent = { os: 'Unknown', browser: 'UNKNOWN', device: 'Unknown' };
/** Callers reuse a handful of User-Agents; parsing costs more than the rest of a cached GET. */
const agentCache = new Map<string, ParsedAgent>();
const AGENT_CACHE_SIZE = 512;

/** Okta prints browsers upper-case (`CHROME`, `FIREFOX`) and macOS as `Mac OS X` (okta-api.md §3.2). */
function parseAgent(raw: string | null): ParsedAgent {
  if (!raw) return UNKNOWN_AGENT;
  const cached = agentCache.get(raw);
  if (cached) return cached;
  const result = new UAParser(raw).getResult();
  const browser = result.browser.name ? result.browser.name.toUpperCase().replace(/\s+/g, '_') : 'UNKNOWN';
  let os = 'Unknown';
  if (result.os.name === 'Mac OS') os = 'Mac OS X';
  else if (result.os.name === 'Windows' && result.os.version) os = `Windows ${result.os.version}`;
  else if (result.os.name) os = result.os.name;
  const device = result.device.type === 'mobile' ? 'Mobile' : result.device.type === 'tablet' ? 'Tablet' : browser !== 'UNKNOWN' ? 'Computer' : 'Unknown';
  const parsed = { os, browser, device };
  if (agentCache.size >= AGENT_CACHE_SIZE) agentCache.delete(agentCache.keys().next().value!);
  agentCache.set(raw, parsed);
  return parsed;
}

/** IPv4-mapped IPv6 addresses are reported in IPv4 form, as Okta does. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export function clientInfo(request: FastifyRequest): ClientInfo {
  const raw = request.headers['user-agent'] ?? null;
  const ip = normalizeIp(request.ip);
  // request.ips (trusted proxies only) runs from the nearest hop to the client; ipChain wants the client
  // first and then each proxy outwards-in.
  const proxies = (request.ips ?? []).slice(0, -1).reverse().map(normalizeIp);
  return { ipAddress: ip, ipVersion: ip.includes(':') ? 'V6' : 'V4', proxies, rawUserAgent: raw, ...parseAgent(raw) };
}

export function requestContext(request: FastifyRequest): RequestContext {
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  const query = q === -1 ? '' : request.url.slice(q + 1);
  return {
    requestId: request.id,
    requestUri: path,
    url: `${path}?${query}`,
    client: clientInfo(request),
    principal: null,
    transactionType: 'WEB',
  };
}

/** The absolute origin the client used, so that links point back at the same host (okta-api.md §1.4). */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
