import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { logEventGenerator } from '../../src/core/log-seed/log-event-generator.js';
import { openStore } from '../../src/store/open-store.js';
import { keyflow, startKeyflow } from '../support/cli.js';
import { pgTestDatabase } from '../support/pg.js';
import { call, startTestOrg, storeKinds, type TestOrg } from '../support/test-org.js';

/**
 * `keyflow logs search|tail|export` against a real server over HTTP, and `keyflow logs seed` into a
 * real store, on every store kind. Filters stay with `eventType eq` here; the whole grammar and `q`
 * are the System Log search suites' to cover.
 */

const kinds = await storeKinds();

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const parseNdjson = (text: string) => lines(text).map((l) => JSON.parse(l) as LogEvent);

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

describe.each(kinds)('keyflow logs over HTTP (%s store)', (kind) => {
  let org: TestOrg;
  let env: Record<string, string>;
  const logins: string[] = [];

  beforeAll(async () => {
    org = await startTestOrg(kind);
    env = { KEYFLOW_ORG_URL: org.url, KEYFLOW_API_TOKEN: org.token };
    for (const name of ['ada', 'grace', 'edsger']) {
      const login = `${name}.cli-${kind}@example.com`;
      const res = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { login, email: login, firstName: name, lastName: 'Cli' } } });
      expect(res.status).toBe(200);
      logins.push(login);
    }
  });
  afterAll(async () => {
    await org?.close();
  });

  it('search prints a table of the events a filter selects', async () => {
    const result = await keyflow(['logs', 'search', 'eventType eq "user.lifecycle.create"', '--since', '1h'], env);
    expect(result.exitCode).toBeNull();
    const [header, ...rows] = lines(result.out);
    expect(header).toMatch(/^PUBLISHED\s+EVENT TYPE\s+ACTOR\s+OUTCOME\s+TARGETS\s+MESSAGE$/);
    for (const login of logins) expect(rows.some((r) => r.includes(`User:${login.split('.')[0]} Cli`))).toBe(true);
    for (const row of rows) expect(row).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\s+user\.lifecycle\.create\s+\S+@\S+\s+SUCCESS\s+User:.+\s+Create okta user$/);
  });

  it('search --json prints the events as NDJSON, newest first, and --limit stops early saying more match', async () => {
    const all = parseNdjson((await keyflow(['logs', 'search', 'eventType eq "user.lifecycle.create"', '--json'], env)).out);
    const ours = all.filter((e) => logins.includes(String(e.target[0]?.alternateId)));
    expect(ours.map((e) => e.target[0]!.alternateId).sort()).toEqual([...logins].sort());
    expect(all.every((e) => e.eventType === 'user.lifecycle.create')).toBe(true);
    expect(all.map((e) => e.published)).toEqual(all.map((e) => e.published).sort().reverse());

    const two = await keyflow(['logs', 'search', 'eventType eq "user.lifecycle.create"', '--json', '--limit', '2', '--order', 'asc'], env);
    expect(parseNdjson(two.out)).toEqual([...all].reverse().slice(0, 2));
    const limited = await keyflow(['logs', 'search', 'eventType eq "user.lifecycle.create"', '--limit', '2'], env);
    expect(lines(limited.out)).toHaveLength(3);
    expect(limited.err).toContain('(2 events shown; more match: raise --limit or narrow the window)');
  });

  it("search prints Okta's error for a bad filter, with exit code 1", async () => {
    const result = await keyflow(['logs', 'search', 'eventType eqq "user.lifecycle.create"'], env);
    expect(result.exitCode).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^keyflow: E0000053 \(HTTP 400\): Invalid filter 'eventType eqq "user\.lifecycle\.create"': Unrecognized attribute operator 'eqq'/);
    expect(result.err).toMatch(/\n {2}errorId: oae\w+\n$/);
  });

  it('search without a token names the setting, with exit code 2', async () => {
    const result = await keyflow(['logs', 'search'], { KEYFLOW_ORG_URL: org.url, KEYFLOW_API_TOKEN: '' });
    expect(result.exitCode).toBe(2);
    expect(result.err).toBe('keyflow: invalid configuration: KEYFLOW_API_TOKEN: an API token is required: pass --token or set KEYFLOW_API_TOKEN\n');
  });

  it('tail prints an event stored after it started, once, and Ctrl-C ends it with exit code 0', async () => {
    const tail = startKeyflow(['logs', 'tail', '--filter', 'eventType eq "user.lifecycle.create"', '--interval', '100', '--json'], env);
    const login = `tailed.cli-${kind}@example.com`;
    const created = await call(org, 'POST', '/api/v1/users?activate=false', { body: { profile: { login, email: login, firstName: 'Tailed', lastName: 'Cli' } } });
    expect(created.status).toBe(200);
    await until(() => tail.output().out.includes(login), 'the tailed event');
    // A few more polls (every 100 ms), to see that the event is not printed again.
    await new Promise((resolve) => setTimeout(resolve, 400));
    process.kill(process.pid, 'SIGINT');
    const result = await tail.done;
    expect(result.exitCode).toBe(0);
    const events = parseNdjson(result.out);
    // Only events stored after the tail started: none of the users created before it.
    expect(events.map((e) => e.target[0]!.alternateId)).toEqual([login]);
    expect(events[0]!.transaction.id).toBe(created.headers.get('x-okta-request-id'));
  });

  it('export writes a bounded range to a file as NDJSON, page by page, with the exact count', async () => {
    // 4,000 generated events (a few pages) over the two days before the last noon (UTC) at least an hour ago: the
    // generator follows a daily rhythm, so a fixed time of day keeps the count in the window the same
    // whenever the test runs (from "an hour ago" it fell under 1,000 at some hours).
    const now = new Date();
    now.setUTCHours(12, 0, 0, 0);
    if (now.getTime() > Date.now() - 3600_000) now.setUTCDate(now.getUTCDate() - 1);
    const generated = logEventGenerator({ seed: `export-${kind}`, now, days: 2, events: 4000 }).take(4000);
    await org.app.store.transaction((tx) => tx.logEvents.append(generated, new Date().toISOString()));
    const since = new Date(now.getTime() - 36 * 3600_000).toISOString();
    const untilIso = new Date(now.getTime() - 600_000).toISOString();
    const expected = generated.filter((e) => e.published >= since && e.published < untilIso);
    expect(expected.length).toBeGreaterThan(1000);

    const dir = mkdtempSync(join(tmpdir(), 'keyflow-export-'));
    try {
      const file = join(dir, 'log.ndjson');
      const result = await keyflow(['logs', 'export', '--format', 'ndjson', '--since', since, '--until', untilIso, '--output', file], env);
      expect(result.exitCode).toBeNull();
      expect(result.out).toBe('');
      const pages = Math.ceil(expected.length / 1000);
      expect(result.err).toMatch(new RegExp(`^exported ${expected.length} events in ${pages} pages to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([\\d,]+ events/s\\)\\n$`));
      const text = readFileSync(file, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const exported = parseNdjson(text);
      // Generated events come oldest first, as the export does.
      expect(exported.map((e) => e.uuid)).toEqual(expected.map((e) => e.uuid));
      expect(exported[0]).toEqual(expected.find((e) => e.uuid === exported[0]!.uuid));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const sessions = expected.filter((e) => e.eventType === 'user.session.start');
    const filtered = await keyflow(['logs', 'export', '--since', since, '--until', untilIso, '--filter', 'eventType eq "user.session.start"'], env);
    expect(parseNdjson(filtered.out).map((e) => e.uuid).sort()).toEqual(sessions.map((e) => e.uuid).sort());
    expect(filtered.err).toMatch(new RegExp(`^exported ${sessions.length} events in \\d+ pages to stdout`));
  });
});

