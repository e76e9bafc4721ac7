import { ApiError } from './errors.js';
import { resolvePath } from './filter/resolve-path.js';
import type { LogEvent } from './log-event.js';

/**
 * The System Log's keyword index (okta-api.md §2.5) and the field-equality index that speeds up `eq` on
 * attributes that are not columns, both as one set of opaque tokens per event.
 *
 * Keyword semantics (`q`): a keyword matches an event when it equals, ignoring case, one of the words of
 * one of the event's values (strings, numbers and booleans anywhere in the event; null never matches).
 * The words of a value are:
 * - each whitespace-separated word, whole (`Mozilla/5.0`, `jane.doe@example.com`, `user.session.start`),
 *   and also without the punctuation around it (`(Macintosh;` → `Macintosh`);
 * - and, as Okta documents, a hyphenated word both whole and split at each hyphen
 *   (`XOxBw-2JIRnCFd0gG0GjHAAABjY` → also `XOxBw` and `2JIRnCFd0gG0GjHAAABjY`).
 * Nothing else splits a word: ids, e-mail addresses, host names and event types are matched whole.
 * `published` is not searched by keyword (time is what `since` and `until` are for).
 *
 * Each word is stored as a 64-bit hash (`k` + 16 hex digits), so the store's full-text engines (FTS5,
 * tsvector) index exactly these words, with no tokenizer of their own in between; the same function
 * hashes the keywords of a query. Two different words sharing a hash is about as likely as a random
 * 64-bit collision, and would only add an event to a keyword's results, never drop one.
 */

/** Okta's limits on `q` (okta-api.md §2.5). */
export const MAX_KEYWORDS = 10;
export const MAX_KEYWORD_LENGTH = 40;


/**
 * The attributes (besides the column-backed ones the store indexes itself) whose values get a
 * field-equality token, so `attr eq "value"` is answered from the index: the free-form maps' direct
 * keys (`debugContext.debugData.*`, `transaction.detail.*`, `actor.detailEntry.*`,
 * `target.detailEntry.*`) and the string fields people look events up by.
 */
export const FIELD_INDEXED: readonly string[] = [
  'actor.alternateId',
  'actor.displayName',
  'target.alternateId',
  'target.displayName',
  'client.id',
  'outcome.reason',
  'displayMessage',
  'legacyEventType',
  'authenticationContext.externalSessionId',
  'authenticationContext.rootSessionId',
];
export const FIELD_INDEXED_MAPS: readonly string[] = ['debugContext.debugData', 'transaction.detail', 'actor.detailEntry', 'target.detailEntry'];

/** Whether `attr eq <value>` can be narrowed with {@link fieldToken}. */
export function isFieldIndexed(attr: string): boolean {
  if (FIELD_INDEXED.includes(attr)) return true;
  const map = FIELD_INDEXED_MAPS.find((m) => attr.startsWith(`${m}.`));
  return map !== undefined && !attr.slice(map.length + 1).includes('.');
}

/**
 * A 64-bit string hash (cyrb53's mixing, both 32-bit halves kept), as `k` + 16 hex digits. Not a
 * security boundary: it only keys an index whose hits are checked against the filter itself, except for
 * `q`, where a collision could add an event (see the module comment).
 */
export function hashToken(text: string): string {
  return hashFrom(START, text);
}

/** The hash state after some characters: hashing `prefix + text` is continuing the prefix's state over
 *  `text`, so the constant prefixes of word and field tokens are hashed once, not concatenated each time. */
interface HashState {
  readonly h1: number;
  readonly h2: number;
}

const START: HashState = { h1: 0xdeadbeef, h2: 0x41c6ce57 };

function stateAfter(state: HashState, text: string): HashState {
  let { h1, h2 } = state;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return { h1, h2 };
}

