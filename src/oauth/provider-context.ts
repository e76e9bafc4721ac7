import type { AsyncLocalStorage } from 'node:async_hooks';
import Provider from 'oidc-provider';
// oidc-provider's request context (`Provider.ctx`) lives in this one AsyncLocalStorage (not a public
// export; the package has no `exports` map, and providerContextIsTracked checks it is the right object).
import providerStorage from 'oidc-provider/lib/helpers/als.js';

/**
 * oidc-provider enables its AsyncLocalStorage with its first request and never disables it. On Node 20 an
 * enabled storage puts async hooks on every promise and every async resource of the process, so after the
 * first OAuth request every /api/v1 request paid for them too (~7 µs of a ~160 µs GET; docs/benchmarks.md
 * "slower after the authorization server has served requests"). The storage is disabled again whenever
 * no request is inside oidc-provider: it is re-enabled by the `run` that starts the next one, and a
 * request's continuations keep the context they were given while it was enabled. Nothing outside a
 * request reads `Provider.ctx` (unit-of-work.ts falls back to the store there either way).
 */
let inFlight = 0;

export async function insideProvider<T>(work: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await work();
  } finally {
    if (--inFlight === 0) storage?.disable();
  }
}

/** The storage, once checked to be the one `Provider.ctx` reads (else it is left alone). */
const storage: AsyncLocalStorage<unknown> | undefined = (() => {
  const probe = {};
  const candidate = providerStorage as AsyncLocalStorage<unknown> | undefined;
  if (typeof candidate?.run !== 'function' || typeof candidate.disable !== 'function') return undefined;
  const same = candidate.run(probe, () => Provider.ctx === probe);
  candidate.disable();
  return same ? candidate : undefined;
})();

/** Whether the storage was recognised (tested, so an oidc-provider upgrade that moves it is noticed). */
export function providerContextIsTracked(): boolean {
  return storage !== undefined;
}
