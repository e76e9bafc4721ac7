/**
 * The dependency table of the architecture (docs/architecture.md "Layout and dependency direction"),
 * enforced in `npm test`.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core/ imports only core/ and Node built-ins that do no I/O',
      severity: 'error',
      from: { path: layer('core') },
      to: { pathNot: [layer('core')], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-no-io-builtins',
      severity: 'error',
      from: { path: layer('core') },
      to: { dependencyTypes: ['core'], pathNot: ['^(node:)?(crypto|util)$'] },
    },
    {
      name: 'store-only-core',
      severity: 'error',
      from: { path: layer('store') },
      to: { path: ['^src/(services|api|oauth|workflows|cli|config)/', '^src/app\\.ts$'] },
    },
    {
      name: 'services-no-store-or-api',
      severity: 'error',
      from: { path: layer('services') },
      to: { path: ['^src/(store|api|oauth|workflows|cli)/', '^src/app\\.ts$', 'kysely', 'better-sqlite3', '^pg$', 'node_modules/pg/'] },
    },
    {
      name: 'edges-not-store',
      severity: 'error',
      from: { path: '^src/(api|oauth|workflows)/' },
      to: { path: ['^src/store/', '^src/app\\.ts$', 'kysely', 'better-sqlite3', 'node_modules/pg/'] },
    },
    {
      name: 'cli-through-http',
      comment: 'the CLI talks to the HTTP API, except serve/init/migrate which go through app.ts',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: ['^src/(store|services|api|oauth|workflows)/'] },
    },
    {
      name: 'console-through-http',
      comment: 'the console (web/) is a browser app: it talks to the org over HTTP and shares no server code',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: ['^src/', '^node:', 'node_modules/(kysely|better-sqlite3|pg|fastify|oidc-provider)/'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.test\\.ts$', '^web/vite\\.config\\.ts$'] },
  },
};
