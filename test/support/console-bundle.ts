import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

/**
 * Builds the admin console from web/ as `npm run build:console` does, into a fresh temporary directory
 * (so test files never race on dist/console and always test the current sources). About a second.
 * Pass the result to startTestOrg's `consoleDir` override.
 */
export async function buildConsole(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'keyflow-console-'));
  // Vitest sets NODE_ENV=test, which would bundle React's development build: build what `npm run
  // build:console` ships (production), so the size budget and the browser tests see the real bundle.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: CONFIG, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/**
 * The JavaScript a browser fetches on first load: the entry scripts and module preloads that
 * index.html names (paths under /console/).
 */
export function firstLoadScripts(bundleDir: string): string[] {
  const index = readFileSync(join(bundleDir, 'index.html'), 'utf8');
  const paths = new Set<string>();
  for (const match of index.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) paths.add(match[1]!);
  for (const match of index.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) paths.add(match[1]!);
  return [...paths].map((path) => join(bundleDir, path.replace(/^\/console\//, '')));
}
