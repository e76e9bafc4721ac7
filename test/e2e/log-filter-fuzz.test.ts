import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core/errors.js';
import { evaluateFilter, resolvePath } from '../../src/core/filter/evaluate.js';
import { formatFilter } from '../../src/core/filter/format.js';
import { parseLogFilter } from '../../src/core/log-filter.js';
import { T0 } from '../contract/fixtures.js';
import { fuzzLogFilter } from '../support/fuzz-log-filter.js';
import { logCorpus } from '../support/log-corpus.js';
import { prng, testSeed } from '../support/prng.js';
import { filterVocabulary } from '../support/random-log-filter.js';
import { startTestOrg, storeKinds, type StoreKind, type TestOrg } from '../support/test-org.js';

/**
 * Fuzzing the System Log filter (issue 4): random and mutated expressions — deep nesting, bad escapes,
 * lone surrogates, overflowing numbers, keywords as names, kilobytes of input — thrown at the parser in
 * process and at `GET /api/v1/logs` through Fastify's inject. The parser must return a filter or throw
 * a 400 ApiError, nothing else; the API must answer 200 or a 400 with Okta's error body, never a 500.
 * The seed is printed; replay a run with KEYFLOW_TEST_SEED=<seed>.
 */

const kinds = await storeKinds();
const SEED = testSeed();
/** KEYFLOW_TEST_SCALE=<n> throws n times as many expressions, for a longer hunt than CI's. */
const SCALE = Number(process.env.KEYFLOW_TEST_SCALE ?? 1) || 1;
const PARSER_INPUTS = Math.round(100_000 * SCALE);
/** Through the API: every input on SQLite; a sample on PostgreSQL, whose reads cost more. */
const API_INPUTS: Readonly<Record<StoreKind, number>> = { sqlite: PARSER_INPUTS, postgres: Math.round(4_000 * SCALE) };

const corpus = logCorpus(prng(SEED), 40, T0);
const vocabulary = filterVocabulary(corpus);
/** The same inputs for the parser and every store (only their number differs). */
const inputs = (() => {
  const rng = prng(SEED + 1);
  return Array.from({ length: PARSER_INPUTS }, () => fuzzLogFilter(rng, vocabulary));
})();

/** What a URL can carry of `text`: lone surrogates become U+FFFD, as any URL decoder would make them. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Kept failures, shortest first: the smallest input is the one worth reporting. */
class Failures {
  private readonly list: { input: string; why: string }[] = [];
  count = 0;

  add(input: string, why: string): void {
    this.count++;
    this.list.push({ input, why });
    this.list.sort((a, b) => a.input.length - b.input.length);
    this.list.length = Math.min(this.list.length, 8);
  }

  expectNone(what: string): void {
    const shown = this.list.map(({ input, why }) => `- ${input.length} chars ${JSON.stringify(input.length > 300 ? `${input.slice(0, 300)}…` : input)}: ${why}`);
    expect(this.count, `${this.count} of ${what} failed (seed ${SEED}, KEYFLOW_TEST_SEED=${SEED}); shortest:\n${shown.join('\n')}`).toBe(0);
  }
}

