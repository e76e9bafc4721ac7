import { outputs, type CardSpec } from '../card.js';
import { callHelperPerItem, PER_ITEM_INPUTS } from './helper-flow.js';

/**
 * Okta's "For Each" (workflows.md §3.2 List): runs the helper flow once per item, with `item`, `index` and
 * the card's other inputs, at most `concurrency` at a time; it has no outputs.
 */
export const forEachCard: CardSpec = {
  type: 'list.forEach',
  title: 'For Each',
  category: 'list',
  inputs: PER_ITEM_INPUTS,
  extensibleInputs: true,
  outputs: [],
  connection: 'none',
  callsFlow: true,
  async run(inputs, ctx) {
    await callHelperPerItem(inputs, ctx, 'For Each');
    return outputs({});
  },
};
