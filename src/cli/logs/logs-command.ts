import { Command, Option } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { ConfigError } from '../../config/config-schema.js';
import { exportLogs } from './export.js';
import { logsClient, OrgApiError, OrgUnreachable, type LogsClient } from './org-client.js';
import { searchLogs } from './search.js';
import { seedLogs } from './seed.js';
import { tailLogs } from './tail.js';
import { integerIn, parseTimeBound } from './time-bound.js';

interface ConnectionFlags {
  orgUrl?: string;
  token?: string;
}

/** The org and token: flags, then KEYFLOW_ORG_URL / KEYFLOW_API_TOKEN, as `keyflow serve` reads them. */
function clientFor(flags: ConnectionFlags): LogsClient {
  const config = loadConfig(process.env, { ...(flags.orgUrl ? { orgUrl: flags.orgUrl } : {}), ...(flags.token ? { apiToken: flags.token } : {}) });
  if (!config.apiToken) throw new ConfigError('KEYFLOW_API_TOKEN', 'an API token is required: pass --token or set KEYFLOW_API_TOKEN');
  return logsClient({ orgUrl: config.orgUrl, token: config.apiToken }, (ms) => {
    process.stderr.write(`keyflow: rate limited (HTTP 429); retrying in ${Math.ceil(ms / 1000)} s\n`);
  });
}

/** Okta's error answers and an unreachable org end the command with their text and exit code 1. */
function reporting<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof OrgApiError) process.stderr.write(`keyflow: ${err.describe()}\n`);
      else if (err instanceof OrgUnreachable) process.stderr.write(`keyflow: ${err.message}\n`);
      else throw err;
      process.exit(1);
    }
  };
}

const time = (text: string) => parseTimeBound(text, new Date());

function connected(cmd: Command): Command {
  return cmd
    .option('--org-url <url>', 'the org to read (KEYFLOW_ORG_URL, default http://localhost:<KEYFLOW_PORT or 8080>)')
    .option('--token <token>', 'SSWS API token of an admin allowed to read the System Log (KEYFLOW_API_TOKEN)');
}

const TIMES = 'Times: ISO-8601 (2026-11-01, 2026-11-01T08:00:00Z), now, or a time ago: 90s, 15m, 24h, 7d, 2w.';
const ERRORS = 'Okta errors are printed with their code and causes, exit code 1; a 429 is waited out until X-Rate-Limit-Reset.';

