import { describe, expect, it } from 'vitest';
import { daysInMonth, isIsoDate } from '../../shared/dates';

/** Worked by hand from the Gregorian calendar (leap years: every 4th, not centuries, except every 400th). */
describe('days in a month, by arithmetic', () => {
  it.each([
    [2026, 1, 31],
    [2026, 2, 28],
    [2024, 2, 29],
    [2000, 2, 29],
    [2100, 2, 28],
    [1900, 2, 28],
    [2026, 4, 30],
    [2026, 6, 30],
    [2026, 9, 30],
    [2026, 11, 30],
    [2026, 7, 31],
    [2026, 8, 31],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => expect(daysInMonth(year, month)).toBe(days));

  it('dates that do not exist are not dates', () => {
    expect(['2026-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10'].map(isIsoDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['2024-02-29', '2000-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true, true]);
  });
});
