import { outputs, type CardSpec } from '../card.js';
import { asList, asText, toText } from './coerce.js';

/** Okta's "List to Text": the items joined by `separator` (`,` by default); objects as JSON, nulls as nothing. */
export const listToTextCard: CardSpec = {
  type: 'list.toText',
  title: 'List to Text',
  category: 'list',
  inputs: { list: { type: 'list', required: true }, separator: { type: 'text' } },
  outputs: [{ key: 'text', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    const separator = inputs.separator === null || inputs.separator === undefined ? ',' : asText(inputs.separator, 'separator');
    return outputs({ text: asList(inputs.list, 'list').map(toText).join(separator) });
  },
};
