import { Worker } from 'node:worker_threads';
import type { LogRow } from '../core/log-rows.js';
import type { LogSeedOptions } from '../core/log-seed/log-event-generator.js';
import { chunkedRows, inlineLogRows, SEED_CHUNK, type LogRowSource } from '../core/log-seed/log-row-source.js';

/** Chunks of SEED_CHUNK rows the worker may make ahead (16,000 rows, ~50 MB): enough to keep it busy through a commit, when
 *  this thread writes the keyword rows of a whole transaction and takes none. */
const AHEAD = 32;

/**
 * Seeded rows made on a worker thread (platform/log-seed-worker.ts): generating, serialising and
 * tokenizing an event cost more CPU than writing it, so on two cores a bulk load runs both at once. The
 * worker runs the same generator with the same input, so the rows are exactly those of
 * {@link inlineLogRows}, in the same order.
 *
 * Keyflow normally runs compiled (`dist/`), where the worker is `log-seed-worker.js`. Run from its
 * TypeScript sources (the test suite), the worker is the `.ts` file and needs a loader: the module named
 * by `KEYFLOW_TS_IMPORT` (vitest.config.ts sets it to test/support/register-ts.mjs); without one the rows
 * are made in this thread.
 */
export function threadedLogRows(input: LogSeedOptions): LogRowSource {
  const fromSource = import.meta.url.endsWith('.ts');
  const loader = process.env.KEYFLOW_TS_IMPORT;
  if (fromSource && !loader) return inlineLogRows(input);
  const worker = new Worker(new URL(fromSource ? './log-seed-worker.ts' : './log-seed-worker.js', import.meta.url), {
    workerData: { input, chunk: SEED_CHUNK },
    execArgv: fromSource ? ['--import', loader!] : [],
  });
  const total = Math.max(0, Math.floor(input.events));
  const arrived: LogRow[][] = [];
  let waiter: (() => void) | undefined;
  let failure: Error | undefined;
  let closed = false;
  let received = 0;
  worker.on('message', (rows: LogRow[]) => {
    arrived.push(rows);
    received += rows.length;
    waiter?.();
  });
  worker.on('error', (err) => {
    failure = err;
    waiter?.();
  });
  worker.on('exit', (code) => {
    if (!closed && received < total) failure ??= new Error(`the log seed worker stopped (exit code ${code}) after ${received} of ${total} rows`);
    waiter?.();
  });
  worker.postMessage({ credits: AHEAD });

  async function nextChunk(): Promise<LogRow[]> {
    while (arrived.length === 0) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (waiter = resolve));
      waiter = undefined;
    }
    worker.postMessage({ credits: 1 });
    return arrived.shift()!;
  }

  return chunkedRows(total, nextChunk, {
    threadId: worker.threadId,
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
  });
}
