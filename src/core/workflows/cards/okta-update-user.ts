import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath, userOutputs, USER_OUTPUTS } from './okta-answer.js';

/** Okta's "Update User" card (workflows.md §5.3), through the card's connection. */
export const updateUserCard: CardSpec = {
  type: 'okta.updateUser',
  title: 'Update User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true }, profile: { type: 'object', required: true } },
  outputs: [...USER_OUTPUTS],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    // A partial update (POST): only the given profile attributes change.
    const answer = await okOrThrow(ctx, { method: 'POST', path: userPath(inputs.user), body: { profile: inputs.profile } });
    return outputs(userOutputs(answer.body));
  },
};
