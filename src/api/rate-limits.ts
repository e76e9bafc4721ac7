import type { RateLimitProfile } from '../config/config-schema.js';
import { ApiError } from '../core/errors.js';

/**
 * Okta's historical per-minute defaults (okta-api.md §1.6), by bucket. `off` (the default for local use)
 * sends no headers and limits nothing.
 */
export type Bucket = 'logs' | 'users' | 'userGet' | 'userWrite' | 'groups' | 'group' | 'other';

const LIMITS: Record<Exclude<RateLimitProfile, 'off'>, Record<Bucket, number>> = {
  workforce: { logs: 120, users: 600, userGet: 2000, userWrite: 600, groups: 500, group: 1000, other: 1200 },
  developer: { logs: 20, users: 100, userGet: 100, userWrite: 100, groups: 100, group: 100, other: 100 },
};

/** Which bucket a request counts against, from its route pattern and method. */
export function bucketOf(method: string, route: string): Bucket {
  if (route.startsWith('/api/v1/logs')) return 'logs';
  if (route === '/api/v1/users') return 'users';
  if (route === '/api/v1/users/:id') return method === 'GET' ? 'userGet' : 'userWrite';
  if (route === '/api/v1/groups') return 'groups';
  if (route.startsWith('/api/v1/groups/')) return 'group';
  return 'other';
}

export interface RateDecision {
  headers: Record<string, string>;
  exceeded: boolean;
  /** True the first time a bucket overflows in a window (the violation is logged once per window). */
  firstViolation: boolean;
}

/**
 * Fixed one-minute windows per bucket, counted in this process. With several processes each enforces
 * its own share (documented in docs/rate-limits.md); Okta's own limits are approximate in the same way.
 */
export class RateLimiter {
  private readonly windows = new Map<Bucket, { start: number; count: number; violated: boolean }>();

  constructor(private readonly profile: RateLimitProfile) {}

  get enabled(): boolean {
    return this.profile !== 'off';
  }

  /** Counts one request; `exceeded` means the caller must answer 429 E0000047 with these headers. */
  take(bucket: Bucket, nowMs: number): RateDecision | null {
    if (this.profile === 'off') return null;
    const limit = LIMITS[this.profile][bucket];
    const start = Math.floor(nowMs / 60_000) * 60_000;
    let window = this.windows.get(bucket);
    if (!window || window.start !== start) {
      window = { start, count: 0, violated: false };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    const headers = {
      'X-Rate-Limit-Limit': String(limit),
      'X-Rate-Limit-Remaining': String(Math.max(0, limit - window.count)),
      'X-Rate-Limit-Reset': String((start + 60_000) / 1000),
    };
    if (window.count > limit) {
      const firstViolation = !window.violated;
      window.violated = true;
      return { headers, exceeded: true, firstViolation };
    }
    return { headers, exceeded: false, firstViolation: false };
  }

  static refusal(headers: Record<string, string>): ApiError {
    return new ApiError('E0000047', { headers });
  }
}
