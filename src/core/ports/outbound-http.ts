/**
 * Calls Keyflow makes to other servers (event hook verification and delivery). Services see only this
 * port; src/platform/fetch-http.ts implements it with Node's fetch. Tests use real local receivers.
 */
export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** The whole exchange, body included, must finish within this many milliseconds. */
  timeoutMs: number;
  /** Aborts the call early (shutdown). */
  signal?: AbortSignal;
}

/** What came back. Redirects are not followed: a 3xx is an answer like any other. */
export type OutboundResult =
  | { kind: 'response'; status: number; /** The body as text, cut at 64 KiB. */ body: string }
  | { kind: 'failed'; reason: 'timeout' | 'network' | 'aborted'; message: string };

export interface OutboundHttp {
  /** Never throws: every failure is an {@link OutboundResult} of kind `failed`. */
  send(request: OutboundRequest): Promise<OutboundResult>;
}
