import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repositories, Store } from '../core/ports/store.js';
import type { EventSpec } from '../core/log-event-builder.js';
import type { RequestContext } from '../core/principal.js';

/**
 * One oidc-provider request = one store transaction. oidc-provider writes through its adapter as it
 * goes (consume the code, save the tokens, revoke a replayed grant); the adapter finds the request's
 * transaction here, and the LogEvents describing the request are appended to the same transaction when
 * the endpoint has finished. So the change and its events commit together, or neither does (style.md).
 */
/** An event to record, with the request context it is attributed through (its principal may differ
 *  from the HTTP caller's: a token grant is attributed to the grant's user and client). */
export interface PendingEvent {
  ctx: RequestContext;
  spec: EventSpec;
}

export interface UnitOfWork {
  tx: Repositories;
  /** Events to append before commit. */
  events: PendingEvent[];
}

const current = new AsyncLocalStorage<UnitOfWork>();

export function unitOfWork(): UnitOfWork | undefined {
  return current.getStore();
}

/** The request's transaction, or the store itself outside one (reads, background work). */
export function reposNow(store: Store): Repositories {
  return current.getStore()?.tx ?? store;
}

export function withUnitOfWork<T>(store: Store, work: () => Promise<T>, beforeCommit: (uow: UnitOfWork) => Promise<void>): Promise<T> {
  return store.transaction(async (tx) => {
    const uow: UnitOfWork = { tx, events: [] };
    const result = await current.run(uow, work);
    await beforeCommit(uow);
    return result;
  });
}
