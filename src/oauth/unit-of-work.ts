import Provider, { errors } from 'oidc-provider';
import type { EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { OAuthArtifactRepo, Repositories, Store } from '../core/ports/store.js';

/**
 * One oidc-provider request = at most one store transaction, as short as it can be.
 *
 * oidc-provider writes through its adapter as it goes (consume the code, save the tokens, revoke a
 * replayed grant), and between those writes it signs JWTs, which jose does on libuv's thread pool. A
 * transaction begun at the first write would hold SQLite's one connection through those signatures: a
 * refresh held it about 3 ms, and every other request's reads queued behind it (issue 3's benchmarks).
 * So the writes are KEPT, in order, and run at the end of the request together with the LogEvents that
 * describe it, in one transaction that never waits for anything but the database: the change and its
 * events commit together, or neither does (style.md).
 *
 * Two things make a kept write run earlier:
 * - A read in the same request after a write (through {@link reposNow} or {@link reposOf}) begins the
 *   transaction first and runs the kept writes in it, so the request always reads its own writes; from
 *   then on the unit works as a transaction held open, as before.
 * - Nothing else: the one decision that must not race, "this code or refresh token is used now", is a
 *   conditional update (OAuthArtifactRepo.consume) that exactly one request wins whenever it runs. Run
 *   at the end, the loser learns it there; its whole transaction rolls back (its new tokens are never
 *   stored) and the request is answered invalid_grant, as it would have been had it lost earlier
 *   ({@link LateRefusal}, answered in mount.ts).
 *
 * Reads before the first write (the client, the presented token, its grant, the user) run outside the
 * transaction, on the store's hot read path; everything read first is as true as it would be a moment
 * earlier.
 *
 * The unit is found through oidc-provider's own request context (`Provider.ctx`, its
 * AsyncLocalStorage) rather than a second AsyncLocalStorage: on Node 20 every storage in use adds work
 * to every promise in the process, /api/v1 requests included.
 */

/** An event to record, with the request context it is attributed through (its principal may differ
 *  from the HTTP caller's: a token grant is attributed to the grant's user and client). */
export interface PendingEvent {
  ctx: RequestContext;
  spec: EventSpec;
}

/** A write of the request, run in its transaction. */
export type Write = (tx: Repositories) => Promise<void>;

/** The request's kept writes were refused when they ran at its end (a consume lost to a concurrent
 *  request): `cause` is the oidc-provider error it would have failed with had the write run at once. */
export class LateRefusal extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

class UnitOfWork {
  private tx: Repositories | undefined;
  private opened: Promise<Repositories> | undefined;
  private finish: ((commit: boolean) => void) | undefined;
  private committed: Promise<void> | undefined;
  private readonly kept: Write[] = [];
  private readsWhileKept: Repositories | undefined;

  constructor(private readonly store: Store) {}

  /** For reads: the transaction if it has begun; while writes are kept, the store, except that an
   *  OAuth artifact read begins the transaction (running them) first, so the request reads its own
   *  writes (every kept write is an artifact write: adapter.ts); else undefined. */
  get current(): Repositories | undefined {
    if (this.tx) return this.tx;
    if (this.kept.length === 0) return undefined;
    // The store's own repositories (spread from it), with the artifact repository swapped; made once.
    this.readsWhileKept ??= { ...this.store, oauth: beginningFirst(async () => (await this.begin()).oauth) };
    return this.readsWhileKept;
  }

  /** A write: kept for the end while nothing has read after it, run in the transaction once it is open. */
  write(op: Write): Promise<void> {
    if (this.opened) return this.opened.then(op);
    this.kept.push(op);
    return Promise.resolve();
  }

  /** The transaction, begun now and given the kept writes. */
  begin(): Promise<Repositories> {
    this.opened ??= new Promise<Repositories>((resolve, reject) => {
      this.committed = this.store
        .transaction(async (tx) => {
          try {
            for (const op of this.kept.splice(0)) await op(tx);
          } catch (err) {
            reject(err);
            throw err;
          }
          this.tx = tx;
          resolve(tx);
          await new Promise<void>((done, abandon) => {
            this.finish = (commit) => (commit ? done() : abandon(ROLLBACK));
          });
        })
        .catch((err: unknown) => {
          reject(err);
          if (err !== ROLLBACK) throw err;
        });
    });
    return this.opened;
  }

  /** Commits the request: its writes and then `beforeCommit` (its LogEvents) in one transaction. */
  async commit(beforeCommit: (tx: Repositories) => Promise<void>): Promise<void> {
    if (!this.opened) {
      // Nothing read after a write: one transaction that only runs statements, begun and ended here.
      const kept = this.kept.splice(0);
      await this.store.transaction(async (tx) => {
        for (const op of kept) {
          try {
            await op(tx);
          } catch (err) {
            throw err instanceof errors.OIDCProviderError ? new LateRefusal(err) : err;
          }
        }
        await beforeCommit(tx);
      });
      return;
    }
    await beforeCommit(await this.opened);
    await this.end(true);
  }

  /** Commits what was written in the open transaction (or rolls it back), and waits for the database. */
  async end(commit: boolean): Promise<void> {
    this.kept.length = 0;
    if (!this.opened) return;
    const began = await this.opened.then(
      () => true,
      () => false, // the write that began it already received the error
    );
    if (began) this.finish!(commit);
    await this.committed!.catch((err: unknown) => {
      if (commit && began) throw err; // a failed COMMIT is the request's failure; a rollback's is not
    });
  }
}

/** An artifact repository whose every call first awaits `repo` (the transaction's, once begun). */
function beginningFirst(repo: () => Promise<OAuthArtifactRepo>): OAuthArtifactRepo {
  return new Proxy({} as OAuthArtifactRepo, {
    get(_target, method: string) {
      return async (...args: unknown[]) => {
        const target = (await repo()) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return target[method]!(...args);
      };
    },
  });
}

const ROLLBACK = Symbol('rollback');
const units = new WeakMap<object, UnitOfWork>();

function unitNow(): UnitOfWork | undefined {
  const ctx = Provider.ctx as object | undefined;
  return ctx ? units.get(ctx) : undefined;
}

/** For reads: the request's transaction once it has begun, else the store. */
export function reposNow(store: Store): Repositories {
  return unitNow()?.current ?? store;
}

/** A write: kept for the end of the request (see the module comment), or run on the store at once
 *  outside a request. */
export function writeNow(store: Store, op: Write): Promise<void> {
  return unitNow()?.write(op) ?? op(store);
}

/** The transaction of the Koa request `ctx`, or the store (for code outside oidc-provider's context). */
export function reposOf(ctx: object, store: Store): Repositories {
  return units.get(ctx)?.current ?? store;
}

/**
 * Runs `work` (the rest of the Koa request `ctx`) as one unit: its writes in one transaction, begun at
 * the first of them, and `beforeCommit` in that transaction too. A throw from either rolls back.
 */
export async function withUnitOfWork<T>(store: Store, ctx: object, work: () => Promise<T>, beforeCommit: (tx: Repositories) => Promise<void>): Promise<T> {
  const unit = new UnitOfWork(store);
  units.set(ctx, unit);
  try {
    const result = await work();
    await unit.commit(beforeCommit);
    return result;
  } catch (err) {
    await unit.end(false);
    throw err;
  } finally {
    units.delete(ctx);
  }
}
