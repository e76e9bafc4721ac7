// Bulk-ingest speed of the System Log (`npm run build && node bench/seed-log.mjs [--events N] [--batch B]`):
// how fast the generator alone makes events, then `keyflow logs seed`'s path (generate, then append in
// transactions of B events) on a fresh SQLite file and, when reachable, a fresh PostgreSQL database,
// with the database growth per event. Prints a table; asserts nothing (the target is 30,000 events/s).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedConfiguredLog } from '../dist/app.js';
import { logEventGenerator } from '../dist/core/log-seed/log-event-generator.js';
import { createPgDatabase } from './pg-database.mjs';

const { values: opts } = parseArgs({ options: { events: { type: 'string', default: '200000' }, batch: { type: 'string', default: '50000' } } });
const EVENTS = Number(opts.events);
const BATCH = Number(opts.batch);
const input = { seed: 1, now: new Date(), days: 30, events: EVENTS, batch: BATCH };

const rows = [];
const rate = (n, ms) => Math.round((n * 1000) / ms);

{
  const gen = logEventGenerator(input);
  const started = performance.now();
  let bytes = 0;
  while (gen.remaining > 0) for (const e of gen.take(BATCH)) bytes += JSON.stringify(e).length;
  rows.push({ what: 'generate + JSON.stringify only', eventsPerSecond: rate(EVENTS, performance.now() - started), bytesPerEvent: Math.round(bytes / EVENTS) });
}

async function seed(what, config, cleanup) {
  try {
    const started = performance.now();
    const result = await seedConfiguredLog(config, input);
    rows.push({ what, eventsPerSecond: rate(result.written, performance.now() - started), bytesPerEvent: Math.round((result.bytesAfter - result.bytesBefore) / result.written) });
  } finally {
    await cleanup();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'keyflow-seed-bench-'));
await seed('seed into SQLite', { dataDir: dir, databaseUrl: null }, async () => rmSync(dir, { recursive: true, force: true }));
const pg = await createPgDatabase();
if (pg) await seed('seed into PostgreSQL', { dataDir: dir, databaseUrl: pg.url }, () => pg.drop());
else rows.push({ what: 'seed into PostgreSQL', eventsPerSecond: 'unreachable', bytesPerEvent: '' });

console.log(`${EVENTS} events, ${BATCH} per transaction`);
console.table(rows);
