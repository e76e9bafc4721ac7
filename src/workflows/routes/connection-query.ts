import { ApiError } from '../../core/errors.js';
import type { FilterNode } from '../../core/filter/ast.js';
import { parseSearchExpression } from '../../api/parse/search-expression.js';
import type { Query } from '../../api/parse/query.js';

/** Which connections a list asks for: those acting as one person, all of them, or none at all. */
export type ConnectionSelection = { authorizedBy?: string } | null;

/**
 * The connections list's selection from `authorizedBy=<userId>` and Okta's `filter=authorizedBy.userId
 * eq "<userId>"` (either, or both). Like Okta's filters, an id that names nobody selects nothing rather
 * than 404, and so do two different ids (`null`). An empty `authorizedBy=` is refused (400 E0000001): a
 * script whose variable came out empty must not be told about every connection instead. A filter on
 * anything else, with another operator, `or` or `not`, is 400 E0000031.
 */
export function connectionSelection(query: Query): ConnectionSelection {
  const ids: string[] = [];
  if (query.authorizedBy !== undefined) {
    if (query.authorizedBy.trim() === '') throw new ApiError('E0000001', { detail: 'authorizedBy', causes: ['authorizedBy: must be the id of a user'] });
    ids.push(query.authorizedBy);
  }
  if (query.filter !== undefined) {
    const ruled = parseSearchExpression(
      query.filter,
      { attributes: (a) => a === 'authorizedBy.userId', operators: (_a, op) => op === 'eq', allowNot: false },
      {
        syntax: (message) => message,
        rule: (verdict) => (verdict.reason === 'not' ? "'not' is not supported" : `'${verdict.node.attr} ${verdict.node.op}' is not supported; filter by authorizedBy.userId eq "<userId>"`),
      },
    );
    const fromFilter = idsOf(ruled);
    if (fromFilter === null) return null;
    ids.push(...fromFilter);
  }
  if (ids.length === 0) return {};
  return ids.every((id) => id === ids[0]) ? { authorizedBy: ids[0]! } : null;
}

/** The user ids a filter's `and`-joined comparisons name; null when one cannot be a user id (not a string). */
function idsOf(node: FilterNode): string[] | null {
  if (node.kind === 'and') {
    const left = idsOf(node.left);
    const right = idsOf(node.right);
    return left && right ? [...left, ...right] : null;
  }
  if (node.kind !== 'compare') throw new ApiError('E0000031', { causes: [`'${node.kind}' is not supported`] });
  return typeof node.value === 'string' ? [node.value] : null;
}
