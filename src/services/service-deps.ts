import type { Clock } from '../core/clock.js';
import type { IdFactory } from '../core/ids.js';
import type { PasswordHasher, SecretDigest } from '../core/ports/secrets.js';
import type { Store } from '../core/ports/store.js';

/** What every service is built from; wired once in app.ts. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  ids: IdFactory;
  passwords: PasswordHasher;
  digest: SecretDigest;
  /** Absolute base URL of the org, e.g. `http://localhost:8080` (no trailing slash). */
  orgUrl: string;
}
