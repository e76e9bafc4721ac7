import type { Prng } from './prng.js';
import { printLogFilter, randomLogFilter, type FilterVocabulary } from './random-log-filter.js';

/**
 * Hostile System Log filter expressions for fuzzing the parser and `GET /api/v1/logs`: valid ones
 * (from {@link randomLogFilter}) mutated at the character, token and structure level, pure noise, and
 * the shapes that break hand-written parsers — deep nesting, `not not`, unterminated strings, bad
 * escapes, lone surrogates, numbers that overflow, keywords where attribute names go, kilobytes of input.
 */
export function fuzzLogFilter(rng: Prng, vocab: FilterVocabulary): string {
  const r = rng.float();
  if (r < 0.05) return noise(rng);
  if (r < 0.08) return nested(rng, valid(rng, vocab));
  if (r < 0.1) return long(rng, vocab);
  if (r < 0.2) return valid(rng, vocab);
  let text = valid(rng, vocab);
  for (let i = rng.between(1, 4); i > 0; i--) text = mutate(rng, text, vocab);
  return text;
}

function valid(rng: Prng, vocab: FilterVocabulary): string {
  return printLogFilter(rng, randomLogFilter(rng, vocab, rng.int(4)));
}

/** Characters of filters, and characters that are not. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_$()"\\\'/:%+*=<>[]{},;!?@#&|^~`\t\n';
const ODD = ['é', 'İ', 'ß', '😀', '\u200b', '\ufeff', '\u0000', '\u2028', '\u0007', '\ud800', '\udc00', '\uffff', '\u{10ffff}', 'Ａ', '"', '\\', '(', ')'];

function oddChar(rng: Prng): string {
  return rng.chance(0.7) ? rng.chars(ALPHABET, 1) : rng.pick(ODD);
}

/** Words a mutation inserts or substitutes: keywords, operators in odd case, literals, numbers, names. */
const TOKENS = [
  'and', 'or', 'not', 'AND', 'Or', 'NOT', 'not not', 'nOt', 'xor', '&&', '||', '!',
  'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr', 'eQ', 'Pr', 'EW', 'cO', 'Ne', 'GE', 'eqq', 'e q', 'in', 'like', '=',
  'true', 'false', 'null', 'True', 'NULL', 'undefined', 'NaN', 'Infinity', '-Infinity',
  '1e999', '-1e999', '-0', '0', '1e-999', '0x10', '01', '1.', '.5', '1e', '-', '+1', '1_000', '9'.repeat(400), '1.7976931348623157e309',
  '"', '""', '"\\"', '"\\u12"', '"\\uZZZZ"', '"\\ud83d"', '"\\udc00\\ud83d"', '"\\x41"', '"\\u0000"', '"\\\\"', '"\\/"', '"\\', '"a\\', "'single'",
  '(', ')', '((', '))', '()', '(()', '[', ']', '[0]',
  'published', 'eventType', 'target.id', 'target.changeDetails.to', 'debugContext.debugData.url', 'debugContext.debugData.requestUri',
  'debugContext.debugData', 'debugContext.debugData.', '.eventType', 'a..b', '__proto__', 'constructor.prototype', 'target.__proto__.id',
  '$', '-a', 'é', 'event_type', 'EventType', 'eventtype',
];

/** Lexes enough to mutate by token: strings (maybe unterminated), parentheses, words, spaces. */
function tokens(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"?|[()]|[^\s()"]+|\s+/gu) ?? [];
}

/** One code-unit-safe position in `text` (0…length). */
const at = (rng: Prng, text: string) => rng.int(text.length + 1);

