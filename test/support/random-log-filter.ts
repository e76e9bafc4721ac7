import { ATTRIBUTE_OPERATORS, type AttributeOperator, type FilterNode, type FilterValue } from '../../src/core/filter/ast.js';
import { isLogAttribute } from '../../src/core/log-filter.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Prng } from './prng.js';

type Scalar = string | number | boolean;

/**
 * What a corpus offers a filter generator: every System Log attribute it holds a value at (paths
 * cross arrays, as filters do) with the values found there, and, per event, the values of
 * attributes that hold several (targets, ipChain, arrays in debugData) for `A and B` pairs.
 */
export interface FilterVocabulary {
  values: ReadonlyMap<string, readonly Scalar[]>;
  /** Per attribute, per event, the event's distinct values there when it has at least two. */
  groups: ReadonlyMap<string, readonly (readonly Scalar[])[]>;
  /** Valid attributes that hold nothing in the corpus (schema fields left null, unknown map keys). */
  absent: readonly string[];
}

/**
 * Attributes the filter accepts that a corpus rarely or never fills: schema leaves, unknown keys of
 * the free-form maps, keys naming Object.prototype members, and paths below a scalar.
 */
const RARELY_PRESENT = [
  'client.geographicalContext.postalCode',
  'authenticationContext.rootSessionId',
  'authenticationContext.issuer.type',
  'securityContext.botProtection.level',
  'securityContext.ipDetails.ipServiceCategories.operator',
  'request.ipChain.source',
  'device.jailbreak',
  'debugContext.debugData.neverSet',
  'debugContext.debugData.constructor',
  'debugContext.debugData.__proto__',
  'debugContext.debugData.toString',
  'debugContext.debugData.tags.length',
  'debugContext.debugData.requestUri.x',
  'transaction.detail.absent',
  'actor.detailEntry.nope',
  'target.detailEntry.nope',
  'target.detailEntry.rank',
];

export function filterVocabulary(corpus: readonly LogEvent[]): FilterVocabulary {
  const values = new Map<string, Set<Scalar>>();
  const groups = new Map<string, Scalar[][]>();
  for (const event of corpus) {
    const own = new Map<string, Set<Scalar>>();
    walk(event, '', (path, value) => {
      if (!isLogAttribute(path)) return;
      if (!values.has(path)) values.set(path, new Set());
      values.get(path)!.add(value);
      if (!own.has(path)) own.set(path, new Set());
      own.get(path)!.add(value);
    });
    for (const [path, set] of own) {
      if (set.size < 2) continue;
      if (!groups.has(path)) groups.set(path, []);
      groups.get(path)!.push([...set]);
    }
  }
  const absent = RARELY_PRESENT.filter((attr) => !values.has(attr));
  const bad = RARELY_PRESENT.filter((attr) => !isLogAttribute(attr));
  if (bad.length > 0) throw new Error(`not System Log attributes: ${bad.join(', ')}`);
  return { values: new Map([...values].map(([k, v]) => [k, [...v]])), groups, absent };
}

/** Calls `add` with the dotted path of every non-null scalar, crossing arrays without a path segment. */
function walk(value: unknown, path: string, add: (path: string, value: Scalar) => void): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, path, add);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) walk(v, path === '' ? key : `${path}.${key}`, add);
    return;
  }
  add(path, value as Scalar);
}

/** Code-point slices, so that a prefix of `😀` is not half a surrogate pair (core/log-filter.ts refuses those). */
function slice(s: string, from: number, to: number | undefined): string {
  return Array.from(s).slice(from, to).join('');
}

