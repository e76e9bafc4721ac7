import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath } from './okta-answer.js';

/** Okta's "Unsuspend User" card (workflows.md §5.3), through the card's connection. */
export const unsuspendUserCard: CardSpec = {
  type: 'okta.unsuspendUser',
  title: 'Unsuspend User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'POST', path: userPath(inputs.user, '/lifecycle/unsuspend') });
    return outputs({ statusCode: answer.status });
  },
};