function mutate(rng: Prng, text: string, vocab: FilterVocabulary): string {
  const toks = tokens(text);
  const t = rng.int(Math.max(toks.length, 1));
  const withTokens = (replace: (list: string[]) => void) => {
    const list = [...toks];
    replace(list);
    return list.join('');
  };
  const i = at(rng, text);
  switch (rng.int(16)) {
    case 0:
      return text.slice(0, i) + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + oddChar(rng) + text.slice(i);
    case 2:
      return text.slice(0, i) + text.slice(i, i + 1).repeat(rng.between(2, 4)) + text.slice(i + 1);
    case 3:
      return text.slice(0, i) + text.slice(i + 1, i + 2) + text.slice(i, i + 1) + text.slice(i + 2);
    case 4:
      return withTokens((l) => l.splice(t, 1));
    case 5:
      return withTokens((l) => l.splice(t, 0, l[t] ?? '', ' '));
    case 6:
      return withTokens((l) => {
        const u = rng.int(l.length);
        [l[t], l[u]] = [l[u] ?? '', l[t] ?? ''];
      });
    case 7:
      return withTokens((l) => l.splice(t, rng.int(2), ` ${rng.pick(TOKENS)} `));
    case 8:
      return withTokens((l) => (l[t] = Array.from(l[t] ?? '', (ch) => (rng.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join('')));
    case 9:
      return rng.chance(0.5) ? `(${text}` : `${text})`;
    case 10:
      return `${rng.pick(['not ', 'not not ', 'NOT (', 'not(', '(not ', ' ( '])}${text}`;
    case 11:
      return `${text}${rng.pick([' and ', ' OR ', ' or not ', ' and not not ', ' AnD (', ''])}${rng.chance(0.7) ? valid(rng, vocab) : ''}`;
    case 12:
      return text.slice(0, i);
    case 13: {
      // Inside a string literal, if there is one: an escape of every kind, good and bad.
      const quote = text.indexOf('"', i);
      const j = quote < 0 ? i : quote + 1;
      return text.slice(0, j) + rng.pick(['\\u12', '\\uZZZZ', '\\ud83d', '\\udc00', '\\u0000', '\\x41', '\\', '\\"', '\\\\', '\\/', '\\u00e9', '\\U0041', '\\n', '\\b', '\\q']) + text.slice(j);
    }
    case 14:
      return nested(rng, text);
    default:
      return text.slice(0, i) + rng.pick(ODD).repeat(rng.between(1, 3)) + text.slice(i);
  }
}

function noise(rng: Prng): string {
  const n = rng.chance(0.9) ? rng.int(80) : rng.int(4000);
  return Array.from({ length: n }, () => (rng.chance(0.3) ? rng.pick(TOKENS) + ' ' : oddChar(rng))).join('');
}

/** Parentheses or `not (` nested up to thousands deep, balanced or not. */
function nested(rng: Prng, inner: string): string {
  const depth = rng.chance(0.7) ? rng.between(1, 100) : rng.between(100, 3000);
  const open = rng.pick(['(', 'not (', ' ( ', 'NOT(', '(not ']);
  const close = rng.chance(0.9) ? depth : depth + rng.between(-2, 2);
  return open.repeat(depth) + inner + ')'.repeat(Math.max(close, 0));
}

/** Kilobytes of input: long chains of terms, right-nested groups, or very long strings and names. */
function long(rng: Prng, vocab: FilterVocabulary): string {
  const size = rng.between(1000, 6000);
  let text = valid(rng, vocab);
  switch (rng.int(4)) {
    case 0:
      while (text.length < size) text += ` ${rng.pick(['and', 'or', 'AND'])} ${valid(rng, vocab)}`;
      return text;
    case 1: {
      let depth = 0;
      while (text.length < size) {
        text = `(${valid(rng, vocab)} ${rng.pick(['and', 'or'])} ${text}`;
        depth++;
      }
      return text + ')'.repeat(depth);
    }
    case 2:
      return `debugContext.debugData.requestId eq "${rng.chars('ab-😀\\"', size)}"`;
    default:
      return `debugContext.debugData.${'a'.repeat(size)} eq ${'1'.repeat(rng.int(400))}`;
  }
}
