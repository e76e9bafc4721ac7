/**
 * Every setting of `keyflow serve`, with its environment variable, flag, default and description.
 * docs/configuration.md is generated from this table (`npm run docs:config`) and a test keeps it in step.
 */
export type RateLimitProfile = 'off' | 'workforce' | 'developer';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  orgUrl: string;
  databaseUrl: string | null;
  adminLogin: string | null;
  adminPassword: string | null;
  apiToken: string | null;
  demo: boolean;
  trustedProxies: string[];
  rateLimits: RateLimitProfile;
  bodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** 32-byte key sealing client secrets and signing keys; null = the key file in the data directory. */
  secretKey: string | null;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  authorizationCodeSeconds: number;
  sessionSeconds: number;
  lockoutAttempts: number;
  /** Days of System Log kept and searchable. */
  logRetentionDays: number;
  workflowsUserAgent: string;
  /** Where to POST a notice when a Workflows connection stops working (besides the server log). */
  workflowsNotifyUrl: string | null;
  workflowsConcurrency: number;
  workflowsPollMs: number;
  workflowsLeaseMs: number;
  workflowsHistoryDays: number;
  workflowsSchedulerMs: number;
  /** Host names event hooks may call over plain http (besides loopback hosts). */
  eventHookAllowedHosts: string[];
  eventHookPollMs: number;
  eventHookRetryMs: number;
  eventHookRetryMaxMs: number;
}

export interface Setting<K extends keyof Config = keyof Config> {
  key: K;
  env: string;
  flag?: string;
  /** Default as shown in docs; `undefined` means derived or empty. */
  defaultText: string;
  description: string;
  parse(raw: string): Config[K];
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly reason: string,
  ) {
    super(`${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}

function int(name: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new ConfigError(name, `must be an integer from ${min} to ${max} (got '${raw}')`);
    return n;
  };
}

function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (raw: string): T => {
    if (!(values as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${values.join(', ')} (got '${raw}')`);
    return raw as T;
  };
}

function bool(name: string) {
  return (raw: string): boolean => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(name, `must be true or false (got '${raw}')`);
  };
}

function url(name: string, protocols: readonly string[]) {
  return (raw: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(name, `must be an absolute URL (got '${raw}')`);
    }
    if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')} (got '${parsed.protocol}')`);
    return raw.replace(/\/+$/, '');
  };
}

function secretKey(name: string) {
  return (raw: string): string => {
    if (!/^[0-9a-fA-F]{64}$/.test(raw.trim())) throw new ConfigError(name, 'must be 64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`');
    return raw.trim();
  };
}

const text = (name: string) => (raw: string): string => {
  if (raw.trim() === '') throw new ConfigError(name, 'must not be empty');
  return raw;
};

