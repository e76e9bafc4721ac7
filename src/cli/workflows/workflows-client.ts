import { nextLink, oktaError, OrgApiError, OrgUnreachable, rateLimitDelayMs, sleep, type OrgConnection } from '../logs/org-client.js';

/** Consecutive 429 answers waited out before giving up with the last one (as `keyflow logs`). */
const MAX_RATE_LIMIT_WAITS = 10;

type Query = Record<string, string | undefined>;

export interface WorkflowsClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, query?: Query): Promise<T>;
  /** Up to `limit` items of a paged list, following `rel="next"` links; `more` says whether the org had more. */
  list<T>(path: string, query: Query, limit: number): Promise<{ items: T[]; more: boolean }>;
}

/**
 * The Workflows API (`/workflows/api/v1`) over HTTP, as `keyflow logs` reads the System Log: SSWS token,
 * absolute `next` links followed as given, Okta's error envelope thrown as {@link OrgApiError}, 429
 * answered by waiting until `X-Rate-Limit-Reset`. `onRateLimit` hears each wait.
 */
export function workflowsClient(conn: OrgConnection, onRateLimit: (waitMs: number) => void = () => {}): WorkflowsClient {
  const base = `${conn.orgUrl}/workflows/api/v1`;
  const headers = {
    Accept: 'application/json',
    Authorization: `SSWS ${conn.token}`,
    'User-Agent': `keyflow-cli node/${process.versions.node} ${process.platform}`,
  };

  function url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, value);
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  async function send(method: string, target: string, body?: unknown): Promise<{ value: unknown; next: string | null }> {
    const init: RequestInit = body === undefined ? { method, headers } : { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    for (let waits = 0; ; waits++) {
      let res: Response;
      try {
        res = await fetch(target, init);
      } catch (err) {
        throw new OrgUnreachable(conn.orgUrl, err);
      }
      if (res.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
        await res.arrayBuffer();
        const wait = rateLimitDelayMs(res.headers, Date.now());
        onRateLimit(wait);
        await sleep(wait);
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw new OrgApiError(res.status, oktaError(text), text);
      return { value: text === '' ? null : JSON.parse(text), next: nextLink(res.headers.get('link')) };
    }
  }

  return {
    async get(path, query) {
      return (await send('GET', url(path, query))).value as never;
    },
    async post(path, body, query) {
      return (await send('POST', url(path, query), body)).value as never;
    },
    async list<T>(path: string, query: Query, limit: number) {
      const items: T[] = [];
      let target: string | null = url(path, { ...query, limit: String(Math.min(limit, 200)) });
      while (target !== null) {
        const page = await send('GET', target);
        const batch = page.value as T[];
        const room = limit - items.length;
        items.push(...batch.slice(0, room));
        if (batch.length > room) return { items, more: true };
        if (batch.length === 0 || page.next === null) return { items, more: false };
        // A full page with a next link: Okta does not say whether the next page is empty.
        if (items.length === limit) return { items, more: true };
        target = page.next;
      }
      return { items, more: false };
    },
  };
}
