import { CardError, outputs, type CardSpec } from '../card.js';
import { asDate, asNumber, describe } from './coerce.js';

export const DATE_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
type DateUnit = (typeof DATE_UNITS)[number];

/** Fixed-length units; months and years follow the calendar instead. */
const UNIT_MS: Record<Exclude<DateUnit, 'months' | 'years'>, number> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
};

/**
 * Okta's Date & Time "Add": `amount` units after `date` (a negative amount goes back). Days are 24 hours;
 * months and years move the UTC calendar and keep the day, or take the last day of a shorter month
 * (Jan 31 + 1 month = Feb 28 or 29), and take whole amounts only.
 */
export const dateAddCard: CardSpec = {
  type: 'date.add',
  title: 'Add',
  category: 'date',
  inputs: { date: { type: 'datetime', required: true }, amount: { type: 'number', required: true }, unit: { type: 'text', required: true, oneOf: DATE_UNITS } },
  outputs: [{ key: 'date', type: 'datetime' }],
  connection: 'none',
  async run(inputs) {
    const date = asDate(inputs.date, 'date');
    const amount = asNumber(inputs.amount, 'amount');
    const unit = inputs.unit as DateUnit;
    if (!DATE_UNITS.includes(unit)) throw new CardError(`Input "unit" must be one of ${DATE_UNITS.join(', ')}; got ${describe(unit)}`, 'INVALID_INPUT');
    let result: Date;
    if (unit === 'months' || unit === 'years') {
      if (!Number.isInteger(amount)) throw new CardError(`Input "amount" must be a whole number of ${unit}; got ${amount}`, 'INVALID_INPUT');
      result = addMonths(date, unit === 'years' ? amount * 12 : amount);
    } else {
      result = new Date(date.getTime() + Math.round(amount * UNIT_MS[unit]));
    }
    if (Number.isNaN(result.getTime())) throw new CardError(`Adding ${amount} ${unit} leaves the range of dates`, 'INVALID_INPUT');
    return outputs({ date: result.toISOString() });
  },
};

function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = date.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  result.setUTCDate(Math.min(day, daysInMonth(result.getUTCFullYear(), result.getUTCMonth())));
  return result;
}

function daysInMonth(year: number, month0: number): number {
  const probe = new Date(0);
  probe.setUTCFullYear(year, month0 + 1, 0);
  return probe.getUTCDate();
}
