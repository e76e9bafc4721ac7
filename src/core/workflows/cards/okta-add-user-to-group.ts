import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, idPart } from './okta-answer.js';

/** Okta's "Add User to Group" card (workflows.md §5.3), through the card's connection. */
export const addUserToGroupCard: CardSpec = {
  type: 'okta.addUserToGroup',
  title: 'Add User to Group',
  category: 'okta',
  inputs: { groupId: { type: 'text', required: true }, userId: { type: 'text', required: true } },
  outputs: [{ key: 'statusCode', type: 'number' }],
  requiredScopes: ['okta.groups.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const answer = await okOrThrow(ctx, { method: 'PUT', path: `/api/v1/groups/${idPart(inputs.groupId, 'The group ID')}/users/${idPart(inputs.userId, 'The user ID')}` });
    return outputs({ statusCode: answer.status });
  },
};
