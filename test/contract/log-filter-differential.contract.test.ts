import { expect, it } from 'vitest';
import type { FilterNode } from '../../src/core/filter/ast.js';
import { evaluateFilter, resolvePath } from '../../src/core/filter/evaluate.js';
import { collectCompares } from '../../src/core/filter/attributes.js';
import { formatFilter } from '../../src/core/filter/format.js';
import { parseLogFilter } from '../../src/core/log-filter.js';
import { eventTokens, keywordToken, parseKeywords, wordsOf } from '../../src/core/log-keywords.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { logCorpus } from '../support/log-corpus.js';
import { prng, testSeed, type Prng } from '../support/prng.js';
import { filterVocabulary, printLogFilter, randomLogFilter } from '../support/random-log-filter.js';
import { logEvent, T0 } from './fixtures.js';
import { forEachStore } from './for-each-store.js';

/**
 * The store's System Log search against the in-memory evaluator, the reference semantics
 * (architecture.md "Decisions", System Log search; docs/system-log.md): over a generated corpus, every generated filter,
 * keyword search and combination must select exactly the events the evaluator (filters) and the token
 * rule of core/log-keywords.ts (keywords) select, in a bounded read (ordered by `published`, then
 * insertion order) and in a polling read (insertion order). The seed is printed on failure; replay it
 * with KEYFLOW_TEST_SEED=<seed>.
 */

const SEED = testSeed();
const CORPUS_SIZE = 240;
/** KEYFLOW_TEST_SCALE=<n> runs n times as many searches, for a longer hunt than CI's. */
const SCALE = Number(process.env.KEYFLOW_TEST_SCALE ?? 1) || 1;
const scaled = (counts: Readonly<Record<SqlStore['dialect'], number>>) => (dialect: SqlStore['dialect']) => Math.round(counts[dialect] * SCALE);
/**
 * Searches per store, sized to keep each store near 30 s on a slow two-core machine. PostgreSQL
 * re-parses a row's `json` text for every JSON path operator a filter applies (tens of microseconds
 * for these 2 KB events), so a filter that reads every row costs it several times what SQLite pays.
 */
const FILTERS = scaled({ sqlite: 1600, postgres: 360 });
const KEYWORD_SEARCHES = scaled({ sqlite: 500, postgres: 500 });
const COMBINED = scaled({ sqlite: 300, postgres: 80 });
/** Searches in flight at once: PostgreSQL works on two; better-sqlite3 answers one at a time. */
const PARALLEL: Readonly<Record<SqlStore['dialect'], number>> = { sqlite: 1, postgres: 2 };

const corpus = logCorpus(prng(SEED), CORPUS_SIZE, T0);
const vocabulary = filterVocabulary(corpus);
const tokens = corpus.map((event) => new Set(eventTokens(event)));
/** Insertion order, then the bounded read's order: `published`, ties in insertion order. */
const byInsertion = corpus.map((_, i) => i);
const byPublished = [...byInsertion].sort((a, b) => Date.parse(corpus[a]!.published) - Date.parse(corpus[b]!.published) || a - b);
const since = corpus[byPublished[0]!]!.published;
const until = new Date(Date.parse(corpus[byPublished[byPublished.length - 1]!]!.published) + 1).toISOString();

interface Search {
  filter?: FilterNode;
  keywords?: readonly string[];
}

function expected(search: Search): (i: number) => boolean {
  return (i) =>
    (search.filter === undefined || evaluateFilter(search.filter, (attr) => resolvePath(corpus[i], attr))) &&
    (search.keywords === undefined || search.keywords.every((k) => tokens[i]!.has(keywordToken(k))));
}

async function actual(store: SqlStore, search: Search, mode: 'bounded' | 'polling'): Promise<string[]> {
  const page = await store.logEvents.query({
    mode,
    order: 'ASCENDING',
    limit: 1000,
    ...(mode === 'bounded' ? { since, until } : {}),
    ...(search.filter ? { filter: search.filter } : {}),
    ...(search.keywords ? { keywords: search.keywords } : {}),
  });
  return page.events.map((e) => e.uuid);
}

interface Disagreement {
  mode: 'bounded' | 'polling';
  search: Search;
  text: string;
  missing: string[];
  extra: string[];
  outOfOrder: boolean;
  /** The store refused the search with this error. */
  error?: string;
}

