import { seedConfiguredLog } from '../../app.js';
import { defaultSeedUsers } from '../../core/log-seed/log-event-generator.js';
import type { Config } from '../../config/config-schema.js';
import { formatCount, progressBar, ratePerSecond } from './progress.js';

export interface SeedOptions {
  events: number;
  days: number;
  batch: number;
  seed: string;
  users?: number;
  now: Date;
  json: boolean;
}

const MIB = 1024 * 1024;

/**
 * `keyflow logs seed`: generated events written straight into the configured store (SQLite in the data
 * directory, or KEYFLOW_DATABASE_URL), like `keyflow init`, not over HTTP. Reports the rate and how much
 * the database grew.
 */
export async function seedLogs(config: Readonly<Config>, opts: SeedOptions, nowMs: () => number = () => performance.now()): Promise<void> {
  const users = opts.users ?? defaultSeedUsers(opts.events);
  const bar = progressBar(process.stderr);
  const started = nowMs();
  let batches = 0;
  const result = await seedConfiguredLog(config, { seed: opts.seed, now: opts.now, days: opts.days, events: opts.events, users, batch: opts.batch }, (written) => {
    batches++;
    bar.update({ events: written, fraction: written / opts.events, elapsedMs: nowMs() - started, detail: `${formatCount(batches)} transactions` });
  });
  bar.clear();
  const seconds = (nowMs() - started) / 1000;
  const rate = ratePerSecond(result.written, seconds * 1000);
  const grown = result.bytesAfter - result.bytesBefore;
  const where = result.store === 'sqlite' ? `sqlite (${config.dataDir})` : 'postgres';
  if (opts.json) {
    const report = { events: result.written, users, days: opts.days, seed: opts.seed, until: opts.now.toISOString(), store: result.store, seconds, eventsPerSecond: Math.round(rate), bytesBefore: result.bytesBefore, bytesAfter: result.bytesAfter };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const size = result.written > 0 ? `; database +${(grown / MIB).toFixed(1)} MiB (${formatCount(grown / result.written)} bytes/event)` : '';
  process.stdout.write(
    `seeded ${formatCount(result.written)} events from ${formatCount(users)} people over the ${opts.days} days before ${opts.now.toISOString()} into ${where}\n` +
      `in ${seconds.toFixed(1)} s: ${formatCount(rate)} events/s${size}\n`,
  );
}
