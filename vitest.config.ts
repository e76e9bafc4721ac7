import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Store and e2e suites open real databases and servers; two cores, so keep workers few.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // Worker threads started from the TypeScript sources load them through this (platform/log-seed-threads.ts).
    env: { KEYFLOW_TS_IMPORT: fileURLToPath(new URL('./test/support/register-ts.mjs', import.meta.url)) },
    hookTimeout: 60_000,
  },
});
