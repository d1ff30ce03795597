import { describe, expect, it } from 'vitest';
import {
  ASHTON_BENZODIAZEPINE_TAPER,
  diazepamSwitch,
  planAshtonDiazepamTaper,
} from '../../../shared/clinical/medicines/benzo-ashton';
import { BENZODIAZEPINE_EQUIVALENCE } from '../../../shared/clinical/medicines/benzodiazepines';

/**
 * Issue 13: "diazepam 15 -> 12 -> 6 -> stop under the opioid default". Benzodiazepines follow the Ashton
 * Manual (Ashton H. Benzodiazepines: How they work and how to withdraw, 2002): switch a short-acting drug to
 * the equivalent diazepam (Ashton column, ≈ diazepam 10 mg, Ashton Manual 2002), then reduce diazepam by about
 * 2 mg above 20 mg a day, 1 mg from 20 mg, 0.5 mg from 5 mg. Expected values worked by hand.
 */
describe('switching to diazepam (Ashton equivalents only)', () => {
  it.each([
    // mg a day × 10 ÷ (mg ≈ diazepam 10 mg)
    { drug: 'lorazepam', mg: 2, times: 2, diazepam: 20, admin: [10, 10] }, // 2 × 10 ÷ 1
    { drug: 'temazepam', mg: 20, times: 1, diazepam: 10, admin: [10] }, // 20 × 10 ÷ 20
    { drug: 'clonazepam', mg: 1.5, times: 3, diazepam: 30, admin: [10, 10, 10] }, // 1.5 × 10 ÷ 0.5
    { drug: 'oxazepam', mg: 45, times: 3, diazepam: 22.5, admin: [7.5, 7.5, 7.5] }, // 45 × 10 ÷ 20
    { drug: 'chlordiazepoxide', mg: 30, times: 3, diazepam: 12, admin: [4, 4, 4] }, // 30 × 10 ÷ 25
    { drug: 'nitrazepam', mg: 5, times: 1, diazepam: 5, admin: [5] }, // 5 × 10 ÷ 10
    { drug: 'alprazolam', mg: 0.75, times: 3, diazepam: 15, admin: [5, 5, 5] }, // 0.75 × 10 ÷ 0.5
    { drug: 'lorazepam', mg: 2.5, times: 2, diazepam: 25, admin: [12.5, 12.5] }, // 2.5 × 10 ÷ 1
  ])('$drug $mg mg a day ≈ diazepam $diazepam mg a day', ({ drug, mg, times, diazepam, admin }) => {
    const s = diazepamSwitch(drug, mg, times);
    expect(s.diazepamMgPer24h).toBe(diazepam);
    expect(s.administrationsMg).toEqual(admin);
    expect(s.source).toMatch(/Ashton H\. Benzodiazepines: How they work and how to withdraw, 2002/);
  });

  it('names the equivalence and shows the working and the products', () => {
    const s = diazepamSwitch('lorazepam', 2, 2);
    expect(s.equivalence).toBe('lorazepam 1 mg ≈ diazepam 10 mg');
    expect(s.working).toBe('2 mg a day × 10 ÷ 1 = 20 mg a day');
    expect(s.products).toBe('1 × 10 mg tablet morning; 1 × 10 mg tablet night');
  });

  it('rounds to the nearest 0.5 mg the products give, and says so', () => {
    // chlordiazepoxide 12 mg a day × 10 ÷ 25 = 4.8 -> 5 mg
    const s = diazepamSwitch('chlordiazepoxide', 12, 1);
    expect(s.workedMgPer24h).toBe(4.8);
    expect(s.diazepamMgPer24h).toBe(5);
    expect(s.working).toMatch(/rounded to 5 mg a day/);
  });

  it('refuses a drug without an Ashton equivalent here, diazepam itself, and an equivalent too small to give', () => {
    // Loprazolam is given only as a range (0.5-1 mg ≈ diazepam 5 mg): no single Ashton value to switch with.
    expect(() => diazepamSwitch('loprazolam', 1, 1)).toThrow(/no diazepam equivalent for loprazolam/);
    expect(() => diazepamSwitch('diazepam', 10, 2)).toThrow(/already diazepam/);
    // lorazepam 0.02 mg a day = 0.2 mg diazepam: below 0.5 mg
    expect(() => diazepamSwitch('lorazepam', 0.02, 1)).toThrow(/less than the smallest dose/);
  });

  it('uses the Ashton column only: every row is the UK (≈ diazepam 5 mg) table doubled, never the US VA/DoD values', () => {
    for (const row of ASHTON_BENZODIAZEPINE_TAPER.equivalents) {
      const uk = BENZODIAZEPINE_EQUIVALENCE.rows.find((r) => r.drug === row.drug);
      if (uk) expect(row.mgEquivalentToDiazepam10).toBe(uk.mgEquivalentToDiazepam5.low * 2);
    }
    // VA/DoD 2021 would say lorazepam 2 mg, clonazepam 1 mg, alprazolam 1 mg ≈ diazepam 10 mg.
    expect(diazepamSwitch('lorazepam', 1, 1).diazepamMgPer24h).toBe(10);
  });
});

