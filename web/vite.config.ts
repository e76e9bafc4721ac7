import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The admin console (docs/console.md). Built into dist/console, which `keyflow serve` serves at
 * /console/ (src/api/routes/console.ts). No inline scripts or styles, so the strict CSP holds.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The CSP has no 'unsafe-inline' and no data: scripts: never inline an asset as a data URL module.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
