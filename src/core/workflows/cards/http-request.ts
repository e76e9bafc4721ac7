import { CardError, outputs, type CardSpec } from '../card.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const RELATIVE_BASE = 'http://relative.invalid';

/**
 * The HTTP "Raw Request" card (workflows.md §3.2 API Connector): any URL; a JSON body is sent as JSON.
 * Answers of every status come back as outputs except 429 and 5xx, which fail the card so that its error
 * handling can retry them.
 *
 * With a connection (optional, issue 5: "with or without a connection") the call goes through it like an
 * Okta card's: the URL may then be relative to the connection's org (`/api/v1/users/me`) or absolute on
 * it; the engine adds the connection's token and user agent, and refuses any other host (the token is
 * the consenting person's and never leaves their org). A 401/403 then fails the card and turns the
 * connection ERROR, as for Okta cards. It requires no scope of its own: what a free-form call needs
 * depends on the URL, and the org answers 403 `insufficient_scope` when a scope is missing (as Custom API
 * Action does, workflows.md §5.2).
 */
export const httpRequestCard: CardSpec = {
  type: 'http.request',
  title: 'Raw Request',
  category: 'http',
  inputs: {
    method: { type: 'text', required: true, oneOf: METHODS },
    url: { type: 'text', required: true },
    headers: { type: 'object' },
    query: { type: 'object' },
    body: { type: 'any' },
  },
  outputs: [
    { key: 'statusCode', type: 'number' },
    { key: 'headers', type: 'object' },
    { key: 'body', type: 'any' as never },
  ],
  requiredScopes: [],
  connection: 'optional',
  async run(inputs, ctx) {
    const method = String(inputs.method).toUpperCase();
    const given = String(inputs.url);
    // A relative URL (for a card with a connection) is resolved against a placeholder only to add the query.
    const relative = given.startsWith('/') && !given.startsWith('//');
    let url: URL;
    try {
      url = new URL(given, relative ? RELATIVE_BASE : undefined);
    } catch {
      throw new CardError('URL must be an absolute http(s) URL, or a path starting with one "/" on a card with a connection', 'INVALID_INPUT');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CardError('URL must be an absolute http(s) URL, or a path starting with one "/" on a card with a connection', 'INVALID_INPUT');
    for (const [k, v] of Object.entries((inputs.query ?? {}) as Record<string, unknown>)) url.searchParams.set(k, String(v));
    const headers = Object.fromEntries(Object.entries((inputs.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    let body: string | undefined;
    if (inputs.body !== undefined && inputs.body !== null && method !== 'GET' && method !== 'HEAD') {
      if (typeof inputs.body === 'string') body = inputs.body;
      else {
        body = JSON.stringify(inputs.body);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      }
    }
    const answer = await ctx.http({ method, url: relative ? url.pathname + url.search : url.href, headers, ...(body !== undefined ? { body } : {}) });
    if (answer.status === 429 || answer.status >= 500) throw new CardError(`HTTP ${answer.status}`, answer.status, { httpStatus: answer.status, raw: answer.body });
    return outputs({ statusCode: answer.status, headers: answer.headers, body: answer.body });
  },
};
