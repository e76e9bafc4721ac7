import { ApiError } from '../../core/errors.js';
import { FilterSyntaxError, type FilterNode } from '../../core/filter/ast.js';
import { validateFilter, type FilterRules, type FilterValidation } from '../../core/filter/attributes.js';
import { parseFilter } from '../../core/filter/parser.js';

/** How a resource words its refusals (each keeps the text its clients already see). */
export interface ExpressionWording {
  syntax(message: string): string;
  rule(verdict: Exclude<FilterValidation, { ok: true }>): string;
}

/**
 * Parses a `search=`/`filter=` expression of the users or groups API and enforces that endpoint's rules
 * (okta-api.md §6.3, §8); any refusal is 400 E0000031 "Invalid search criteria." with one cause.
 */
export function parseSearchExpression(text: string, rules: FilterRules, wording: ExpressionWording): FilterNode {
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new ApiError('E0000031', { causes: [wording.syntax(err.message)] });
    throw err;
  }
  const verdict = validateFilter(node, rules);
  if (!verdict.ok) throw new ApiError('E0000031', { causes: [wording.rule(verdict)] });
  return node;
}
