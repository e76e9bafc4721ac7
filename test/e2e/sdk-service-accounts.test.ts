import { describe, expect, it } from 'vitest';
import { all, expectOktaError, sdkSuite, tracedFailure, unique, type OktaClient } from '../support/okta-client.js';
import { call, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * Keyflow's `keyflowServiceAccount` profile attribute (docs/compatibility.md): a boolean custom attribute
 * that round-trips through create, partial update and replace, is searchable, and refuses non-booleans
 * the way Okta refuses a value of the wrong type. Through the Okta Node SDK, on every store kind.
 */
const kinds = await storeKinds();

function profile(tag: string, extra: Record<string, unknown> = {}) {
  const login = `${tag.toLowerCase()}@example.com`;
  return { login, email: login, firstName: 'Workflows', lastName: tag, ...extra };
}

describe.each(kinds)('the keyflowServiceAccount profile flag (%s store)', (kind) => {
  let org: TestOrg;
  let client: OktaClient;

  sdkSuite(kind, (o, c) => {
    org = o;
    client = c;
  });

  it('round-trips true through create, partial update and replace, and is absent unless set', async () => {
    const tag = unique('Svc');
    const created = await client.userApi.createUser({ body: { profile: profile(tag, { keyflowServiceAccount: true }) }, activate: false });
    expect(created.profile?.keyflowServiceAccount).toBe(true);
    const stored = await call(org, 'GET', `/api/v1/users/${created.id}`);
    expect(stored.body.profile.keyflowServiceAccount).toBe(true);

    // A partial update that does not name it keeps it.
    const renamed = await client.userApi.updateUser({ userId: created.id!, user: { profile: { title: 'Robot' } } });
    expect(renamed.profile).toMatchObject({ keyflowServiceAccount: true, title: 'Robot' });

    const unmarked = await client.userApi.updateUser({ userId: created.id!, user: { profile: { keyflowServiceAccount: false } } });
    expect(unmarked.profile?.keyflowServiceAccount).toBe(false);

    // PUT replaces the profile: without the flag, it is gone.
    const replaced = await client.userApi.replaceUser({ userId: created.id!, user: { profile: profile(tag) } });
    expect(replaced.profile).not.toHaveProperty('keyflowServiceAccount');
    expect((await call(org, 'GET', `/api/v1/users/${created.id}`)).body.profile).not.toHaveProperty('keyflowServiceAccount');

    const person = await client.userApi.createUser({ body: { profile: profile(unique('Person')) }, activate: false });
    expect(person.profile).not.toHaveProperty('keyflowServiceAccount');
  });

  it('finds service accounts with search=profile.keyflowServiceAccount eq true, and the unmarked ones with eq false', async () => {
    const tag = unique('Find');
    const svc = await client.userApi.createUser({ body: { profile: profile(`${tag}-svc`, { keyflowServiceAccount: true }) }, activate: false });
    const off = await client.userApi.createUser({ body: { profile: profile(`${tag}-off`, { keyflowServiceAccount: false }) }, activate: false });
    const plain = await client.userApi.createUser({ body: { profile: profile(`${tag}-plain`) }, activate: false });

    const marked = await all(client.userApi.listUsers({ search: 'profile.keyflowServiceAccount eq true' }));
    const markedIds = marked.map((u) => u.id);
    expect(markedIds).toContain(svc.id);
    expect(markedIds).not.toContain(off.id);
    expect(markedIds).not.toContain(plain.id);
    expect(marked.every((u) => u.profile?.keyflowServiceAccount === true)).toBe(true);

    // `eq false` finds the users marked false; one without the attribute has no value to compare.
    const unmarked = (await all(client.userApi.listUsers({ search: 'profile.keyflowServiceAccount eq false' }))).map((u) => u.id);
    expect(unmarked).toContain(off.id);
    expect(unmarked).not.toContain(svc.id);
    expect(unmarked).not.toContain(plain.id);
  });

  it('refuses a value that is not a boolean with 400 E0000001 naming the attribute, changing nothing', async () => {
    const tag = unique('Bad');
    const { error } = await tracedFailure(client, () =>
      client.userApi.createUser({ body: { profile: profile(tag, { keyflowServiceAccount: 'true' }) }, activate: false }),
    );
    expectOktaError(error, 400, 'E0000001', 'Api validation failed: keyflowServiceAccount', ['keyflowServiceAccount: Does not match required type: Boolean']);
    const found = await call(org, 'GET', `/api/v1/users/${encodeURIComponent(profile(tag).login)}`);
    expect(found.status).toBe(404);

    const user = await client.userApi.createUser({ body: { profile: profile(unique('Keep'), { keyflowServiceAccount: true }) }, activate: false });
    const update = await call(org, 'POST', `/api/v1/users/${user.id}`, { body: { profile: { keyflowServiceAccount: 1 } } });
    expect(update.status).toBe(400);
    expect(update.body.errorCauses).toEqual([{ errorSummary: 'keyflowServiceAccount: Does not match required type: Boolean' }]);
    expect((await call(org, 'GET', `/api/v1/users/${user.id}`)).body.profile.keyflowServiceAccount).toBe(true);
  });
});
