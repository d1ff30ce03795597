import { describe, expect, it } from 'vitest';
import { meaningfulChange } from '../../../shared/clinical/rehab/change';
import { changeBadge, describeScore, formatScore } from '../../../shared/clinical/rehab/display';
import { scoreMeasure } from '../../../shared/clinical/rehab/scoring';

/** Issue 15, "what is shown is what is meant": expected strings worked by hand. */
describe('rehab scores as shown', () => {
  it('rounds a PSFS mean as the form reports it: (5 + 6 + 6) / 3 = 5.666… → 5.7', () => {
    const s = scoreMeasure('PSFS', [5, 6, 6]);
    expect(s.total).toBeCloseTo(17 / 3, 12);
    expect(formatScore('PSFS', s.total!)).toBe('5.7');
    expect(describeScore('PSFS', s)).toBe('5.7');
  });

  it('shows BPI severity and interference: severity (6+2+4+5)/4 = 4.25 → 4.3; interference (3+4+5+6+7+2+1)/7 = 4 ', () => {
    const s = scoreMeasure('BPI', [6, 2, 4, 5, 3, 4, 5, 6, 7, 2, 1]);
    expect(describeScore('BPI', s)).toMatch(/^Pain severity 4\.3, interference 4\b/);
  });

  it('shows the EQ-5D-5L profile with its VAS, and the SWEMWBS converted score (raw 29 → 26.02)', () => {
    expect(describeScore('EQ-5D-5L', scoreMeasure('EQ-5D-5L', [2, 1, 3, 3, 2, 65]))).toBe(
      'Profile 21332, EQ VAS 65',
    );
    // 5+4+4+4+4+4+4 = 29 → 26.02 (Warwick conversion table).
    expect(describeScore('SWEMWBS', scoreMeasure('SWEMWBS', [5, 4, 4, 4, 4, 4, 4]))).toBe(
      'Raw total 29, converted score 26.02',
    );
  });

  it('an EQ-5D profile that got better is not badged a "meaningful improvement" (the rule says it is not one)', () => {
    const before = scoreMeasure('EQ-5D-5L', [2, 1, 3, 3, 2, 60]);
    const after = scoreMeasure('EQ-5D-5L', [1, 1, 3, 3, 2, 62]);
    const c = meaningfulChange('EQ-5D-5L', before, after);
    expect(c.explanation).toMatch(/not a minimal important change/);
    expect(changeBadge(c)?.label).toBe('Better health profile (Paretian)');
    // PHQ-9 15 → 5: −10, beyond the reliable change of 6.
    const phq = meaningfulChange(
      'PHQ-9',
      scoreMeasure('PHQ-9', [3, 3, 3, 3, 3, 0, 0, 0, 0]),
      scoreMeasure('PHQ-9', [1, 1, 1, 1, 1, 0, 0, 0, 0]),
    );
    expect(changeBadge(phq)).toEqual({ label: 'Meaningful improvement', good: true });
  });
});
