import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/** Most logical transactions in one physical one: bounds how long the first of them waits for COMMIT. */
export const MAX_GROUP = 32;

/** Registers work for the end of the group, kept only if the logical transaction that registers it
 *  succeeds; it runs, synchronously and in registration order, just before COMMIT. */
export type AtGroupEnd = (action: () => void) => void;

interface Queued {
  work: (trx: Transaction<Database>, atEnd: AtGroupEnd) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

interface Outcome {
  item: Queued;
  ok: boolean;
  value: unknown;
}

/** SQLite's savepoint name for each logical transaction. */
const SAVEPOINT = 'logical';

/**
 * Group commit for SQLite's one connection: the store's transactions that are waiting their turn run one
 * after another inside ONE database transaction, each in a savepoint of its own, and commit together.
 *
 * Why: a commit writes every page the transaction changed to the WAL, and a LogEvent alone touches a
 * dozen B-trees (the event, its indexes, its targets, the keyword index, the sequence row). Concurrent
 * requests change the same last pages of those B-trees, so N requests committed together write those
 * pages once instead of N times, and pay one commit (and 1/N of a checkpoint) instead of N.
 *
 * What does not change:
 * - Isolation: the logical transactions still run strictly one at a time on the connection, so each
 *   sees exactly what the ones before it left, as when they committed one by one.
 * - Atomicity per caller: a logical transaction that throws is rolled back to its savepoint and its
 *   caller gets the error; the others in the group are unaffected.
 * - Durability as the caller sees it: a caller's promise settles only after the group's COMMIT, so no
 *   change is reported before it is committed. If COMMIT itself fails, every caller in the group gets
 *   the error and nothing of the group is kept.
 * - Reads outside transactions never see a group's uncommitted writes: they wait for the connection
 *   (Kysely's mutex), and the direct reader declines while a transaction is open (direct-reads.ts).
 *
 * Work that would cost more inside a savepoint can be left for the group's end ({@link AtGroupEnd}):
 * FTS5 writes its pending keyword data out as a new segment at every savepoint boundary, so the store
 * adds the group's keyword rows there, in one run (log-event-repo.ts).
 *
 * A group begins one event-loop turn after its first transaction is queued (so requests whose I/O is
 * ready by then join it) and takes whoever is queued when each logical transaction ends, up to
 * {@link MAX_GROUP}; with one request at a time it is a transaction per request, as before.
 */
export class GroupCommit {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxGroup = MAX_GROUP,
  ) {}

  run<T>(work: (trx: Transaction<Database>, atEnd: AtGroupEnd) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // One turn of the event loop before BEGIN, with the connection still free: the requests whose
        // I/O is ready now (a body read, a signature back from the thread pool) reach their own
        // transaction and join this group, where committing at once would have made a group of one.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.commitGroup();
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(): Promise<void> {
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (err) {
      // BEGIN failed (another process holds the file past busy_timeout): everyone waiting would too.
      for (const item of this.queue.splice(0)) item.reject(err);
      return;
    }
    const outcomes: Outcome[] = [];
    const atGroupEnd: (() => void)[] = [];
    let current: Queued | undefined;
    try {
      while (this.queue.length > 0 && outcomes.length < this.maxGroup) {
        const item = this.queue.shift()!;
        current = item;
        const savepoint = await trx.savepoint(SAVEPOINT).execute();
        const atEnd: (() => void)[] = [];
        try {
          const value = await item.work(savepoint, (action) => atEnd.push(action));
          await savepoint.releaseSavepoint(SAVEPOINT).execute();
          outcomes.push({ item, ok: true, value });
          atGroupEnd.push(...atEnd);
        } catch (err) {
          // Undo this caller's writes only; ROLLBACK TO keeps the savepoint open, RELEASE ends it.
          await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
          await savepoint.releaseSavepoint(SAVEPOINT).execute();
          outcomes.push({ item, ok: false, value: err });
        }
        current = undefined;
      }
      for (const action of atGroupEnd) action();
      await trx.commit().execute();
    } catch (err) {
      // The database refused the group (COMMIT, or a savepoint after SQLite itself rolled back): no
      // caller's change is kept, and none may be told otherwise.
      await trx.rollback().execute().catch(() => undefined);
      for (const { item } of outcomes) item.reject(err);
      current?.reject(err);
      return;
    }
    for (const { item, ok, value } of outcomes) {
      if (ok) item.resolve(value);
      else item.reject(value);
    }
  }
}
