import type { CardSpec } from '../card.js';

/**
 * Okta's "Return" (workflows.md §3.2 Flow Control): ends the flow (or the enclosing container's section)
 * and hands its inputs to the caller; an API endpoint flow answers them with HTTP 200.
 */
export const returnCard: CardSpec = {
  type: 'control.return',
  title: 'Return',
  category: 'control',
  inputs: {},
  extensibleInputs: true,
  outputs: [],
  connection: 'none',
  async run(inputs) {
    return { kind: 'return', outputs: { ...inputs } };
  },
};
