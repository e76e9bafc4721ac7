import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath, userOutputs, USER_OUTPUTS } from './okta-answer.js';

/** Okta's "Read User" card (workflows.md §5.3), through the card's connection. */
export const readUserCard: CardSpec = {
  type: 'okta.readUser',
  title: 'Read User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true } },
  outputs: [...USER_OUTPUTS],
  requiredScopes: ['okta.users.read'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'GET', path: userPath(inputs.user) });
    return outputs(userOutputs(answer.body));
  },
};
