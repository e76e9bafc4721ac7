import { writeText, ndjson } from './output.js';
import { sleep, type LogsClient } from './org-client.js';
import { TABLE_HEADER, tableRow } from './log-table.js';

export interface TailOptions {
  filter?: string;
  q?: string;
  since: string;
  intervalMs: number;
  json: boolean;
}

/**
 * `keyflow logs tail`: what `collection.subscribe()` of Okta's Node SDK does (okta-api.md §2.3). A
 * polling request (no `until`, ascending, so in persistence order with an endless `next` link), then
 * always the latest `next` link: at once after a page with events, after `intervalMs` after an empty
 * one. Ends when `signal` aborts (Ctrl-C) or if the org ever stops sending `next`.
 */
export async function tailLogs(client: LogsClient, opts: TailOptions, signal: AbortSignal): Promise<void> {
  const out = process.stdout;
  if (!opts.json) await writeText(out, `${TABLE_HEADER}\n`);
  let url: string | null = client.url({ since: opts.since, filter: opts.filter, q: opts.q, limit: '1000', sortOrder: 'ASCENDING' });
  while (url !== null && !signal.aborted) {
    const page = await client.page(url, signal);
    await writeText(out, opts.json ? ndjson(page.events) : page.events.map((e) => `${tableRow(e)}\n`).join(''));
    url = page.next;
    if (page.events.length === 0) await sleep(opts.intervalMs, signal);
  }
}
