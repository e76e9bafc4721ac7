import type { Clock } from '../core/clock.js';
import type { LogSeedOptions } from '../core/log-seed/log-event-generator.js';
import { inlineLogRows, type LogRowSource } from '../core/log-seed/log-row-source.js';
import type { Store } from '../core/ports/store.js';

export interface SeedLogInput extends LogSeedOptions {
  /** Events per transaction. */
  batch: number;
}

/**
 * Rows per append inside a transaction. Generating a whole 5,000-event transaction before appending
 * keeps every event alive long enough to be copied by the garbage collector: appending in chunks of
 * 500 measured 10–20% faster on both engines, with the same transactions.
 */
const APPEND_CHUNK = 500;

/**
 * Writes generated LogEvents (core/log-seed) into the System Log, `batch` events per transaction, for
 * benchmarks and demos (`keyflow logs seed`). `published` spreads over the window the generator was
 * given; the persistence time is the clock's now at each transaction, since that is when they are
 * imported. Rows come from `deps.rows` (default: made in this thread). `onBatch` hears the running total
 * after each commit (progress). Returns how many were written.
 */
export async function seedLog(deps: { store: Store; clock: Clock; rows?: LogRowSource }, input: SeedLogInput, onBatch?: (written: number) => void): Promise<number> {
  const source = deps.rows ?? inlineLogRows(input);
  const batch = Math.max(1, Math.floor(input.batch));
  let written = 0;
  try {
    while (source.remaining > 0) {
      const count = await deps.store.transaction(async (tx) => {
        const persistedAt = deps.clock.now().toISOString();
        let appended = 0;
        while (appended < batch && source.remaining > 0) {
          const rows = await source.next(Math.min(APPEND_CHUNK, batch - appended));
          await tx.logEvents.appendRows(rows, persistedAt);
          appended += rows.length;
        }
        return appended;
      });
      written += count;
      onBatch?.(written);
    }
  } finally {
    await source.close();
  }
  return written;
}
