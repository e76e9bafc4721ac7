import type { LogEvent } from '../../core/log-event.js';

/** Where the org is and the SSWS token to call it with (`--org-url`/KEYFLOW_ORG_URL, `--token`/KEYFLOW_API_TOKEN). */
export interface OrgConnection {
  orgUrl: string;
  token: string;
}

/** Okta's error envelope (okta-api.md §1.3). */
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorId?: string;
  errorCauses?: { errorSummary: string }[];
}

/** An error answer of the org: Okta's envelope when it sent one, else the status and the start of the body. */
export class OrgApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: OktaErrorBody | null,
    text: string,
  ) {
    super(body ? `${body.errorCode} (HTTP ${status}): ${body.errorSummary}` : `HTTP ${status}: ${text.slice(0, 200) || '(empty body)'}`);
    this.name = 'OrgApiError';
  }

  /** The lines the CLI prints: the code and summary, then each cause and the error id. */
  describe(): string {
    const lines = [this.message];
    for (const cause of this.body?.errorCauses ?? []) lines.push(`  cause: ${cause.errorSummary}`);
    if (this.body?.errorId) lines.push(`  errorId: ${this.body.errorId}`);
    return lines.join('\n');
  }
}

/** The org could not be reached at all (refused, DNS, TLS). */
export class OrgUnreachable extends Error {
  constructor(orgUrl: string, cause: unknown) {
    const reason = (cause as { cause?: { message?: string } }).cause?.message ?? (cause as Error).message;
    super(`cannot reach ${orgUrl}: ${reason}`);
    this.name = 'OrgUnreachable';
  }
}

export interface LogPage {
  events: LogEvent[];
  /** The `rel="next"` link, absolute, or null when the read is over. */
  next: string | null;
}

/** The `rel="next"` URL among `Link` header values (Node's fetch joins several header lines with ", "). */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?next"?/.test(match[2]!)) return match[1]!;
  }
  return null;
}

/**
 * How long to wait after a 429, as Okta's Node SDK computes it (okta-api.md §1.6): until
 * `X-Rate-Limit-Reset` (epoch seconds) by the server's `Date`, plus a second. Without a usable reset
 * header, a minute (Okta's buckets are per minute).
 */
export function rateLimitDelayMs(headers: Headers, nowMs: number): number {
  const resets = (headers.get('x-rate-limit-reset') ?? '').split(',').map((v) => Number(v.trim())).filter((v) => Number.isFinite(v) && v > 0);
  if (resets.length === 0) return 60_000;
  const date = Date.parse(headers.get('date') ?? '');
  const serverNow = Number.isNaN(date) ? nowMs : date;
  return Math.min(120_000, Math.max(0, Math.max(...resets) * 1000 - serverNow + 1000));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Consecutive 429 answers waited out before giving up with the last one. */
const MAX_RATE_LIMIT_WAITS = 10;

export interface LogsClient {
  /** `GET /api/v1/logs` with these parameters, as an absolute URL. */
  url(params: Record<string, string | undefined>): string;
  /** One page: the events and the next link. Waits out 429s; throws {@link OrgApiError} otherwise. */
  page(url: string, signal?: AbortSignal): Promise<LogPage>;
}

/**
 * The System Log over HTTP, as any Okta client reads it: SSWS token, absolute `next` links followed
 * as given (okta-api.md §1.4), Okta's error envelope, 429 answered by waiting for the reset.
 * `onRateLimit` hears each wait (the CLI says so on stderr).
 */
export function logsClient(conn: OrgConnection, onRateLimit: (waitMs: number) => void = () => {}): LogsClient {
  const headers = {
    Accept: 'application/json',
    Authorization: `SSWS ${conn.token}`,
    'User-Agent': `keyflow-cli node/${process.versions.node} ${process.platform}`,
  };
  return {
    url(params) {
      const query = new URLSearchParams();
      // The Node SDK's order (okta-api.md §2.1).
      for (const name of ['since', 'until', 'after', 'filter', 'q', 'limit', 'sortOrder']) {
        const value = params[name];
        if (value !== undefined && value !== '') query.set(name, value);
      }
      return `${conn.orgUrl}/api/v1/logs?${query}`;
    },
    async page(url, signal) {
      for (let waits = 0; ; waits++) {
        let res: Response;
        try {
          res = await fetch(url, { headers, ...(signal ? { signal } : {}) });
        } catch (err) {
          if ((err as Error).name === 'AbortError') throw err;
          throw new OrgUnreachable(conn.orgUrl, err);
        }
        if (res.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
          await res.arrayBuffer();
          const wait = rateLimitDelayMs(res.headers, Date.now());
          onRateLimit(wait);
          await sleep(wait, signal);
          if (signal?.aborted) throw signal.reason;
          continue;
        }
        const text = await res.text();
        if (!res.ok) throw new OrgApiError(res.status, oktaError(text), text);
        return { events: JSON.parse(text) as LogEvent[], next: nextLink(res.headers.get('link')) };
      }
    },
  };
}

/** Okta's error envelope in an answer's body, or null when the body is something else. */
export function oktaError(text: string): OktaErrorBody | null {
  try {
    const body = JSON.parse(text) as Partial<OktaErrorBody>;
    return typeof body.errorCode === 'string' && typeof body.errorSummary === 'string' ? (body as OktaErrorBody) : null;
  } catch {
    return null;
  }
}
