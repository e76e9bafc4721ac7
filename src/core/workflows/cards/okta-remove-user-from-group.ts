import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, idPart } from './okta-answer.js';

/** Okta's "Remove User from Group" card (workflows.md §5.3), through the card's connection. */
export const removeUserFromGroupCard: CardSpec = {
  type: 'okta.removeUserFromGroup',
  title: 'Remove User from Group',
  category: 'okta',
  inputs: { groupId: { type: 'text', required: true }, userId: { type: 'text', required: true } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.groups.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'DELETE', path: `/api/v1/groups/${idPart(inputs.groupId, 'The group ID')}/users/${idPart(inputs.userId, 'The user ID')}` });
    return outputs({ statusCode: answer.status });
  },
};