export function logsCommand(): Command {
  const logs = new Command('logs').description('read the System Log over the HTTP API (search, tail, export), or seed a store with generated events');

  connected(
    logs
      .command('search')
      .description('search the System Log: a bounded read of GET /api/v1/logs, following next links up to --limit')
      .argument('[filter]', 'Okta filter expression, e.g. \'eventType eq "user.session.start" and outcome.result eq "FAILURE"\'')
      .option('--q <keywords>', 'keyword search (q): every keyword must match')
      .option('--since <time>', 'published at or after (default: 7 days before --until, as the API)', time)
      .option('--until <time>', 'published before (default: now)', time)
      .option('--limit <n>', 'most events to print', integerIn(1, 1_000_000), 100)
      .addOption(new Option('--order <order>', 'newest first (desc) or oldest first (asc)').choices(['asc', 'desc']).default('desc'))
      .option('--json', 'print each LogEvent as one line of JSON (NDJSON), exactly as the API returned it'),
  )
    .addHelpText('after', `\nPrints a table of published, eventType, actor, outcome, targets and displayMessage.\n${TIMES}\n${ERRORS}`)
    .action(
      reporting(async (filter: string | undefined, flags: ConnectionFlags & { q?: string; since?: string; until?: string; limit: number; order: 'asc' | 'desc'; json?: boolean }) => {
        await searchLogs(clientFor(flags), {
          ...(filter ? { filter } : {}),
          ...(flags.q ? { q: flags.q } : {}),
          ...(flags.since ? { since: flags.since } : {}),
          until: flags.until ?? new Date().toISOString(),
          limit: flags.limit,
          order: flags.order,
          json: flags.json === true,
        });
      }),
    );

  connected(
    logs
      .command('tail')
      .description('follow the System Log as Okta\'s SDK subscribe() does: a polling read, then the latest next link, until Ctrl-C')
      .option('--filter <filter>', 'Okta filter expression')
      .option('--q <keywords>', 'keyword search (q)')
      .option('--since <time>', 'also print events stored since this time (default: now, only new events)', time)
      .option('--interval <ms>', 'wait after an empty page, in milliseconds', integerIn(100, 3_600_000), 2000)
      .option('--json', 'print each LogEvent as one line of JSON (NDJSON)'),
  )
    .addHelpText('after', `\nPolling reads follow the order events were stored in, so every event is printed once, even one\nwhose published time is earlier than one already printed. Ctrl-C stops it (exit code 0).\n${TIMES}\n${ERRORS}`)
    .action(
      reporting(async (flags: ConnectionFlags & { filter?: string; q?: string; since?: string; interval: number; json?: boolean }) => {
        const client = clientFor(flags);
        const stop = new AbortController();
        const abort = () => stop.abort();
        process.once('SIGINT', abort);
        process.once('SIGTERM', abort);
        try {
          await tailLogs(client, { ...(flags.filter ? { filter: flags.filter } : {}), ...(flags.q ? { q: flags.q } : {}), since: flags.since ?? new Date().toISOString(), intervalMs: flags.interval, json: flags.json === true }, stop.signal);
        } catch (err) {
          if (!stop.signal.aborted) throw err;
        } finally {
          process.off('SIGINT', abort);
          process.off('SIGTERM', abort);
        }
        // Stopped by Ctrl-C: exit now rather than when fetch's idle keep-alive socket times out.
        if (stop.signal.aborted) process.exit(0);
      }),
    );

  connected(
    logs
      .command('export')
      .description('export a time range of the System Log as NDJSON, page by page (1,000 events each), in constant memory')
      .addOption(new Option('--format <format>', 'output format').choices(['ndjson']).default('ndjson'))
      .option('--filter <filter>', 'Okta filter expression')
      .option('--q <keywords>', 'keyword search (q)')
      .requiredOption('--since <time>', 'published at or after (required)', time)
      .option('--until <time>', 'published before (default: now)', time)
      .option('--output <file>', 'write to this file instead of stdout'),
  )
    .addHelpText('after', `\nEvents come oldest first. A progress bar (events, pages, rate) is drawn on stderr when it is a\nterminal; a final line on stderr gives the count.\n${TIMES}\n${ERRORS}`)
    .action(
      reporting(async (flags: ConnectionFlags & { filter?: string; q?: string; since: string; until?: string; output?: string }) => {
        await exportLogs(clientFor(flags), {
          ...(flags.filter ? { filter: flags.filter } : {}),
          ...(flags.q ? { q: flags.q } : {}),
          since: flags.since,
          until: flags.until ?? new Date().toISOString(),
          ...(flags.output ? { output: flags.output } : {}),
        });
      }),
    );

  logs
    .command('seed')
    .description('write N generated, realistic LogEvents straight into the configured store, for benchmarks and demos')
    .requiredOption('--events <n>', 'how many events (required)', integerIn(1, 1_000_000_000))
    .option('--days <d>', 'spread published times over the last D days', integerIn(1, 365), 30)
    .option('--batch <b>', 'events per transaction', integerIn(1, 100_000), 50_000)
    .option('--seed <seed>', 'seed of the generator (number or text): the same seed, --now and sizes give the same events', '1')
    .option('--users <u>', 'distinct people in the generated org (default: events / 100, from 300 to 5,000)', integerIn(1, 1_000_000))
    .option('--now <time>', 'end of the window (default: now)', time)
    .option('--data <dir>', 'data directory for the SQLite database (KEYFLOW_DATA_DIR)')
    .option('--json', 'print the result (count, rate, database size before and after) as JSON')
    .addHelpText(
      'after',
      '\nLocal, not over HTTP: like `keyflow init`, it opens the store itself, SQLite in the data directory or\n' +
        'PostgreSQL at KEYFLOW_DATABASE_URL. SQLite serves one process at a time, so stop the server first.\n' +
        "The mix is an Okta org's: sign-ins (with failures and password sprays), SSO, OAuth token grants\n" +
        '(Okta Workflows\' among them, User-Agent "Azuqua"), lifecycle, account, group and app membership\n' +
        'changes, API tokens. Events are stored now (persistence time) but published across the window.\n' +
        'They are made on a worker thread while this one writes them: two cores are used when there are two.',
    )
    .action(async (flags: { events: number; days: number; batch: number; seed: string; users?: number; now?: string; data?: string; json?: boolean }) => {
      const config = loadConfig(process.env, flags.data ? { dataDir: flags.data } : {});
      await seedLogs(config, {
        events: flags.events,
        days: flags.days,
        batch: flags.batch,
        seed: flags.seed,
        ...(flags.users ? { users: flags.users } : {}),
        now: flags.now ? new Date(flags.now) : new Date(),
        json: flags.json === true,
      });
    });

  return logs;
}