describe('reducing diazepam (Ashton: 2 mg above 20 mg, 1 mg from 20 mg, 0.5 mg from 5 mg)', () => {
  it('diazepam 5 mg three times a day: 15, 14, ..., 5, then 0.5 mg steps to 0, never 15 -> 12 -> 6 -> stop', () => {
    const steps = planAshtonDiazepamTaper({ startAdministrations: [5, 5, 5], startDate: '2026-12-07' });
    expect(steps.map((s) => s.dose)).toEqual([
      15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5, 0,
    ]);
    // Larger dose first, ties the earlier dose (the night dose is kept longest).
    expect(steps.map((s) => s.administrations)).toEqual([
      [5, 5, 5],
      [4, 5, 5],
      [4, 4, 5],
      [4, 4, 4],
      [3, 4, 4],
      [3, 3, 4],
      [3, 3, 3],
      [2, 3, 3],
      [2, 2, 3],
      [2, 2, 2],
      [1, 2, 2],
      [1, 1.5, 2],
      [1, 1.5, 1.5],
      [1, 1, 1.5],
      [1, 1, 1],
      [0.5, 1, 1],
      [0.5, 0.5, 1],
      [0.5, 0.5, 0.5],
      [0, 0.5, 0.5],
      [0, 0, 0.5],
      [0, 0, 0],
    ]);
    // Every 2 weeks: step 10 (5 mg) on 26-Apr-2027, the last (stop) on 13-Sep-2027.
    expect(steps[10]!.date).toBe('2027-04-26');
    expect(steps[20]!.date).toBe('2027-09-13');
    expect(steps[1]!.products).toBe(
      '2 × 2 mg tablets morning; 1 × 5 mg tablet midday; 1 × 5 mg tablet night',
    );
    expect(steps[11]!.products).toBe(
      'half of a 2 mg tablet morning; half of a 2 mg tablet + 1.25 mL (0.5 mg) of 2 mg/5 mL oral solution midday; 1 × 2 mg tablet night',
    );
    expect(steps[1]!.note).toMatch(/^Above 5 mg a day: 1 mg less a step \(Ashton H\./);
    expect(steps[2]!.note).toBeNull();
    expect(steps[11]!.note).toMatch(/^0\.5 mg less a step at low doses/);
  });

  it('above 20 mg a day: 2 mg a step down to 20, then 1 mg (40 mg a day)', () => {
    const steps = planAshtonDiazepamTaper({
      startAdministrations: [10, 10, 10, 10],
      startDate: '2026-12-07',
    });
    expect(steps.slice(0, 13).map((s) => s.dose)).toEqual([
      40, 38, 36, 34, 32, 30, 28, 26, 24, 22, 20, 19, 18,
    ]);
    // 9 steps of 2 mg, 15 of 1 mg, 10 of 0.5 mg
    expect(steps).toHaveLength(1 + 10 + 15 + 10);
  });

  it('does not cross 20 mg in one step (21 -> 20 -> 19), and stops at a target dose', () => {
    const steps = planAshtonDiazepamTaper({
      startAdministrations: [11, 10],
      startDate: '2026-12-07',
      targetDose: 17,
    });
    expect(steps.map((s) => s.dose)).toEqual([21, 20, 19, 18, 17]);
  });

  it('an oral solution line is written in mL of 2 mg/5 mL', () => {
    const steps = planAshtonDiazepamTaper({
      startAdministrations: [2],
      startDate: '2026-12-07',
      liquidOnly: true,
    });
    expect(steps.map((s) => s.dose)).toEqual([2, 1.5, 1, 0.5, 0]);
    expect(steps[1]!.products).toBe('3.75 mL (1.5 mg) of 2 mg/5 mL oral solution at night');
  });

  it('refuses doses the products cannot give', () => {
    expect(() => planAshtonDiazepamTaper({ startAdministrations: [2.3], startDate: '2026-12-07' })).toThrow(
      /cannot be given with diazepam 2, 5 and 10 mg tablets/,
    );
    expect(() =>
      planAshtonDiazepamTaper({ startAdministrations: [10], startDate: '2026-12-07', targetDose: 2.2 }),
    ).toThrow(/target dose of 2.2 mg cannot be given/);
  });
});

/**
 * Review gap (stop 7): the Z-drugs and clobazam had no Ashton equivalent, so a patient on zopiclone could not be
 * switched to diazepam for a taper. Ashton Manual (2002), approximate equivalents to diazepam 10 mg: clobazam
 * 20 mg, zolpidem 20 mg, zopiclone 15 mg; the same as the Scottish Government guide's "≈ diazepam 5 mg" column
 * (clobazam 10, zolpidem 10, zopiclone 7.5) doubled. Worked by hand: mg a day × 10 ÷ (mg ≈ diazepam 10 mg).
 */
describe('switching the Z-drugs and clobazam to diazepam (Ashton 2002)', () => {
  it.each([
    {
      drug: 'zopiclone',
      mg: 7.5,
      times: 1,
      diazepam: 5,
      admin: [5],
      eq: 'zopiclone 15 mg ≈ diazepam 10 mg',
      working: '7.5 mg a day × 10 ÷ 15 = 5 mg a day',
    },
    {
      drug: 'zopiclone',
      mg: 3.75,
      times: 1,
      diazepam: 2.5,
      admin: [2.5],
      eq: 'zopiclone 15 mg ≈ diazepam 10 mg',
      working: '3.75 mg a day × 10 ÷ 15 = 2.5 mg a day',
    },
    {
      drug: 'zolpidem',
      mg: 10,
      times: 1,
      diazepam: 5,
      admin: [5],
      eq: 'zolpidem 20 mg ≈ diazepam 10 mg',
      working: '10 mg a day × 10 ÷ 20 = 5 mg a day',
    },
    {
      drug: 'clobazam',
      mg: 20,
      times: 2,
      diazepam: 10,
      admin: [5, 5],
      eq: 'clobazam 20 mg ≈ diazepam 10 mg',
      working: '20 mg a day × 10 ÷ 20 = 10 mg a day',
    },
  ])(
    '$drug $mg mg a day ≈ diazepam $diazepam mg a day',
    ({ drug, mg, times, diazepam, admin, eq, working }) => {
      const s = diazepamSwitch(drug, mg, times);
      expect(s.diazepamMgPer24h).toBe(diazepam);
      expect(s.administrationsMg).toEqual(admin);
      expect(s.equivalence).toBe(eq);
      expect(s.working).toBe(working);
    },
  );

  it('zopiclone 7.5 mg at night becomes one diazepam 5 mg tablet at night', () => {
    expect(diazepamSwitch('zopiclone', 7.5, 1).products).toBe('1 × 5 mg tablet at night');
  });

  it('the rule set says the equivalents are approximate and names the Ashton Manual', () => {
    expect(ASHTON_BENZODIAZEPINE_TAPER.meta.version).toBe('1.1.0');
    expect(ASHTON_BENZODIAZEPINE_TAPER.meta.source).toMatch(/approximate/i);
    expect(ASHTON_BENZODIAZEPINE_TAPER.meta.source).toMatch(
      /clobazam 20 mg, zolpidem 20 mg, zopiclone 15 mg/,
    );
  });
});
