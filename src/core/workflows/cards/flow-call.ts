import { outputs, type CardSpec } from '../card.js';
import { forwardedInputs, helperFlowId } from './helper-flow.js';

/**
 * Okta's "Call Flow" (workflows.md §3.2 Flow Control): runs the helper flow named by the card's `flowId`
 * with the card's inputs and waits; the helper's Return values are the card's outputs (declared on the
 * card with the same names as the helper's Return).
 */
export const callFlowCard: CardSpec = {
  type: 'flow.call',
  title: 'Call Flow',
  category: 'flow',
  inputs: {},
  extensibleInputs: true,
  outputs: 'declared',
  connection: 'none',
  callsFlow: true,
  async run(inputs, ctx) {
    const returned = await ctx.callFlow(helperFlowId(inputs, 'Call Flow'), forwardedInputs(inputs));
    return outputs({ ...returned });
  },
};