/** What the parser makes of `text`: a filter, or Okta's 400 as the API would send it. */
function parse(text: string): { ok: true; formatted: string } | { ok: false; code: string; summary: string } {
  try {
    return { ok: true, formatted: formatFilter(parseLogFilter(text)) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return { ok: false, code: error.code, summary: error.summary };
    throw error;
  }
}

describe('parseLogFilter under fuzzing', () => {
  it(`returns a filter or throws a 400 ApiError for every one of ${PARSER_INPUTS} random and mutated expressions (seed ${SEED})`, { timeout: 300_000 * SCALE }, () => {
    const failures = new Failures();
    let accepted = 0;
    for (const input of inputs) {
      try {
        const result = parse(input);
        if (!result.ok) continue;
        accepted++;
        // What the parser accepts, the in-memory evaluator (event hooks) must run and the printer
        // (stored hook filters) must give back unchanged.
        const node = parseLogFilter(input);
        expect(typeof evaluateFilter(node, (attr) => resolvePath(corpus[0], attr))).toBe('boolean');
        const again = parse(result.formatted);
        if (!again.ok || again.formatted !== result.formatted) failures.add(input, `formats as ${JSON.stringify(result.formatted)}, which reads back differently`);
      } catch (error) {
        failures.add(input, `threw ${String(error)}`);
      }
    }
    console.log(`log filter fuzz (seed ${SEED}): ${inputs.length} expressions through the parser, ${accepted} accepted, ${inputs.length - accepted} refused with a 400`);
    expect(accepted).toBeGreaterThan(inputs.length / 20);
    expect(accepted).toBeLessThan(inputs.length / 2);
    failures.expectNone(`${inputs.length} expressions`);
  });

  it('refuses nesting thousands of levels deep with a 400, or accepts it, but never overflows the stack', () => {
    const term = 'eventType eq "user.session.start"';
    for (const depth of [1, 10, 100, 500, 1000, 2000, 3000, 5000, 10_000]) {
      for (const text of [
        `${'('.repeat(depth)}${term}${')'.repeat(depth)}`,
        `${'not ('.repeat(depth)}${term}${')'.repeat(depth)}`,
        `${`(${term} and `.repeat(depth)}${term}${')'.repeat(depth)}`,
        Array.from({ length: depth }, () => term).join(' or '),
        `${'not '.repeat(depth)}${term}`,
        `${'('.repeat(depth)}${term}`,
      ]) {
        expect(() => parse(text), `${text.length} chars: ${text.slice(0, 60)}…`).not.toThrow();
      }
    }
  });
});

describe.each(kinds)('GET /api/v1/logs under fuzzing (%s store)', (kind) => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await startTestOrg(kind);
    // A small log in the default window, so that filters have events to match or miss.
    const now = Date.now();
    const events = corpus.slice(0, 15).map((e, i) => ({ ...e, published: new Date(now - 3600_000 + i * 1000).toISOString() }));
    await org.app.store.transaction((tx) => tx.logEvents.append(events, new Date(now).toISOString()));
  });
  afterAll(() => org?.close());

  /** Query strings around the filter: polling and bounded reads, keywords, odd limits. */
  function url(rng: ReturnType<typeof prng>, filter: string): string {
    const params = [`filter=${encodeURIComponent(wellFormed(filter))}`];
    const r = rng.float();
    if (r < 0.15) params.push(`q=${encodeURIComponent(rng.pick(['jane', 'Okta System', 'x'.repeat(41), 'a b c d e f g h i j k', '😀', '', wellFormed(filter.slice(0, 30))]))}`);
    else if (r < 0.3) params.push(`until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    else if (r < 0.35) params.push('sortOrder=DESCENDING', 'limit=5');
    return `/api/v1/logs?${params.join('&')}`;
  }

  it(`answers every expression with 200 or an Okta 400, never a 500 (seed ${SEED})`, { timeout: 600_000 * SCALE }, async () => {
    const count = Math.min(API_INPUTS[kind], inputs.length);
    const rng = prng(SEED + 2);
    const failures = new Failures();
    const statuses = new Map<number, number>();
    for (const input of inputs.slice(0, count)) {
      const res = await org.app.api.inject({ method: 'GET', url: url(rng, input), headers: { authorization: `SSWS ${org.token}`, accept: 'application/json' } });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 200) {
        if (!res.body.startsWith('[')) failures.add(input, `200 without an array: ${res.body.slice(0, 200)}`);
        continue;
      }
      if (res.statusCode !== 400) {
        failures.add(input, `${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      const body = res.json() as Record<string, unknown>;
      const envelope = typeof body.errorCode === 'string' && /^E0000\d{3}$/.test(body.errorCode) && typeof body.errorSummary === 'string' && body.errorLink === body.errorCode && typeof body.errorId === 'string' && Array.isArray(body.errorCauses);
      if (!envelope) failures.add(input, `400 without Okta's error body: ${res.body.slice(0, 200)}`);
    }
    const summary = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ');
    console.log(`log filter fuzz (seed ${SEED}): ${count} of ${inputs.length} expressions through GET /api/v1/logs on ${kind}: ${summary}`);
    failures.expectNone(`${count} requests`);
  });

  it('gives the API the parser’s verdict: the same expression is a 200 or the parser’s own 400', async () => {
    for (const input of inputs.slice(0, 500)) {
      const sent = wellFormed(input);
      // An empty filter is no filter; a NUL in the URL is refused before the filter is read.
      if (sent === '' || sent.includes('\u0000')) continue;
      let verdict: ReturnType<typeof parse>;
      try {
        verdict = parse(sent);
      } catch {
        continue; // the parser's own failure, reported by the parser suite
      }
      const res = await org.app.api.inject({ method: 'GET', url: `/api/v1/logs?filter=${encodeURIComponent(sent)}`, headers: { authorization: `SSWS ${org.token}` } });
      if (verdict.ok) expect(res.statusCode, sent).toBe(200);
      else expect({ status: res.statusCode, code: res.json().errorCode, summary: res.json().errorSummary }, sent).toEqual({ status: 400, code: verdict.code, summary: verdict.summary });
    }
  });

  it('answers filters nested thousands of levels deep with 200 or 400, never a 500', async () => {
    const failures = new Failures();
    for (const depth of [100, 500, 995, 996, 1000, 2000, 3000, 6000]) {
      for (const text of [
        `${'('.repeat(depth)}uuid pr${')'.repeat(depth)}`,
        `${'('.repeat(depth)}uuid pr`,
        `${'not('.repeat(depth)}uuid pr${')'.repeat(depth)}`,
        Array.from({ length: depth }, () => 'uuid pr').join(' or '),
        `${'(uuid pr and '.repeat(depth)}uuid pr${')'.repeat(depth)}`,
      ]) {
        const res = await org.app.api.inject({ method: 'GET', url: `/api/v1/logs?filter=${encodeURIComponent(text)}`, headers: { authorization: `SSWS ${org.token}` } });
        if (res.statusCode !== 200 && res.statusCode !== 400) failures.add(text, `${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    failures.expectNone('deeply nested filters');
  });
});
