import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';

describe('SQLite is a single-process store', () => {
  it('keeps another process (connection) out of the file while the store is open, and lets it in after close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyflow-exclusive-'));
    const file = join(dir, 'keyflow.db');
    try {
      const store = await openStore({ sqliteFile: file });
      await store.settings.set('k', 'v');
      const intruder = new BetterSqlite3(file, { timeout: 50 });
      expect(() => intruder.prepare('select count(*) from org_settings').get()).toThrow(/locked|busy/i);
      intruder.close();
      await store.close();
      const after = new BetterSqlite3(file);
      expect(after.prepare('select value from org_settings where key = ?').pluck().get('k')).toBe('v');
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
