import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open-store.js';
import { pgTestDatabase } from '../support/pg.js';
import { user, userId } from './fixtures.js';

/** The artifact lookups that revoke tokens, and the partial index (migration 009) each must use. */
const PARTIAL_INDEX_LOOKUPS = [
  ['grant_id = $1', 'oauth_artifacts_grant'],
  ["user_id = $1 and kind in ('AccessToken', 'RefreshToken')", 'oauth_artifacts_user'],
  ['client_id = $1', 'oauth_artifacts_client'],
] as const;

describe('store migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyflow-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a new SQLite file once, then finds nothing to apply, keeping the data', async () => {
    const file = join(dir, 'keyflow.db');
    expect(await migrateToLatest({ sqliteFile: file })).toEqual(['001-initial', '002-oauth', '003-log-search', '004-event-hooks', '005-workflow-connections', '006-workflow-flows', '007-workflow-executions-recent', '008-log-ingest', '009-oauth-partial-indexes']);
    expect(await migrateToLatest({ sqliteFile: file })).toEqual([]);
    const store = await openStore({ sqliteFile: file });
    try {
      await store.users.insert(user(1));
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      // 009 made the artifact indexes partial (`where … is not null`); revoking by grant, user or client
      // must still be answered from them, not by reading every token.
      for (const [where, index] of PARTIAL_INDEX_LOOKUPS) {
        const plan = await sql.raw<{ detail: string }>(`explain query plan delete from oauth_artifacts where ${where.replaceAll('$1', "'x'")}`).execute(store.db);
        expect(plan.rows.map((r) => r.detail).join(' | '), where).toContain(`USING INDEX ${index}`);
      }
    } finally {
      await store.close();
    }
    const reopened = await openStore({ sqliteFile: file });
    try {
      expect((await reopened.users.findById(userId(1)))?.id).toBe(userId(1));
    } finally {
      await reopened.close();
    }
  });

  it('migrates a new PostgreSQL database once, then finds nothing to apply', async (ctx) => {
    const database = await pgTestDatabase();
    if (!database) {
      if (process.env.CI) throw new Error('PostgreSQL unreachable under CI');
      ctx.skip('PostgreSQL unreachable; set KEYFLOW_TEST_PG_URL');
      return;
    }
    try {
      expect(await migrateToLatest({ databaseUrl: database.url })).toEqual(['001-initial', '002-oauth', '003-log-search', '004-event-hooks', '005-workflow-connections', '006-workflow-flows', '007-workflow-executions-recent', '008-log-ingest', '009-oauth-partial-indexes']);
      expect(await migrateToLatest({ databaseUrl: database.url.replace(/^postgres:/, 'postgresql:') })).toEqual([]);
      const store = await openStore({ databaseUrl: database.url });
      expect(store.dialect).toBe('postgres');
      try {
        await sql`set enable_seqscan = off`.execute(store.db);
        for (const [where, index] of PARTIAL_INDEX_LOOKUPS) {
          const plan = await sql.raw<{ 'QUERY PLAN': string }>(`explain delete from oauth_artifacts where ${where.replaceAll('$1', "'x'")}`).execute(store.db);
          expect(plan.rows.map((r) => r['QUERY PLAN']).join(' | '), where).toMatch(new RegExp(`(Index Scan using|Bitmap Index Scan on) ${index} `));
        }
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('refuses to open without a PostgreSQL URL or a SQLite file', async () => {
    await expect(openStore({ databaseUrl: 'mysql://localhost/x' })).rejects.toThrow(/sqliteFile/);
  });
});
