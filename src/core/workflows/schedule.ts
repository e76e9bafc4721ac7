/**
 * When a Scheduled Flow is due (workflows.md §4.2). Pure: the moment to search from comes in as an
 * argument; time zones are read with `Intl`, which does no I/O.
 *
 * Wall clock
 * - Every rule is read on the wall clock of `schedule.timezone` (IANA; `UTC` is UTC). Occurrences are
 *   whole minutes (seconds and milliseconds zero). An unknown zone throws the `RangeError` of `Intl`
 *   (flow-validation.ts refuses it first).
 * - `interval` is 1 by default; anything but a whole number ≥ 1 counts as 1.
 * - `daysOfWeek` lists local weekdays, 0 = Sunday … 6 = Saturday. Absent or empty means "no filter"
 *   (for `week`: Monday only).
 * - `time` is `HH:MM`, `00:00` by default.
 *
 * Frequencies
 * - `minute`: every `interval` minutes. Below 60, on the minutes of each hour where
 *   `minute % interval === 0` (interval 7 runs at :00, :07 … :56, then :00 again); from 60 on, at the
 *   minutes since local midnight where `minutesSinceMidnight % interval === 0` (interval 90 runs at 00:00,
 *   01:30, 03:00 …). Only on `daysOfWeek` when given.
 * - `hour`: at minute M of each local hour where `hour % interval === 0`, M being the minutes part of
 *   `time` (0 by default; the hours part is ignored). An interval of 24 or more therefore runs once a day,
 *   at 00:M. Only on `daysOfWeek` when given.
 * - `day`: at `time` on every `interval`-th local day, counted from the anchor day:
 *   `(dayNumber - anchorDayNumber) % interval === 0`. Only on `daysOfWeek` when given (a filter that the
 *   counted days never meet, say interval 7 and another weekday than the anchor's, means never: null).
 * - `week`: at `time` on each of `daysOfWeek` (Monday by default) of every `interval`-th week, weeks
 *   starting on Sunday and counted from the anchor day's week.
 * - `month`: at `time` on day `dayOfMonth` (1 by default; a shorter month runs on its last day, so 31
 *   means 28 or 29 February and 30 April) of every `interval`-th month counted from the anchor month.
 * - The anchor is the local date (and month) of `notBefore` when given, else 1970-01-01 (January 1970).
 *
 * Bounds
 * - `notBefore`: no occurrence before it; `notAfter`: none after it (an occurrence exactly at either
 *   bound runs). Null, absent or `""` means no bound.
 * - A bound with an offset or `Z` is that instant. A bound without one (`2026-03-01`,
 *   `2026-03-01T09:00`) is a wall-clock time in `schedule.timezone`, a date alone meaning its local
 *   midnight — never the host's time zone, which `Date.parse` would use.
 *
 * Daylight saving
 * - A local time that does not exist (spring-forward gap) runs at the first existing minute after it:
 *   02:30 on 2026-03-08 in America/New_York runs at 03:00 EDT. Several times in one gap make one run.
 * - A local time that happens twice (fall-back) runs once, at the first of the two instants. This holds
 *   for `minute` and `hour` too: on 2026-11-01 in America/New_York an every-5-minutes flow runs through
 *   01:00–01:55 EDT, then not again until 02:00 EST (01:00–01:55 EST have already run).
 *
 * Cost: the search walks candidate days (stepping by `interval` for day, week and month), and within a
 * day only the minutes the rule allows; it looks at most 8 days ahead for `minute`/`hour`, 8 counted
 * days, 3 counted weeks or 3 counted months, so it always ends.
 */

import type { Schedule } from './flow-definition.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;

type Frequency = Schedule['frequency'];

/**
 * The first moment strictly after `after` at which the flow is due, or null when none remains (past
 * `notAfter`, or a day filter that can never match).
 *
 * @example nextOccurrence({ frequency: 'day', interval: 1, time: '09:00', timezone: 'Europe/Paris' }, new Date('2026-07-01T08:00:00Z'))
 * // 2026-07-02T07:00:00.000Z (09:00 CEST)
 */
export function nextOccurrence(schedule: Schedule, after: Date): Date | null {
  return compile(schedule)(timeOf(after, 'after'));
}

/**
 * The occurrences in `(from, to]`, oldest first, at most `max` of them (the oldest `max`). The runtime
 * fires only the latest one after downtime; the list is for tests and documentation.
 *
 * @example dueBetween({ frequency: 'hour', interval: 6, timezone: 'UTC' }, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'))
 * // 06:00, 12:00, 18:00 and 00:00 the next day
 */
export function dueBetween(schedule: Schedule, from: Date, to: Date, max = 1000): Date[] {
  const next = compile(schedule);
  const end = timeOf(to, 'to');
  const due: Date[] = [];
  let cursor = timeOf(from, 'from');
  while (due.length < max) {
    const occurrence = next(cursor);
    if (occurrence === null || occurrence.getTime() > end) break;
    due.push(occurrence);
    cursor = occurrence.getTime();
  }
  return due;
}

