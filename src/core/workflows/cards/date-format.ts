import { CardError, outputs, type CardSpec } from '../card.js';
import { asDate, asText } from './coerce.js';

export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ss.SSSZ';

/** Letters that moment.js reads as (part of) a format token; any other character is copied as is. */
const TOKEN_LETTERS = new Set('YMDdEeWwQHhkmsSaAZXxGgLlNz');
/** Letters after which moment reads `o` as an ordinal suffix (`Do`, `Mo`, `wo` …). */
const ORDINAL_LETTERS = new Set('DMdwWQE');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** The moment.js tokens this card writes, each from the date's wall-clock fields in the zone (English names, as moment's default locale). */
const TOKENS: Record<string, (p: ZonedParts) => string> = {
  YYYY: (p) => (p.year < 0 ? '-' : '') + pad(Math.abs(p.year), 4),
  YY: (p) => pad(((p.year % 100) + 100) % 100, 2),
  M: (p) => String(p.month),
  MM: (p) => pad(p.month, 2),
  MMM: (p) => MONTHS[p.month - 1]!.slice(0, 3),
  MMMM: (p) => MONTHS[p.month - 1]!,
  D: (p) => String(p.day),
  DD: (p) => pad(p.day, 2),
  Do: (p) => ordinal(p.day),
  ddd: (p) => WEEKDAYS[p.weekday]!.slice(0, 3),
  dddd: (p) => WEEKDAYS[p.weekday]!,
  H: (p) => String(p.hour),
  HH: (p) => pad(p.hour, 2),
  h: (p) => String(p.hour % 12 || 12),
  hh: (p) => pad(p.hour % 12 || 12, 2),
  A: (p) => (p.hour < 12 ? 'AM' : 'PM'),
  a: (p) => (p.hour < 12 ? 'am' : 'pm'),
  m: (p) => String(p.minute),
  mm: (p) => pad(p.minute, 2),
  s: (p) => String(p.second),
  ss: (p) => pad(p.second, 2),
  SSS: (p) => pad(p.millisecond, 3),
  Z: (p) => offsetText(p.offsetMinutes, ':'),
  ZZ: (p) => offsetText(p.offsetMinutes, ''),
  X: (p) => String(Math.floor(p.epochMs / 1000)),
  x: (p) => String(p.epochMs),
};

/**
 * Okta's "Date to Text": the date written with a moment.js-style `format` (Okta's Date to Text takes
 * moment.js format strings; shared workflows.md §3.2 lists the card) in the IANA `timezone` (UTC by default).
 *
 * Tokens: `YYYY` `YY`, `M` `MM` `MMM` (Jan) `MMMM` (January), `D` `DD` `Do` (1st), `ddd` (Mon) `dddd`
 * (Monday), `H` `HH` (0–23), `h` `hh` (1–12) with `A` (AM/PM) or `a` (am/pm), `m` `mm`, `s` `ss`, `SSS`,
 * `Z` (`+02:00`; `Z` at UTC, so that the default format is exactly `toISOString()`) and `ZZ` (`+0200`),
 * `X` (Unix seconds) and `x` (Unix milliseconds). Text in square brackets is copied as is, and so is any
 * character moment does not read as a token (`T`, `-`, `/`, spaces …). A moment token this card does not
 * write (`Q`, `DDD`, `w`, `LL` …) fails the card with `INVALID_INPUT` naming it, rather than being copied
 * into the text where moment would have put a value.
 *
 * @example run({ date: '2024-07-01T22:30:00Z', format: 'dddd, MMMM Do YYYY [at] h:mm A', timezone: 'Europe/Paris' }) // "Tuesday, July 2nd 2024 at 12:30 AM"
 */
export const dateFormatCard: CardSpec = {
  type: 'date.format',
  title: 'Date to Text',
  category: 'date',
  inputs: { date: { type: 'datetime', required: true }, format: { type: 'text' }, timezone: { type: 'text' } },
  outputs: [{ key: 'text', type: 'text' }],
  connection: 'none',
  async run(inputs) {
    const date = asDate(inputs.date, 'date');
    const format = isBlank(inputs.format) ? DEFAULT_DATE_FORMAT : asText(inputs.format, 'format');
    const timezone = isBlank(inputs.timezone) ? 'UTC' : asText(inputs.timezone, 'timezone');
    const parts = zonedParts(date, timezone);
    return outputs({ text: formatParts(format, parts) });
  },
};

/** Writes `format` token by token: `[literal]`, a run of one token letter (plus moment's ordinal `o`), or a character copied as is. */
function formatParts(format: string, parts: ZonedParts): string {
  let text = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (c === '[') {
      const close = format.indexOf(']', i + 1);
      if (close !== -1) {
        text += format.slice(i + 1, close);
        i = close + 1;
        continue;
      }
    }
    if (!TOKEN_LETTERS.has(c)) {
      text += c;
      i++;
      continue;
    }
    let j = i + 1;
    while (format[j] === c) j++;
    if (format[j] === 'o' && ORDINAL_LETTERS.has(c)) j++;
    const token = format.slice(i, j);
    const write = TOKENS[token];
    if (!write) {
      throw new CardError(
        `Input "format": "${token}" is a date format token this card does not support; use ${Object.keys(TOKENS).join(' ')}, or put literal text in square brackets ([${token}])`,
        'INVALID_INPUT',
      );
    }
    text += write(parts);
    i = j;
  }
  return text;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st (moment's English ordinals). */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 (Sunday) to 6 (Saturday). */
  weekday: number;
  epochMs: number;
  /** Local time minus UTC. */
  offsetMinutes: number;
}

/** The wall-clock fields of `date` in `timezone`, read with Intl (which is pure: no clock, no I/O). */
function zonedParts(date: Date, timezone: string): ZonedParts {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      era: 'short',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new CardError(`Input "timezone" must be an IANA time zone such as "Europe/Paris" or "UTC"; got ${JSON.stringify(timezone)}`, 'INVALID_INPUT');
  }
  const field: Record<string, string> = {};
  for (const { type, value } of formatter.formatToParts(date)) field[type] = value;
  const number = (type: string): number => Number(field[type]);
  // Years before 1 AD come as "1 BC", "2 BC": astronomical year 0, -1.
  const year = field.era === 'BC' ? 1 - number('year') : number('year');
  const parts = { year, month: number('month'), day: number('day'), hour: number('hour'), minute: number('minute'), second: number('second') };
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  wall.setUTCHours(parts.hour, parts.minute, parts.second, date.getUTCMilliseconds());
  const weekday = WEEKDAYS.findIndex((name) => name.startsWith(field.weekday ?? ''));
  return { ...parts, millisecond: date.getUTCMilliseconds(), weekday, epochMs: date.getTime(), offsetMinutes: Math.round((wall.getTime() - date.getTime()) / 60_000) };
}

/** `+02:00` (`Z` at UTC) with a colon, `+0200` (`+0000` at UTC) without, as moment's `Z` and `ZZ`. */
function offsetText(minutes: number, separator: ':' | ''): string {
  if (minutes === 0 && separator === ':') return 'Z';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${separator}${pad(abs % 60, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}
