import type { InputSpec } from '../card.js';
import { CONDITION_TYPES, evaluateCondition, type ConditionType } from '../condition.js';
import { COMPARISONS, type Comparison } from '../flow-definition.js';

/** The condition inputs Assign If, Continue If and Return Error If share: value a, comparison, value b, type. */
export const CONDITION_INPUTS: Record<'a' | 'op' | 'b' | 'type', InputSpec> = {
  a: { type: 'any' },
  op: { type: 'text', required: true, oneOf: COMPARISONS },
  b: { type: 'any' },
  type: { type: 'text', oneOf: CONDITION_TYPES },
};

/** Evaluates the card's condition; `type` is text unless given (evaluateCondition refuses unknown ops and types). */
export function conditionHolds(inputs: Record<string, unknown>): boolean {
  const type = (inputs.type ?? 'text') as ConditionType;
  return evaluateCondition(inputs.a, inputs.op as Comparison, inputs.b, type);
}
