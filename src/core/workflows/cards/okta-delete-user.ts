import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath } from './okta-answer.js';

/** Okta's "Delete User" card (workflows.md §5.3), through the card's connection. */
export const deleteUserCard: CardSpec = {
  type: 'okta.deleteUser',
  title: 'Delete User',
  category: 'okta',
  inputs: { user: { type: 'text', required: true }, sendEmail: { type: 'boolean' } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    // Okta's two-step delete (workflows.md §5.3): an active user is only deactivated; a second call deletes.
    const answer = await okOrThrow(ctx, { method: 'DELETE', path: userPath(inputs.user), query: { sendEmail: String(inputs.sendEmail === true) } });
    return outputs({ statusCode: answer.status });
  },
};