/**
 * Whether two schedules run at the same moments: the same settings once defaults are filled in
 * (interval 1, time 00:00, day 1, no bounds, weekdays as a set). Saving a flow with another schedule
 * restarts its count from the save; saving it with the same one (other cards, a reordered
 * `daysOfWeek`) does not.
 */
export function sameSchedule(a: Schedule, b: Schedule): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(schedule: Schedule): unknown[] {
  const interval = Number.isInteger(schedule.interval) && schedule.interval >= 1 ? schedule.interval : 1;
  const days = schedule.daysOfWeek?.length ? [...new Set(schedule.daysOfWeek)].sort((x, y) => x - y) : null;
  return [schedule.frequency, interval, schedule.time ?? '00:00', days, schedule.dayOfMonth ?? 1, schedule.timezone, schedule.notBefore || null, schedule.notAfter || null];
}

/** The schedule's settings, read once. */
interface Settings {
  interval: number;
  /** Minutes after local midnight at which a due day runs, ascending. */
  slots: number[];
  /** Allowed local weekdays, ascending; null = every day. */
  weekdays: number[] | null;
  dayOfMonth: number;
  /** Local day number (days since 1970-01-01) and month index (year × 12 + month − 1) counting starts from. */
  anchorDay: number;
  anchorMonth: number;
}

/** Reads the schedule once and returns the search: the first occurrence after an epoch millisecond. */
function compile(schedule: Schedule): (after: number) => Date | null {
  const zone = zoneOf(schedule.timezone);
  const notBefore = bound(schedule.notBefore, zone, 'notBefore');
  const notAfter = bound(schedule.notAfter, zone, 'notAfter');
  const interval = Number.isInteger(schedule.interval) && schedule.interval >= 1 ? schedule.interval : 1;
  const time = minutesOf(schedule.time ?? '00:00');
  const anchor = notBefore === null ? 0 : zone.wall(notBefore);
  const listed = schedule.daysOfWeek?.length ? [...new Set(schedule.daysOfWeek)].sort((a, b) => a - b) : null;
  const settings: Settings = {
    interval,
    slots: SLOTS[schedule.frequency](interval, time),
    weekdays: schedule.frequency === 'week' ? (listed ?? [1]) : listed,
    dayOfMonth: schedule.dayOfMonth ?? 1,
    anchorDay: dayOf(anchor),
    anchorMonth: monthOf(dayOf(anchor)),
  };
  const candidateDays = CANDIDATE_DAYS[schedule.frequency];

  return (after) => {
    // An occurrence at or after notBefore is one strictly after notBefore − 1 ms.
    const floor = notBefore === null ? after : Math.max(after, notBefore - 1);
    // Local times before floor's own minute map to instants at or before floor (the mapping only moves
    // forward), so the search starts on floor's local day and minute.
    const start = zone.wall(floor);
    const startDay = dayOf(start);
    const startMinute = Math.floor((start - startDay * DAY) / MINUTE);
    for (const day of candidateDays(settings, startDay)) {
      for (const slot of settings.slots) {
        if (day === startDay && slot < startMinute) continue;
        const instant = zone.instantOf(day * DAY + slot * MINUTE);
        if (instant > floor) return notAfter !== null && instant > notAfter ? null : new Date(instant);
      }
    }
    return null;
  };
}

/** The minutes after local midnight at which a due day runs. */
const SLOTS: Record<Frequency, (interval: number, time: number) => number[]> = {
  minute: (interval) => {
    const slots: number[] = [];
    if (interval < 60) {
      for (let hour = 0; hour < 24; hour++) for (let minute = 0; minute < 60; minute += interval) slots.push(hour * 60 + minute);
    } else {
      for (let minute = 0; minute < MINUTES_PER_DAY; minute += interval) slots.push(minute);
    }
    return slots;
  },
  hour: (interval, time) => {
    const slots: number[] = [];
    for (let hour = 0; hour < 24; hour += interval) slots.push(hour * 60 + (time % 60));
    return slots;
  },
  day: (_interval, time) => [time],
  week: (_interval, time) => [time],
  month: (_interval, time) => [time],
};

