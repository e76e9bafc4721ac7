import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userPath } from './okta-answer.js';

/** Okta's "Clear User Sessions" card (workflows.md §5.3), through the card's connection. */
export const clearUserSessionsCard: CardSpec = {
  type: 'okta.clearUserSessions',
  title: 'Clear User Sessions',
  category: 'okta',
  inputs: { userId: { type: 'text', required: true }, revokeOAuthTokens: { type: 'boolean' } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'DELETE', path: userPath(inputs.userId, '/sessions'), query: { oauthTokens: String(inputs.revokeOAuthTokens === true) } });
    return outputs({ statusCode: answer.status });
  },
};
