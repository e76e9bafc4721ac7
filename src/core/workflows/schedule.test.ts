import { describe, expect, it } from 'vitest';
import type { Schedule } from './flow-definition.js';
import { dueBetween, nextOccurrence, sameSchedule } from './schedule.js';

type Settings = Partial<Schedule> & Pick<Schedule, 'frequency'>;

function schedule(settings: Settings): Schedule {
  return { interval: 1, timezone: 'UTC', ...settings };
}

/** The next occurrence as an ISO string (null when none remains). */
function next(settings: Settings, after: string): string | null {
  return nextOccurrence(schedule(settings), new Date(after))?.toISOString() ?? null;
}

/** The occurrences in (from, to] as ISO strings. */
function due(settings: Settings, from: string, to: string, max?: number): string[] {
  return dueBetween(schedule(settings), new Date(from), new Date(to), max).map((date) => date.toISOString());
}

describe('minute schedules', () => {
  it('run every N minutes on the minutes of the hour that are multiples of N', () => {
    expect(next({ frequency: 'minute', interval: 15 }, '2026-01-01T10:07:00Z')).toBe('2026-01-01T10:15:00.000Z');
    expect(due({ frequency: 'minute', interval: 15 }, '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z')).toEqual([
      '2026-01-01T10:15:00.000Z',
      '2026-01-01T10:30:00.000Z',
      '2026-01-01T10:45:00.000Z',
      '2026-01-01T11:00:00.000Z',
    ]);
  });

  it('start again at minute 0 of each hour when N does not divide 60', () => {
    expect(due({ frequency: 'minute', interval: 7 }, '2026-01-01T10:50:00Z', '2026-01-01T11:08:00Z')).toEqual([
      '2026-01-01T10:56:00.000Z',
      '2026-01-01T11:00:00.000Z',
      '2026-01-01T11:07:00.000Z',
    ]);
  });

  it('count 60 minutes or more from local midnight', () => {
    expect(next({ frequency: 'minute', interval: 90 }, '2026-01-01T00:00:00Z')).toBe('2026-01-01T01:30:00.000Z');
    expect(next({ frequency: 'minute', interval: 90 }, '2026-01-01T22:30:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next({ frequency: 'minute', interval: 100 }, '2026-01-01T23:20:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next({ frequency: 'minute', interval: 90, timezone: 'Asia/Kolkata' }, '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:30:00.000Z');
  });

  it('fall on whole minutes strictly after the given moment', () => {
    expect(next({ frequency: 'minute' }, '2026-01-01T10:07:30.500Z')).toBe('2026-01-01T10:08:00.000Z');
    expect(next({ frequency: 'minute' }, '2026-01-01T10:07:00.000Z')).toBe('2026-01-01T10:08:00.000Z');
  });

  it('run only on the listed weekdays, from midnight of the next allowed day', () => {
    // 2026-01-02 is a Friday.
    expect(next({ frequency: 'minute', interval: 5, daysOfWeek: [1, 2, 3, 4, 5] }, '2026-01-02T23:58:00Z')).toBe('2026-01-05T00:00:00.000Z');
    expect(next({ frequency: 'minute', interval: 5, daysOfWeek: [1, 2, 3, 4, 5] }, '2026-01-02T23:52:00Z')).toBe('2026-01-02T23:55:00.000Z');
  });

  it('read the weekday on the schedule’s wall clock, not in UTC', () => {
    // Friday 2026-01-02 in Kolkata (UTC+05:30) runs from 2026-01-01T18:30Z to 2026-01-02T18:00Z.
    const fridays: Settings = { frequency: 'minute', interval: 30, daysOfWeek: [5], timezone: 'Asia/Kolkata' };
    expect(next(fridays, '2026-01-01T12:00:00Z')).toBe('2026-01-01T18:30:00.000Z');
    expect(next(fridays, '2026-01-02T17:45:00Z')).toBe('2026-01-02T18:00:00.000Z');
    expect(next(fridays, '2026-01-02T18:00:00Z')).toBe('2026-01-08T18:30:00.000Z');
  });
});

describe('hour schedules', () => {
  it('run at the minutes part of time on every hour, ignoring its hours part', () => {
    expect(next({ frequency: 'hour', time: '17:30' }, '2026-01-01T10:29:59Z')).toBe('2026-01-01T10:30:00.000Z');
    expect(next({ frequency: 'hour', time: '17:30' }, '2026-01-01T10:30:00Z')).toBe('2026-01-01T11:30:00.000Z');
    expect(next({ frequency: 'hour' }, '2026-01-01T10:30:00Z')).toBe('2026-01-01T11:00:00.000Z');
  });

  it('run on the local hours that are multiples of N, restarting at midnight', () => {
    expect(due({ frequency: 'hour', interval: 5 }, '2026-01-01T12:00:00Z', '2026-01-02T06:00:00Z')).toEqual([
      '2026-01-01T15:00:00.000Z',
      '2026-01-01T20:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-02T05:00:00.000Z',
    ]);
  });

  it('run once a day at 00:M when N is 24 or more', () => {
    expect(due({ frequency: 'hour', interval: 36, time: '00:10' }, '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z')).toEqual([
      '2026-01-01T00:10:00.000Z',
      '2026-01-02T00:10:00.000Z',
    ]);
  });

  it('count hours on the wall clock of a zone with a half-hour offset', () => {
    // Kolkata is UTC+05:30: local 00:15, 06:15, 12:15, 18:15.
    expect(due({ frequency: 'hour', interval: 6, time: '00:15', timezone: 'Asia/Kolkata' }, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toEqual([
      '2026-01-01T00:45:00.000Z',
      '2026-01-01T06:45:00.000Z',
      '2026-01-01T12:45:00.000Z',
      '2026-01-01T18:45:00.000Z',
    ]);
  });

  it('run only on the listed weekdays', () => {
    // 2026-01-02 is a Friday; weekends only.
    expect(next({ frequency: 'hour', interval: 12, daysOfWeek: [0, 6] }, '2026-01-02T08:00:00Z')).toBe('2026-01-03T00:00:00.000Z');
    expect(due({ frequency: 'hour', interval: 12, daysOfWeek: [0, 6] }, '2026-01-02T08:00:00Z', '2026-01-06T00:00:00Z')).toEqual([
      '2026-01-03T00:00:00.000Z',
      '2026-01-03T12:00:00.000Z',
      '2026-01-04T00:00:00.000Z',
      '2026-01-04T12:00:00.000Z',
    ]);
  });
});

describe('day schedules', () => {
  it('run at the local time every day, midnight by default', () => {
    expect(next({ frequency: 'day', time: '09:00' }, '2026-01-01T08:59:00Z')).toBe('2026-01-01T09:00:00.000Z');
    expect(next({ frequency: 'day', time: '09:00' }, '2026-01-01T09:00:00Z')).toBe('2026-01-02T09:00:00.000Z');
    expect(next({ frequency: 'day' }, '2026-01-01T09:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('count every N days from 1970-01-01 without notBefore', () => {
    // 2026-01-01 is day 20454 since 1970-01-01, a multiple of 3.
    expect(due({ frequency: 'day', interval: 3, time: '06:00' }, '2025-12-31T00:00:00Z', '2026-01-08T00:00:00Z')).toEqual([
      '2026-01-01T06:00:00.000Z',
      '2026-01-04T06:00:00.000Z',
      '2026-01-07T06:00:00.000Z',
    ]);
  });

  it('count every N days from the local date of notBefore', () => {
    expect(due({ frequency: 'day', interval: 3, time: '06:00', notBefore: '2026-01-02T12:00:00Z' }, '2025-12-31T00:00:00Z', '2026-01-09T00:00:00Z')).toEqual([
      '2026-01-05T06:00:00.000Z',
      '2026-01-08T06:00:00.000Z',
    ]);
    // In Los Angeles that instant is still 2026-01-02 04:00, before 06:00: the anchor day itself runs.
    expect(due({ frequency: 'day', interval: 3, time: '06:00', timezone: 'America/Los_Angeles', notBefore: '2026-01-02T12:00:00Z' }, '2025-12-31T00:00:00Z', '2026-01-06T00:00:00Z')).toEqual([
      '2026-01-02T14:00:00.000Z',
      '2026-01-05T14:00:00.000Z',
    ]);
  });

  it('skip counted days that are not listed weekdays', () => {
    // Mondays, Wednesdays and Fridays; 2026-01-01 is a Thursday.
    expect(due({ frequency: 'day', time: '08:00', daysOfWeek: [5, 1, 3] }, '2026-01-01T00:00:00Z', '2026-01-08T00:00:00Z')).toEqual([
      '2026-01-02T08:00:00.000Z',
      '2026-01-05T08:00:00.000Z',
      '2026-01-07T08:00:00.000Z',
    ]);
  });

  it('never run when the counted days can never fall on a listed weekday', () => {
    // Every 7 days from Thursday 1970-01-01 is always a Thursday.
    expect(next({ frequency: 'day', interval: 7, daysOfWeek: [1] }, '2026-01-01T00:00:00Z')).toBeNull();
    expect(next({ frequency: 'day', interval: 7, daysOfWeek: [4] }, '2026-01-01T00:00:00Z')).toBe('2026-01-08T00:00:00.000Z');
  });

  it('keep the wall-clock time across daylight saving changes', () => {
    expect(due({ frequency: 'day', time: '09:00', timezone: 'America/New_York' }, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
    ]);
    expect(next({ frequency: 'day', time: '08:00', timezone: 'America/Los_Angeles' }, '2026-01-15T00:00:00Z')).toBe('2026-01-15T16:00:00.000Z');
    expect(next({ frequency: 'day', time: '08:00', timezone: 'America/Los_Angeles' }, '2026-07-15T00:00:00Z')).toBe('2026-07-15T15:00:00.000Z');
    expect(next({ frequency: 'day', time: '09:00', timezone: 'Europe/Paris' }, '2026-01-15T00:00:00Z')).toBe('2026-01-15T08:00:00.000Z');
    expect(next({ frequency: 'day', time: '09:00', timezone: 'Europe/Paris' }, '2026-07-15T00:00:00Z')).toBe('2026-07-15T07:00:00.000Z');
    expect(next({ frequency: 'day', time: '09:00', timezone: 'Asia/Kolkata' }, '2026-07-15T00:00:00Z')).toBe('2026-07-15T03:30:00.000Z');
  });
});

describe('week schedules', () => {
  it('run on Mondays at the local time by default', () => {
    // 2026-01-01 is a Thursday.
    expect(next({ frequency: 'week', time: '07:00' }, '2026-01-01T00:00:00Z')).toBe('2026-01-05T07:00:00.000Z');
    expect(next({ frequency: 'week', time: '07:00', daysOfWeek: [] }, '2026-01-01T00:00:00Z')).toBe('2026-01-05T07:00:00.000Z');
  });

  it('run on each listed weekday, in week order whatever the list order', () => {
    expect(due({ frequency: 'week', time: '07:00', daysOfWeek: [4, 0] }, '2026-01-01T00:00:00Z', '2026-01-12T00:00:00Z')).toEqual([
      '2026-01-01T07:00:00.000Z',
      '2026-01-04T07:00:00.000Z',
      '2026-01-08T07:00:00.000Z',
      '2026-01-11T07:00:00.000Z',
    ]);
  });

  it('count every N Sunday-start weeks from the week of 1970-01-01 without notBefore', () => {
    // 1970-01-01's week starts on Sunday 1969-12-28; the week of Sunday 2026-01-11 is 2924 weeks later.
    expect(due({ frequency: 'week', interval: 2 }, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([
      '2026-01-12T00:00:00.000Z',
      '2026-01-26T00:00:00.000Z',
    ]);
  });

  it('count every N weeks from the week of notBefore, skipping its days before notBefore', () => {
    // notBefore is Wednesday 2026-01-07: that week's Monday is too early, its Friday runs.
    expect(due({ frequency: 'week', interval: 2, time: '10:00', daysOfWeek: [1, 5], notBefore: '2026-01-07T00:00:00Z' }, '2026-01-01T00:00:00Z', '2026-02-07T00:00:00Z')).toEqual([
      '2026-01-09T10:00:00.000Z',
      '2026-01-19T10:00:00.000Z',
      '2026-01-23T10:00:00.000Z',
      '2026-02-02T10:00:00.000Z',
      '2026-02-06T10:00:00.000Z',
    ]);
  });

  it('read weekdays in the schedule’s zone', () => {
    // Monday 00:30 in Paris (winter) is Sunday 23:30 UTC.
    expect(next({ frequency: 'week', time: '00:30', timezone: 'Europe/Paris' }, '2026-01-01T00:00:00Z')).toBe('2026-01-04T23:30:00.000Z');
  });
});

describe('month schedules', () => {
  it('run on the first of each month at midnight by default', () => {
    expect(next({ frequency: 'month' }, '2026-01-15T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(next({ frequency: 'month' }, '2026-01-31T23:59:59Z')).toBe('2026-02-01T00:00:00.000Z');
  });

  it('run on the last day of months shorter than dayOfMonth', () => {
    expect(due({ frequency: 'month', dayOfMonth: 31, time: '12:00' }, '2026-01-01T00:00:00Z', '2026-05-31T23:59:00Z')).toEqual([
      '2026-01-31T12:00:00.000Z',
      '2026-02-28T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-04-30T12:00:00.000Z',
      '2026-05-31T12:00:00.000Z',
    ]);
    expect(next({ frequency: 'month', dayOfMonth: 30 }, '2028-02-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('count every N months from the month of notBefore', () => {
    expect(due({ frequency: 'month', interval: 3, dayOfMonth: 10, notBefore: '2026-02-20T00:00:00Z' }, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-05-10T00:00:00.000Z',
      '2026-08-10T00:00:00.000Z',
      '2026-11-10T00:00:00.000Z',
    ]);
  });

  it('count every N months from January 1970 without notBefore', () => {
    // 2026-01 is 672 months after 1970-01, a multiple of 3 and of 12.
    expect(next({ frequency: 'month', interval: 3, dayOfMonth: 5 }, '2026-01-06T00:00:00Z')).toBe('2026-04-05T00:00:00.000Z');
  });

  it('find the next yearly run without walking the year, even after a long search', () => {
    const yearly = schedule({ frequency: 'month', interval: 12, dayOfMonth: 15, time: '12:00' });
    const started = performance.now();
    for (let i = 0; i < 200; i++) expect(nextOccurrence(yearly, new Date('2026-02-01T00:00:00Z'))?.toISOString()).toBe('2027-01-15T12:00:00.000Z');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(next({ frequency: 'month', interval: 12, dayOfMonth: 31, notBefore: '2025-02-03T00:00:00Z' }, '2025-03-01T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
  });
});

describe('notBefore and notAfter', () => {
  it('run nothing before notBefore, and at notBefore itself when it is an occurrence', () => {
    expect(next({ frequency: 'hour', notBefore: '2026-06-01T00:00:00Z' }, '2026-01-01T00:00:00Z')).toBe('2026-06-01T00:00:00.000Z');
    expect(next({ frequency: 'hour', notBefore: '2026-06-01T00:00:01Z' }, '2026-01-01T00:00:00Z')).toBe('2026-06-01T01:00:00.000Z');
    expect(next({ frequency: 'hour', notBefore: '2026-06-01T00:00:00Z' }, '2026-06-01T05:10:00Z')).toBe('2026-06-01T06:00:00.000Z');
  });

  it('run at notAfter itself and never after it', () => {
    expect(next({ frequency: 'day', notAfter: '2026-06-01T00:00:00Z' }, '2026-05-31T12:00:00Z')).toBe('2026-06-01T00:00:00.000Z');
    expect(next({ frequency: 'day', notAfter: '2026-06-01T00:00:00Z' }, '2026-06-01T00:00:00Z')).toBeNull();
    expect(due({ frequency: 'day', notAfter: '2026-01-03T00:00:00Z' }, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ]);
  });

  it('treat null and empty bounds as no bound', () => {
    expect(next({ frequency: 'day', notBefore: null, notAfter: '' }, '2026-01-01T12:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('read a bound without an offset on the schedule’s wall clock, not the host’s', () => {
    expect(next({ frequency: 'hour', timezone: 'America/Los_Angeles', notBefore: '2026-03-01T09:00' }, '2026-01-01T00:00:00Z')).toBe('2026-03-01T17:00:00.000Z');
    expect(next({ frequency: 'day', timezone: 'Europe/Paris', notBefore: '2026-07-01' }, '2026-01-01T00:00:00Z')).toBe('2026-06-30T22:00:00.000Z');
    expect(next({ frequency: 'day', timezone: 'Europe/Paris', notAfter: '2026-07-01 00:00:00' }, '2026-06-30T22:00:00Z')).toBeNull();
  });

  it('refuse a bound that is not a date', () => {
    expect(() => next({ frequency: 'day', notBefore: 'soon' }, '2026-01-01T00:00:00Z')).toThrow(RangeError);
  });
});

describe('daylight saving in America/New_York', () => {
  const newYork = { timezone: 'America/New_York' };

  it('runs a time skipped by the spring-forward gap at 03:00 EDT, the first minute that exists', () => {
    // 2026-03-08: 02:00 EST (07:00Z) becomes 03:00 EDT.
    expect(next({ frequency: 'day', time: '02:30', ...newYork }, '2026-03-08T00:00:00Z')).toBe('2026-03-08T07:00:00.000Z');
    expect(next({ frequency: 'day', time: '02:30', ...newYork }, '2026-03-08T07:00:00Z')).toBe('2026-03-09T06:30:00.000Z');
  });

  it('runs minute schedules once for the whole gap, then on as usual', () => {
    expect(due({ frequency: 'minute', interval: 15, ...newYork }, '2026-03-08T06:30:00Z', '2026-03-08T07:20:00Z')).toEqual([
      '2026-03-08T06:45:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:15:00.000Z',
    ]);
  });

  it('moves an hourly run from the gap to 03:00 EDT and keeps 03:30', () => {
    expect(due({ frequency: 'hour', time: '00:30', ...newYork }, '2026-03-08T06:00:00Z', '2026-03-08T08:00:00Z')).toEqual([
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ]);
  });

  it('runs a repeated fall-back time once, at the first (EDT) instant', () => {
    // 2026-11-01: 02:00 EDT (06:00Z) becomes 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
    expect(next({ frequency: 'day', time: '01:30', ...newYork }, '2026-11-01T00:00:00Z')).toBe('2026-11-01T05:30:00.000Z');
    expect(next({ frequency: 'day', time: '01:30', ...newYork }, '2026-11-01T05:30:00Z')).toBe('2026-11-02T06:30:00.000Z');
    expect(next({ frequency: 'day', time: '02:00', ...newYork }, '2026-11-01T00:00:00Z')).toBe('2026-11-01T07:00:00.000Z');
  });

  it('does not repeat minute runs during the second pass of the repeated hour', () => {
    expect(due({ frequency: 'minute', interval: 30, ...newYork }, '2026-11-01T04:00:00Z', '2026-11-01T07:30:00Z')).toEqual([
      '2026-11-01T04:30:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T07:30:00.000Z',
    ]);
    expect(next({ frequency: 'minute', interval: 30, ...newYork }, '2026-11-01T06:10:00Z')).toBe('2026-11-01T07:00:00.000Z');
  });
});

describe('daylight saving elsewhere', () => {
  it('moves Paris’s skipped 02:30 to 03:00 CEST and runs its repeated 02:30 at the CEST instant', () => {
    // 2026-03-29: 02:00 CET (01:00Z) becomes 03:00 CEST. 2026-10-25: 03:00 CEST (01:00Z) becomes 02:00 CET.
    expect(next({ frequency: 'day', time: '02:30', timezone: 'Europe/Paris' }, '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:00:00.000Z');
    expect(next({ frequency: 'day', time: '02:30', timezone: 'Europe/Paris' }, '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z');
    expect(next({ frequency: 'day', time: '02:30', timezone: 'Europe/Paris' }, '2026-10-25T00:30:00Z')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('handles Lord Howe Island’s half-hour shift', () => {
    // 2026-10-04: 02:00 (+10:30, 15:30Z the day before) becomes 02:30 (+11:00).
    expect(next({ frequency: 'day', time: '02:15', timezone: 'Australia/Lord_Howe' }, '2026-10-03T00:00:00Z')).toBe('2026-10-03T15:30:00.000Z');
    // 2026-04-05: 02:00 (+11:00, 15:00Z the day before) becomes 01:30 (+10:30); 01:45 happens at 14:45Z and 15:15Z.
    expect(next({ frequency: 'day', time: '01:45', timezone: 'Australia/Lord_Howe' }, '2026-04-04T00:00:00Z')).toBe('2026-04-04T14:45:00.000Z');
    expect(next({ frequency: 'day', time: '01:45', timezone: 'Australia/Lord_Howe' }, '2026-04-04T14:45:00Z')).toBe('2026-04-05T15:15:00.000Z');
  });

  it('runs Santiago’s midnight, which does not exist on 2026-09-06, at 01:00 the same day', () => {
    // 2026-09-05 24:00 (-04:00, 04:00Z) becomes 2026-09-06 01:00 (-03:00).
    expect(next({ frequency: 'day', timezone: 'America/Santiago' }, '2026-09-05T12:00:00Z')).toBe('2026-09-06T04:00:00.000Z');
    expect(next({ frequency: 'week', daysOfWeek: [0], timezone: 'America/Santiago' }, '2026-09-05T12:00:00Z')).toBe('2026-09-06T04:00:00.000Z');
    expect(next({ frequency: 'day', timezone: 'America/Santiago' }, '2026-09-06T04:00:00Z')).toBe('2026-09-07T03:00:00.000Z');
  });
});

describe('dueBetween', () => {
  it('excludes from, includes to, and stops at max', () => {
    expect(due({ frequency: 'hour' }, '2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z')).toEqual(['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z']);
    expect(due({ frequency: 'minute' }, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:01:00.000Z',
      '2026-01-01T00:02:00.000Z',
      '2026-01-01T00:03:00.000Z',
    ]);
    expect(dueBetween(schedule({ frequency: 'minute' }), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'))).toHaveLength(1000);
  });

  it('lists a day of minute runs in a zone with daylight saving quickly', () => {
    const started = performance.now();
    expect(due({ frequency: 'minute', timezone: 'America/New_York' }, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 2000)).toHaveLength(1380);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('invalid input', () => {
  it('an unknown time zone throws a RangeError', () => {
    expect(() => next({ frequency: 'day', timezone: 'Mars/Olympus' }, '2026-01-01T00:00:00Z')).toThrow(RangeError);
  });

  it('an invalid moment to search from throws a RangeError', () => {
    expect(() => nextOccurrence(schedule({ frequency: 'day' }), new Date('nope'))).toThrow(RangeError);
  });
});

describe('sameSchedule', () => {
  it('ignores defaults written out and the order of weekdays, and tells any other change apart', () => {
    const base = schedule({ frequency: 'day', time: '02:00', timezone: 'Europe/Paris' });
    expect(sameSchedule(base, { ...base, interval: 1, dayOfMonth: 1, notBefore: null, notAfter: '' })).toBe(true);
    expect(sameSchedule(schedule({ frequency: 'week', daysOfWeek: [5, 1, 1] }), schedule({ frequency: 'week', daysOfWeek: [1, 5] }))).toBe(true);
    expect(sameSchedule(schedule({ frequency: 'minute' }), schedule({ frequency: 'minute', time: '00:00' }))).toBe(true);
    for (const change of [{ time: '03:00' }, { timezone: 'UTC' }, { interval: 2 }, { frequency: 'hour' as const }, { daysOfWeek: [1] }, { notAfter: '2027-01-01' }]) {
      expect(sameSchedule(base, { ...base, ...change }), JSON.stringify(change)).toBe(false);
    }
  });
});
