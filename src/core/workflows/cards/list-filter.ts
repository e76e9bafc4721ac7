import { CardError, outputs, type CardSpec } from '../card.js';
import { asList } from './coerce.js';
import { callHelperPerItem, PER_ITEM_INPUTS } from './helper-flow.js';

/**
 * Okta's "Filter" (workflows.md §3.2 List): the items for which the helper flow returns a truthy value, in
 * item order. The helper returns exactly one field: an empty or several-field Return has no single value to
 * test, and reading it as an always-true object would keep every item without a word.
 */
export const filterCard: CardSpec = {
  type: 'list.filter',
  title: 'Filter',
  category: 'list',
  inputs: PER_ITEM_INPUTS,
  extensibleInputs: true,
  outputs: [{ key: 'list', type: 'list' }],
  connection: 'none',
  callsFlow: true,
  async run(inputs, ctx) {
    const returns = await callHelperPerItem(inputs, ctx, 'Filter');
    const list = asList(inputs.list, 'list');
    return outputs({
      list: list.filter((_, index) => {
        const returned = returns[index]!;
        const keys = Object.keys(returned);
        if (keys.length !== 1) throw new CardError(`Filter: the helper flow must return exactly one value; for item ${index} it returned ${keys.length}`, 'INVALID_INPUT');
        return Boolean(returned[keys[0]!]);
      }),
    });
  },
};
