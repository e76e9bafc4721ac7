import { outputs, type CardSpec } from '../card.js';
import { CONDITION_INPUTS, conditionHolds } from './condition-inputs.js';
import { ERROR_INPUTS, requestedError } from './control-return-error.js';

/** Okta's "Return Error If" (workflows.md §3.2, §7.3): Return Error when the condition is true. */
export const returnErrorIfCard: CardSpec = {
  type: 'control.returnErrorIf',
  title: 'Return Error If',
  category: 'control',
  inputs: { ...CONDITION_INPUTS, ...ERROR_INPUTS },
  outputs: [],
  connection: 'none',
  async run(inputs) {
    if (conditionHolds(inputs)) throw requestedError(inputs);
    return outputs({});
  },
};
