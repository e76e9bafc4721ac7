/**
 * Opaque cursors for the pages whose position is more than an id (sorted user searches): base64url
 * JSON, so clients cannot mistake them for something to build by hand (okta-api.md §1.4).
 */

import { InvalidCursor } from '../core/ports/store.js';

export { InvalidCursor };

/** Encodes a JSON value as an opaque cursor. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}, checking its shape with `valid`; throws InvalidCursor. */
export function decodeCursor<T>(cursor: string, valid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor(cursor);
  }
  if (!valid(value)) throw new InvalidCursor(cursor);
  return value;
}
