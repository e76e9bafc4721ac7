import { CardError } from '../card.js';

/**
 * Reading a card's resolved inputs (plain JSON values) as the types its spec declares: the card edge of
 * "parse at the edge" (style.md habit 5). Each reader throws `CardError(…, 'INVALID_INPUT')` naming the
 * input, so the execution history says which field was wrong and why. Missing values (null/undefined) are
 * refused as "required": a card reads optional inputs only after applying its default.
 */

/** Text as is; numbers and true/false in their usual spelling (Okta's `toString` on a link). */
export function asText(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw invalid(name, 'a text', value);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number, or a text that is one written in decimal (`" 80 "`, `"-2.5"`, `"1e3"`; not `"0x10"` or `""`). */
export function asNumber(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) {
    const n = Number(value.trim());
    if (Number.isFinite(n)) return n;
  }
  throw invalid(name, 'a number', value);
}

/** true/false, or the texts `"true"`/`"false"` in any case (Okta's `booleanToString` the other way). */
export function asBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  throw invalid(name, 'true or false', value);
}

export function asList(value: unknown, name: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw invalid(name, 'a list', value);
}

export function asObject(value: unknown, name: string): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  throw invalid(name, 'an object', value);
}

/**
 * ISO-8601 `YYYY-MM-DD[THH:mm[:ss[.fff]][Z|±HH:mm|±HHmm]]` or epoch milliseconds. A date-time without an
 * offset is read as UTC (never as the server's zone: core does not depend on where it runs). Impossible
 * dates such as `2024-02-30` are refused rather than rolled over as `Date.parse` would.
 */
export function asDate(value: unknown, name: string): Date {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (typeof value === 'string') {
    const date = parseIso(value.trim());
    if (date) return date;
  }
  throw invalid(name, 'a date (ISO-8601 text or epoch milliseconds)', value);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const base = utc(year, month - 1, day, 0, 0, 0, 0);
  if (base.getUTCMonth() !== month - 1 || base.getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const date = new Date(utc(year, month - 1, day, hour, minute, second, ms).getTime() - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utc(year: number, month0: number, day: number, hour: number, minute: number, second: number, ms: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month0, day);
  date.setUTCHours(hour, minute, second, ms);
  return date;
}

/**
 * Any value as text to show or join (Compose, Concatenate, List to Text, Return Raw): objects and lists as
 * JSON, null and undefined as nothing.
 */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(name: string, expected: string, value: unknown): CardError {
  if (value === null || value === undefined) return new CardError(`Input "${name}" is required`, 'INVALID_INPUT');
  return new CardError(`Input "${name}" must be ${expected}; got ${describe(value)}`, 'INVALID_INPUT');
}

/** A short description of a value for error messages (never the whole of a large value). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
