import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath } from './okta-answer.js';

/** Okta's "Deactivate User" card (workflows.md §5.3), through the card's connection. */
export const deactivateUserCard: CardSpec = {
  type: 'okta.deactivateUser',
  title: 'Deactivate User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true }, sendEmail: { type: 'boolean' } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'POST', path: userPath(inputs.user, '/lifecycle/deactivate'), query: { sendEmail: String(inputs.sendEmail === true) } });
    return outputs({ statusCode: answer.status });
  },
};
