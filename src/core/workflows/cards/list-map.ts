import { outputs, type CardSpec } from '../card.js';
import { callHelperPerItem, PER_ITEM_INPUTS, singleValue } from './helper-flow.js';

/**
 * Okta's "Map" (workflows.md §3.2 List): a list with the helper flow's Return for each item, in item order —
 * the returned value itself when the helper returns one field, else the whole returned object.
 */
export const mapCard: CardSpec = {
  type: 'list.map',
  title: 'Map',
  category: 'list',
  inputs: PER_ITEM_INPUTS,
  extensibleInputs: true,
  outputs: [{ key: 'list', type: 'list' }],
  connection: 'none',
  callsFlow: true,
  async run(inputs, ctx) {
    const returns = await callHelperPerItem(inputs, ctx, 'Map');
    return outputs({ list: returns.map(singleValue) });
  },
};
