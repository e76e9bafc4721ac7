/**
 * U+0000 (NUL) in text that came from a request. PostgreSQL's text and jsonb cannot hold it, SQLite
 * can; no Okta id, login, scope or attribute contains it. The API refuses it at the edge (JSON bodies
 * and URLs, api/build-api.ts), but an OAuth form body or a client assertion's claims are read by
 * oidc-provider, past that edge. So the two places such text can reach the store hold their own line:
 * a lookup by a key that contains NUL finds nothing (no stored key can contain it), and a LogEvent
 * records NUL as U+FFFD, as a form decoder records a lone surrogate, so that the refused attempt is
 * still logged, the same on both stores.
 */

const NUL = '\u0000';
const NUL_EVERYWHERE = /\u0000/g;
const REPLACEMENT = '\uFFFD';

export function hasNul(text: string): boolean {
  return text.includes(NUL);
}

/** A copy of a JSON-like value with NUL in every string (keys too) replaced by U+FFFD. */
export function replaceNul<T>(value: T): T {
  return replaced(value) as T;
}

function replaced(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NUL_EVERYWHERE, REPLACEMENT);
  if (Array.isArray(value)) return value.map(replaced);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[replaced(key) as string] = replaced(inner);
    return out;
  }
  return value;
}
