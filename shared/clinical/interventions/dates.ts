/**
 * Calendar and clock arithmetic for intervention scheduling.
 *
 * Two kinds of value travel through this module:
 * - calendar dates, 'YYYY-MM-DD', handled as pure calendar arithmetic (no time zone involved);
 * - UK wall-clock times, 'YYYY-MM-DDTHH:mm' in Europe/London, which are turned into instants so that
 *   "N hours before" means N real elapsed hours even across the March and October clock changes.
 *
 * The arithmetic itself lives in the shared `../calendar` and `../wall-clock` modules; this module adds the
 * interventions rules on top (a date-only procedure start means 00:00, a time skipped by the clocks going
 * forward is refused, the RTT breach date and repeat intervals).
 */
import { addCalendarDays, addCalendarMonths, parseCalendarDate } from '../calendar';
import { ClinicalInputError } from '../errors';
import { formatWallClock, londonInstantsFor, parseTimeOfDay, type WallClock } from '../wall-clock';

// The shared calendar and wall-clock helpers, re-exported so that this module's index keeps its names.
export {
  addCalendarDays,
  addCalendarMonths,
  calendarDaysBetween,
  daysInMonth,
  formatCalendarDate,
  parseCalendarDate,
  type CalendarDate,
} from '../calendar';
export {
  LONDON_TIME_ZONE,
  formatLondon,
  formatWallClock,
  londonInstantsFor,
  wallClockAt,
  type WallClock,
} from '../wall-clock';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * Reads an 'HH:mm' 24-hour clock time (00:00 to 23:59) and returns minutes after midnight.
 *
 * @throws ClinicalInputError `INVALID_DATE` naming `field` when the value is not a valid time.
 */
export function parseClockTime(value: string, field: string): number {
  const time = parseTimeOfDay(value, field);
  return time.hour * 60 + time.minute;
}

/**
 * Reads a procedure start in UK local time: 'YYYY-MM-DDTHH:mm', or a bare 'YYYY-MM-DD' which is taken as
 * 00:00 on that day (the conservative end of the day for a procedure start whose time is not yet known).
 *
 * @returns the wall clock and whether a time was given.
 * @throws ClinicalInputError `INVALID_DATE` naming `field` for anything else.
 */
export function parseProcedureStart(value: string, field: string): { wall: WallClock; timeGiven: boolean } {
  if (typeof value === 'string' && DATE_RE.test(value)) {
    const date = parseCalendarDate(value, field);
    return { wall: { ...date, hour: 0, minute: 0 }, timeGiven: false };
  }
  const m = typeof value === 'string' ? DATE_TIME_RE.exec(value) : null;
  if (m) {
    const date = parseCalendarDate(m[1] ?? '', field);
    const time = parseTimeOfDay(m[2] ?? '', field);
    return { wall: { ...date, ...time }, timeGiven: true };
  }
  throw new ClinicalInputError(
    'INVALID_DATE',
    `${field}: "${String(value)}" is not a date (YYYY-MM-DD) or a local date and time (YYYY-MM-DDTHH:mm).`,
    field,
  );
}

/**
 * The instant for a UK wall-clock time. A time that happens twice (clocks going back) resolves to its
 * first occurrence, the earlier and therefore more conservative instant for a procedure start.
 *
 * @throws ClinicalInputError `INVALID_DATE` naming `field` for a time that does not exist in the UK
 * (skipped when the clocks go forward).
 */
export function londonInstant(wall: WallClock, field: string): number {
  const first = londonInstantsFor(wall)[0];
  if (first === undefined) {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `${field}: ${formatWallClock(wall)} does not exist in UK time (the clocks go forward that night); ` +
        'choose a time outside 01:00-01:59.',
      field,
    );
  }
  return first;
}

/** Number of days in the 18-week referral-to-treatment (RTT) standard. */
export const RTT_DAYS = 126;

/**
 * The local RTT breach date: 18 weeks (126 days) after the clock start. The clock-start day is day 0, so
 * a clock started on Monday 5 January 2026 breaches on Monday 11 May 2026. This is the app's local copy
 * for list management; the PAS remains the record of the RTT clock.
 *
 * @param clockStart 'YYYY-MM-DD'
 * @returns 'YYYY-MM-DD'
 * @throws ClinicalInputError `INVALID_DATE` for a bad date.
 */
export function rttBreachDate(clockStart: string): string {
  return addCalendarDays(clockStart, RTT_DAYS, 'clockStart');
}

/** A minimum interval between two of the same procedure, in calendar months. */
export interface RepeatRule {
  months: number;
}

/**
 * The earliest date a procedure may be repeated: the last procedure date plus the rule's calendar months,
 * clamped to the end of a shorter month (31 August 2026 + 6 months = 28 February 2027; 31 August 2027 +
 * 6 months = 29 February 2028). The returned date itself is allowed.
 *
 * @param lastDone 'YYYY-MM-DD'
 * @throws ClinicalInputError `INVALID_DATE` for a bad date, `INVALID_INPUT` for months that are negative
 * or not whole.
 */
export function earliestRepeatDate(lastDone: string, rule: RepeatRule): string {
  const months = rule?.months;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `rule.months: the repeat interval must be a whole number of months, 0 or more (got ${String(months)}).`,
      'rule.months',
    );
  }
  return addCalendarMonths(lastDone, months, 'lastDone');
}
