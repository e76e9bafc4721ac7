import type { AttributeOperator, CompareNode, FilterNode } from './ast.js';

/**
 * Per-endpoint limits on a parsed filter. Each endpoint allows a different subset of the shared
 * grammar (okta-api.md §1.5): users `filter=` only `eq` on a few attributes plus `gt/ge/lt/le` on
 * `lastUpdated` and no `not` (§6.3); groups `filter=` only `id, type, lastUpdated,
 * lastMembershipUpdated` (§8); the System Log any LogEvent path but not `published` (§2.4).
 */
export interface FilterRules {
  /** Whether the attribute may appear at all. */
  attributes: (attr: string) => boolean;
  /** Whether the operator may be used with this (already allowed) attribute. */
  operators: (attr: string, op: AttributeOperator) => boolean;
  /** Whether the `not` keyword is accepted. */
  allowNot: boolean;
}

/** The outcome of {@link validateFilter}: the first offending node, so the caller can word Okta's error. */
export type FilterValidation =
  | { ok: true }
  | { ok: false; reason: 'attribute' | 'operator'; node: CompareNode }
  | { ok: false; reason: 'not'; node: Extract<FilterNode, { kind: 'not' }> };

/**
 * The comparisons of a filter in source order (left to right).
 *
 * @example collectCompares(parseFilter('a eq 1 or not b pr')).map((c) => c.attr) // ['a', 'b']
 */
export function collectCompares(node: FilterNode): CompareNode[] {
  switch (node.kind) {
    case 'compare':
      return [node];
    case 'not':
      return collectCompares(node.expr);
    case 'and':
    case 'or':
      return [...collectCompares(node.left), ...collectCompares(node.right)];
  }
}

/**
 * Checks a parsed filter against an endpoint's {@link FilterRules} and reports the first violation in
 * source order: a `not` is reported before the comparison it wraps, and an unknown attribute before
 * its operator. Services turn the result into Okta's error (e.g. `E0000053` "field is not valid",
 * okta-api.md §2.4), so this function only says what is wrong, not how to word it.
 */
export function validateFilter(node: FilterNode, rules: FilterRules): FilterValidation {
  switch (node.kind) {
    case 'compare':
      if (!rules.attributes(node.attr)) return { ok: false, reason: 'attribute', node };
      if (!rules.operators(node.attr, node.op)) return { ok: false, reason: 'operator', node };
      return { ok: true };
    case 'not':
      if (!rules.allowNot) return { ok: false, reason: 'not', node };
      return validateFilter(node.expr, rules);
    case 'and':
    case 'or': {
      const left = validateFilter(node.left, rules);
      return left.ok ? validateFilter(node.right, rules) : left;
    }
  }
}
