import { outputs, type CardSpec } from '../card.js';

/** Okta's Date & Time "Now": the execution's clock, as ISO-8601 UTC. */
export const dateNowCard: CardSpec = {
  type: 'date.now',
  title: 'Now',
  category: 'date',
  inputs: {},
  outputs: [{ key: 'date', type: 'datetime' }],
  connection: 'none',
  async run(_, ctx) {
    return outputs({ date: ctx.now().toISOString() });
  },
};
