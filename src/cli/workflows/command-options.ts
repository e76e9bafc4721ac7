import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../../config/config-schema.js';
import { loadConfig } from '../../config/load-config.js';
import { OrgApiError, OrgUnreachable } from '../logs/org-client.js';
import { workflowsClient, type WorkflowsClient } from './workflows-client.js';

export interface OrgFlags {
  orgUrl?: string;
  token?: string;
  json?: boolean;
}

/** A problem the CLI finds itself (an unreadable file, a bad `--input`): printed as is, exit code 1. */
export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailed';
  }
}

/** The org and token: flags, then KEYFLOW_ORG_URL / KEYFLOW_API_TOKEN, as `keyflow logs` reads them. */
export function clientFor(flags: OrgFlags): WorkflowsClient {
  const config = loadConfig(process.env, { ...(flags.orgUrl ? { orgUrl: flags.orgUrl } : {}), ...(flags.token ? { apiToken: flags.token } : {}) });
  if (!config.apiToken) throw new ConfigError('KEYFLOW_API_TOKEN', 'an API token is required: pass --token or set KEYFLOW_API_TOKEN');
  return workflowsClient({ orgUrl: config.orgUrl, token: config.apiToken }, (ms) => {
    process.stderr.write(`keyflow: rate limited (HTTP 429); retrying in ${Math.ceil(ms / 1000)} s\n`);
  });
}

/**
 * Okta's error answers (code, errorSummary, each errorCause, errorId), an unreachable org and the CLI's
 * own {@link CommandFailed} end the command on stderr with exit code 1. Configuration errors go on to
 * `run()`, which exits 2.
 */
export function reporting<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof OrgApiError) process.stderr.write(`keyflow: ${err.describe()}\n`);
      else if (err instanceof OrgUnreachable || err instanceof CommandFailed) process.stderr.write(`keyflow: ${err.message}\n`);
      else throw err;
      process.exit(1);
    }
  };
}

/** The options every Workflows command takes: where the org is, the token, and (unless its output is JSON anyway) `--json`. */
export function connected(cmd: Command, opts: { json: boolean } = { json: true }): Command {
  cmd
    .option('--org-url <url>', 'the org (KEYFLOW_ORG_URL, default http://localhost:<KEYFLOW_PORT or 8080>)')
    .option('--token <token>', 'SSWS API token of a Super Admin or Workflows Administrator (KEYFLOW_API_TOKEN)');
  return opts.json ? cmd.option('--json', 'print what the API answered, as JSON') : cmd;
}

/** Prints `value` as indented JSON, the API's answer unchanged. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: readonly string[]): void {
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
}

/** A commander parser for a repeatable `NAME=value` option; later values of a name win. */
export function namedValue(name: RegExp, what: string) {
  return (text: string, previous: [string, string][] = []): [string, string][] => {
    const at = text.indexOf('=');
    const key = at > 0 ? text.slice(0, at) : '';
    if (!name.test(key)) throw new InvalidArgumentError(`expected ${what}=value, got '${text}'`);
    return [...previous.filter(([k]) => k !== key), [key, text.slice(at + 1)]];
  };
}
