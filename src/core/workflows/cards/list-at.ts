import { CardError, outputs, type CardSpec } from '../card.js';
import { asList, asNumber } from './coerce.js';

/** Okta's List "At": the item at `index`, counting from 0; a negative index counts from the end (-1 is the last). */
export const listAtCard: CardSpec = {
  type: 'list.at',
  title: 'At',
  category: 'list',
  inputs: { list: { type: 'list', required: true }, index: { type: 'number', required: true } },
  // The item may be of any type; FieldDef has no "any".
  outputs: [{ key: 'item', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    const list = asList(inputs.list, 'list');
    const index = asNumber(inputs.index, 'index');
    if (!Number.isInteger(index)) throw new CardError(`Input "index" must be a whole number; got ${index}`, 'INVALID_INPUT');
    const at = index < 0 ? list.length + index : index;
    if (at < 0 || at >= list.length) {
      throw new CardError(`Input "index" ${index} is out of range for a list of ${list.length} (use 0 to ${list.length - 1}, or -1 to -${list.length} from the end)`, 'INVALID_INPUT');
    }
    return outputs({ item: list[at] ?? null });
  },
};
