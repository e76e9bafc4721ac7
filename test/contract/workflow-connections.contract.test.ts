import { expect, it } from 'vitest';
import type { ConnectionChanges } from '../../src/core/ports/store.js';
import type { ConnectionRecord, PendingAuthorization } from '../../src/core/workflows/connection.js';
import { at, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

const connectionId = (n: number) => `wfc${String(n).padStart(17, '0')}`;

/** A connection as created: PENDING, nobody's consent yet, every optional field null. */
function connection(n: number, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: connectionId(n),
    connector: 'okta',
    nickname: `Connection ${n}`,
    orgUrl: 'https://keyflow.example.com',
    clientId: '0oa00000000000000001',
    clientSecretSealed: null,
    scopes: ['okta.users.read'],
    grantedScopes: [],
    authorizedBy: null,
    authorizedAt: null,
    status: 'PENDING',
    statusReason: null,
    lastError: null,
    lastUsedAt: null,
    tokensSealed: null,
    createdBy: userId(100),
    created: at(n),
    lastUpdated: at(n),
    ...overrides,
  };
}

const authorizedBy = (n: number) => ({ userId: userId(n), login: `user${n}@example.com`, displayName: `Ärger "${n}"` });

/** Every field set, the nested objects included. */
const populated = (n: number): ConnectionRecord =>
  connection(n, {
    nickname: 'Prod — “admin”',
    orgUrl: 'https://other.example.com',
    clientId: '0oa00000000000000009',
    clientSecretSealed: 'v1.secret',
    scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.manage'],
    grantedScopes: ['okta.users.read', 'okta.groups.manage'],
    authorizedBy: authorizedBy(1),
    authorizedAt: at(10),
    status: 'ERROR',
    statusReason: 'The org no longer accepts this connection’s tokens.',
    lastError: { status: 400, errorCode: 'invalid_grant', errorSummary: 'The refresh token is invalid or expired.', at: at(20) },
    lastUsedAt: at(19),
    tokensSealed: 'v1.tokens',
    lastUpdated: at(20),
  });

function pending(state: string, n: number, overrides: Partial<PendingAuthorization> = {}): PendingAuthorization {
  return {
    stateHash: state,
    connectionId: connectionId(n),
    codeVerifierSealed: `v1.verifier-${state}`,
    requestedBy: userId(100),
    purpose: 'create',
    expiresAt: at(10),
    ...overrides,
  };
}

