// A throw-away PostgreSQL database for a benchmark run (plain .mjs cannot import the TypeScript test
// support that does the same for tests). KEYFLOW_BENCH_PG_URL names the server's admin database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.KEYFLOW_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new empty database, or null when the server is unreachable; `drop()` removes it. */
export async function createPgDatabase() {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `keyflow_bench_${randomBytes(6).toString('hex')}`;
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
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
