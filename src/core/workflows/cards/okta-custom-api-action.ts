import { CardError, outputs, type CardSpec } from '../card.js';
import { okOrThrow } from './okta-answer.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Okta's "Custom API Action" card (workflows.md §5.3): any call to the org's API relative to the org URL,
 * through the connection (authorization and content type are added by the engine). Outputs the status
 * code, headers and body; an error status fails the card with Okta's error in the If Error object.
 * It declares no required scope: what a call needs depends on its URL ("whatever the endpoint needs",
 * workflows.md §5.2), and a missing one comes back from the org as 403 `insufficient_scope`.
 */
export const customApiActionCard: CardSpec = {
  type: 'okta.customApiAction',
  title: 'Custom API Action',
  category: 'okta',
  inputs: {
    method: { type: 'text', required: true, oneOf: METHODS },
    relativeUrl: { type: 'text', required: true },
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
  connection: 'required',
  async run(inputs, ctx) {
    const method = String(inputs.method).toUpperCase() as (typeof METHODS)[number];
    if (!METHODS.includes(method)) throw new CardError(`Request type must be one of ${METHODS.join(', ')}`, 'INVALID_INPUT');
    const relativeUrl = inputs.relativeUrl;
    if (typeof relativeUrl !== 'string' || !relativeUrl.startsWith('/') || relativeUrl.startsWith('//')) throw new CardError('Relative URL must start with one "/", e.g. /api/v1/users', 'INVALID_INPUT');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((inputs.headers ?? {}) as Record<string, unknown>)) {
      // The connection's own credentials and user agent are the engine's to set.
      if (['authorization', 'user-agent'].includes(k.toLowerCase())) continue;
      headers[k] = String(v);
    }
    const query = Object.fromEntries(Object.entries((inputs.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const answer = await okOrThrow(ctx, { method, path: relativeUrl, headers, query, ...(inputs.body !== undefined && method !== 'GET' ? { body: inputs.body } : {}) });
    return outputs({ statusCode: answer.status, headers: answer.headers, body: answer.body });
  },
};
