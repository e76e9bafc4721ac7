import Provider from 'oidc-provider';
import type { EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';
import type { Repositories, Store } from '../core/ports/store.js';

/**
 * One oidc-provider request = one store transaction. oidc-provider writes through its adapter as it
 * goes (consume the code, save the tokens, revoke a replayed grant); the adapter finds the request's
 * transaction here, and the LogEvents describing the request are appended to the same transaction when
 * the endpoint has finished. So the change and its events commit together, or neither does (style.md).
 *
 * The transaction is found through oidc-provider's own request context (`Provider.ctx`, its
 * AsyncLocalStorage) rather than a second AsyncLocalStorage: on Node 20 every storage in use adds work
 * to every promise in the process, /api/v1 requests included.
 */
export interface UnitOfWork {
  tx: Repositories;
}

/** An event to record, with the request context it is attributed through (its principal may differ
 *  from the HTTP caller's: a token grant is attributed to the grant's user and client). */
export interface PendingEvent {
  ctx: RequestContext;
  spec: EventSpec;
}

const units = new WeakMap<object, UnitOfWork>();

/** The transaction of the oidc-provider request being served, or the store itself outside one. */
export function reposNow(store: Store): Repositories {
  const ctx = Provider.ctx as object | undefined;
  return (ctx && units.get(ctx)?.tx) ?? store;
}

/** The transaction of the Koa request `ctx` (for code running outside oidc-provider's own context). */
export function reposOf(ctx: object, store: Store): Repositories {
  return units.get(ctx)?.tx ?? store;
}

/** Runs `work` (the rest of the Koa request `ctx`) in one transaction, then `beforeCommit` in it too. */
export function withUnitOfWork<T>(store: Store, ctx: object, work: () => Promise<T>, beforeCommit: (uow: UnitOfWork) => Promise<void>): Promise<T> {
  return store.transaction(async (tx) => {
    const uow: UnitOfWork = { tx };
    units.set(ctx, uow);
    try {
      const result = await work();
      await beforeCommit(uow);
      return result;
    } finally {
      units.delete(ctx);
    }
  });
}