/** The local days that may run, ascending, from `startDay` on; enough of them that one runs if any ever does. */
const CANDIDATE_DAYS: Record<Frequency, (settings: Settings, startDay: number) => Iterable<number>> = {
  minute: eachDay,
  hour: eachDay,
  *day(settings, startDay) {
    // Eight counted days: the first may be today with its time gone, and seven more meet every weekday
    // the counting can reach.
    const first = startDay + stepsToMultiple(startDay - settings.anchorDay, settings.interval);
    for (let i = 0; i < 8; i++) {
      const day = first + i * settings.interval;
      if (runsOn(settings, day)) yield day;
    }
  },
  *week(settings, startDay) {
    const startWeek = startDay - weekdayOf(startDay);
    const anchorWeek = settings.anchorDay - weekdayOf(settings.anchorDay);
    const first = startWeek + 7 * stepsToMultiple((startWeek - anchorWeek) / 7, settings.interval);
    for (let i = 0; i < 3; i++) {
      for (const weekday of settings.weekdays ?? [1]) {
        const day = first + 7 * i * settings.interval + weekday;
        if (day >= startDay) yield day;
      }
    }
  },
  *month(settings, startDay) {
    const startMonth = monthOf(startDay);
    const first = startMonth + stepsToMultiple(startMonth - settings.anchorMonth, settings.interval);
    for (let i = 0; i < 3; i++) {
      const month = first + i * settings.interval;
      const year = Math.floor(month / 12);
      const monthInYear = mod(month, 12);
      const lastDay = dayNumber(year, monthInYear + 1, 1) - dayNumber(year, monthInYear, 1);
      const day = dayNumber(year, monthInYear, Math.min(settings.dayOfMonth, lastDay));
      if (day >= startDay) yield day;
    }
  },
};

/** Every allowed weekday of the next eight days: whatever the filter, one of them has a slot left. */
function* eachDay(settings: Settings, startDay: number): Iterable<number> {
  for (let day = startDay; day < startDay + 8; day++) if (runsOn(settings, day)) yield day;
}

function runsOn(settings: Settings, day: number): boolean {
  return settings.weekdays === null || settings.weekdays.includes(weekdayOf(day));
}

/** How far to move forward from `offset` to reach a multiple of `interval` (0 when already on one). */
function stepsToMultiple(offset: number, interval: number): number {
  return mod(-offset, interval);
}

/**
 * A time zone's wall clock. Wall-clock times are written as "local milliseconds": the epoch milliseconds
 * the same calendar fields would have in UTC, so day and minute arithmetic on them is plain division.
 */
interface Zone {
  wall(instant: number): number;
  /** The first instant whose wall-clock time is `local`, or the first one after it when `local` falls in a gap. */
  instantOf(local: number): number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneOf(timeZone: string): Zone {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const zoneFormatter = formatter;

  /** Wall clock minus UTC at `instant`, in milliseconds. */
  const offset = (instant: number): number => {
    const second = instant - mod(instant, 1000);
    const field: Record<string, number> = {};
    for (const { type, value } of zoneFormatter.formatToParts(second)) field[type] = Number(value);
    const wall = dayNumber(field.year ?? 1970, (field.month ?? 1) - 1, field.day ?? 1) * DAY + ((field.hour ?? 0) * 3600 + (field.minute ?? 0) * 60 + (field.second ?? 0)) * 1000;
    return wall - second;
  };

  return {
    wall: (instant) => instant + offset(instant),
    instantOf(local) {
      // `local` read as UTC is within 14 hours of the instants we look for, so the offsets a day either
      // side are those in force before and after any transition near it (transitions are months apart).
      const before = offset(local - DAY);
      const after = offset(local + DAY);
      if (before === after) return local - before;
      const exact = [local - before, local - after].filter((instant) => instant + offset(instant) === local);
      if (exact.length > 0) return Math.min(...exact);
      // A gap: find the first whole minute whose wall clock has passed `local` (the transition).
      let early = local - Math.max(before, after);
      let late = local - Math.min(before, after);
      while (late - early > MINUTE) {
        const middle = early + Math.floor((late - early) / MINUTE / 2) * MINUTE;
        if (middle + offset(middle) >= local) late = middle;
        else early = middle;
      }
      return late;
    },
  };
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** A `notBefore`/`notAfter` as epoch milliseconds; without an offset it is wall-clock time in the schedule's zone. */
function bound(text: string | null | undefined, zone: Zone, name: string): number | null {
  if (text === undefined || text === null || text === '') return null;
  const local = LOCAL_DATE_TIME.exec(text);
  if (local !== null) {
    const [year, month, day, hour, minute, second] = local.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    const millisecond = Number((local[7] ?? '0').padEnd(3, '0'));
    return zone.instantOf(dayNumber(year, month - 1, day) * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond);
  }
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) throw new RangeError(`Schedule ${name} must be an ISO date-time; got ${JSON.stringify(text)}`);
  return instant;
}

function timeOf(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`${name} is not a valid date`);
  return time;
}

/** `HH:MM` as minutes after midnight. */
function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Days since 1970-01-01 of a calendar date (month 0–11; day may overflow into the next month). */
function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return Math.floor(date.getTime() / DAY);
}

function dayOf(local: number): number {
  return Math.floor(local / DAY);
}

/** year × 12 + month (0–11) of a day number. */
function monthOf(day: number): number {
  const date = new Date(day * DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return mod(day + 4, 7);
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
