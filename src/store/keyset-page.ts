import type { Page } from '../core/ports/store.js';

/** A keyset page from `limit + 1` rows: the extra row only says there is more; the cursor is the last key. */
export function pageOf<T>(rows: T[], limit: number, key: (item: T) => string): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, next: more ? key(items[items.length - 1]!) : null };
}
