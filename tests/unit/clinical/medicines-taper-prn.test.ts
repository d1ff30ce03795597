import { describe, expect, it } from 'vitest';
import { planPrnTaper, prnStepInstruction } from '../../../shared/clinical/medicines/taper-prn';

/**
 * Issue 13, "As-needed lines can be tapered". An as-needed line counts at its 24-hour maximum (the service's clinical decisions (clinical lead),
 * medicines 7); the plan reduces that maximum by the chosen step (FPM Opioids Aware: 10% of the starting dose
 * every 2 weeks by default) by lowering the most doses in 24 hours and/or the dose each time, never raising
 * either, rounded up to what the products give (never faster than chosen). Schedules worked by hand.
 */
describe('tapering an as-needed line', () => {
  it('oxycodone 5 mg capsules, up to 4 a day (20 mg): 20 -> 15 -> 10 -> 5 -> stop, one dose fewer each time', () => {
    // 10% of 20 = 2 mg a fortnight. Only 5 mg doses can be given (5, 10, 20 mg capsules, none below 5 each
    // time), so the maxima are 5, 10, 15, 20. Aim 18, 16: nothing between 15 and 20 (held); aim 14 -> 15 on
    // day 42; aim 12 held; aim 10 -> 10 on day 70; aims 8, 6 held; aim 4 -> 5 on day 112; aim 2 held; then
    // 0 on day 140 (5 mg is the smallest the capsules give: marked).
    const s = planPrnTaper({
      dosePerTimeMg: 5,
      maxDoses: 4,
      product: { kind: 'solid', strengthsMg: [5, 10, 20], halvable: false, unit: 'capsule' },
      stepAmount: 2,
      intervalDays: 14,
      startDate: '2026-12-07',
    });
    expect(s.map((x) => [x.date, x.dosePerTime, x.maxDoses, x.dose])).toEqual([
      ['2026-12-07', 5, 4, 20],
      ['2027-01-18', 5, 3, 15],
      ['2027-02-15', 5, 2, 10],
      ['2027-03-29', 5, 1, 5],
      ['2027-04-26', 0, 0, 0],
    ]);
    expect(s[1]!.products).toBe('1 × 5 mg capsule each time');
    expect(s[1]!.note).toMatch(/more than the chosen 2 mg in 24 hours/);
    expect(s[4]!.note).toMatch(/5 mg in 24 hours is the smallest/);
  });

  it('morphine 10 mg/5 mL, 10 mg up to 6 times a day (60 mg): 6 mg less every fortnight, exactly 10% each step', () => {
    // 2 mg/mL measured to 0.5 mL = 1 mg steps each time. Aims 54, 48, 42, 36 -> 9, 8, 7, 6 mg up to 6 times
    // (the only way to make them without going up); aim 30 = 6 × 5 or 5 × 6 -> 6 × 5 (the larger dose each
    // time); then 6 × 4 = 24, 6 × 3 = 18, 6 × 2 = 12, 6 × 1 = 6, then stop.
    const s = planPrnTaper({
      dosePerTimeMg: 10,
      maxDoses: 6,
      product: { kind: 'liquid', mgPerMl: 2, measureMl: 0.5 },
      stepAmount: 6,
      intervalDays: 14,
      startDate: '2026-12-07',
    });
    expect(s.map((x) => [x.dosePerTime, x.maxDoses])).toEqual([
      [10, 6],
      [9, 6],
      [8, 6],
      [7, 6],
      [6, 6],
      [6, 5],
      [6, 4],
      [6, 3],
      [6, 2],
      [6, 1],
      [0, 0],
    ]);
    expect(s.every((x) => x.note === null)).toBe(true);
    expect(s[1]!.products).toBe('4.5 mL (9 mg) each time');
    expect(s[1]!.administrations).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it('a "reduce to" goal stops at the target maximum', () => {
    const s = planPrnTaper({
      dosePerTimeMg: 5,
      maxDoses: 4,
      product: { kind: 'solid', strengthsMg: [5, 10, 20], halvable: false, unit: 'capsule' },
      stepAmount: 5,
      intervalDays: 14,
      startDate: '2026-12-07',
      targetDose: 10,
    });
    expect(s.map((x) => x.dose)).toEqual([20, 15, 10]);
  });

  it('writes the step as a GP and a patient read it', () => {
    expect(prnStepInstruction(5, 3, 4, '1 × 5 mg capsule each time')).toBe(
      'Take 5 mg (1 × 5 mg capsule each time) when needed, at least 4 hours apart, no more than 3 doses in 24 hours (at most 15 mg in 24 hours)',
    );
    expect(prnStepInstruction(6, 1, 0, null)).toBe(
      'Take 6 mg when needed, no more than 1 dose in 24 hours (at most 6 mg in 24 hours)',
    );
    expect(prnStepInstruction(0, 0, 4, null)).toBe('Stop taking it');
  });
});
