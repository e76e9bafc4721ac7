import { expect, it } from 'vitest';
import { UniqueViolation } from '../../src/core/ports/store.js';
import { apiToken, at, group, logEvent, user, userId } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

forEachStore('transactions', (store) => {
  it('commits the change and its event together and returns what the work returned', async () => {
    const result = await store().transaction(async (tx) => {
      await tx.users.insert(user(1));
      await tx.logEvents.append([logEvent(1)], at(1));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await store().users.findById(userId(1))).toEqual(user(1));
    expect(await store().logEvents.count()).toBe(1);
  });

  it('leaves neither the change nor its event when the work throws', async () => {
    await store().users.insert(user(1));
    const failing = store().transaction(async (tx) => {
      await tx.users.update({ ...user(1), status: 'SUSPENDED' });
      await tx.users.insert(user(2));
      await tx.groups.insert(group(1));
      await tx.settings.set('k', 'v');
      await tx.logEvents.append([logEvent(1), logEvent(2)], at(1));
      throw new Error('refused after writing');
    });
    await expect(failing).rejects.toThrow('refused after writing');
    expect(await store().users.findById(userId(1))).toEqual(user(1));
    expect(await store().users.findById(userId(2))).toBeUndefined();
    expect(await store().groups.findById(group(1).id)).toBeUndefined();
    expect(await store().settings.get('k')).toBeUndefined();
    expect(await store().logEvents.count()).toBe(0);
  });

  // On SQLite concurrent transactions commit as one group, each in a savepoint (src/store/group-commit.ts):
  // these started in one tick all join the first group, so each must still stand or fall alone.
  it('of many concurrent transactions, the one that throws leaves nothing and the others commit with their events, keywords and a gap-free sequence', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        store().transaction(async (tx) => {
          await tx.users.insert(user(i + 1));
          await tx.logEvents.append([logEvent(i + 1, { displayMessage: `Concurrent marker${i + 1}` })], at(i + 1));
          if (i === 4) throw new Error('the fifth refuses after writing');
          return i + 1;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
    expect(await store().users.findById(userId(5))).toBeUndefined();
    expect(await store().users.findById(userId(6))).toEqual(user(6));
    expect(await store().logEvents.count()).toBe(11);
    expect((await store().logEvents.readAfter(0, 100)).map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    const byKeyword = async (word: string) =>
      (await store().logEvents.query({ mode: 'bounded', order: 'ASCENDING', keywords: [word], limit: 10 })).events.map((e) => e.uuid);
    expect(await byKeyword('marker6')).toEqual([logEvent(6).uuid]);
    expect(await byKeyword('marker12')).toEqual([logEvent(12).uuid]);
    expect(await byKeyword('marker5')).toEqual([]);
  });

  it('reports a transaction done only once it is committed: a read right after sees it, even while others are still being started', async () => {
    const seen: (string | undefined)[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        await store().transaction((tx) => tx.users.insert(user(i + 1)));
        seen.push((await store().users.findById(userId(i + 1)))?.id);
      }),
    );
    expect(seen.sort()).toEqual(Array.from({ length: 6 }, (_, i) => userId(i + 1)).sort());
  });

  it('lockById makes a concurrent read-then-write wait for the first move to commit', async () => {
    await store().users.insert(user(1));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const hasLock = new Promise<void>((resolve) => (locked = resolve));
    const first = store().transaction(async (tx) => {
      const u = await tx.users.lockById(userId(1));
      locked();
      await gate;
      await tx.users.update({ ...u!, status: 'SUSPENDED' });
    });
    await hasLock;
    const second = store().transaction(async (tx) => (await tx.users.lockById(userId(1)))!.status);
    // Give the second transaction every chance to read before the first commits; with the lock it cannot.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await first;
    expect(await second).toBe('SUSPENDED');
  });

  it('lockById returns undefined for a missing user', async () => {
    expect(await store().transaction((tx) => tx.users.lockById(userId(9)))).toBeUndefined();
  });

  it('sees its own uncommitted writes inside the transaction', async () => {
    await store().transaction(async (tx) => {
      await tx.users.insert(user(1));
      expect(await tx.users.findById(userId(1))).toEqual(user(1));
      expect(await tx.users.count()).toBe(1);
    });
  });

  it('stays usable after an insert is refused with UniqueViolation, so the work can go on and commit', async () => {
    await store().users.insert(user(1));
    await store().transaction(async (tx) => {
      await expect(tx.users.insert(user(2, { profile: { login: 'USER1@example.com' } }))).rejects.toBeInstanceOf(UniqueViolation);
      await tx.groups.insert(group(1));
      await tx.groups.addMember(group(1).id, userId(1), at(1));
      await expect(tx.groups.addMember(group(1).id, userId(1), at(2))).rejects.toBeInstanceOf(UniqueViolation);
      await tx.logEvents.append([logEvent(1)], at(1));
    });
    expect(await store().groups.countMembers(group(1).id)).toBe(1);
    expect(await store().logEvents.count()).toBe(1);
  });
});

forEachStore('reads outside transactions', (store) => {
  it('sees a write made outside a transaction on the very next read of the same key', async () => {
    await store().users.insert(user(1));
    await store().apiTokens.insert(apiToken(1, 1));
    expect((await store().apiTokens.findById(apiToken(1, 1).id))?.lastUsed).toBe(apiToken(1, 1).lastUsed);
    await store().apiTokens.markUsed(apiToken(1, 1).id, at(77));
    expect((await store().apiTokens.findById(apiToken(1, 1).id))?.lastUsed).toBe(at(77));
  });

  it('sees a committed transaction on the next read, and never a rolled-back one', async () => {
    await store().users.insert(user(1));
    expect((await store().users.findById(userId(1)))?.status).toBe('ACTIVE');
    await store().transaction((tx) => tx.users.update({ ...user(1), status: 'SUSPENDED' }));
    expect((await store().users.findById(userId(1)))?.status).toBe('SUSPENDED');
    await expect(
      store().transaction(async (tx) => {
        await tx.users.update({ ...user(1), status: 'DEPROVISIONED' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await store().users.findById(userId(1)))?.status).toBe('SUSPENDED');
  });

  it('hands out by-id records no caller can change (they may be shared between reads), so the next read returns what is stored', async () => {
    await store().users.insert(user(1));
    const first = await store().users.findById(userId(1));
    expect(() => {
      first!.profile.firstName = 'Changed';
    }).toThrow(TypeError);
    expect((await store().users.findById(userId(1)))?.profile.firstName).toBe(user(1).profile.firstName);
  });
});