describe.each(kinds)('keyflow logs seed (%s store)', (kind) => {
  it('writes exactly N generated events into the configured store and reports the rate and size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyflow-seed-'));
    const pg = kind === 'postgres' ? await pgTestDatabase() : null;
    const env: Record<string, string> = kind === 'postgres' ? { KEYFLOW_DATABASE_URL: pg!.url } : { KEYFLOW_DATA_DIR: dir };
    try {
      const result = await keyflow(['logs', 'seed', '--events', '2345', '--batch', '1000', '--days', '3', '--seed', '42', '--json'], { ...env, KEYFLOW_LOG_LEVEL: 'silent' });
      expect(result.exitCode).toBeNull();
      const report = JSON.parse(result.out);
      expect(report).toMatchObject({ events: 2345, users: 300, days: 3, seed: '42', store: kind });
      expect(report.bytesAfter).toBeGreaterThan(report.bytesBefore);

      const store = await openStore(kind === 'postgres' ? { databaseUrl: pg!.url } : { sqliteFile: join(dir, 'keyflow.db') });
      try {
        expect(await store.logEvents.count()).toBe(2345);
        const stored = await store.logEvents.readAfter(0, 3000);
        const times = stored.map((s) => Date.parse(s.event.published));
        const until = Date.parse(report.until);
        expect(Math.min(...times)).toBeGreaterThanOrEqual(until - 3 * 86_400_000);
        expect(Math.max(...times)).toBeLessThan(until);
        expect(new Set(stored.map((s) => s.event.eventType)).has('user.session.start')).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await pg?.drop();
    }
  }, 60_000);

  it('prints a human summary by default', async () => {
    if (kind !== 'sqlite') return;
    const dir = mkdtempSync(join(tmpdir(), 'keyflow-seed-'));
    try {
      const result = await keyflow(['logs', 'seed', '--events', '10', '--users', '5', '--now', '2026-01-01T00:00:00Z'], { KEYFLOW_DATA_DIR: dir, KEYFLOW_LOG_LEVEL: 'silent' });
      expect(result.out).toMatch(/^seeded 10 events from 5 people over the 30 days before 2026-01-01T00:00:00\.000Z into sqlite \(.+\)\nin [\d.]+ s: [\d,]+ events\/s; database \+[\d.]+ MiB \([\d,]+ bytes\/event\)\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
