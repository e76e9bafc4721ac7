import { API_TOKEN_PATTERN } from '../core/ids.js';
import { ConfigError, SETTINGS, type Config } from './config-schema.js';

/**
 * Builds the configuration once from flags (highest), environment, then defaults; the result is frozen
 * and passed explicitly. Any bad value fails fast naming the setting and the reason.
 */
export function loadConfig(env: Record<string, string | undefined>, flags: Partial<Record<keyof Config, string>> = {}): Readonly<Config> {
  const raw = (key: keyof Config): string | undefined => {
    const setting = SETTINGS.find((s) => s.key === key)!;
    return flags[key] ?? (env[setting.env] === '' ? undefined : env[setting.env]);
  };
  const value = <K extends keyof Config>(key: K, fallback: Config[K]): Config[K] => {
    const given = raw(key);
    if (given === undefined) return fallback;
    const setting = SETTINGS.find((s) => s.key === key)!;
    return setting.parse(given) as Config[K];
  };
  const port = value('port', 8080);
  const adminPassword = value('adminPassword', null);
  const apiToken = value('apiToken', null);
  if (apiToken !== null && !API_TOKEN_PATTERN.test(apiToken)) {
    throw new ConfigError('KEYFLOW_API_TOKEN', 'must be 00 followed by 40 characters of [0-9A-Za-z_-] (42 in all), like an Okta API token');
  }
  return Object.freeze({
    port,
    host: value('host', '127.0.0.1'),
    dataDir: value('dataDir', './data'),
    orgUrl: value('orgUrl', `http://localhost:${port}`),
    databaseUrl: value('databaseUrl', null),
    adminLogin: value('adminLogin', null),
    adminPassword,
    apiToken,
    demo: value('demo', true),
    trustedProxies: value('trustedProxies', []),
    rateLimits: value('rateLimits', 'off'),
    bodyLimitBytes: value('bodyLimitBytes', 1_048_576),
    logLevel: value('logLevel', 'info'),
    secretKey: value('secretKey', null),
    accessTokenSeconds: value('accessTokenSeconds', 3600),
    refreshTokenSeconds: value('refreshTokenSeconds', 90 * 86_400),
    authorizationCodeSeconds: value('authorizationCodeSeconds', 300),
    sessionSeconds: value('sessionSeconds', 7200),
    lockoutAttempts: value('lockoutAttempts', 10),
    logRetentionDays: value('logRetentionDays', 90),
    workflowsUserAgent: value('workflowsUserAgent', 'Azuqua'),
    workflowsNotifyUrl: value('workflowsNotifyUrl', null),
    workflowsConcurrency: value('workflowsConcurrency', 4),
    workflowsPollMs: value('workflowsPollMs', 1000),
    workflowsLeaseMs: value('workflowsLeaseMs', 30_000),
    workflowsHistoryDays: value('workflowsHistoryDays', 30),
    workflowsSchedulerMs: value('workflowsSchedulerMs', 5000),
    eventHookAllowedHosts: value('eventHookAllowedHosts', []),
    eventHookPollMs: value('eventHookPollMs', 1000),
    eventHookRetryMs: value('eventHookRetryMs', 1000),
    eventHookRetryMaxMs: value('eventHookRetryMaxMs', 300_000),
  });
}

export function configDocs(): string {
  const rows = SETTINGS.map((s) => `| \`${s.env}\` | ${s.flag ? `\`${s.flag}\`` : ''} | ${s.defaultText} | ${s.description} |`);
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/config-schema.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Flags win over environment variables, which win over defaults. A bad value stops start-up with the',
    'variable name and the reason.',
    '',
    '| variable | flag | default | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
