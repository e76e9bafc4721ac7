import { outputs, type CardSpec } from '../card.js';

/** Okta's Object "Construct": an object whose keys and values are the card's inputs. */
export const objectConstructCard: CardSpec = {
  type: 'object.construct',
  title: 'Construct',
  category: 'object',
  inputs: {},
  extensibleInputs: true,
  outputs: [{ key: 'object', type: 'object' }],
  connection: 'none',
  async run(inputs) {
    return outputs({ object: { ...inputs } });
  },
};
