import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { SqlStore } from '../../src/store/sql-store.js';

/** The server the PostgreSQL variants use; a fresh database is created on it per store. */
export const PG_ADMIN_URL = process.env.KEYFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}

/**
 * A fresh, empty PostgreSQL database `keyflow_t_<random>` on the test server, or null when the server
 * cannot be reached. `drop()` removes it, disconnecting anyone still connected.
 */
export async function pgTestDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  let admin: pg.Client;
  try {
    admin = await adminClient();
  } catch {
    return null;
  }
  const name = `keyflow_t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = await adminClient();
      try {
        // A closed pool's sockets can linger for a moment; terminating them (FORCE) would raise errors in
        // clients that are already ending, so give them time to go first.
        for (let i = 0; i < 50; i++) {
          const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A store opened for a suite; `reset()` empties it between tests, `dispose()` throws it away. */
export interface StoreUnderTest {
  store: SqlStore;
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/** One engine the contract suite runs against. */
export interface StoreTarget {
  name: 'sqlite' | 'sqlite-file' | 'postgres';
  /** Opens a new, empty, migrated store. */
  open(): Promise<StoreUnderTest>;
}

/** The engines to run, and why any was left out. */
export interface StoreTargets {
  targets: StoreTarget[];
  skipped: { name: string; reason: string }[];
}

/**
 * Deletes every row and restarts the log sequence, leaving the schema: much cheaper than a new
 * PostgreSQL database per test. Tables are read from the catalogue so new migrations need no change here.
 */
async function emptyStore(store: SqlStore): Promise<void> {
  const keep = (name: string) => name === 'log_sequence' || name.startsWith('keyflow_migration');
  if (store.dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(store.db);
    // DELETE, not TRUNCATE: on tables this small it is ten times faster. Every foreign key cascades,
    // so the order does not matter.
    for (const name of rows.map((r) => r.name).filter((n) => !keep(n))) await sql`delete from ${sql.table(name)}`.execute(store.db);
  } else {
    const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_schema where type = 'table'`.execute(store.db);
    // A virtual table (FTS5) is emptied through itself; its shadow tables (`<name>_data`, …) refuse writes.
    const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql)).map((r) => `${r.name}_`);
    const shadow = (name: string) => virtual.some((prefix) => name.startsWith(prefix));
    await sql`pragma foreign_keys = off`.execute(store.db);
    for (const name of rows.map((r) => r.name).filter((n) => !keep(n) && !shadow(n))) await sql`delete from ${sql.table(name)}`.execute(store.db);
    await sql`pragma foreign_keys = on`.execute(store.db);
  }
  await store.db.updateTable('log_sequence').set({ value: 0 }).execute();
}

const sqliteTarget: StoreTarget = {
  name: 'sqlite',
  async open() {
    const store = await openStore({ sqliteFile: ':memory:' });
    return { store, reset: () => emptyStore(store), dispose: () => store.close() };
  },
};

/** SQLite in a file: its by-key reads outside transactions go through the second, read-only connection. */
const sqliteFileTarget: StoreTarget = {
  name: 'sqlite-file',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'keyflow-contract-'));
    const store = await openStore({ sqliteFile: join(dir, 'keyflow.db') });
    return {
      store,
      reset: () => emptyStore(store),
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresTarget: StoreTarget = {
  name: 'postgres',
  async open() {
    const database = await pgTestDatabase();
    if (!database) throw new Error(`PostgreSQL at ${PG_ADMIN_URL} became unreachable`);
    const store = await openStore({ databaseUrl: database.url });
    return {
      store,
      reset: () => emptyStore(store),
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  },
};

/**
 * SQLite always; PostgreSQL when its server answers. Unreachable PostgreSQL fails the run under CI
 * (a store change must not pass there untested on it) and is skipped, with the reason, locally.
 */
export async function storeTargets(): Promise<StoreTargets> {
  const reason = await pgUnreachable();
  if (reason === null) return { targets: [sqliteTarget, sqliteFileTarget, postgresTarget], skipped: [] };
  if (process.env.CI) throw new Error(`${reason}. CI must run the PostgreSQL store contract.`);
  console.warn(`store contract: skipping the postgres variant: ${reason}`);
  return { targets: [sqliteTarget, sqliteFileTarget], skipped: [{ name: 'postgres', reason }] };
}

/** Why the test PostgreSQL server cannot be reached, or null when it answers. */
export async function pgUnreachable(): Promise<string | null> {
  try {
    const admin = await adminClient();
    await admin.end();
    return null;
  } catch (error) {
    return `PostgreSQL unreachable at ${PG_ADMIN_URL} (${(error as Error).message}); set KEYFLOW_TEST_PG_URL`;
  }
}
