/**
 * Calendar-date arithmetic shared by every clinical module: one implementation of reading, checking and
 * moving 'YYYY-MM-DD' dates.
 *
 * A calendar date has no time zone: it is the day as the service sees it, and the arithmetic here is pure
 * Gregorian calendar arithmetic. What counts as a real date is the app-wide rule of `isIsoDate` in
 * `shared/dates.ts` (a 'YYYY-MM-DD' string naming a day that exists, years 1850 to 2200).
 */
import { daysInMonth, isIsoDate } from '../dates';
import { ClinicalInputError } from './errors';

export { daysInMonth };

/** A calendar date split into numbers (month 1-12). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * Reads a 'YYYY-MM-DD' calendar date into numbers, or returns undefined when the value is not a real date
 * (malformed, or impossible such as 2026-02-30). For callers that word their own error.
 */
export function readCalendarDate(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string' || !isIsoDate(value)) return undefined;
  return {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
}

/**
 * Reads a 'YYYY-MM-DD' calendar date, rejecting impossible dates such as 2026-02-30.
 *
 * @throws ClinicalInputError `INVALID_DATE` naming `field` when the value is not a real date.
 */
export function parseCalendarDate(value: string, field = 'date'): CalendarDate {
  const date = readCalendarDate(value);
  if (date) return date;
  throw new ClinicalInputError(
    'INVALID_DATE',
    `${field}: "${String(value)}" is not a real calendar date in the form YYYY-MM-DD.`,
    field,
  );
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' for a calendar date. */
export function formatCalendarDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Days since 1970-01-01 of a calendar date split into numbers. */
function dayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY);
}

/** The calendar date of a day number from {@link dayNumber}. */
function dateOfDayNumber(days: number): CalendarDate {
  const d = new Date(days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (for calendar arithmetic). */
export function epochDay(date: string, field = 'date'): number {
  return dayNumber(parseCalendarDate(date, field));
}

/** The 'YYYY-MM-DD' date for a day number from {@link epochDay}. */
export function fromEpochDay(day: number): string {
  return formatCalendarDate(dateOfDayNumber(day));
}

/** The calendar date `days` days after (or, when negative, before) `date`. No checking: pure arithmetic. */
export function shiftCalendarDate(date: CalendarDate, days: number): CalendarDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** The year and month `months` calendar months after (or, when negative, before) a year and month (1-12). */
export function shiftCalendarMonth(
  year: number,
  month: number,
  months: number,
): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  return { year: y, month: index - y * 12 + 1 };
}

/**
 * Adds (or with a negative number, subtracts) whole calendar days to a 'YYYY-MM-DD' date.
 *
 * @throws ClinicalInputError `INVALID_DATE` for a bad date, `INVALID_INPUT` for a non-integer day count,
 * both naming `field`.
 */
export function addCalendarDays(date: string, days: number, field = 'date'): string {
  if (!Number.isInteger(days)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}: the number of days must be a whole number.`,
      field,
    );
  }
  return formatCalendarDate(shiftCalendarDate(parseCalendarDate(date, field), days));
}

/**
 * Adds whole calendar months to a 'YYYY-MM-DD' date. When the target month is shorter, the day is clamped
 * to that month's last day: 31 August + 6 months is 28 February (29 February in a leap year); 31 January +
 * 1 month is 28/29 February. A negative number of months subtracts, with the same clamping.
 *
 * @throws ClinicalInputError `INVALID_DATE` for a bad date, `INVALID_INPUT` for a non-integer month count,
 * both naming `field`.
 */
export function addCalendarMonths(date: string, months: number, field = 'date'): string {
  if (!Number.isInteger(months)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${field}: the number of months must be a whole number.`,
      field,
    );
  }
  const d = parseCalendarDate(date, field);
  const { year, month } = shiftCalendarMonth(d.year, d.month, months);
  return formatCalendarDate({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

/**
 * Whole calendar days from `from` to `to` (positive when `to` is later, negative when it is earlier). Both
 * 'YYYY-MM-DD'.
 *
 * @throws ClinicalInputError `INVALID_DATE` naming `fromField` or `toField` for a bad date.
 */
export function calendarDaysBetween(from: string, to: string, fromField = 'from', toField = 'to'): number {
  return epochDay(to, toField) - epochDay(from, fromField);
}
