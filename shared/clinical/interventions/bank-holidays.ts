/**
 * England and Wales bank holidays as a versioned rule set (issue 14). Lists are not normally run on a bank
 * holiday: creating one warns and needs a reason; recurring templates skip them with a note; find a slot
 * does not offer them.
 *
 * The dates are written by hand from the published GOV.UK list ("UK bank holidays", England and Wales,
 * https://www.gov.uk/bank-holidays). A substitute day is listed under its own date with "(substitute day)".
 * Later years are added as a new version of this rule set (Settings › Clinical rule sets), proposed and
 * approved like any other clinical rule set.
 */
import { ClinicalInputError, type RuleSetMeta } from '../errors';

export interface BankHoliday {
  /** 'YYYY-MM-DD' */
  date: string;
  name: string;
}

export interface BankHolidayRuleSet {
  meta: RuleSetMeta;
  /** Which part of the UK the list is for. */
  region: string;
  /** The first and last years the list is complete for (a date outside them is "not known"). */
  firstYear: number;
  lastYear: number;
  holidays: readonly BankHoliday[];
}

export const BANK_HOLIDAYS_META: RuleSetMeta = {
  id: 'bank-holidays-england-wales',
  name: 'Bank holidays, England and Wales',
  version: '2025-2028.1',
  source:
    'GOV.UK, "UK bank holidays" (England and Wales), https://www.gov.uk/bank-holidays; 2025 to 2028 copied by hand.',
};

/** England and Wales, 2025 to 2028 (GOV.UK list). */
export const ENGLAND_WALES_BANK_HOLIDAYS: BankHolidayRuleSet = {
  meta: BANK_HOLIDAYS_META,
  region: 'England and Wales',
  firstYear: 2025,
  lastYear: 2028,
  holidays: [
    { date: '2025-01-01', name: 'New Year’s Day' },
    { date: '2025-04-18', name: 'Good Friday' },
    { date: '2025-04-21', name: 'Easter Monday' },
    { date: '2025-05-05', name: 'Early May bank holiday' },
    { date: '2025-05-26', name: 'Spring bank holiday' },
    { date: '2025-08-25', name: 'Summer bank holiday' },
    { date: '2025-12-25', name: 'Christmas Day' },
    { date: '2025-12-26', name: 'Boxing Day' },
    { date: '2026-01-01', name: 'New Year’s Day' },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-04', name: 'Early May bank holiday' },
    { date: '2026-05-25', name: 'Spring bank holiday' },
    { date: '2026-08-31', name: 'Summer bank holiday' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    { date: '2027-01-01', name: 'New Year’s Day' },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-05-03', name: 'Early May bank holiday' },
    { date: '2027-05-31', name: 'Spring bank holiday' },
    { date: '2027-08-30', name: 'Summer bank holiday' },
    { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
    { date: '2028-01-03', name: 'New Year’s Day (substitute day)' },
    { date: '2028-04-14', name: 'Good Friday' },
    { date: '2028-04-17', name: 'Easter Monday' },
    { date: '2028-05-01', name: 'Early May bank holiday' },
    { date: '2028-05-29', name: 'Spring bank holiday' },
    { date: '2028-08-28', name: 'Summer bank holiday' },
    { date: '2028-12-25', name: 'Christmas Day' },
    { date: '2028-12-26', name: 'Boxing Day' },
  ],
};

/** The bank holiday on a date, if any. */
export function bankHolidayOn(rules: BankHolidayRuleSet, date: string): BankHoliday | undefined {
  return rules.holidays.find((h) => h.date === date);
}

/** Whether the rule set covers the date's year (outside it, a bank holiday cannot be ruled out). */
export function bankHolidaysKnownFor(rules: BankHolidayRuleSet, date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= rules.firstYear && year <= rules.lastYear;
}

/** Checks a rule set body: dates real and unique, years within firstYear..lastYear. */
export function validateBankHolidays(rules: BankHolidayRuleSet): void {
  const bad = (message: string, field: string): never => {
    throw new ClinicalInputError('INVALID_INPUT', message, field);
  };
  if (rules.lastYear < rules.firstYear) bad('The last year must not be before the first year.', 'lastYear');
  const seen = new Set<string>();
  rules.holidays.forEach((h, i) => {
    const y = Number(h.date.slice(0, 4));
    const real = new Date(`${h.date}T00:00:00Z`);
    if (Number.isNaN(real.getTime()) || real.toISOString().slice(0, 10) !== h.date)
      bad(`${h.date} is not a real date.`, `holidays[${i}].date`);
    if (y < rules.firstYear || y > rules.lastYear)
      bad(
        `${h.name} (${h.date}) is outside the years ${rules.firstYear} to ${rules.lastYear}.`,
        `holidays[${i}].date`,
      );
    if (seen.has(h.date)) bad(`${h.date} is listed twice.`, `holidays[${i}].date`);
    seen.add(h.date);
  });
}