function randomCase(rng: Prng, s: string): string {
  return Array.from(s, (ch) => (rng.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

/** A string derived from `s`: whole, a prefix, a suffix, a middle piece, a case variant, or extended. */
function variant(rng: Prng, s: string): string {
  const n = s.length;
  const at = () => rng.int(n + 1);
  switch (rng.int(7)) {
    case 0:
      return s;
    case 1:
      return slice(s, 0, at());
    case 2:
      return slice(s, at(), undefined);
    case 3: {
      const a = at();
      return slice(s, a, a + rng.int(n - a + 1));
    }
    case 4:
      return randomCase(rng, s);
    case 5:
      return `${s}${rng.pick(['x', ' ', '-', '😀'])}`;
    default:
      return `${rng.pick(['', 'A', 'z', '\uffff'])}${s}`;
  }
}

/** Another value of another type that a careless translation might confuse with `v`. */
function crossType(rng: Prng, v: Scalar): FilterValue {
  if (typeof v === 'string') {
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n)) return n;
    if (v === 'true' || v === 'false') return v === 'true';
    return rng.pick([null, 0, true]);
  }
  return rng.chance(0.8) ? String(v) : null;
}

function nearNumber(rng: Prng, n: number): number {
  return rng.pick([n, n + 1, n - 1, n + 0.5, -n, n * 10, Infinity, -Infinity, -0]);
}

function pickAttribute(rng: Prng, vocab: FilterVocabulary): string {
  if (rng.chance(0.08)) return rng.pick(vocab.absent.length > 0 ? vocab.absent : [...vocab.values.keys()]);
  return rng.pick([...vocab.values.keys()]);
}

function valueFor(rng: Prng, vocab: FilterVocabulary, attr: string, op: AttributeOperator): FilterValue {
  const seen = vocab.values.get(attr) ?? [];
  const any = (): Scalar => rng.pick(vocab.values.get(rng.pick([...vocab.values.keys()]))!);
  const base: Scalar = seen.length > 0 && rng.chance(0.85) ? rng.pick(seen) : any();
  const r = rng.float();
  if (r < 0.06) return rng.pick([null, true, false, 0, '']);
  if (r < 0.14) return crossType(rng, base);
  if (typeof base === 'number') return rng.chance(0.6) ? base : nearNumber(rng, base);
  if (typeof base === 'boolean') return rng.chance(0.9) ? base : !base;
  const textual = op === 'sw' || op === 'co' || op === 'ew' || op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
  if (r < 0.2) return rng.chars('abcdefXYZ0129-_%. ', rng.int(6));
  return textual || rng.chance(0.2) ? variant(rng, base) : base;
}

function compare(rng: Prng, vocab: FilterVocabulary): FilterNode {
  const attr = pickAttribute(rng, vocab);
  let op = rng.pick(ATTRIBUTE_OPERATORS);
  // Okta refuses `co` on these two (E0000031); the parser checks that, the differential test needs results.
  if (op === 'co' && (attr === 'debugContext.debugData.url' || attr === 'debugContext.debugData.requestUri')) op = 'sw';
  const value = op === 'pr' ? null : valueFor(rng, vocab, attr, op);
  return { kind: 'compare', attr, op, value, pos: 0, opPos: 0 };
}

const eq = (attr: string, value: FilterValue): FilterNode => ({ kind: 'compare', attr, op: 'eq', value, pos: 0, opPos: 0 });

/**
 * Two conditions on one multi-valued attribute (okta-api.md §2.4: `target.id eq A and target.id eq B`
 * needs both in one event), with values that share an event or not.
 */
function pair(rng: Prng, vocab: FilterVocabulary): FilterNode {
  const attrs = [...vocab.groups.keys()];
  const attr = attrs.includes('target.id') && rng.chance(0.5) ? 'target.id' : rng.pick(attrs);
  const groups = vocab.groups.get(attr)!;
  const group = rng.pick(groups);
  const a = rng.pick(group);
  const b = rng.chance(0.7) ? rng.pick(group) : rng.pick(rng.pick(groups));
  const second = eq(attr, b);
  const right: FilterNode = rng.chance(0.2) ? { kind: 'not', expr: second, pos: 0 } : second;
  return { kind: rng.chance(0.85) ? 'and' : 'or', left: eq(attr, a), right };
}

/**
 * A random System Log filter over the vocabulary: comparisons with every operator and value type
 * (mostly values the corpus holds, their pieces and near misses, some of other types), combined with
 * and/or/not up to `maxDepth` levels, and pairs on multi-valued attributes.
 */
export function randomLogFilter(rng: Prng, vocab: FilterVocabulary, maxDepth = 3): FilterNode {
  if (rng.chance(0.12) && vocab.groups.size > 0) return pair(rng, vocab);
  if (maxDepth <= 0 || rng.chance(0.4)) return compare(rng, vocab);
  const r = rng.float();
  if (r < 0.2) return { kind: 'not', expr: randomLogFilter(rng, vocab, maxDepth - 1), pos: 0 };
  return { kind: r < 0.6 ? 'and' : 'or', left: randomLogFilter(rng, vocab, maxDepth - 1), right: randomLogFilter(rng, vocab, maxDepth - 1) };
}

const STRENGTH: Readonly<Record<FilterNode['kind'], number>> = { or: 1, and: 2, not: 3, compare: 3 };

/** A JSON string literal with some characters written as `\uXXXX` or `\/` (both mean the same). */
function stringLiteral(rng: Prng, s: string): string {
  if (!rng.chance(0.2)) return JSON.stringify(s);
  const unicode = (ch: string) => Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  const inner = Array.from(s, (ch) => {
    if (rng.chance(0.3)) return rng.chance(0.5) ? unicode(ch) : unicode(ch).toUpperCase().replaceAll('\\U', '\\u');
    if (ch === '/' && rng.chance(0.5)) return '\\/';
    return JSON.stringify(ch).slice(1, -1);
  }).join('');
  return `"${inner}"`;
}

/** A JSON number literal for `n`, in one of its spellings; infinities as an overflowing exponent. */
function numberLiteral(rng: Prng, n: number): string {
  if (n === Infinity) return '1e999';
  if (n === -Infinity) return '-1e999';
  if (Object.is(n, -0)) return '-0';
  const plain = JSON.stringify(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15 && rng.chance(0.3)) return rng.pick([`${plain}.0`, `${plain}E0`, `${plain}e+0`, `${plain}.000e-0`]);
  return plain;
}

function valueLiteral(rng: Prng, v: FilterValue): string {
  if (typeof v === 'string') return stringLiteral(rng, v);
  if (typeof v === 'number') return numberLiteral(rng, v);
  return String(v);
}

function word(rng: Prng, w: string): string {
  return rng.chance(0.15) ? randomCase(rng, w) : w;
}

function space(rng: Prng): string {
  return rng.chance(0.9) ? ' ' : rng.pick(['  ', '\t', '\n ', ' \r\n']);
}

/**
 * Prints a filter as a client might write it: operators and keywords in any case, extra spaces,
 * redundant parentheses, strings with escapes, numbers in other spellings. Parsing the text gives
 * back the same tree (positions aside).
 */
export function printLogFilter(rng: Prng, node: FilterNode): string {
  const wrap = (child: FilterNode, needed: boolean) => {
    const text = printLogFilter(rng, child);
    return needed || rng.chance(0.05) ? `(${rng.chance(0.1) ? ' ' : ''}${text})` : text;
  };
  switch (node.kind) {
    case 'compare': {
      const op = word(rng, node.op);
      return node.op === 'pr' ? `${node.attr}${space(rng)}${op}` : `${node.attr}${space(rng)}${op}${space(rng)}${valueLiteral(rng, node.value)}`;
    }
    case 'not':
      return `${word(rng, 'not')}${space(rng)}${wrap(node.expr, node.expr.kind !== 'compare')}`;
    case 'and':
    case 'or': {
      const left = wrap(node.left, STRENGTH[node.left.kind] < STRENGTH[node.kind]);
      const right = wrap(node.right, STRENGTH[node.right.kind] <= STRENGTH[node.kind]);
      return `${left}${space(rng)}${word(rng, node.kind)}${space(rng)}${right}`;
    }
  }
}
