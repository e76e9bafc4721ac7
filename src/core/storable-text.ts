/**
 * Text PostgreSQL cannot hold: U+0000 (NUL), which neither its text nor its json types accept, and an
 * unpaired UTF-16 surrogate (a `\uD800` escape with no partner in JSON), which its json types reject.
 * SQLite keeps both, so without a rule of our own a request could succeed on one store and fail with a
 * 500, its LogEvent lost, on the other. No Okta id, login, scope or attribute needs either.
 *
 * The rule, the same on both stores:
 * - the API refuses both at the edge, in URLs (NUL) and JSON bodies (api/build-api.ts), before anything
 *   is read;
 * - past that edge (an OAuth form body or a client assertion's claims, which oidc-provider reads
 *   itself), a lookup by a key that contains NUL finds nothing (no stored key can contain it), and
 * - a LogEvent records either as U+FFFD, as a form decoder records invalid UTF-8, so that the refused
 *   attempt is still logged.
 */

const NUL = '\u0000';
const NUL_EVERYWHERE = /\u0000/g;
const REPLACEMENT = '\uFFFD';

export function hasNul(text: string): boolean {
  return text.includes(NUL);
}

/** Whether every string (and key) in a JSON-like value is well-formed UTF-16. */
export function isWellFormedDeep(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(isWellFormedDeep);
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) if (!key.isWellFormed() || !isWellFormedDeep(inner)) return false;
  }
  return true;
}

/** A copy of a JSON-like value with every NUL and unpaired surrogate, in strings and keys, replaced by U+FFFD. */
export function storableCopy<T>(value: T): T {
  return replaced(value) as T;
}

function storableString(text: string): string {
  return text.replace(NUL_EVERYWHERE, REPLACEMENT).toWellFormed();
}

function replaced(value: unknown): unknown {
  if (typeof value === 'string') return storableString(value);
  if (Array.isArray(value)) return value.map(replaced);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[storableString(key)] = replaced(inner);
    return out;
  }
  return value;
}
