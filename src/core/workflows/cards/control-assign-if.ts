import { outputs, type CardSpec } from '../card.js';
import { CONDITION_INPUTS, conditionHolds } from './condition-inputs.js';

/** Okta's "Assign If" (workflows.md §3.2 Branching): one output, `valueIfTrue` or `valueIfFalse`, no sub-cards. */
export const assignIfCard: CardSpec = {
  type: 'control.assignIf',
  title: 'Assign If',
  category: 'control',
  inputs: { ...CONDITION_INPUTS, valueIfTrue: { type: 'any' }, valueIfFalse: { type: 'any' } },
  // The value may be of any type; FieldDef has no "any", and Okta's card defaults its output to Text.
  outputs: [{ key: 'output', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    return outputs({ output: (conditionHolds(inputs) ? inputs.valueIfTrue : inputs.valueIfFalse) ?? null });
  },
};
