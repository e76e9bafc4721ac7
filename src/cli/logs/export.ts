import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { writeText, ndjson } from './output.js';
import type { LogPage, LogsClient } from './org-client.js';
import { formatCount, progressBar, ratePerSecond } from './progress.js';

export interface ExportOptions {
  filter?: string;
  q?: string;
  since: string;
  until: string;
  output?: string;
}

/**
 * `keyflow logs export --format ndjson`: a bounded read in ascending `published` order, 1,000 events a
 * page, streamed to stdout or a file one page at a time while the next page is already on its way:
 * memory stays at two pages whatever the size of the export. Progress (events, pages, rate, share of
 * the window) is drawn on stderr when it is a terminal; the final count line always goes to stderr.
 */
export async function exportLogs(client: LogsClient, opts: ExportOptions, nowMs: () => number = Date.now): Promise<number> {
  const sink: Writable = opts.output ? createWriteStream(opts.output) : process.stdout;
  const bar = progressBar(process.stderr);
  const from = Date.parse(opts.since);
  const span = Date.parse(opts.until) - from;
  const started = nowMs();
  let events = 0;
  let pages = 0;
  let pending: Promise<LogPage> | null = client.page(client.url({ since: opts.since, until: opts.until, filter: opts.filter, q: opts.q, limit: '1000', sortOrder: 'ASCENDING' }));
  try {
    while (pending !== null) {
      const page: LogPage = await pending;
      pending = page.next !== null && page.events.length > 0 ? client.page(page.next) : null;
      // A failed write must not leave the prefetch's rejection unhandled.
      pending?.catch(() => {});
      await writeText(sink, ndjson(page.events));
      events += page.events.length;
      pages++;
      const last = page.events[page.events.length - 1];
      const fraction = last && span > 0 ? (Date.parse(last.published) - from) / span : pending === null ? 1 : 0;
      bar.update({ events, fraction, elapsedMs: nowMs() - started, detail: `${formatCount(pages)} pages` });
    }
  } finally {
    bar.clear();
    if (opts.output) {
      sink.end();
      await finished(sink);
    }
  }
  const rate = formatCount(ratePerSecond(events, nowMs() - started));
  process.stderr.write(`exported ${events} events in ${pages} pages to ${opts.output ?? 'stdout'} (${rate} events/s)\n`);
  return events;
}
