import type { Clock } from '../core/clock.js';
import type { IdFactory } from '../core/ids.js';
import type { OutboundHttp } from '../core/ports/outbound-http.js';
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
  /** Days of System Log kept and searchable (KEYFLOW_LOG_RETENTION_DAYS; Okta: 90). */
  logRetentionDays: number;
  /** Absolute base URL of the org, e.g. `http://localhost:8080` (no trailing slash). */
  orgUrl: string;
  /** Calls to event hook receivers (verification and delivery). */
  outbound: OutboundHttp;
  /** Host names event hooks may call over plain http besides loopback (KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS). */
  eventHookHttpHosts: readonly string[];
}

export interface SignInPolicy {
  /** Failed sign-ins in a row that lock the user out; 0 = never. */
  lockoutAttempts: number;
  sessionSeconds: number;
}
