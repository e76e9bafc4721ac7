// oidc-provider modules Keyflow reaches into (the package has no `exports` map); each use is checked at startup and tested.
declare module 'oidc-provider/lib/helpers/als.js' {
  import type { AsyncLocalStorage } from 'node:async_hooks';
  const storage: AsyncLocalStorage<unknown>;
  export default storage;
}

declare module 'oidc-provider/lib/actions/introspection.js' {
  const middleware: unknown[];
  export default middleware;
}

declare module 'oidc-provider/lib/actions/revocation.js' {
  const middleware: unknown[];
  export default middleware;
}

declare module 'oidc-provider/lib/shared/reject_structured_tokens.js' {
  import type { KoaContextWithOIDC } from 'oidc-provider';
  export default function rejectStructuredTokens(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void>;
}

declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  /** The provider's internal state (configuration, client caches, …). */
  export default function instance(provider: object): unknown;
}
