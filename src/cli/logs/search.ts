import { writeText, ndjson } from './output.js';
import type { LogsClient } from './org-client.js';
import { TABLE_HEADER, tableRow } from './log-table.js';

export interface SearchOptions {
  filter?: string;
  q?: string;
  since?: string;
  until: string;
  limit: number;
  order: 'asc' | 'desc';
  json: boolean;
}

/**
 * `keyflow logs search`: a bounded read (both `since`, by default the API's seven days, and `until`,
 * by default now), so it is finite and in `published` order; follows `next` links until `limit`
 * events are printed or the read ends.
 */
export async function searchLogs(client: LogsClient, opts: SearchOptions): Promise<void> {
  const out = process.stdout;
  let url: string | null = client.url({
    since: opts.since,
    until: opts.until,
    filter: opts.filter,
    q: opts.q,
    limit: String(Math.min(opts.limit, 1000)),
    sortOrder: opts.order === 'asc' ? 'ASCENDING' : 'DESCENDING',
  });
  let printed = 0;
  let more = false;
  while (url !== null && printed < opts.limit) {
    const page = await client.page(url);
    const events = page.events.slice(0, opts.limit - printed);
    if (!opts.json && printed === 0 && events.length > 0) await writeText(out, `${TABLE_HEADER}\n`);
    await writeText(out, opts.json ? ndjson(events) : events.map((e) => `${tableRow(e)}\n`).join(''));
    printed += events.length;
    more = events.length < page.events.length || (page.next !== null && page.events.length > 0);
    url = page.events.length > 0 ? page.next : null;
  }
  if (opts.json) return;
  if (printed === 0) await writeText(out, 'No events found.\n');
  else if (more) process.stderr.write(`(${printed} events shown; more match: raise --limit or narrow the window)\n`);
}
