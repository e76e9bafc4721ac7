import { outputs, type CardSpec } from '../card.js';
import { asText } from './coerce.js';
import { CONDITION_INPUTS, conditionHolds } from './condition-inputs.js';

export const CONTINUE_IF_DEFAULT_MESSAGE = 'Continue If condition was false';

/**
 * Okta's "Continue If" (workflows.md §3.2, §7.3): when the condition is false the flow stops without an
 * error (HALTED), with the optional message; inside a container it ends only the container's section.
 */
export const continueIfCard: CardSpec = {
  type: 'control.continueIf',
  title: 'Continue If',
  category: 'control',
  inputs: { ...CONDITION_INPUTS, message: { type: 'text' } },
  outputs: [],
  connection: 'none',
  async run(inputs) {
    if (conditionHolds(inputs)) return outputs({});
    const message = inputs.message === null || inputs.message === undefined || inputs.message === '' ? CONTINUE_IF_DEFAULT_MESSAGE : asText(inputs.message, 'message');
    return { kind: 'halt', message };
  },
};
