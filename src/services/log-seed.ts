import type { Clock } from '../core/clock.js';
import { logEventGenerator, type LogSeedOptions } from '../core/log-seed/log-event-generator.js';
import type { Store } from '../core/ports/store.js';

export interface SeedLogInput extends LogSeedOptions {
  /** Events per transaction. */
  batch: number;
}

/**
 * Writes generated LogEvents (core/log-seed) into the System Log, `batch` events per transaction, for
 * benchmarks and demos (`keyflow logs seed`). `published` spreads over the window the generator was
 * given; the persistence time is the clock's now at each batch, since that is when they are imported.
 * `onBatch` hears the running total after each commit (progress). Returns how many were written.
 */
export async function seedLog(deps: { store: Store; clock: Clock }, input: SeedLogInput, onBatch?: (written: number) => void): Promise<number> {
  const generator = logEventGenerator(input);
  const batch = Math.max(1, Math.floor(input.batch));
  let written = 0;
  while (generator.remaining > 0) {
    const events = generator.take(batch);
    await deps.store.transaction((tx) => tx.logEvents.append(events, deps.clock.now().toISOString()));
    written += events.length;
    onBatch?.(written);
  }
  return written;
}
