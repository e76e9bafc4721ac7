import { Command, Option } from 'commander';
import { createApp, migrateConfiguredStore } from '../app.js';
import { ConfigError, type Config } from '../config/config-schema.js';
import { configDocs, loadConfig } from '../config/load-config.js';
import { logsCommand } from './logs/logs-command.js';
import { connectionsCommand } from './workflows/connections-command.js';
import { executionsCommand } from './workflows/executions-command.js';
import { flowsCommand } from './workflows/flows-command.js';

type ServeFlags = { port?: string; host?: string; data?: string; demo?: boolean };

function configFrom(flags: ServeFlags): Readonly<Config> {
  const given: Partial<Record<keyof Config, string>> = {};
  if (flags.port !== undefined) given.port = flags.port;
  if (flags.host !== undefined) given.host = flags.host;
  if (flags.data !== undefined) given.dataDir = flags.data;
  if (flags.demo === false) given.demo = 'false';
  return loadConfig(process.env, given);
}

const common = (cmd: Command) =>
  cmd
    .option('--data <dir>', 'data directory for the SQLite database (KEYFLOW_DATA_DIR)')
    .addOption(new Option('--no-demo', 'do not seed demo people and groups (KEYFLOW_DEMO=false)'));

export function program(): Command {
  const cli = new Command('keyflow')
    .description('An Okta-compatible identity org with the System Log and Workflows built in.\nSettings: see `keyflow config` or docs/configuration.md.')
    .showHelpAfterError();

  common(
    cli
      .command('serve')
      .description('run the org: management API at /api/v1 on SQLite (or PostgreSQL with KEYFLOW_DATABASE_URL)')
      .option('--port <port>', 'TCP port (KEYFLOW_PORT, default 8080)')
      .option('--host <address>', 'listen address (KEYFLOW_HOST, default 127.0.0.1)'),
  ).action(async (flags: ServeFlags) => {
    const config = configFrom(flags);
    const app = await createApp(config);
    const setup = await app.services.setup.run(setupInput(config));
    await app.api.listen({ port: config.port, host: config.host });
    const lines = [`Keyflow is serving ${config.orgUrl} (${app.store.dialect}${config.databaseUrl ? '' : ` in ${config.dataDir}`})`];
    if (setup.orgCreated) lines.push('Created a new org.');
    if (setup.admin.created) lines.push(`Super Admin: ${setup.admin.login}${setup.admin.password ? `  password: ${setup.admin.password}` : ''}`);
    if (setup.apiToken?.created && !config.apiToken) lines.push(`API token (shown once): ${setup.apiToken.value}`, `Try: curl -H "Authorization: SSWS ${setup.apiToken.value}" ${config.orgUrl}/api/v1/users`);
    if (setup.demo) lines.push(`Demo directory: ${setup.demo.users} people, ${setup.demo.groups} groups.`);
    lines.push(`Admin console: ${config.orgUrl}/console/ (sign in as the Super Admin)`);
    process.stdout.write(`${lines.join('\n')}\n`);
    const stop = async () => {
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

  common(cli.command('init').description('create the org, its Super Admin and an API token without serving').option('--json', 'print what was created as JSON')).action(
    async (flags: ServeFlags & { json?: boolean }) => {
      const config = configFrom(flags);
      const app = await createApp(config);
      try {
        const setup = await app.services.setup.run(setupInput(config));
        if (flags.json) process.stdout.write(`${JSON.stringify({ orgUrl: config.orgUrl, store: app.store.dialect, ...setup }, null, 2)}\n`);
        else process.stdout.write(`org ${setup.orgCreated ? 'created' : 'already existed'}; admin ${setup.admin.login}${setup.apiToken?.created ? `; API token ${setup.apiToken.value}` : ''}\n`);
      } finally {
        await app.close();
      }
    },
  );

  cli
    .command('migrate')
    .description('apply database migrations and exit (serve also does this on start)')
    .option('--data <dir>', 'data directory for the SQLite database (KEYFLOW_DATA_DIR)')
    .action(async (flags: ServeFlags) => {
      const config = configFrom(flags);
      const applied = await migrateConfiguredStore(config);
      process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    });

  cli.addCommand(logsCommand());
  cli.addCommand(flowsCommand());
  cli.addCommand(connectionsCommand());
  cli.addCommand(executionsCommand());

  cli
    .command('config')
    .description('print every setting with its variable, flag and default')
    .action(() => {
      process.stdout.write(configDocs());
    });

  return cli;
}

function setupInput(config: Readonly<Config>) {
  return {
    ...(config.adminLogin ? { adminLogin: config.adminLogin } : {}),
    ...(config.adminPassword ? { adminPassword: config.adminPassword } : {}),
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
    demo: config.demo,
  };
}

/** Runs the CLI; configuration errors print the setting and the reason and exit 2. */
export async function run(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`keyflow: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    // SQLite is opened by one process at a time (docs/architecture.md): say so instead of a stack trace.
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      process.stderr.write('keyflow: the data directory is in use by another Keyflow process (SQLite serves one process at a time); stop it first, or use PostgreSQL for several processes\n');
      process.exit(1);
    }
    throw err;
  }
}
