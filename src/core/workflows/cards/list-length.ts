import { outputs, type CardSpec } from '../card.js';
import { asList } from './coerce.js';

/** Okta's List "Length": how many items the list has. */
export const listLengthCard: CardSpec = {
  type: 'list.length',
  title: 'Length',
  category: 'list',
  inputs: { list: { type: 'list', required: true } },
  outputs: [{ key: 'length', type: 'number' }],
  connection: 'none',
  async run(inputs) {
    return outputs({ length: asList(inputs.list, 'list').length });
  },
};
