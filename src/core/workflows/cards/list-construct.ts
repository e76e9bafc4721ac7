import { outputs, type CardSpec } from '../card.js';

/** Okta's List "Construct": a list of the card's inputs' values, in the order the inputs are written. */
export const listConstructCard: CardSpec = {
  type: 'list.construct',
  title: 'Construct',
  category: 'list',
  inputs: {},
  extensibleInputs: true,
  outputs: [{ key: 'list', type: 'list' }],
  connection: 'none',
  async run(inputs) {
    return outputs({ list: Object.values(inputs) });
  },
};