export const SETTINGS: Setting[] = [
  { key: 'port', env: 'KEYFLOW_PORT', flag: '--port <port>', defaultText: '8080', description: 'TCP port to listen on.', parse: int('KEYFLOW_PORT', 1, 65535) },
  { key: 'host', env: 'KEYFLOW_HOST', flag: '--host <address>', defaultText: '127.0.0.1', description: 'Address to listen on; use 0.0.0.0 in a container.', parse: text('KEYFLOW_HOST') },
  { key: 'dataDir', env: 'KEYFLOW_DATA_DIR', flag: '--data <dir>', defaultText: './data', description: 'Directory for the SQLite database (keyflow.db). Created if missing.', parse: text('KEYFLOW_DATA_DIR') },
  { key: 'orgUrl', env: 'KEYFLOW_ORG_URL', defaultText: 'http://localhost:<port>', description: 'Public base URL of the org, used in links, activation URLs and (later) as the OAuth issuer.', parse: url('KEYFLOW_ORG_URL', ['http:', 'https:']) },
  { key: 'databaseUrl', env: 'KEYFLOW_DATABASE_URL', defaultText: '(SQLite in the data directory)', description: 'postgres://user@host:port/db to use PostgreSQL instead of SQLite.', parse: url('KEYFLOW_DATABASE_URL', ['postgres:', 'postgresql:']) },
  { key: 'adminLogin', env: 'KEYFLOW_ADMIN_LOGIN', defaultText: 'admin@example.com', description: 'Login of the Super Admin created on first start.', parse: text('KEYFLOW_ADMIN_LOGIN') },
  { key: 'adminPassword', env: 'KEYFLOW_ADMIN_PASSWORD', defaultText: '(generated and printed once)', description: "Password of that Super Admin; must meet Okta's default policy (8+ characters, upper, lower, digit, not the username).", parse: text('KEYFLOW_ADMIN_PASSWORD') },
  { key: 'apiToken', env: 'KEYFLOW_API_TOKEN', defaultText: '(one is generated and printed on first start)', description: 'Creates an SSWS API token with exactly this value, owned by the Super Admin, if it does not exist yet. Format: 00 followed by 40 characters of [0-9A-Za-z_-].', parse: text('KEYFLOW_API_TOKEN') },
  { key: 'demo', env: 'KEYFLOW_DEMO', flag: '--no-demo', defaultText: 'true', description: 'Seed demo people and groups when the org is first created.', parse: bool('KEYFLOW_DEMO') },
  { key: 'trustedProxies', env: 'KEYFLOW_TRUSTED_PROXIES', defaultText: '(none)', description: 'Comma-separated IPs or CIDRs of proxies whose X-Forwarded-For is believed for client.ipAddress.', parse: (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean) },
  { key: 'rateLimits', env: 'KEYFLOW_RATE_LIMITS', defaultText: 'off', description: "Rate limiting: off, or Okta's published per-minute defaults for 'workforce' or 'developer' orgs (docs/rate-limits.md).", parse: oneOf('KEYFLOW_RATE_LIMITS', ['off', 'workforce', 'developer'] as const) },
  { key: 'bodyLimitBytes', env: 'KEYFLOW_BODY_LIMIT', defaultText: '1048576', description: 'Largest request body accepted, in bytes; larger bodies get 413.', parse: int('KEYFLOW_BODY_LIMIT', 1024, 64 * 1024 * 1024) },
  { key: 'secretKey', env: 'KEYFLOW_SECRET_KEY', defaultText: '(generated into <data>/keyflow.key, 0600)', description: 'AES-256-GCM key sealing client secrets and the signing keys: 64 hex characters. Every process sharing one PostgreSQL database must be given the same key.', parse: secretKey('KEYFLOW_SECRET_KEY') },
  { key: 'accessTokenSeconds', env: 'KEYFLOW_ACCESS_TOKEN_TTL', defaultText: '3600', description: "Lifetime of access and ID tokens in seconds (Okta's org authorization server: 60 minutes).", parse: int('KEYFLOW_ACCESS_TOKEN_TTL', 60, 86_400) },
  { key: 'refreshTokenSeconds', env: 'KEYFLOW_REFRESH_TOKEN_TTL', defaultText: '7776000', description: "Lifetime of refresh tokens in seconds (Okta's org authorization server: 90 days).", parse: int('KEYFLOW_REFRESH_TOKEN_TTL', 600, 5 * 365 * 86_400) },
  { key: 'authorizationCodeSeconds', env: 'KEYFLOW_AUTHORIZATION_CODE_TTL', defaultText: '300', description: 'Lifetime of authorization codes in seconds (Okta: 300).', parse: int('KEYFLOW_AUTHORIZATION_CODE_TTL', 10, 600) },
  { key: 'sessionSeconds', env: 'KEYFLOW_SESSION_TTL', defaultText: '7200', description: "Lifetime of a sign-in session in seconds (Okta's default sign-on policy: 2 hours).", parse: int('KEYFLOW_SESSION_TTL', 60, 30 * 86_400) },
  { key: 'lockoutAttempts', env: 'KEYFLOW_LOCKOUT_ATTEMPTS', defaultText: '10', description: "Failed sign-ins in a row that lock a user out (status LOCKED_OUT), as Okta's default password policy; 0 turns lockout off.", parse: int('KEYFLOW_LOCKOUT_ATTEMPTS', 0, 100) },
  { key: 'logRetentionDays', env: 'KEYFLOW_LOG_RETENTION_DAYS', defaultText: '90', description: "Days of System Log kept: older events are deleted in small batches every hour and are not returned by searches (Okta: 90).", parse: int('KEYFLOW_LOG_RETENTION_DAYS', 1, 3650) },
  { key: 'workflowsUserAgent', env: 'KEYFLOW_WORKFLOWS_USER_AGENT', defaultText: 'Azuqua', description: "User-Agent the Workflows engine sends to the org (Okta Workflows sends 'Azuqua').", parse: text('KEYFLOW_WORKFLOWS_USER_AGENT') },
  { key: 'workflowsNotifyUrl', env: 'KEYFLOW_WORKFLOWS_NOTIFY_URL', defaultText: '(none)', description: 'A URL that receives a JSON POST whenever a Workflows connection stops working (the org refused its tokens); the server log always gets a warning (docs/workflows.md).', parse: url('KEYFLOW_WORKFLOWS_NOTIFY_URL', ['http:', 'https:']) },
  { key: 'workflowsConcurrency', env: 'KEYFLOW_WORKFLOWS_CONCURRENCY', defaultText: '4', description: 'Flow executions one process runs at the same time (queued ones wait for a free worker).', parse: int('KEYFLOW_WORKFLOWS_CONCURRENCY', 1, 200) },
  { key: 'workflowsPollMs', env: 'KEYFLOW_WORKFLOWS_POLL_MS', defaultText: '1000', description: 'How often, in milliseconds, idle workers look for executions queued by other processes on the same PostgreSQL database (executions queued by this process start at once).', parse: int('KEYFLOW_WORKFLOWS_POLL_MS', 10, 60_000) },
  { key: 'workflowsLeaseMs', env: 'KEYFLOW_WORKFLOWS_LEASE_MS', defaultText: '30000', description: 'How long, in milliseconds, a running execution stays claimed without its worker renewing the claim; after a process dies, its running executions are marked FAILED (interrupted) once this has passed.', parse: int('KEYFLOW_WORKFLOWS_LEASE_MS', 300, 3_600_000) },
  { key: 'workflowsHistoryDays', env: 'KEYFLOW_WORKFLOWS_HISTORY_DAYS', defaultText: '30', description: 'Days of finished flow executions kept in history (Okta: 30).', parse: int('KEYFLOW_WORKFLOWS_HISTORY_DAYS', 1, 3650) },
  { key: 'workflowsSchedulerMs', env: 'KEYFLOW_WORKFLOWS_SCHEDULER_MS', defaultText: '5000', description: 'How often, in milliseconds, the scheduler looks for scheduled flows that are due (a flow runs at most this late).', parse: int('KEYFLOW_WORKFLOWS_SCHEDULER_MS', 10, 60_000) },
  { key: 'eventHookAllowedHosts', env: 'KEYFLOW_EVENT_HOOK_ALLOWED_HOSTS', defaultText: '(none)', description: 'Comma-separated host names event hooks may call over plain http. Hook URLs must otherwise use https; loopback hosts (127.0.0.0/8, ::1, localhost) are always allowed (docs/event-hooks.md).', parse: (raw) => raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) },
  { key: 'eventHookPollMs', env: 'KEYFLOW_EVENT_HOOK_POLL_MS', defaultText: '1000', description: 'How often, in milliseconds, event hook delivery looks for System Log events written by other processes on the same PostgreSQL database (events written by this process are delivered at once).', parse: int('KEYFLOW_EVENT_HOOK_POLL_MS', 10, 60_000) },
  { key: 'eventHookRetryMs', env: 'KEYFLOW_EVENT_HOOK_RETRY_MS', defaultText: '1000', description: 'First delay, in milliseconds, before a failed event hook delivery is retried; it doubles on each further failure up to KEYFLOW_EVENT_HOOK_RETRY_MAX_MS.', parse: int('KEYFLOW_EVENT_HOOK_RETRY_MS', 10, 3_600_000) },
  { key: 'eventHookRetryMaxMs', env: 'KEYFLOW_EVENT_HOOK_RETRY_MAX_MS', defaultText: '300000', description: 'Longest delay, in milliseconds, between retries of a failed event hook delivery.', parse: int('KEYFLOW_EVENT_HOOK_RETRY_MAX_MS', 10, 86_400_000) },
  { key: 'logLevel', env: 'KEYFLOW_LOG_LEVEL', defaultText: 'info', description: 'Server log level (pino).', parse: oneOf('KEYFLOW_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) },
];
