import { outputs, type CardSpec } from '../card.js';
import { forwardedInputs, helperFlowId } from './helper-flow.js';

/** Okta's "Call Flow Async" (workflows.md §3.2 Flow Control): starts the helper flow without waiting for it. */
export const callFlowAsyncCard: CardSpec = {
  type: 'flow.callAsync',
  title: 'Call Flow Async',
  category: 'flow',
  inputs: {},
  extensibleInputs: true,
  outputs: [{ key: 'executionId', type: 'text' }],
  connection: 'none',
  callsFlow: true,
  async run(inputs, ctx) {
    const executionId = await ctx.startFlow(helperFlowId(inputs, 'Call Flow Async'), forwardedInputs(inputs));
    return outputs({ executionId });
  },
};
