import { API_TOKEN_IDLE_WINDOW_MS, type ApiTokenRecord } from '../../core/records.js';

/** An API token's metadata as Okta lists it; the value is never part of it (only the create response). */
export function presentApiToken(token: ApiTokenRecord, origin: string) {
  return {
    id: token.id,
    name: token.name,
    userId: token.userId,
    clientName: token.clientName,
    created: token.created,
    lastUpdated: token.lastUpdated,
    expiresAt: new Date(Date.parse(token.lastUsed) + API_TOKEN_IDLE_WINDOW_MS).toISOString(),
    tokenWindow: 'P30D',
    network: { connection: 'ANYWHERE' },
    _link: {
      self: { href: `${origin}/api/v1/api-tokens/${token.id}`, hints: { allow: ['GET', 'DELETE'] } },
      user: { href: `${origin}/api/v1/users/${token.userId}`, hints: { allow: ['GET'] } },
    },
  };
}
