import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A `--since`/`--until` value as the ISO-8601 instant the API takes: an ISO date or date-time
 * (`2026-11-01`, `2026-11-01T08:00:00Z`), `now`, or a time before `now` (`90s`, `15m`, `24h`, `7d`, `2w`).
 */
export function parseTimeBound(text: string, now: Date): string {
  const value = text.trim();
  if (value === 'now') return now.toISOString();
  const relative = /^(\d+)\s*([smhdw])$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!).toISOString();
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO-8601 date-time (2026-11-01T08:00:00Z), now, or a time ago such as 90s, 15m, 24h, 7d, 2w');
  return new Date(ms).toISOString();
}

/** A commander parser for an integer within bounds. */
export function integerIn(min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}
