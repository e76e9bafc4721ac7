/**
 * Okta-shaped identifiers (okta-api.md §1.7): a 3-character type prefix and 17 base62 characters,
 * 20 in all. Randomness is injected so core stays pure.
 */
export type RandomBytes = (size: number) => Uint8Array;

export const ID_PREFIX = {
  user: '00u',
  group: '00g',
  app: '0oa',
  apiToken: '00T',
  roleAssignment: 'ra1',
  session: '102',
  org: '00o',
  scopeGrant: 'oag',
  clientRole: 'irb',
  userType: 'oty',
  eventHook: 'who',
  workflowConnection: 'wfc',
  workflowFlow: 'wff',
  workflowExecution: 'wfe',
  errorId: 'oae',
} as const;
export type IdKind = keyof typeof ID_PREFIX;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base62 characters drawn without modulo bias (bytes ≥ 248 are rejected and redrawn). */
export function base62(random: RandomBytes, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export interface IdFactory {
  /** A new object id, e.g. `00u1a2b3c4D5e6F7g8h9`. */
  id(kind: IdKind): string;
  /** A request id / transaction id, 27 characters like Okta's (`WiB04-V4MgacZHWciQq8YwAADpA`). */
  requestId(): string;
  /** A random RFC 4122 version-4 UUID (LogEvent.uuid). */
  uuid(): string;
  /** A high-entropy secret of `length` base62 characters (API tokens). */
  secret(length: number): string;
}

export function idFactory(random: RandomBytes): IdFactory {
  return {
    id: (kind) => ID_PREFIX[kind] + base62(random, 17),
    requestId: () => base62(random, 27),
    uuid: () => {
      const b = random(16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    secret: (length) => base62(random, length),
  };
}

/** Okta's API token values are 42 characters starting with `00`; Keyflow mints and accepts the same shape. */
export const API_TOKEN_PATTERN = /^00[0-9A-Za-z_-]{40}$/;
