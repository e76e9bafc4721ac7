/**
 * The abstract syntax of Okta's filter and search expressions (okta-api.md §1.5, §2.4), shared by
 * `search=`/`filter=` on users and groups and `filter=` on the System Log. Positions are 0-based
 * character offsets into the expression, because Okta's error messages quote them.
 */
export const ATTRIBUTE_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr'] as const;
export type AttributeOperator = (typeof ATTRIBUTE_OPERATORS)[number];

export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode; pos: number }
  | {
      kind: 'compare';
      /** Dotted attribute path exactly as written, e.g. `profile.lastName`, `target.id`. */
      attr: string;
      /** Lower-cased operator. */
      op: AttributeOperator;
      /** null for `pr`. */
      value: FilterValue;
      /** Offset of the attribute name. */
      pos: number;
      /** Offset of the operator. */
      opPos: number;
    };

/** A syntax error, with Okta's wording, at a position in the expression. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

/** One `attribute operator [value]` term: the leaves of a {@link FilterNode} tree. */
export type CompareNode = Extract<FilterNode, { kind: 'compare' }>;
