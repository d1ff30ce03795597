import { describe, expect, it } from 'vitest';
import { stepSupply } from '../../../shared/clinical/medicines/taper-quantities';
import type { TaperProduct } from '../../../shared/clinical/medicines/taper-products';

/**
 * Issue 13, "with the quantities a GP needs to prescribe the step". Every expected quantity is worked by hand:
 * units a day × days (rounded up to a whole tablet/capsule); patches: one set per change, changes = days ÷ the
 * change interval rounded up (SPC: fentanyl 72-hour patches changed every 3 days, buprenorphine 7-day patches
 * every 7 days); liquids: mL a day × days.
 */
const FENTANYL: TaperProduct = {
  kind: 'patch',
  patches: [
    { labelled: 12, delivered: 12.5 },
    { labelled: 25, delivered: 25 },
    { labelled: 50, delivered: 50 },
    { labelled: 75, delivered: 75 },
    { labelled: 100, delivered: 100 },
  ],
  changeEveryDays: 3,
};
const OXY_MR: TaperProduct = {
  kind: 'solid',
  strengthsMg: [5, 10, 15, 20, 30, 40, 60, 80, 120],
  halvable: false,
  unit: 'modified-release tablet',
};

describe('quantities to prescribe for a taper step', () => {
  it('oxycodone MR 5 mg twice a day for 14 days: 28 tablets (2 a day × 14)', () => {
    const s = stepSupply({ generic: 'oxycodone', product: OXY_MR, administrations: [5, 5], days: 14 })!;
    expect(s.text).toBe('Oxycodone 5 mg modified-release tablets: 28 tablets for 14 days');
    expect(s.lines[0]!.how).toBe('2 a day × 14 days = 28');
  });

  it('uneven doses, 15 mg morning and 20 mg evening for 14 days: 14 of each strength', () => {
    const s = stepSupply({ generic: 'oxycodone', product: OXY_MR, administrations: [15, 20], days: 14 })!;
    expect(s.lines.map((l) => [l.label, l.count])).toEqual([
      ['oxycodone 20 mg modified-release tablets', 14],
      ['oxycodone 15 mg modified-release tablets', 14],
    ]);
  });

  it('fentanyl 75 + 12 for 14 days, changed every 3 days: 14 ÷ 3 = 4.7 → 5 changes, 5 of each patch', () => {
    const s = stepSupply({ generic: 'fentanyl', product: FENTANYL, administrations: [87.5], days: 14 })!;
    expect(s.text).toBe(
      'Fentanyl 75 micrograms/hour patches: 5 patches; fentanyl 12 micrograms/hour patches: 5 patches; for 14 days',
    );
    expect(s.lines[0]!.how).toBe(
      '1 patch at a time, a new one every 3 days: 14 days ÷ 3 = 4.7, rounded up to 5 changes; 1 × 5 = 5',
    );
  });

  it('fentanyl 25 (never two 12s) for 14 days: 5 patches of 25', () => {
    const s = stepSupply({ generic: 'fentanyl', product: FENTANYL, administrations: [25], days: 14 })!;
    expect(s.lines.map((l) => [l.label, l.count])).toEqual([['fentanyl 25 micrograms/hour patches', 5]]);
  });

  it('a 7-day buprenorphine patch of 10 for 14 days: 2 patches', () => {
    const s = stepSupply({
      generic: 'buprenorphine',
      product: {
        kind: 'patch',
        patches: [5, 10, 15, 20].map((v) => ({ labelled: v, delivered: v })),
        changeEveryDays: 7,
      },
      administrations: [10],
      days: 14,
    })!;
    expect(s.text).toBe('Buprenorphine 10 micrograms/hour patches: 2 patches for 14 days');
  });

  it('half a scored 2 mg tablet a day for 7 days: 0.5 × 7 = 3.5, rounded up to 4 tablets', () => {
    const s = stepSupply({
      generic: 'diazepam',
      product: { kind: 'solid', strengthsMg: [2, 5, 10], halvable: true, unit: 'tablet' },
      administrations: [1],
      days: 7,
    })!;
    expect(s.text).toBe('Diazepam 2 mg tablets: 4 tablets for 7 days');
    expect(s.lines[0]!.how).toBe('0.5 a day × 7 days = 3.5, rounded up to 4');
  });

  it('a 2 mg/mL liquid, 5 mg twice a day for 14 days: 5 mL a day × 14 = 70 mL', () => {
    const s = stepSupply({
      generic: 'morphine',
      product: { kind: 'liquid', mgPerMl: 2, measureMl: 0.5 },
      administrations: [5, 5],
      days: 14,
    })!;
    expect(s.text).toBe('Morphine 2 mg/mL oral liquid: 70 mL for 14 days');
    expect(s.lines[0]!.how).toBe('5 mL a day × 14 days = 70 mL');
  });

  it('as needed, at most 3 × 5 mg capsules a day for 14 days: up to 42 capsules', () => {
    const s = stepSupply({
      generic: 'oxycodone',
      product: { kind: 'solid', strengthsMg: [5, 10, 20], halvable: false, unit: 'capsule' },
      administrations: [5, 5, 5],
      days: 14,
      asNeeded: true,
    })!;
    expect(s.text).toBe('Oxycodone 5 mg capsules: up to 42 capsules for 14 days');
    expect(s.lines[0]!.how).toBe('at most 3 a day × 14 days = 42');
  });

  it('nothing to prescribe for a stop step or a step with no length', () => {
    expect(
      stepSupply({ generic: 'oxycodone', product: OXY_MR, administrations: [0, 0], days: 14 }),
    ).toBeNull();
    expect(
      stepSupply({ generic: 'oxycodone', product: OXY_MR, administrations: [5, 5], days: 0 }),
    ).toBeNull();
  });

  // Issue 13 (stop 6, H-MED-46): the printed diazepam 15 mg/day schedule's 4.5 mg step (1 + 1.5 + 2 mg) asked
  // the GP for 21 tablets and no oral solution, and the 1.5 mg step (0.5 mg three times a day, all oral
  // solution) for nothing at all. Ashton 0.5 mg steps: the 0.5 mg part is 1.25 mL of 2 mg/5 mL (0.4 mg/mL).
  const DIAZEPAM: TaperProduct = {
    kind: 'solid',
    strengthsMg: [2, 5, 10],
    halvable: true,
    unit: 'tablet',
    liquidTopUpMgPerMl: 0.4,
  };

  it('diazepam 1 + 1.5 + 2 mg for 14 days: 28 × 2 mg tablets and 17.5 mL of 2 mg/5 mL', () => {
    // Tablets: 1 mg = half a 2 mg; 1.5 mg = half a 2 mg + 0.5 mg solution; 2 mg = one 2 mg: 0.5 + 0.5 + 1 = 2 a
    // day × 14 = 28. Solution: 0.5 mg a day ÷ 0.4 mg/mL = 1.25 mL a day × 14 = 17.5 mL.
    const s = stepSupply({ generic: 'diazepam', product: DIAZEPAM, administrations: [1, 1.5, 2], days: 14 })!;
    expect(s.text).toBe(
      'Diazepam 2 mg tablets: 28 tablets; diazepam 2 mg/5 mL oral solution: 17.5 mL; for 14 days',
    );
    expect(s.lines[1]!.how).toBe('0.5 mg a day = 1.25 mL a day × 14 days = 17.5 mL');
  });

  it('diazepam 0.5 mg three times a day for 14 days: 52.5 mL of 2 mg/5 mL and no tablets', () => {
    // 1.5 mg a day ÷ 0.4 mg/mL = 3.75 mL a day × 14 = 52.5 mL.
    const s = stepSupply({
      generic: 'diazepam',
      product: DIAZEPAM,
      administrations: [0.5, 0.5, 0.5],
      days: 14,
    })!;
    expect(s.text).toBe('Diazepam 2 mg/5 mL oral solution: 52.5 mL for 14 days');
  });
});