/** Both reads of one search against the reference; the first disagreement, or undefined. */
async function check(store: SqlStore, search: Search, text: string): Promise<Disagreement | undefined> {
  const matches = expected(search);
  for (const [mode, order] of [['bounded', byPublished], ['polling', byInsertion]] as const) {
    const want = order.filter(matches).map((i) => corpus[i]!.uuid);
    let got: string[];
    try {
      got = await actual(store, search, mode);
    } catch (error) {
      return { mode, search, text, missing: [], extra: [], outOfOrder: false, error: String(error) };
    }
    if (got.length === want.length && got.every((uuid, i) => uuid === want[i])) continue;
    const gotSet = new Set(got);
    const wantSet = new Set(want);
    const missing = want.filter((u) => !gotSet.has(u));
    const extra = got.filter((u) => !wantSet.has(u));
    return { mode, search, text, missing, extra, outOfOrder: missing.length === 0 && extra.length === 0 };
  }
  return undefined;
}

/** Smaller filters than `node`: its operands, then the same node with one operand made smaller. */
function* smaller(node: FilterNode): Generator<FilterNode> {
  if (node.kind === 'not') {
    yield node.expr;
    for (const expr of smaller(node.expr)) yield { ...node, expr };
  }
  if (node.kind === 'and' || node.kind === 'or') {
    yield node.left;
    yield node.right;
    for (const left of smaller(node.left)) yield { ...node, left };
    for (const right of smaller(node.right)) yield { ...node, right };
  }
}

/** Greedy shrinking: the smallest filter found that still disagrees, with its disagreement. */
async function minimise(store: SqlStore, first: Disagreement): Promise<Disagreement> {
  let current = first;
  for (let improved = true; improved && current.search.filter; ) {
    improved = false;
    for (const candidate of smaller(current.search.filter)) {
      const found = await check(store, { ...current.search, filter: candidate }, formatFilter(candidate));
      if (found) {
        current = { ...found, text: formatFilter(candidate) };
        improved = true;
        break;
      }
    }
  }
  return current;
}

