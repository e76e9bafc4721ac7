import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath } from './okta-answer.js';

/** Okta's "Suspend User" card (workflows.md §5.3), through the card's connection. */
export const suspendUserCard: CardSpec = {
  type: 'okta.suspendUser',
  title: 'Suspend User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'POST', path: userPath(inputs.user, '/lifecycle/suspend') });
    return outputs({ statusCode: answer.status });
  },
};
