import type { Clock } from '../core/clock.js';
import type { IdFactory } from '../core/ids.js';
import type { PasswordHasher, SecretBox, SecretDigest } from '../core/ports/secrets.js';
import type { Store } from '../core/ports/store.js';

/** What every service is built from; wired once in app.ts. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  ids: IdFactory;
  passwords: PasswordHasher;
  digest: SecretDigest;
  /** Seals client secrets and other secrets Keyflow must read back. */
  secrets: SecretBox;
  /** Lockout and session lifetime of the hosted sign-in page. */
  signInPolicy: SignInPolicy;
  /** Absolute base URL of the org, e.g. `http://localhost:8080` (no trailing slash). */
  orgUrl: string;
}

export interface SignInPolicy {
  /** Failed sign-ins in a row that lock the user out; 0 = never. */
  lockoutAttempts: number;
  sessionSeconds: number;
}
