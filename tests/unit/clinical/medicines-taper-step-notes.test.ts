import { describe, expect, it } from 'vitest';
import { planProductTaper } from '../../../shared/clinical/medicines/taper-products';

/**
 * Stop 7: a step larger than the chosen step must give the true reason. Oxycodone MR 40 mg twice a day
 * (80 mg a day), default FPM Opioids Aware rule (reduce by 10% of the ORIGINAL dose every 2-6 weeks): 8 mg a
 * day every 14 days. Worked by hand: step k aims at 80 − 8k mg a day (72, 64, 56, 48, 40, 32, 24, 16, 8), each
 * rounded up to what MR tablets (5, 10, 15, 20, 30, 40 mg; never halved) give in two doses, a 5 mg grid:
 * 75, 65, 60, 50, 40, 35, 25, 20, 10, then one step at a time to 5 and 0.
 * The 75 -> 65 step is 10 mg because the plan for that date is 64 mg a day (80 − 2 × 8), rounded up to 65;
 * 70 mg a day (30 mg + 5 mg MR twice a day) CAN be given, so "cannot give a dose between 65 and 75" is false.
 */
const oxycodone = () =>
  planProductTaper({
    startAdministrations: [40, 40],
    product: {
      kind: 'solid',
      strengthsMg: [5, 10, 15, 20, 30, 40, 60, 80, 120],
      halvable: false,
      unit: 'modified-release tablet',
    },
    stepAmount: 8,
    intervalDays: 14,
    startDate: '2026-12-07',
  });

describe('taper step notes give the true reason for a larger step', () => {
  it('oxycodone MR 80 mg a day: the 75 -> 65 step is explained by the plan for that date (64), not by the products', () => {
    const s = oxycodone();
    expect(s.map((x) => x.dose)).toEqual([80, 75, 65, 60, 50, 40, 35, 25, 20, 10, 5, 0]);
    expect(s.map((x) => x.date).slice(0, 3)).toEqual(['2026-12-07', '2026-12-21', '2027-01-04']);
    expect(s[2]!.note).toBe(
      'This step is 10 mg a day (12.5% of the starting dose), more than the chosen 8 mg a day: the plan for ' +
        'this date is 64 mg a day (the starting 80 mg a day less 2 steps of 8 mg a day), rounded up to a dose ' +
        'the products can give: 65 mg a day.',
    );
    // 60 -> 50: the plan is 48 (80 − 4 × 8), rounded up to 50; 55 could be given, so no "cannot give" claim.
    expect(s[4]!.note).toContain('the plan for this date is 48 mg a day');
    // 50 -> 40: the plan is exactly 40 (80 − 5 × 8); the larger step comes from 48 rounded up to 50 before it.
    expect(s[5]!.note).toContain(
      'the plan for this date is 40 mg a day (the starting 80 mg a day less 5 steps of 8 mg a day); the dose ' +
        'before it (50 mg a day) was rounded up to a dose the products can give.',
    );
    for (const x of s) expect(x.note ?? '').not.toMatch(/cannot give a dose between/);
    // Steps at or below the chosen 8 mg carry no note.
    expect(s[1]!.note).toBeNull();
    expect(s[3]!.note).toBeNull();
  });
});
