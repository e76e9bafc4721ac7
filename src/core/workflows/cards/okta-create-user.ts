import { outputs, type CardSpec } from '../card.js';
import { okOrThrow, userOutputs, USER_OUTPUTS } from './okta-answer.js';

/** Okta's "Create User" card (workflows.md §5.3), through the card's connection. */
export const createUserCard: CardSpec = {
  type: 'okta.createUser',
  title: 'Create User',
  category: 'okta',
  inputs: { profile: { type: 'object', required: true }, password: { type: 'text' }, activate: { type: 'boolean' }, groupIds: { type: 'list' } },
  outputs: [...USER_OUTPUTS],
  requiredScopes: ['okta.users.manage'],
  connection: 'required',
  async run(inputs, ctx) {
    const body: Record<string, unknown> = { profile: inputs.profile };
    if (typeof inputs.password === 'string' && inputs.password !== '') body.credentials = { password: { value: inputs.password } };
    if (Array.isArray(inputs.groupIds) && inputs.groupIds.length > 0) body.groupIds = inputs.groupIds;
    const activate = inputs.activate === undefined ? true : Boolean(inputs.activate);
    const answer = await okOrThrow(ctx, { method: 'POST', path: '/api/v1/users', query: { activate: String(activate) }, body });
    return outputs(userOutputs(answer.body));
  },
};
