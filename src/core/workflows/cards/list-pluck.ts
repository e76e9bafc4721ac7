import { CardError, outputs, type CardSpec } from '../card.js';
import { asList, asText, describe, isPlainObject } from './coerce.js';

/** Okta's List "Pluck": the value of `key` in each object of the list (null where an object lacks it). */
export const listPluckCard: CardSpec = {
  type: 'list.pluck',
  title: 'Pluck',
  category: 'list',
  inputs: { list: { type: 'list', required: true }, key: { type: 'text', required: true } },
  outputs: [{ key: 'list', type: 'list' }],
  connection: 'none',
  async run(inputs) {
    const list = asList(inputs.list, 'list');
    const key = asText(inputs.key, 'key');
    return outputs({
      list: list.map((item, index) => {
        if (!isPlainObject(item)) throw new CardError(`Input "list" must hold objects; item ${index} is ${describe(item)}`, 'INVALID_INPUT');
        return Object.hasOwn(item, key) ? item[key] : null;
      }),
    });
  },
};
