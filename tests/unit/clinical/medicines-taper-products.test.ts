import { describe, expect, it } from 'vitest';
import {
  planProductTaper,
  taperClassRule,
  type ProductTaperStep,
  type TaperProduct,
} from '../../../shared/clinical/medicines/taper-products';

/**
 * Issue 13, "A taper engine that writes real prescriptions". Expected schedules worked by hand:
 * step k aims at start − k × step, rounded up to what the products give; no step goes up.
 */
const FENTANYL: TaperProduct = {
  kind: 'patch',
  // UK 72-hour fentanyl patches 12, 25, 50, 75, 100 micrograms/hour; the 12 delivers 12.5.
  patches: [
    { labelled: 12, delivered: 12.5 },
    { labelled: 25, delivered: 25 },
    { labelled: 50, delivered: 50 },
    { labelled: 75, delivered: 75 },
    { labelled: 100, delivered: 100 },
  ],
  changeEveryDays: 3,
};
const doses = (s: ProductTaperStep[]) => s.map((x) => x.dose);
const noIncrease = (s: ProductTaperStep[]) =>
  s.every((x, i) => i === 0 || x.administrations.every((a, j) => a <= s[i - 1]!.administrations[j]!));

export function schedules() {
  return {
    fentanyl: planProductTaper({
      startAdministrations: [100],
      product: FENTANYL,
      stepAmount: 10, // 10% of 100 (FPM default)
      intervalDays: 14,
      startDate: '2026-12-07',
    }),
    tramadol: planProductTaper({
      startAdministrations: [100, 100, 100, 100],
      product: { kind: 'solid', strengthsMg: [50], halvable: false, unit: 'capsule' },
      stepAmount: 40,
      intervalDays: 14,
      startDate: '2026-12-07',
    }),
    oxycodone: planProductTaper({
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
    }),
    diazepam: planProductTaper({
      startAdministrations: [5, 5, 5],
      product: { kind: 'solid', strengthsMg: [2, 5, 10], halvable: true, unit: 'tablet' },
      stepAmount: 1,
      intervalDays: 14,
      startDate: '2026-12-07',
    }),
  };
}

describe('taper engine with real products', () => {
  it('fentanyl 100 micrograms/hour: real patch strengths, 12.5 steps marked as more than 10%, never 96', () => {
    // Grid 12.5 (12 = 12.5 delivered). Aims 90, 80, 70, ...: rounded up 100 (hold), 87.5, 75, 62.5, 50,
    // 50 (hold), 37.5, 25, 12.5, then 0.
    const s = schedules().fentanyl;
    expect(doses(s)).toEqual([100, 87.5, 75, 62.5, 50, 37.5, 25, 12.5, 0]);
    expect(s[1]!.products).toBe(
      'one 75 micrograms/hour patch and one 12 micrograms/hour patch, changed every 3 days (remove the old patches)',
    );
    expect(s[1]!.note).toMatch(
      /12.5 micrograms\/hour \(12.5% of the starting dose\), more than the chosen 10/,
    );
    expect(s.some((x) => x.dose === 96 || x.dose === 24)).toBe(false);
    expect(noIncrease(s)).toBe(true);
  });

  it('tramadol 100 mg four times a day (400 mg) steps 50 mg at a time, never 400 -> 200 -> stop', () => {
    const s = schedules().tramadol;
    expect(doses(s)).toEqual([400, 350, 300, 250, 200, 150, 100, 50, 0]);
    expect(s[1]!.administrations).toEqual([50, 100, 100, 100]);
    expect(s[1]!.products).toBe(
      '1 × 50 mg capsule morning; 2 × 50 mg capsules midday; 2 × 50 mg capsules late afternoon; 2 × 50 mg capsules bedtime',
    );
    expect(noIncrease(s)).toBe(true);
  });

  it('oxycodone MR 40 mg twice a day (80 mg): 5 mg steps, uneven doses, MR tablets never halved', () => {
    // Aims 72, 64, 56, 48, 40, 32, 24, 16, 8, then down one 8 mg step at a time: 5 mg grid.
    const s = schedules().oxycodone;
    expect(doses(s)).toEqual([80, 75, 65, 60, 50, 40, 35, 25, 20, 10, 5, 0]);
    expect(s[1]!.administrations).toEqual([35, 40]);
    expect(s.every((x) => x.administrations.every((a) => a % 5 === 0))).toBe(true);
    expect(noIncrease(s)).toBe(true);
  });

  it('diazepam 15 mg a day uses the benzodiazepine default (1 mg steps with halved 2 mg tablets), not the opioid default', () => {
    expect(taperClassRule('diazepam', 'benzodiazepine-z-drug')).toMatchObject({
      stepMg: 1,
      intervalDays: 14,
    });
    expect(taperClassRule('tramadol', 'weak-opioid')).toMatchObject({ percentOfStart: 10 });
    const s = schedules().diazepam;
    expect(doses(s)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(s[1]!.products).toBe('2 × 2 mg tablets morning; 1 × 5 mg tablet midday; 1 × 5 mg tablet evening');
    expect(s.at(-2)!.products).toBe('nothing at morning; nothing at midday; half of a 2 mg tablet evening');
    expect(s.every((x) => x.note === null)).toBe(true);
    expect(noIncrease(s)).toBe(true);
  });
});
