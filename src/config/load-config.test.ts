import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-schema.js';
import { configDocs, loadConfig } from './load-config.js';

describe('configuration', () => {
  it('defaults to port 8080, SQLite in ./data and an org URL on that port', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, dataDir: './data', orgUrl: 'http://localhost:8080', databaseUrl: null, rateLimits: 'off', demo: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets flags win over the environment', () => {
    expect(loadConfig({ KEYFLOW_PORT: '9000' }, { port: '9100' }).port).toBe(9100);
    expect(loadConfig({ KEYFLOW_PORT: '9000' }).orgUrl).toBe('http://localhost:9000');
  });

  it('fails fast naming the setting and the reason', () => {
    expect(() => loadConfig({ KEYFLOW_PORT: 'eighty' })).toThrow(new ConfigError('KEYFLOW_PORT', "must be an integer from 1 to 65535 (got 'eighty')"));
    expect(() => loadConfig({ KEYFLOW_DATABASE_URL: 'mysql://x' })).toThrow(/KEYFLOW_DATABASE_URL: must use postgres: or postgresql:/);
    expect(() => loadConfig({ KEYFLOW_API_TOKEN: 'short' })).toThrow(/KEYFLOW_API_TOKEN: must be 00 followed by 40 characters/);
    expect(() => loadConfig({ KEYFLOW_RATE_LIMITS: 'lots' })).toThrow(/KEYFLOW_RATE_LIMITS: must be one of off, workforce, developer/);
  });

  it('keeps docs/configuration.md in step with the schema (regenerate with npm run docs:config)', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(doc).toBe(configDocs());
  });
});