forEachStore('workflow connections', (store) => {
  it('inserts a fully populated connection and reads every field back unchanged', async () => {
    const c = populated(1);
    await store().workflowConnections.insert(c);
    expect(await store().workflowConnections.findById(c.id)).toEqual(c);
    expect(await store().workflowConnections.findById(connectionId(404))).toBeUndefined();
  });

  it('reads a connection with every optional field null back unchanged, nulls included', async () => {
    const c = connection(1, { scopes: [] });
    await store().workflowConnections.insert(c);
    const found = await store().workflowConnections.findById(c.id);
    expect(found).toEqual(c);
    expect(found?.authorizedBy).toBeNull();
    expect(found?.lastError).toBeNull();
  });

  it('updateIf writes every changeable field, in both directions between null and set, and is false for an unknown id', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1));
    const full = populated(1);
    const changeable = (c: ConnectionRecord): ConnectionChanges => ({
      nickname: c.nickname,
      grantedScopes: c.grantedScopes,
      authorizedBy: c.authorizedBy,
      authorizedAt: c.authorizedAt,
      status: c.status,
      statusReason: c.statusReason,
      lastError: c.lastError,
      tokensSealed: c.tokensSealed,
      lastUpdated: c.lastUpdated,
    });
    expect(await connections.updateIf(connectionId(1), {}, changeable(full))).toBe(true);
    // Set once at insert, never by updateIf: org, client, scopes asked for, creator, lastUsedAt (recordUse's).
    const expected = { ...full, orgUrl: 'https://keyflow.example.com', clientId: '0oa00000000000000001', clientSecretSealed: null, scopes: ['okta.users.read'], lastUsedAt: null };
    expect(await connections.findById(connectionId(1))).toEqual(expected);
    const cleared = connection(1, { nickname: 'Renamed', status: 'REVOKED', lastUpdated: at(30) });
    expect(await connections.updateIf(connectionId(1), {}, changeable(cleared))).toBe(true);
    expect(await connections.findById(connectionId(1))).toEqual(cleared);
    expect(await connections.updateIf(connectionId(2), {}, { nickname: 'x' })).toBe(false);
    expect(await connections.findById(connectionId(2))).toBeUndefined();
  });

  it('updateIf touches only the fields it is given', async () => {
    const connections = store().workflowConnections;
    await connections.insert(populated(1));
    expect(await connections.updateIf(connectionId(1), {}, { nickname: 'Renamed', lastUpdated: at(40) })).toBe(true);
    expect(await connections.findById(connectionId(1))).toEqual({ ...populated(1), nickname: 'Renamed', lastUpdated: at(40) });
  });

  it('updateIf writes only while the stored status and tokens are the expected ones', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1, { status: 'ACTIVE', tokensSealed: 'v1.t1' }));
    const id = connectionId(1);
    expect(await connections.updateIf(id, { status: ['ERROR'] }, { nickname: 'no' })).toBe(false);
    expect(await connections.updateIf(id, { tokensSealed: 'v1.t0' }, { nickname: 'no' })).toBe(false);
    expect(await connections.updateIf(id, { tokensSealed: null }, { nickname: 'no' })).toBe(false);
    expect(await connections.updateIf(id, { status: ['ACTIVE'], tokensSealed: 'v1.t0' }, { nickname: 'no' })).toBe(false);
    expect((await connections.findById(id))?.nickname).toBe('Connection 1');
    expect(await connections.updateIf(id, { status: ['PENDING', 'ACTIVE'], tokensSealed: 'v1.t1' }, { nickname: 'yes', tokensSealed: null })).toBe(true);
    expect(await connections.updateIf(id, { tokensSealed: null }, { nickname: 'again' })).toBe(true);
    expect(await connections.findById(id)).toMatchObject({ nickname: 'again', tokensSealed: null });
  });

  it('recordUse moves lastUsedAt forward only, and touches nothing else', async () => {
    const connections = store().workflowConnections;
    await connections.insert(populated(1));
    await connections.recordUse(connectionId(1), at(25));
    expect(await connections.findById(connectionId(1))).toEqual({ ...populated(1), lastUsedAt: at(25) });
    await connections.recordUse(connectionId(1), at(22));
    expect((await connections.findById(connectionId(1)))?.lastUsedAt).toBe(at(25));
    await connections.insert(connection(2));
    await connections.recordUse(connectionId(2), at(3));
    expect((await connections.findById(connectionId(2)))?.lastUsedAt).toBe(at(3));
    await connections.recordUse(connectionId(404), at(3));
  });

  // The writes WorkflowConnectionsService makes, interleaved as concurrent callers would: each reads the
  // row, talks to the org, then writes. Before these were column-scoped and conditional, a late writer
  // rewrote every column from its stale read.
  const ACTIVE_T1 = () => connection(1, { status: 'ACTIVE', authorizedBy: authorizedBy(1), authorizedAt: at(1), tokensSealed: 'v1.t1', lastUsedAt: at(1) });
  const failure = { status: 401, errorCode: 'E0000011', errorSummary: 'Invalid token provided', at: at(5) };
  /** failed(): ACTIVE → ERROR, only from the status it read and for the tokens that failed. */
  const fail = (tokens: string) => store().workflowConnections.updateIf(connectionId(1), { status: ['ACTIVE'], tokensSealed: tokens }, { status: 'ERROR', statusReason: 'refused', lastError: failure, lastUpdated: at(5) });
  /** refreshed(): new tokens only over the tokens it refreshed. */
  const refresh = (from: string, to: string) => store().workflowConnections.updateIf(connectionId(1), { tokensSealed: from }, { tokensSealed: to, lastUpdated: at(6) });

  it('a stale used() after failed() cannot bring the connection back to ACTIVE', async () => {
    const connections = store().workflowConnections;
    await connections.insert(ACTIVE_T1());
    const seenByCaller = await connections.findById(connectionId(1)); // a call succeeds with this…
    expect(await fail('v1.t1')).toBe(true); // …while another call is refused
    await connections.recordUse(connectionId(1), at(61)); // the first caller's used(), from its stale read
    expect(seenByCaller?.status).toBe('ACTIVE');
    expect(await connections.findById(connectionId(1))).toEqual({ ...ACTIVE_T1(), status: 'ERROR', statusReason: 'refused', lastError: failure, lastUpdated: at(5), lastUsedAt: at(61) });
  });

  it('a stale refreshed() after failed() keeps the ERROR and its error; a failure reported twice turns ERROR once', async () => {
    const connections = store().workflowConnections;
    await connections.insert(ACTIVE_T1());
    expect(await fail('v1.t1')).toBe(true);
    expect(await refresh('v1.t1', 'v1.t2')).toBe(true); // the tokens move on, the status does not
    expect(await connections.findById(connectionId(1))).toMatchObject({ status: 'ERROR', lastError: failure, tokensSealed: 'v1.t2' });
    expect(await fail('v1.t2')).toBe(false); // already ERROR: no second event, no second notice
  });

  it('a stale refreshed() cannot overwrite newer tokens from a consent, a revocation or another refresh', async () => {
    const connections = store().workflowConnections;
    await connections.insert(ACTIVE_T1());
    // A refresher read t1; meanwhile someone else consents: t9, acting as person 2.
    expect(await connections.updateIf(connectionId(1), {}, { authorizedBy: authorizedBy(2), tokensSealed: 'v1.t9', lastUpdated: at(4) })).toBe(true);
    expect(await refresh('v1.t1', 'v1.t2')).toBe(false);
    expect(await connections.findById(connectionId(1))).toMatchObject({ tokensSealed: 'v1.t9', authorizedBy: authorizedBy(2) });
    // …nor bring back tokens an admin revoked.
    expect(await connections.updateIf(connectionId(1), {}, { status: 'REVOKED', tokensSealed: null, lastUpdated: at(7) })).toBe(true);
    expect(await refresh('v1.t9', 'v1.t3')).toBe(false);
    expect(await connections.findById(connectionId(1))).toMatchObject({ status: 'REVOKED', tokensSealed: null });
  });

  it('a failure of tokens a new consent replaced does not turn the new consent ERROR', async () => {
    const connections = store().workflowConnections;
    await connections.insert(ACTIVE_T1());
    expect(await connections.updateIf(connectionId(1), {}, { authorizedBy: authorizedBy(2), tokensSealed: 'v1.t9', lastUpdated: at(4) })).toBe(true);
    expect(await fail('v1.t1')).toBe(false);
    expect(await connections.findById(connectionId(1))).toMatchObject({ status: 'ACTIVE', lastError: null, tokensSealed: 'v1.t9' });
  });

  it('of many concurrent failures exactly one turns the connection ERROR; of many concurrent refreshes of one token exactly one is stored', async () => {
    await store().workflowConnections.insert(ACTIVE_T1());
    const failures = await Promise.all(Array.from({ length: 8 }, () => fail('v1.t1')));
    expect(failures.filter(Boolean)).toHaveLength(1);
    const refreshes = await Promise.all(Array.from({ length: 8 }, (_, i) => refresh('v1.t1', `v1.t1-${i}`)));
    expect(refreshes.filter(Boolean)).toHaveLength(1);
    expect((await store().workflowConnections.findById(connectionId(1)))?.tokensSealed).toBe(`v1.t1-${refreshes.indexOf(true)}`);
  });

  it('delete removes the connection and its pending authorizations, and is false when there was none', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1));
    await connections.insert(connection(2));
    await connections.insertAuthorization(pending('state-a', 1));
    await connections.insertAuthorization(pending('state-b', 1, { purpose: 'reauthorize' }));
    await connections.insertAuthorization(pending('state-c', 2));
    expect(await connections.delete(connectionId(1))).toBe(true);
    expect(await connections.delete(connectionId(1))).toBe(false);
    expect(await connections.findById(connectionId(1))).toBeUndefined();
    expect(await connections.takeAuthorization('state-a', at(0))).toBeUndefined();
    expect(await connections.takeAuthorization('state-b', at(0))).toBeUndefined();
    expect(await connections.takeAuthorization('state-c', at(0))).toEqual(pending('state-c', 2));
    expect(await connections.findById(connectionId(2))).toEqual(connection(2));
  });

  it('lists in id order, a page at a time, the cursor being the last id of the page', async () => {
    const connections = store().workflowConnections;
    for (const n of [3, 1, 5, 2, 4]) await connections.insert(connection(n));
    const first = await connections.list({ limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([connectionId(1), connectionId(2)]);
    expect(first.next).toBe(connectionId(2));
    const second = await connections.list({ limit: 2, after: first.next! });
    expect(second.items.map((c) => c.id)).toEqual([connectionId(3), connectionId(4)]);
    const last = await connections.list({ limit: 2, after: second.next! });
    expect(last).toEqual({ items: [connection(5)], next: null });
    expect(await connections.list({ limit: 5 })).toMatchObject({ next: null });
    expect((await connections.list({ limit: 10 })).items).toHaveLength(5);
  });

  it('lists only the connections acting as a given person, following reauthorization by someone else', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1, { authorizedBy: authorizedBy(7) }));
    await connections.insert(connection(2, { authorizedBy: authorizedBy(8) }));
    await connections.insert(connection(3));
    await connections.insert(connection(4, { authorizedBy: authorizedBy(7) }));
    await connections.insert(connection(5, { authorizedBy: authorizedBy(7) }));
    const page = await connections.list({ authorizedBy: userId(7), limit: 2 });
    expect(page.items.map((c) => c.id)).toEqual([connectionId(1), connectionId(4)]);
    expect(page.next).toBe(connectionId(4));
    expect(await connections.list({ authorizedBy: userId(7), limit: 2, after: page.next! })).toEqual({ items: [connection(5, { authorizedBy: authorizedBy(7) })], next: null });
    expect((await connections.list({ authorizedBy: userId(9), limit: 10 })).items).toEqual([]);

    await connections.updateIf(connectionId(1), {}, { authorizedBy: authorizedBy(8) });
    expect((await connections.list({ authorizedBy: userId(7), limit: 10 })).items.map((c) => c.id)).toEqual([connectionId(4), connectionId(5)]);
    expect((await connections.list({ authorizedBy: userId(8), limit: 10 })).items.map((c) => c.id)).toEqual([connectionId(1), connectionId(2)]);

    // An exact, case-sensitive match on the id: no pattern, no prefix, and never the unauthorized ones.
    for (const id of ['', '%', userId(7).toUpperCase(), userId(7).slice(0, -1), `${userId(7)} `]) {
      expect((await connections.list({ authorizedBy: id, limit: 10 })).items, JSON.stringify(id)).toEqual([]);
    }
    // Nobody's connection any more once its authorizer is cleared.
    await connections.updateIf(connectionId(4), {}, { authorizedBy: null });
    expect((await connections.list({ authorizedBy: userId(7), limit: 10 })).items.map((c) => c.id)).toEqual([connectionId(5)]);
  });

  it('claimRefresh is exclusive until the lease expires, then claimable again; its holder releasing it frees it at once', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1));
    await connections.insert(connection(2));
    expect(await connections.claimRefresh(connectionId(1), at(0), at(5))).toBe(true);
    expect(await connections.claimRefresh(connectionId(1), at(1), at(6))).toBe(false);
    expect(await connections.claimRefresh(connectionId(1), at(4), at(9))).toBe(false);
    // Another connection's lease is its own.
    expect(await connections.claimRefresh(connectionId(2), at(1), at(6))).toBe(true);
    expect(await connections.claimRefresh(connectionId(1), at(5), at(10))).toBe(true);
    expect(await connections.claimRefresh(connectionId(1), at(6), at(11))).toBe(false);
    // A holder whose lease expired and was taken by another cannot release the new holder's lease.
    await connections.releaseRefresh(connectionId(1), at(5));
    expect(await connections.claimRefresh(connectionId(1), at(6), at(11))).toBe(false);
    await connections.releaseRefresh(connectionId(1), at(10));
    expect(await connections.claimRefresh(connectionId(1), at(6), at(11))).toBe(true);
    expect(await connections.claimRefresh(connectionId(404), at(0), at(5))).toBe(false);
  });

  it('updateIf and recordUse leave a held refresh lease in place, and the lease is no field of the record', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1));
    expect(await connections.claimRefresh(connectionId(1), at(0), at(5))).toBe(true);
    expect(await connections.findById(connectionId(1))).toEqual(connection(1));
    await connections.updateIf(connectionId(1), {}, { status: 'ACTIVE', tokensSealed: 'v1.t1' });
    await connections.recordUse(connectionId(1), at(1));
    expect(await connections.claimRefresh(connectionId(1), at(1), at(6))).toBe(false);
  });

  it('gives the refresh lease to exactly one of many concurrent claimers', async () => {
    await store().workflowConnections.insert(connection(1));
    const claims = await Promise.all(Array.from({ length: 8 }, () => store().workflowConnections.claimRefresh(connectionId(1), at(0), at(1))));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('takeAuthorization returns a pending authorization once, and never after it expired', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1));
    const p = pending('state-a', 1, { purpose: 'reauthorize', requestedBy: userId(101) });
    await connections.insertAuthorization(p);
    await connections.insertAuthorization(pending('state-b', 1));
    expect(await connections.takeAuthorization('state-a', at(9))).toEqual(p);
    expect(await connections.takeAuthorization('state-a', at(9))).toBeUndefined();
    expect(await connections.takeAuthorization('state-b', at(10))).toBeUndefined();
    expect(await connections.takeAuthorization('state-b', at(11))).toBeUndefined();
    expect(await connections.takeAuthorization('unknown', at(0))).toBeUndefined();
  });

  it('gives a pending authorization to exactly one of many concurrent takers', async () => {
    await store().workflowConnections.insert(connection(1));
    await store().workflowConnections.insertAuthorization(pending('state-a', 1));
    const taken = await Promise.all(Array.from({ length: 8 }, () => store().workflowConnections.takeAuthorization('state-a', at(0))));
    expect(taken.filter((t) => t !== undefined)).toHaveLength(1);
  });

  it('purgeAuthorizations deletes exactly the expired ones and counts them', async () => {
    const connections = store().workflowConnections;
    await connections.insert(connection(1));
    await connections.insertAuthorization(pending('state-a', 1, { expiresAt: at(5) }));
    await connections.insertAuthorization(pending('state-b', 1, { expiresAt: at(10) }));
    await connections.insertAuthorization(pending('state-c', 1, { expiresAt: at(20) }));
    expect(await connections.purgeAuthorizations(at(4))).toBe(0);
    expect(await connections.purgeAuthorizations(at(10))).toBe(2);
    expect(await connections.purgeAuthorizations(at(10))).toBe(0);
    expect(await connections.takeAuthorization('state-c', at(10))).toEqual(pending('state-c', 1, { expiresAt: at(20) }));
  });

  it('lockExisting returns the ids that exist and holds their rows until the transaction ends: a second locker waits, then misses a row the first deleted', async () => {
    await store().workflowConnections.insert(connection(1));
    await store().workflowConnections.insert(connection(2));
    expect(await store().transaction((tx) => tx.workflowConnections.lockExisting([connectionId(2), connectionId(404), connectionId(1)]))).toEqual([connectionId(1), connectionId(2)]);
    expect(await store().transaction((tx) => tx.workflowConnections.lockExisting([]))).toEqual([]);

    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const first = store().transaction(async (tx) => {
      await tx.workflowConnections.lockExisting([connectionId(1)]);
      locked();
      await gate;
      await tx.workflowConnections.delete(connectionId(1));
      order.push('first');
    });
    await isLocked;
    const second = store().transaction(async (tx) => {
      const found = await tx.workflowConnections.lockExisting([connectionId(1), connectionId(2)]);
      order.push('second');
      return found;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(order, 'the second locker waits for the first transaction').toEqual([]);
    release();
    await first;
    expect(await second).toEqual([connectionId(2)]);
    expect(order).toEqual(['first', 'second']);
  });

  it('refuses a pending authorization for a connection that does not exist', async () => {
    await expect(store().workflowConnections.insertAuthorization(pending('state-a', 404))).rejects.toThrow();
  });

  it('writes connections and authorizations inside a transaction, all or nothing', async () => {
    await expect(
      store().transaction(async (tx) => {
        await tx.workflowConnections.insert(connection(1));
        await tx.workflowConnections.insertAuthorization(pending('state-a', 1));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store().workflowConnections.findById(connectionId(1))).toBeUndefined();
    expect(await store().workflowConnections.takeAuthorization('state-a', at(0))).toBeUndefined();
  });
});
