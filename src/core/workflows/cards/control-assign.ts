import { outputs, type CardSpec } from '../card.js';

/** Okta's "Assign" (workflows.md §3.2 Flow Control): a "variable" card whose outputs are its inputs, key for key. */
export const assignCard: CardSpec = {
  type: 'control.assign',
  title: 'Assign',
  category: 'control',
  inputs: {},
  extensibleInputs: true,
  outputs: 'declared',
  connection: 'none',
  async run(inputs) {
    return outputs({ ...inputs });
  },
};
