import Provider from 'oidc-provider';
import type { EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories, Store } from '../core/ports/store.js';

/**
 * One oidc-provider request = at most one store transaction. oidc-provider writes through its adapter
 * as it goes (consume the code, save the tokens, revoke a replayed grant); the transaction begins at the
 * request's first write, and the LogEvents describing the request are appended to it when the endpoint
 * has finished, so the change and its events commit together, or neither does (style.md).
 *
 * Reads before the first write (the client, the presented token, its grant, the user) run outside the
 * transaction, on the store's hot read path. That is safe because the one decision that must not race,
 * "this code or refresh token is used now", is a conditional update that exactly one request wins
 * (OAuthArtifactRepo.consume); everything else read first is as true as it would be a moment earlier.
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

class UnitOfWork {
  private tx: Repositories | undefined;
  private opened: Promise<Repositories> | undefined;
  private finish: ((commit: boolean) => void) | undefined;
  private committed: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  /** The transaction if one has begun: reads see the request's own writes. */
  get current(): Repositories | undefined {
    return this.tx;
  }

  /** The transaction, begun now if this is the request's first write. */
  begin(): Promise<Repositories> {
    this.opened ??= new Promise<Repositories>((resolve, reject) => {
      this.committed = this.store
        .transaction(async (tx) => {
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

  /** Commits what was written (or rolls it back), and waits for the database to confirm. */
  async end(commit: boolean): Promise<void> {
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

/** For writes: the request's transaction (begun by the first write), or the store outside a request. */
export function writeReposNow(store: Store): Promise<Repositories> | Repositories {
  return unitNow()?.begin() ?? store;
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
    await beforeCommit(await unit.begin());
    await unit.end(true);
    return result;
  } catch (err) {
    await unit.end(false);
    throw err;
  } finally {
    units.delete(ctx);
  }
}