function hashFrom(state: HashState, text: string): string {
  let h1 = state.h1;
  let h2 = state.h2;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `k${hex32(h2)}${hex32(h1)}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight hex digits, by table: several times faster than toString(16) + padStart on the ingest path. */
function hex32(h: number): string {
  return HEX[(h >>> 24) & 255]! + HEX[(h >>> 16) & 255]! + HEX[(h >>> 8) & 255]! + HEX[h & 255]!;
}

/** The token of one keyword of `q`. */
export function keywordToken(keyword: string): string {
  return wordToken(keyword.toLowerCase());
}

/** The hash state after `w:`, the prefix of every word token. */
const WORD_PREFIX = stateAfter(START, 'w:');

/** A word's token: the hash continued from the `w:` prefix's state (recurring values are memoised whole, in valueTokens). */
function wordToken(lowerCased: string): string {
  return hashFrom(WORD_PREFIX, lowerCased);
}

/** The token of `attr eq value` for a field-indexed attribute (typed: `"1"` and `1` differ). */
export function fieldToken(attr: string, value: string | number | boolean): string {
  const type = typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b';
  // hashToken(`f:${attr}=${type}:${value}`), with the state after the prefix kept per attribute and type.
  const key = `${type}${attr}`;
  let prefix = FIELD_PREFIXES.get(key);
  if (prefix === undefined) {
    if (FIELD_PREFIXES.size >= FIELD_PREFIXES_MAX) FIELD_PREFIXES.clear();
    prefix = stateAfter(START, `f:${attr}=${type}:`);
    FIELD_PREFIXES.set(key, prefix);
  }
  return hashFrom(prefix, String(value));
}

/** Field prefixes' hash states: a few dozen attributes in practice (debugData keys vary), bounded. */
const FIELD_PREFIXES = new Map<string, HashState>();
const FIELD_PREFIXES_MAX = 10_000;

/**
 * Every distinct token of an event: its keywords, then its field-equality tokens. The ingest path runs
 * this on every event written, so it works per value rather than per word: a value's keyword tokens
 * come from {@link valueTokens}'s memo when the same text was seen recently (a person's name, a browser,
 * a place, an event type recur across events), and the set collects tokens, which are few distinct
 * strings.
 */
export function eventTokens(event: LogEvent): string[] {
  const tokens = new Set<string>();
  const record = event as unknown as Record<string, unknown>;
  for (const key in record) if (key !== 'published') collectTokens(record[key], tokens);
  collectFields(event, (attr, value) => tokens.add(fieldToken(attr, value)));
  return [...tokens];
}

/**
 * The keyword tokens of the whole words of `value`: an event whose attribute equals `value` holds all of
 * them, so they narrow an `eq` on an attribute that has no index of its own (store/compile-log-filter.ts).
 */
export function valueWordTokens(value: string): string[] {
  return value.split(/\s+/).filter((w) => w !== '').map(keywordToken);
}

function collectTokens(value: unknown, tokens: Set<string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') {
    for (const token of valueTokens(value)) tokens.add(token);
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    tokens.add(wordToken(String(value).toLowerCase()));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectTokens(item, tokens);
    return;
  }
  if (typeof value === 'object') for (const key in value) collectTokens((value as Record<string, unknown>)[key], tokens);
}

/**
 * Recent values' keyword tokens (a pure memo). The value is case-folded before it is split: folding never
 * turns a character into or out of whitespace, a hyphen or the punctuation trimmed around words, and the
 * context it looks at (final sigma) ends at those same boundaries, so the words are those of wordsOf, each
 * folded as keywordToken folds a keyword.
 *
 * Two generations keep its memory bounded without forgetting what recurs: every event also brings values
 * seen once (ids, request ids, addresses), which fill the memo; when it is full the current generation
 * becomes the previous one, and a value found there moves back into the current one.
 */
let currentValues = new Map<string, readonly string[]>();
let previousValues = new Map<string, readonly string[]>();
const VALUES_PER_GENERATION = 50_000;

function valueTokens(value: string): readonly string[] {
  let tokens = currentValues.get(value);
  if (tokens !== undefined) return tokens;
  tokens = previousValues.get(value);
  if (tokens === undefined) {
    const list: string[] = [];
    wordsOf(value.toLowerCase(), (word) => list.push(wordToken(word)));
    tokens = list;
  }
  if (currentValues.size >= VALUES_PER_GENERATION) {
    previousValues = currentValues;
    currentValues = new Map();
  }
  currentValues.set(value, tokens);
  return tokens;
}

/** What `/\s/` matches, by code: the scan below runs on every value of every event written. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The punctuation trimmed from the ends of a word: ( ) [ ] { } < > " ' , ; : . ! ? */
const AROUND = new Set([...'()[]{}<>"\',;:.!?'].map((ch) => ch.charCodeAt(0)));

/** The words of one value (see the module comment). */
export function wordsOf(value: string, add: (word: string) => void): void {
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && !isSpace(value.charCodeAt(i))) continue;
    if (i > start) word(value.slice(start, i), add);
    start = i + 1;
  }
}

function word(text: string, add: (word: string) => void): void {
  withHyphenParts(text, add);
  let from = 0;
  let to = text.length;
  while (from < to && AROUND.has(text.charCodeAt(from))) from++;
  while (to > from && AROUND.has(text.charCodeAt(to - 1))) to--;
  if ((from > 0 || to < text.length) && to > from) withHyphenParts(text.slice(from, to), add);
}

function withHyphenParts(word: string, add: (word: string) => void): void {
  add(word);
  if (!word.includes('-')) return;
  for (const part of word.split('-')) if (part !== '') add(part);
}

function collectFields(event: LogEvent, add: (attr: string, value: string | number | boolean) => void): void {
  for (const attr of FIELD_INDEXED) for (const v of valuesAt(event, attr)) if (isScalar(v)) add(attr, v);
  for (const map of FIELD_INDEXED_MAPS) {
    for (const object of valuesAt(event, map)) {
      if (typeof object !== 'object' || object === null) continue;
      for (const [key, v] of Object.entries(object)) {
        for (const item of Array.isArray(v) ? v : [v]) if (isScalar(item)) add(`${map}.${key}`, item);
      }
    }
  }
}

/** What a filter on `attr` compares (core/filter/resolve-path.ts, arrays crossed), as a list. */
function valuesAt(event: LogEvent, attr: string): unknown[] {
  const value = resolvePath(event, attr);
  return Array.isArray(value) ? value : [value];
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * The keywords of `q`: split on whitespace, all required; empty means no keyword search.
 * @throws ApiError E0000001 with Okta's wording when a keyword is longer than 40 characters, or (Keyflow's
 *   wording; Okta's is unknown) when there are more than 10.
 */
export function parseKeywords(q: string): string[] {
  const keywords = q.split(/\s+/).filter((k) => k !== '');
  if (keywords.some((k) => [...k].length > MAX_KEYWORD_LENGTH)) {
    const message = `Freeform search cannot contain items longer than ${MAX_KEYWORD_LENGTH} characters. Please shorten the items in your search or use an advanced filter to query by specific fields.`;
    throw new ApiError('E0000001', { summary: `Api validation failed: 'q': ${message}`, causes: [`q: ${message}`] });
  }
  if (keywords.length > MAX_KEYWORDS) {
    const message = `Freeform search cannot contain more than ${MAX_KEYWORDS} items. Please remove items from your search or use an advanced filter to query by specific fields.`;
    throw new ApiError('E0000001', { summary: `Api validation failed: 'q': ${message}`, causes: [`q: ${message}`] });
  }
  return keywords;
}
