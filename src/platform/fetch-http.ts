import type { OutboundHttp, OutboundResult } from '../core/ports/outbound-http.js';

/** Responses are read up to this many bytes: a hook receiver answers with a few bytes of JSON at most. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * {@link OutboundHttp} over Node's global fetch (undici). The timeout covers the whole exchange,
 * reading the body included; redirects are returned, not followed, so a hook cannot be bounced to a
 * host the URL rule would have refused.
 */
export const fetchHttp: OutboundHttp = {
  async send(request) {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        redirect: 'manual',
        signal,
      });
      return { kind: 'response', status: response.status, body: await readLimited(response) };
    } catch (err) {
      return failure(err, request.timeoutMs, timeout, request.signal);
    }
  },
};

function failure(err: unknown, timeoutMs: number, timeout: AbortSignal, caller: AbortSignal | undefined): OutboundResult {
  if (caller?.aborted) return { kind: 'failed', reason: 'aborted', message: 'The call was aborted' };
  if (timeout.aborted) return { kind: 'failed', reason: 'timeout', message: `No response within ${timeoutMs} ms` };
  // undici reports the socket error (ECONNREFUSED, ENOTFOUND, …) as the cause of a generic TypeError.
  const cause = (err as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (err as Error)?.message;
  return { kind: 'failed', reason: 'network', message: `Connection failed: ${detail ?? 'unknown error'}` };
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}
