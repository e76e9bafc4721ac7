import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyflow } from '../support/cli.js';

describe('keyflow CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyflow-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('init --json creates the Super Admin and the exact API token from the environment, once', async () => {
    const env = {
      KEYFLOW_DATA_DIR: dir,
      KEYFLOW_ADMIN_LOGIN: 'ci-admin@example.com',
      KEYFLOW_ADMIN_PASSWORD: 'Ci-Passw0rd!x',
      KEYFLOW_API_TOKEN: '00ci0000000000000000000000000000000000000a',
      KEYFLOW_DEMO: 'false',
      KEYFLOW_LOG_LEVEL: 'silent',
    };
    const first = JSON.parse((await keyflow(['init', '--json'], env)).out);
    expect(first).toMatchObject({
      store: 'sqlite',
      orgCreated: true,
      admin: { login: 'ci-admin@example.com', created: true },
      apiToken: { value: '00ci0000000000000000000000000000000000000a', created: true },
    });
    expect(first.admin.password).toBeUndefined();
    expect(first.demo).toBeUndefined();
    // The database holds password and token hashes: nobody but its owner may read it.
    expect(statSync(join(dir, 'keyflow.db')).mode & 0o077).toBe(0);
    const second = JSON.parse((await keyflow(['init', '--json'], env)).out);
    expect(second).toMatchObject({ orgCreated: false, admin: { id: first.admin.id, created: false }, apiToken: { id: first.apiToken.id, created: false } });
  });

  it('init without settings generates a password and a token, and seeds the demo directory', async () => {
    const result = JSON.parse((await keyflow(['init', '--json'], { KEYFLOW_DATA_DIR: dir, KEYFLOW_LOG_LEVEL: 'silent' })).out);
    expect(result.admin).toMatchObject({ login: 'admin@example.com', created: true });
    expect(result.admin.password).toMatch(/^Kf-[0-9A-Za-z]{16}9a$/);
    expect(result.apiToken.value).toMatch(/^00[0-9A-Za-z]{40}$/);
    expect(result.demo).toEqual({ users: 7, groups: 3 });
  });

  it('fails fast on bad configuration, naming the setting and the reason, with exit code 2', async () => {
    const result = await keyflow(['init'], { KEYFLOW_DATA_DIR: dir, KEYFLOW_PORT: 'eighty' });
    expect(result.exitCode).toBe(2);
    expect(result.err).toBe("keyflow: invalid configuration: KEYFLOW_PORT: must be an integer from 1 to 65535 (got 'eighty')\n");
  });

  it('refuses to open a data directory another process is serving, with a clear message and exit code 1', async () => {
    const { openStore } = await import('../../src/store/open-store.js');
    const serving = await openStore({ sqliteFile: join(dir, 'keyflow.db') });
    try {
      const result = await keyflow(['init'], { KEYFLOW_DATA_DIR: dir, KEYFLOW_LOG_LEVEL: 'silent' });
      expect(result.exitCode).toBe(1);
      expect(result.err).toMatch(/^keyflow: the data directory is in use by another Keyflow process/);
    } finally {
      await serving.close();
    }
  }, 20_000);

  it('prints every setting with config, matching docs/configuration.md', async () => {
    const result = await keyflow(['config'], {});
    expect(result.out).toContain('| `KEYFLOW_DATABASE_URL` |');
    expect(result.out).toContain('| `KEYFLOW_API_TOKEN` |');
  });
});
