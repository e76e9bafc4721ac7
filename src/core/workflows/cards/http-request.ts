import { CardError, outputs, type CardSpec } from '../card.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * The HTTP "Raw Request" card (workflows.md §3.2 API Connector): any URL; a JSON body is sent as JSON.
 * Answers of every status come back as outputs except 429 and 5xx, which fail the card so that its error
 * handling can retry them.
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
  connection: 'none',
  async run(inputs, ctx) {
    const method = String(inputs.method).toUpperCase();
    let url: URL;
    try {
      url = new URL(String(inputs.url));
    } catch {
      throw new CardError('URL must be an absolute http(s) URL', 'INVALID_INPUT');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CardError('URL must be an absolute http(s) URL', 'INVALID_INPUT');
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
    const answer = await ctx.http({ method, url: url.href, headers, ...(body !== undefined ? { body } : {}) });
    if (answer.status === 429 || answer.status >= 500) throw new CardError(`HTTP ${answer.status}`, answer.status, { httpStatus: answer.status, raw: answer.body });
    return outputs({ statusCode: answer.status, headers: answer.headers, body: answer.body });
  },
};
