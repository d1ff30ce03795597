import { describe, it, expect } from 'vitest';
import {
  RTT_DAYS,
  addCalendarDays,
  addCalendarMonths,
  earliestRepeatDate,
  rttBreachDate,
} from '../../../shared/clinical/interventions/index';
import { ClinicalInputError } from '../../../shared/clinical/errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClinicalInputError);
    return (error as ClinicalInputError).code;
  }
  return undefined;
}

describe('rttBreachDate: 18 weeks = 126 days, clock-start day is day 0', () => {
  it('uses 126 days', () => {
    expect(RTT_DAYS).toBe(18 * 7);
  });

  // Worked by hand, month by month:
  it.each([
    // 5 Jan 2026 (Mon): +26 → 31 Jan, +28 → 28 Feb (54), +31 → 31 Mar (85), +30 → 30 Apr (115), +11 → 11 May.
    ['2026-01-05', '2026-05-11'],
    // 20 Nov 2026: +10 → 30 Nov, +31 → 31 Dec (41), +31 → 31 Jan (72), +28 → 28 Feb 2027 (100), +26 → 26 Mar.
    ['2026-11-20', '2027-03-26'],
    // 1 Dec 2027: +30 → 31 Dec, +31 → 31 Jan (61), +29 → 29 Feb 2028 (90, leap), +31 → 31 Mar (121), +5 → 5 Apr.
    ['2027-12-01', '2028-04-05'],
    // 1 Feb 2028: +28 → 29 Feb (leap), +31 → 31 Mar (59), +30 → 30 Apr (89), +31 → 31 May (120), +6 → 6 Jun.
    ['2028-02-01', '2028-06-06'],
    // 1 Apr 2026: +29 → 30 Apr, +31 → 31 May (60), +30 → 30 Jun (90), +31 → 31 Jul (121), +5 → 5 Aug.
    ['2026-04-01', '2026-08-05'],
  ])('clock start %s → breach %s', (start, breach) => {
    expect(rttBreachDate(start)).toBe(breach);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-05', '2026-1-5', '', '2026-01-05T09:00'])(
    'rejects %j',
    (bad) => {
      expect(codeOf(() => rttBreachDate(bad))).toBe('INVALID_DATE');
    },
  );
});

describe('earliestRepeatDate: calendar months with month-end clamping', () => {
  it.each([
    // 31 Aug + 6 months → February, which has no 31st: clamp to the last day.
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'], // 2028 is a leap year
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'], // leap day + 1 year → 28 Feb
    ['2028-02-29', 48, '2032-02-29'], // 4 years later is a leap year again
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-10-31', 4, '2027-02-28'],
    ['2026-12-15', 1, '2027-01-15'], // across a year end
    ['2026-12-15', 0, '2026-12-15'],
    // HNY ICB (16 months, after NICE NG59), NW policy (12 months): after a January 2026 RF, eligible in May 2027 (16 months), January 2027 (12) or
    // July 2026 (6).
    ['2026-01-15', 16, '2027-05-15'],
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-15', 6, '2026-07-15'],
  ])('%s + %i months → %s', (last, months, expected) => {
    expect(earliestRepeatDate(last, { months })).toBe(expected);
  });

  it.each([
    ['negative months', '2026-01-15', -1, 'INVALID_INPUT'],
    ['fractional months', '2026-01-15', 1.5, 'INVALID_INPUT'],
    ['bad date', '2026-02-29', 6, 'INVALID_DATE'], // 2026 is not a leap year
    ['bad date', '2026-04-31', 6, 'INVALID_DATE'],
  ])('rejects %s (%s, %d)', (_label, last, months, code) => {
    expect(codeOf(() => earliestRepeatDate(last, { months }))).toBe(code);
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2026-08-31', -6, '2026-02-28'],
    ['2026-07-06', -6, '2026-01-06'],
    ['2028-08-31', -6, '2028-02-29'],
  ])('%s %i months → %s', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-06-01', -90, '2026-03-03'], // 31 May (1), 30 Apr (32), 31 Mar (62), 3 Mar (90)
  ])('%s %i days → %s', (date, days, expected) => {
    expect(addCalendarDays(date, days)).toBe(expected);
  });
});
