import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath } from './okta-answer.js';

/** Okta's "Activate User" card (workflows.md §5.3), through the card's connection. */
export const activateUserCard: CardSpec = {
  type: 'okta.activateUser',
  title: 'Activate User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true }, sendEmail: { type: 'boolean' } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.users.read', 'okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'POST', path: userPath(inputs.user, '/lifecycle/activate'), query: { sendEmail: String(inputs.sendEmail === true) } });
    return outputs({ statusCode: answer.status });
  },
};
