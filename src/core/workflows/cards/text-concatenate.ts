import { outputs, type CardSpec } from '../card.js';
import { toText } from './coerce.js';

/** Okta's "Concatenate" (workflows.md §3.2 Text): the inputs joined in the order they are written, no separator. */
export const concatenateCard: CardSpec = {
  type: 'text.concatenate',
  title: 'Concatenate',
  category: 'text',
  inputs: {},
  extensibleInputs: true,
  outputs: [{ key: 'output', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    return outputs({ output: Object.values(inputs).map(toText).join('') });
  },
};
