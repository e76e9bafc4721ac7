import { describe, expect, it } from 'vitest';
import { actsOutside } from './card.js';
import { CARDS } from './card-registry.js';

/**
 * Which cards act outside the engine decides which cost a history checkpoint (a store write) while the
 * flow runs: every card that can call the org or a URL, or run a helper flow, and no pure function card —
 * an API endpoint flow of Assign → Compose → Return must cost no write beyond its end.
 */
describe('actsOutside', () => {
  it('is true for exactly the cards with a connection (HTTP\'s optional one included) and the cards that run helper flows', () => {
    const acting = [...CARDS.values()].filter(actsOutside).map((c) => c.type).sort();
    expect(acting).toEqual(
      [
        'flow.call',
        'flow.callAsync',
        'http.request',
        'list.filter',
        'list.forEach',
        'list.map',
        'okta.activateUser',
        'okta.addUserToGroup',
        'okta.clearUserSessions',
        'okta.createUser',
        'okta.customApiAction',
        'okta.deactivateUser',
        'okta.deleteUser',
        'okta.listUsers',
        'okta.readUser',
        'okta.removeUserFromGroup',
        'okta.searchLogs',
        'okta.suspendUser',
        'okta.unsuspendUser',
        'okta.updateUser',
      ].sort(),
    );
  });

  it.each(['control.assign', 'text.compose', 'control.return', 'control.returnRaw', 'control.continueIf', 'object.construct', 'date.now'])('is false for the function card %s', (type) => {
    expect(actsOutside(CARDS.get(type)!)).toBe(false);
  });
});