/** JSON with every character outside printable ASCII escaped, so that U+FFFF or NUL show in a report. */
function visible(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a reader needs to reproduce a disagreement by hand: the filter, the events and their values. */
function report(store: SqlStore, d: Disagreement, total: number): string {
  const uuid = d.missing[0] ?? d.extra[0];
  const event = corpus.find((e) => e.uuid === uuid);
  const attrs = d.search.filter ? [...new Set(collectCompares(d.search.filter).map((c) => c.attr))] : [];
  const values = event ? attrs.map((a) => `  ${a} → ${visible(resolvePath(event, a))}`).join('\n') : '';
  return [
    `${total} disagreement(s) between the ${store.dialect} store and the in-memory evaluator; seed ${SEED} (KEYFLOW_TEST_SEED=${SEED}).`,
    `Smallest: ${d.mode} read, filter ${d.search.filter ? visible(formatFilter(d.search.filter)) : '(none)'}${d.search.keywords ? `, keywords ${visible(d.search.keywords)}` : ''}`,
    d.error ?? (d.outOfOrder ? 'Same events, different order.' : `Store missed ${d.missing.length} event(s), added ${d.extra.length}.`),
    event ? `${d.missing.includes(uuid!) ? 'Missed' : 'Added'} event ${uuid}, values there:\n${values}\n${JSON.stringify(event)}` : '',
  ].join('\n');
}

async function load(store: SqlStore): Promise<void> {
  await store.transaction((tx) => tx.logEvents.append(corpus, T0));
}

/** Runs every search, collects disagreements, and fails with the smallest versions of the first few. */
async function expectAgreement(store: SqlStore, searches: Iterable<{ search: Search; text: string }>): Promise<number> {
  const found: Disagreement[] = [];
  let n = 0;
  let batch: Promise<Disagreement | undefined>[] = [];
  const settle = async () => {
    for (const d of await Promise.all(batch)) if (d) found.push(d);
    batch = [];
  };
  for (const { search, text } of searches) {
    n++;
    batch.push(check(store, search, text));
    if (batch.length >= PARALLEL[store.dialect]) await settle();
  }
  await settle();
  if (found.length > 0) {
    // The first disagreement of each kind (a wrong answer, or each distinct error), made small.
    const kinds = new Map<string, Disagreement>();
    for (const d of found) if (!kinds.has(d.error ?? 'mismatch')) kinds.set(d.error ?? 'mismatch', d);
    const smallest: string[] = [];
    for (const d of [...kinds.values()].slice(0, 3)) smallest.push(report(store, await minimise(store, d), found.length));
    const others = found.slice(0, 8).map((d) => `also: ${d.mode} ${visible(d.text)}`);
    expect.fail([...new Set(smallest), ...others].join('\n\n'));
  }
  return n;
}

/** Generated filters, printed the way a client might write them and parsed back as the API would. */
function* filters(rng: Prng, count: number): Generator<{ search: Search; text: string }> {
  for (let i = 0; i < count; i++) {
    const generated = randomLogFilter(rng, vocabulary);
    const text = printLogFilter(rng, generated);
    const filter = parseLogFilter(text);
    // The text means what was generated: the parser is part of the path under test.
    if (formatFilter(filter) !== formatFilter(generated)) {
      expect.fail(`seed ${SEED}: ${JSON.stringify(text)} parsed as ${formatFilter(filter)}, generated as ${formatFilter(generated)}`);
    }
    yield { search: { filter }, text };
  }
}

/** Words of the corpus (whole, split at punctuation and hyphens), pieces of words, and non-words. */
const words: string[] = (() => {
  const set = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') wordsOf(v, (w) => set.add(w));
    else if (typeof v === 'number' || typeof v === 'boolean') set.add(String(v));
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  corpus.forEach(visit);
  return [...set];
})();

function keyword(rng: Prng): string {
  const w = rng.pick(words);
  const r = rng.float();
  const chars = Array.from(w);
  // A piece of a word is not a word (okta-api.md §2.5), unless it happens to be one elsewhere.
  const k = r < 0.1 && chars.length > 2 ? chars.slice(1).join('') : r < 0.15 ? `${w}zz` : w;
  if (rng.chance(0.3)) return k.toUpperCase();
  return rng.chance(0.3) ? Array.from(k, (ch) => (rng.chance(0.5) ? ch.toUpperCase() : ch)).join('') : k;
}

function* keywordSearches(rng: Prng, count: number, withFilter: boolean): Generator<{ search: Search; text: string }> {
  let produced = 0;
  while (produced < count) {
    const q = Array.from({ length: rng.between(1, withFilter ? 2 : 3) }, () => keyword(rng)).join(' ');
    let keywords: string[];
    try {
      keywords = parseKeywords(q);
    } catch {
      continue; // over 40 characters: the API refuses it before the store sees it
    }
    produced++;
    if (!withFilter) {
      yield { search: { keywords }, text: `q=${q}` };
      continue;
    }
    const text = printLogFilter(rng, randomLogFilter(rng, vocabulary, 2));
    yield { search: { keywords, filter: parseLogFilter(text) }, text: `q=${q} filter=${text}` };
  }
}

it('generates searches that select something, nothing and everything', () => {
  // Guards the generator: a corpus or vocabulary change that made every filter trivially empty (or
  // every one match everything) would let the differential test pass without testing anything.
  const rng = prng(SEED + 1);
  const sizes = [...filters(rng, 300)].map(({ search }) => byInsertion.filter(expected(search)).length);
  expect(sizes.filter((s) => s > 0 && s < CORPUS_SIZE).length).toBeGreaterThan(100);
  expect(sizes.filter((s) => s === 0).length).toBeGreaterThan(10);
  expect(sizes.filter((s) => s === CORPUS_SIZE).length).toBeGreaterThan(5);
});

forEachStore('System Log search agrees with the in-memory evaluator on a generated corpus', (store) => {
  it(`selects what the evaluator selects for every generated filter, in both read modes (seed ${SEED})`, { timeout: 180_000 * SCALE }, async () => {
    await load(store());
    const count = FILTERS(store().dialect);
    expect(await expectAgreement(store(), filters(prng(SEED + 1), count))).toBe(count);
  });

  it(`finds what the token rule finds for every generated keyword search (seed ${SEED})`, { timeout: 120_000 * SCALE }, async () => {
    await load(store());
    const count = KEYWORD_SEARCHES(store().dialect);
    expect(await expectAgreement(store(), keywordSearches(prng(SEED + 2), count, false))).toBe(count);
  });

  it(`requires both the keywords and the filter in generated combined searches (seed ${SEED})`, { timeout: 120_000 * SCALE }, async () => {
    await load(store());
    const count = COMBINED(store().dialect);
    expect(await expectAgreement(store(), keywordSearches(prng(SEED + 3), count, true))).toBe(count);
  });
});

forEachStore('System Log search agrees with the in-memory evaluator on hand-made edge cases', (store) => {
  /** Hand-made events for cases the generated corpus draws rarely or cannot hold. */
  async function expectSameAsEvaluator(events: LogEvent[], texts: readonly string[]): Promise<void> {
    await store().transaction((tx) => tx.logEvents.append(events, T0));
    const n = (uuid: string) => Number(uuid.slice(-12));
    const disagreements: string[] = [];
    for (const text of texts) {
      const filter = parseLogFilter(text);
      const want = events.filter((e) => evaluateFilter(filter, (attr) => resolvePath(e, attr))).map((e) => n(e.uuid));
      try {
        const page = await store().logEvents.query({ mode: 'polling', order: 'ASCENDING', limit: 1000, filter });
        const got = page.events.map((e) => n(e.uuid));
        if (JSON.stringify(got) !== JSON.stringify(want)) disagreements.push(`${text}: store [${got}], evaluator [${want}]`);
      } catch (error) {
        disagreements.push(`${text}: store threw ${String(error)}, evaluator [${want}]`);
      }
    }
    expect(disagreements).toEqual([]);
  }

  it('orders strings beyond U+FFFF as the evaluator does', async () => {
    // JavaScript's `<` compares UTF-16 units and puts '😀' (U+1F600, surrogates D83D DE00) before U+FFFF;
    // UTF-8 and code-point order (SQLite, PostgreSQL "C") put it after. Both sides must agree.
    const values = ['😀', '\uffff', 'ＡＢＣ', 'a'];
    const events = values.map((k, i) =>
      logEvent(i + 1, {
        debugContext: { debugData: { k } },
        target: [{ id: k, type: 'User', alternateId: k, displayName: k, detailEntry: null }],
        client: { userAgent: { rawUserAgent: k, os: 'Unknown', browser: 'UNKNOWN' }, zone: null, device: null, id: null, ipAddress: null, geographicalContext: null },
      }),
    );
    const texts = ['debugContext.debugData.k', 'target.id', 'target.displayName', 'client.userAgent.rawUserAgent'].flatMap((attr) => [
      `${attr} gt "\\uffff"`,
      `${attr} lt "ＡＢＣ"`,
      `${attr} ge "😀"`,
    ]);
    await expectSameAsEvaluator(events, texts);
  });

  it('refuses half a surrogate pair (a `\\ud83d` escape), which UTF-8 cannot carry, and still matches whole astral characters', async () => {
    // node-postgres would send U+FFFD and better-sqlite3 the surrogate's own bytes: neither could agree
    // with the evaluator, so the filter is refused before it reaches a store.
    for (const text of ['debugContext.debugData.k sw "\\ud83d"', 'displayMessage co "\\ude00 "', 'displayMessage ne "\\ud83d"']) {
      expect(() => parseLogFilter(text), text).toThrow(/half of a surrogate pair/);
    }
    const events = ['😀 smile', '\ufffd', 'plain'].map((k, i) => logEvent(i + 1, { debugContext: { debugData: { k } }, displayMessage: k }));
    await expectSameAsEvaluator(events, ['debugContext.debugData.k sw "\\ud83d\\ude00"', 'displayMessage ne "\\ud83d\\ude00 smile"', 'displayMessage gt "\\uffff"']);
  });

  it('refuses request.ipChain.ipDetails.ipServiceCategories.*, an array inside array elements the store does not walk', () => {
    for (const text of ['request.ipChain.ipDetails.ipServiceCategories.type eq "Tor"', 'request.ipChain.ipDetails.ipServiceCategories.isAnonymous eq true']) {
      expect(() => parseLogFilter(text), text).toThrow(/field is not valid/);
    }
  });
});
