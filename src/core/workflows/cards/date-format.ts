import { CardError, outputs, type CardSpec } from '../card.js';
import { asDate, asText } from './coerce.js';

export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ss.SSSZ';

/** `[literal]`, then the longest tokens first so that `SSS` is not read as `ss`. */
const TOKEN = /\[([^\]]*)\]|YYYY|SSS|MM|DD|HH|mm|ss|Z/g;

/**
 * Okta's "Date to Text": the date written with `format` in the IANA `timezone` (UTC by default).
 * Tokens: `YYYY` `MM` `DD` `HH` (00–23) `mm` `ss` `SSS`, `Z` (the zone's offset, `+02:00`, or `Z` at
 * UTC); text in square brackets is copied as is, and so is any other character. The default format is
 * ISO-8601 with milliseconds, the same text as `toISOString()` at UTC.
 *
 * @example run({ date: '2024-07-01T22:30:00Z', format: 'DD/MM/YYYY [at] HH:mm', timezone: 'Europe/Paris' }) // "02/07/2024 at 00:30"
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
    const text = format.replace(TOKEN, (token, literal: string | undefined) => {
      if (literal !== undefined) return literal;
      switch (token) {
        case 'YYYY':
          return (parts.year < 0 ? '-' : '') + pad(Math.abs(parts.year), 4);
        case 'MM':
          return pad(parts.month, 2);
        case 'DD':
          return pad(parts.day, 2);
        case 'HH':
          return pad(parts.hour, 2);
        case 'mm':
          return pad(parts.minute, 2);
        case 'ss':
          return pad(parts.second, 2);
        case 'SSS':
          return pad(date.getUTCMilliseconds(), 3);
        default:
          return offsetText(parts.offsetMinutes);
      }
    });
    return outputs({ text });
  },
};

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
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
  return { ...parts, offsetMinutes: Math.round((wall.getTime() - date.getTime()) / 60_000) };
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}
