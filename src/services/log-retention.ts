import type { ServiceDeps } from './service-deps.js';

const DAY_MS = 24 * 3600 * 1000;
/** Events deleted per transaction: small, so a purge never holds the write lock long enough to be felt. */
export const RETENTION_BATCH = 1000;
const LAST_RUN_KEY = 'logs.retention.lastRun';

/** What the last retention run did (`GET /api/v1/logs/retention`, a Keyflow extension). */
export interface RetentionRun {
  startedAt: string;
  finishedAt: string;
  /** Events published before this instant were deleted. */
  cutoff: string;
  deleted: number;
  outcome: 'SUCCESS' | 'FAILURE';
  /** Why it failed; the batches before the failure stay deleted. */
  error: string | null;
}

/**
 * The System Log's retention (okta-api.md §2.1: 90 days by default): deletes events published before
 * the window in batches of {@link RETENTION_BATCH}, each in its own transaction, yielding to other work
 * between batches, and records the run in the org settings so it can be inspected.
 */
export class LogRetentionService {
  constructor(private readonly deps: ServiceDeps) {}

  get days(): number {
    return this.deps.logRetentionDays;
  }

  async run(batch = RETENTION_BATCH): Promise<RetentionRun> {
    const started = this.deps.clock.now();
    const cutoff = new Date(started.getTime() - this.days * DAY_MS).toISOString();
    let deleted = 0;
    let error: string | null = null;
    try {
      for (;;) {
        const n = await this.deps.store.logEvents.purgeBefore(cutoff, batch);
        deleted += n;
        if (n < batch) break;
        // Let requests waiting on the store in between (on SQLite they share its one connection).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const run: RetentionRun = {
      startedAt: started.toISOString(),
      finishedAt: this.deps.clock.now().toISOString(),
      cutoff,
      deleted,
      outcome: error === null ? 'SUCCESS' : 'FAILURE',
      error,
    };
    await this.deps.store.settings.set(LAST_RUN_KEY, JSON.stringify(run));
    return run;
  }

  async lastRun(): Promise<RetentionRun | null> {
    const raw = await this.deps.store.settings.get(LAST_RUN_KEY);
    return raw === undefined ? null : (JSON.parse(raw) as RetentionRun);
  }

  /** Runs now and then every `everyMs` until the returned stop function is called; stopping waits for a
   *  run in progress, so the store can be closed after it. */
  schedule(everyMs: number, onError: (err: unknown) => void): () => Promise<void> {
    let stopped = false;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      if (stopped) return;
      running = this.run().then((run) => {
        if (run.outcome === 'FAILURE') onError(new Error(`deleted ${run.deleted} events, then: ${run.error}`));
      }, onError);
    };
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    first.unref();
    timer.unref();
    return async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    };
  }
}
