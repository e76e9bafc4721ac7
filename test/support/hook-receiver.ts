import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an event hook receiver got, and the status it answered. */
export interface ReceivedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  status: number;
}

/**
 * What the receiver answers to a call; the default echoes the verification challenge and takes every POST.
 * A promise holds the response until it settles (a slow endpoint the test controls).
 */
export type Answer = (call: Omit<ReceivedCall, 'status'>) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

export const acceptEverything: Answer = (call) =>
  call.method === 'GET' ? { status: 200, body: { verification: call.headers['x-okta-verification-challenge'] } } : { status: 200 };

/**
 * A real event hook receiver: node:http on 127.0.0.1 and a random port, recording every call. `answer`
 * can be swapped at any time; `down()` closes the port (calls then fail to connect) and `up()` opens
 * the same port again.
 */
export class HookReceiver {
  readonly calls: ReceivedCall[] = [];
  answer: Answer = acceptEverything;
  private server: Server | undefined;
  private port = 0;

  static async start(): Promise<HookReceiver> {
    const receiver = new HookReceiver();
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** POSTs answered 2xx: what was delivered. */
  get deliveries(): ReceivedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.status >= 200 && c.status < 300);
  }

  /** Every LogEvent delivered, in delivery order. */
  get deliveredEvents(): any[] {
    return this.deliveries.flatMap((c) => c.body.data.events);
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const call = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
        const { status, body } = await this.answer(call);
        this.calls.push({ ...call, status });
        res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Polls `check` until it returns a value other than undefined/false (or stops throwing), failing with
 * the last reason after `timeoutMs`. Tests wait on outcomes this way, never on the clock.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
      last = new Error(`${what} not met yet`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error(String(last));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
