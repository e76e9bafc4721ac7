/**
 * Reads a dotted attribute path (`actor.id`, `target.id`, `debugContext.debugData.requestUri`) from a
 * JSON-like value such as a LogEvent. Arrays met on the way are walked element by element and their
 * results collected, so `target.id` yields every target's id: Okta matches a filter on `target.*` if
 * **any** element matches (okta-api.md §2.4).
 *
 * Returns the plain value when no array was crossed (which may itself be an array, e.g.
 * `objectClass`), otherwise a flat array of the values found; missing and null elements are left out.
 * Only own properties are read, so paths like `constructor` or `__proto__` find nothing.
 *
 * @example resolvePath({ target: [{ id: 'a' }, { id: 'b' }] }, 'target.id') // ['a', 'b']
 */
export function resolvePath(obj: unknown, path: string): unknown {
  let current: unknown[] = [obj];
  let crossedArray = false;
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        crossedArray = true;
        for (const element of value.flat(Infinity)) next.push(property(element, segment));
      } else {
        next.push(property(value, segment));
      }
    }
    current = crossedArray ? next.filter((v) => v !== undefined && v !== null) : next;
  }
  return crossedArray ? current.flat(Infinity) : current[0];
}

function property(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
