import type { FilterNode } from './ast.js';

/** Binding strength, matching the parser: `not` and comparisons > `and` > `or` (okta-api.md §1.5). */
const STRENGTH: Readonly<Record<FilterNode['kind'], number>> = { or: 1, and: 2, not: 3, compare: 3 };

/**
 * Prints a filter back in canonical form: lower-case operators and keywords, JSON-quoted strings, and
 * only the parentheses the tree needs. `parseFilter(formatFilter(n))` gives `n` back (positions
 * aside), which lets a stored filter (e.g. an event hook's) be shown or re-sent as text.
 *
 * @example formatFilter(parseFilter('Status EQ "A" AND (a pr OR b pr)')) // 'Status eq "A" and (a pr or b pr)'
 */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return node.op === 'pr' ? `${node.attr} pr` : `${node.attr} ${node.op} ${JSON.stringify(node.value)}`;
    case 'not':
      return node.expr.kind === 'compare' ? `not ${formatFilter(node.expr)}` : `not (${formatFilter(node.expr)})`;
    case 'and':
    case 'or': {
      // Binary operators associate to the left, so a right operand of equal strength needs parentheses.
      const left = wrap(node.left, STRENGTH[node.left.kind] < STRENGTH[node.kind]);
      const right = wrap(node.right, STRENGTH[node.right.kind] <= STRENGTH[node.kind]);
      return `${left} ${node.kind} ${right}`;
    }
  }
}

function wrap(node: FilterNode, parenthesise: boolean): string {
  return parenthesise ? `(${formatFilter(node)})` : formatFilter(node);
}
