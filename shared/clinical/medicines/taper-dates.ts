import { addCalendarDays, epochDay } from '../calendar';
import {
  bankHolidayOn,
  ENGLAND_WALES_BANK_HOLIDAYS,
  type BankHolidayRuleSet,
} from '../interventions/bank-holidays';

/** 0 = Sunday ... 6 = Saturday (1 January 1970 was a Thursday). */
export function dayOfWeek(date: string): number {
  return (((epochDay(date) + 4) % 7) + 7) % 7;
}

/** A weekend day or an England and Wales bank holiday (GOV.UK list, rule set bank-holidays-england-wales). */
export function isNonWorkingDay(
  date: string,
  holidays: BankHolidayRuleSet = ENGLAND_WALES_BANK_HOLIDAYS,
): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6 || bankHolidayOn(holidays, date) !== undefined;
}

/**
 * Step dates that avoid weekends and bank holidays (issue 13), so a step starts on a day the GP surgery and
 * pharmacy are open. Each step from `fromIndex` on moves to the next working day, and every later step moves
 * by at least as much, so no interval becomes shorter than planned (never faster than planned). Steps before
 * `fromIndex` (already taken, or the starting dose) are not moved.
 */
export function avoidNonWorkingDays<T extends { date: string }>(
  steps: readonly T[],
  fromIndex = 1,
  holidays: BankHolidayRuleSet = ENGLAND_WALES_BANK_HOLIDAYS,
): T[] {
  let shift = 0;
  return steps.map((s, i) => {
    if (i < fromIndex) return s;
    let date = addCalendarDays(s.date, shift);
    while (isNonWorkingDay(date, holidays)) {
      date = addCalendarDays(date, 1);
      shift += 1;
    }
    return date === s.date ? s : { ...s, date };
  });
}
