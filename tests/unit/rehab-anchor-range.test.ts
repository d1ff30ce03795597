import { describe, expect, it } from 'vitest';
import { anchorRange } from '../../db/services/rehab-worklist';

/**
 * Issue 18, Measures due: the anchor dates whose collection point `months` later falls due in [since, asOf].
 * Worked by hand from the month-end rule of the shared calendar (a day that does not exist in the target
 * month becomes its last day: 31 August + 6 months = 28 February).
 */
describe('anchorRange (Measures due worklist)', () => {
  it('is the window itself for a point on the anchor date', () => {
    expect(anchorRange('2026-09-01', '2026-11-30', 0)).toEqual(['2026-09-01', '2026-11-30']);
  });
  it('moves the window back by the months, keeping the anchors that fold onto a month end', () => {
    // 6 months: 1 March 2026 → 1 September; 31 May → 30 November (no 31 November), 1 June → 1 December.
    expect(anchorRange('2026-09-01', '2026-11-30', 6)).toEqual(['2026-03-01', '2026-05-31']);
    // Due 28 February 2027 (not a leap year) comes from 28, 29, 30 and 31 August 2026.
    expect(anchorRange('2027-02-28', '2027-02-28', 6)).toEqual(['2026-08-28', '2026-08-31']);
    // From 1 March 2027: 28-31 August give 28 February, so the first anchor is 1 September.
    expect(anchorRange('2027-03-01', '2027-03-31', 6)).toEqual(['2026-09-01', '2026-09-30']);
  });
  it('handles a leap February and whole years', () => {
    // 29 February 2028 comes from 29, 30 and 31 August 2027; 28 February 2028 from 28 August 2027 only.
    expect(anchorRange('2028-02-29', '2028-02-29', 6)).toEqual(['2027-08-29', '2027-08-31']);
    expect(anchorRange('2028-02-28', '2028-02-28', 6)).toEqual(['2027-08-28', '2027-08-28']);
    // 18 months: 31 May 2025 + 18 months = 30 November 2026 (no 31 November).
    expect(anchorRange('2026-11-30', '2026-11-30', 18)).toEqual(['2025-05-30', '2025-05-31']);
  });
  it('is empty when the window is', () => {
    // A window ending before it starts: no anchor date.
    expect(anchorRange('2027-03-01', '2027-02-28', 1)).toBeNull();
  });
});
