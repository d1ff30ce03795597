import { describe, expect, it } from 'vitest';
import {
  administrationsForDailyDose,
  administrationStepMg,
  dailyDoseMg,
  LIQUID_MEASURE_ML,
  liquidDoseStepMg,
  mlForDose,
  planTaperAdministrations,
  reduceLargerDoseFirst,
  type DoseForm,
} from '../../../shared/clinical/medicines/index';
import { expectClinicalError } from '../../helpers/clinical';

// Every expected value below was worked out by hand from the stated conventions (larger dose first, ties:
// the earlier dose; rounded up to what the strengths/0.5 mL can give; never faster than planned).

const oxyMr: DoseForm = { kind: 'solid', strengthsMg: [5, 10, 15, 20, 30, 40, 60, 80, 120] };
const oxySolution: DoseForm = { kind: 'liquid', mgPerMl: 1 };
const morphineSolution: DoseForm = { kind: 'liquid', mgPerMl: 2 };

describe('reduceLargerDoseFirst', () => {
  it.each([
    { current: [20, 10], to: 25, step: 5, want: [15, 10], why: 'the larger (morning) dose comes down' },
    { current: [20, 10], to: 20, step: 5, want: [10, 10], why: 'levels out first' },
    { current: [20, 10], to: 15, step: 5, want: [5, 10], why: 'equal: the earlier dose first' },
    { current: [10, 20], to: 25, step: 5, want: [10, 15], why: 'the larger (evening) dose comes down' },
    { current: [20, 20], to: 30, step: 5, want: [15, 15], why: 'one step from each, earlier first' },
    { current: [10, 10, 20], to: 30, step: 5, want: [10, 10, 10], why: 'three doses: the largest' },
    { current: [10, 10, 10], to: 25, step: 5, want: [5, 10, 10], why: 'three equal: the first' },
    { current: [5, 5], to: 5, step: 5, want: [0, 5], why: 'a dose can reach 0' },
    { current: [20, 10], to: 30, step: 5, want: [20, 10], why: 'no reduction asked' },
    { current: [20, 10], to: 0, step: 5, want: [0, 0], why: 'stop' },
    { current: [30, 10], to: 30, step: null, want: [20, 10], why: 'no step: level 20' },
    { current: [30, 10], to: 20, step: null, want: [10, 10], why: 'no step: level 10' },
    { current: [30, 10], to: 10, step: null, want: [5, 5], why: 'no step: level 5' },
  ])('$current to $to mg (step $step): $want ($why)', ({ current, to, step, want }) => {
    expect(reduceLargerDoseFirst(current, to, step)).toEqual(want);
  });

  it('refuses a negative dose, an empty list and a zero step', () => {
    expectClinicalError(() => reduceLargerDoseFirst([20, -1], 10, 5), 'INVALID_DOSE', {
      field: 'current.1',
    });
    expectClinicalError(() => reduceLargerDoseFirst([], 10, 5), 'INVALID_INPUT', { field: 'current' });
    expectClinicalError(() => reduceLargerDoseFirst([20, 10], 10, 0), 'INVALID_INPUT', { field: 'stepMg' });
  });
});

describe('liquids: a measurable volume', () => {
  it.each([
    { mgPerMl: 1, step: 0.5 },
    { mgPerMl: 2, step: 1 },
    { mgPerMl: 5, step: 2.5 },
    { mgPerMl: 20, step: 10 },
  ])('$mgPerMl mg/mL: one 0.5 mL step is $step mg', ({ mgPerMl, step }) => {
    expect(LIQUID_MEASURE_ML).toBe(0.5);
    expect(liquidDoseStepMg(mgPerMl)).toBe(step);
    expect(administrationStepMg({ kind: 'liquid', mgPerMl })).toBe(step);
  });

  it.each([
    { mg: 5, mgPerMl: 2, ml: 2.5 },
    { mg: 4.5, mgPerMl: 1, ml: 4.5 },
    { mg: 10, mgPerMl: 20, ml: 0.5 },
    { mg: 0, mgPerMl: 2, ml: 0 },
  ])('$mg mg of $mgPerMl mg/mL = $ml mL', ({ mg, mgPerMl, ml }) => {
    expect(mlForDose(mg, mgPerMl)).toBe(ml);
  });

  it('refuses a concentration of 0', () => {
    expectClinicalError(() => liquidDoseStepMg(0), 'INVALID_INPUT', { field: 'mgPerMl' });
    expectClinicalError(() => mlForDose(5, 0), 'INVALID_INPUT', { field: 'mgPerMl' });
  });
});

const base = { mode: 'percent-of-start', percent: 10, intervalDays: 14, startDate: '2026-01-05' } as const;
const plan = (start: number[], form: DoseForm, extra: Partial<typeof base> = {}) =>
  planTaperAdministrations({ ...base, ...extra, startAdministrations: start, form }).map((s) => [
    s.date,
    s.administrations.map((a) => a.mg),
    s.dose,
  ]);

describe('planTaperAdministrations', () => {
  it('oxycodone MR 20 mg morning / 10 mg evening, 10% of 30 mg every 2 weeks, 5 mg steps', () => {
    // 3 mg a step: targets 27, 24, 21, 18, 15, 12, 9, 6, 3, 0, each rounded up to 5 mg; a step that does
    // not go down is left out. 24 → 25 = [15, 10]; 18 → 20 = [10, 10]; 15 = [5, 10] (tie: morning first);
    // 9 → 10 = [5, 5]; 3 → 5 = [0, 5]; then stop.
    expect(plan([20, 10], oxyMr)).toEqual([
      ['2026-01-05', [20, 10], 30],
      ['2026-02-02', [15, 10], 25],
      ['2026-03-02', [10, 10], 20],
      ['2026-03-16', [5, 10], 15],
      ['2026-04-13', [5, 5], 10],
      ['2026-05-11', [0, 5], 5],
      ['2026-05-25', [0, 0], 0],
    ]);
  });

  it('10 mg and 15 mg tablets only: a dose of 5 mg cannot be made, so the plan holds (never faster)', () => {
    // [15, 10]: 20 → [10, 10] (day 28); 15 → [5, 10] → 5 rounds up to 10 → no reduction, held; 10 → [5, 5]
    // → [10, 10], held; 5 → [0, 5] → [0, 10] (day 112); 0 on day 140.
    expect(plan([15, 10], { kind: 'solid', strengthsMg: [10, 15] })).toEqual([
      ['2026-01-05', [15, 10], 25],
      ['2026-02-02', [10, 10], 20],
      ['2026-04-27', [0, 10], 10],
      ['2026-05-25', [0, 0], 0],
    ]);
  });

  it('equal doses stay equal: 20 mg twice a day (as before)', () => {
    // roundTo 5 × 2 = 10, 4 mg a step: 36 → 40 and 32 → 40 (held), 28 → 30 = [15, 15] (day 42), 24 → 30,
    // 20 = [10, 10] (day 70), 16 and 12 → 20, 8 → 10 = [5, 5] (day 112), 4 → 10, 0 (day 140).
    expect(plan([20, 20], oxyMr)).toEqual([
      ['2026-01-05', [20, 20], 40],
      ['2026-02-16', [15, 15], 30],
      ['2026-03-16', [10, 10], 20],
      ['2026-04-27', [5, 5], 10],
      ['2026-05-25', [0, 0], 0],
    ]);
  });

  it('oxycodone 1 mg/mL liquid 5 mg twice a day, weekly: 0.5 mL steps, mL beside mg', () => {
    const steps = planTaperAdministrations({
      ...base,
      intervalDays: 7,
      startAdministrations: [5, 5],
      form: oxySolution,
    });
    // roundTo 0.5 mg × 2 = 1 mg: 10, 9, 8, ..., 1, 0 — each dose 0.5 mg (0.5 mL) less.
    expect(steps.map((s) => s.dose)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(steps[1]!.administrations).toEqual([
      { mg: 4.5, ml: 4.5 },
      { mg: 4.5, ml: 4.5 },
    ]);
    expect(steps[9]!.administrations).toEqual([
      { mg: 0.5, ml: 0.5 },
      { mg: 0.5, ml: 0.5 },
    ]);
    for (const s of steps) for (const a of s.administrations) expect((a.ml! * 2) % 1).toBe(0);
  });

  it('morphine 2 mg/mL liquid 10 mg morning / 5 mg evening: 1 mg (0.5 mL) steps, larger first', () => {
    // 1.5 mg a step, rounded up to 1 mg: 13.5 → 14 = [9, 5]; 12 = [7, 5]; 10.5 → 11 = [6, 5];
    // 9 = [4, 5]; 7.5 → 8 = [4, 4]; 6 = [3, 3]; 4.5 → 5 = [2, 3]; 3 = [1, 2]; 1.5 → 2 = [1, 1]; 0.
    const steps = planTaperAdministrations({
      ...base,
      startAdministrations: [10, 5],
      form: morphineSolution,
    });
    expect(steps.map((s) => s.administrations.map((a) => a.mg))).toEqual([
      [10, 5],
      [9, 5],
      [7, 5],
      [6, 5],
      [4, 5],
      [4, 4],
      [3, 3],
      [2, 3],
      [1, 2],
      [1, 1],
      [0, 0],
    ]);
    expect(steps[1]!.administrations).toEqual([
      { mg: 9, ml: 4.5 },
      { mg: 5, ml: 2.5 },
    ]);
  });

  it('keeps every dose of the day from going up, and the total always down', () => {
    for (const start of [
      [20, 10],
      [10, 30],
      [40, 20, 20],
      [15, 15, 30, 30],
    ]) {
      const steps = planTaperAdministrations({ ...base, startAdministrations: start, form: oxyMr });
      for (let i = 1; i < steps.length; i++) {
        expect(steps[i]!.dose).toBeLessThan(steps[i - 1]!.dose);
        steps[i]!.administrations.forEach((a, j) =>
          expect(a.mg).toBeLessThanOrEqual(steps[i - 1]!.administrations[j]!.mg),
        );
      }
      expect(steps.at(-1)!.dose).toBe(0);
    }
  });

  it('refuses an empty start and a negative dose', () => {
    expectClinicalError(
      () => planTaperAdministrations({ ...base, startAdministrations: [], form: oxyMr }),
      'INVALID_INPUT',
      { field: 'startAdministrations' },
    );
    expectClinicalError(
      () => planTaperAdministrations({ ...base, startAdministrations: [10, -5], form: oxyMr }),
      'INVALID_DOSE',
      { field: 'startAdministrations.1' },
    );
  });
});

describe('administrationsForDailyDose (edited steps, target doses)', () => {
  it.each([
    { prev: [20, 10], daily: 25, form: oxyMr, want: [15, 10] },
    { prev: [20, 10], daily: 22, form: oxyMr, want: [15, 10] },
    { prev: [20, 20], daily: 30, form: oxyMr, want: [15, 15] },
    { prev: [20, 10], daily: 0, form: oxyMr, want: [0, 0] },
    { prev: [20, 20], daily: 30, form: { kind: 'none' } as DoseForm, want: [15, 15] },
  ])('$prev to $daily mg/day: $want', ({ prev, daily, form, want }) => {
    expect(administrationsForDailyDose(prev, daily, form).map((a) => a.mg)).toEqual(want);
  });
});

describe('dailyDoseMg: uneven doses and taken amounts', () => {
  it('adds uneven doses: 20 mg + 10 mg = 30 mg/24h', () => {
    expect(dailyDoseMg({ administrationsMg: [20, 10] })).toEqual({
      kind: 'mg-per-24h',
      mgPer24h: 30,
      basis: 'regular',
      explanation: '20 mg + 10 mg = 30 mg/24h',
    });
    expect(dailyDoseMg({ administrationsMg: [20, 10], timesPerDay: 2 })).toMatchObject({ mgPer24h: 30 });
  });

  it('refuses a dose with the times, a count that disagrees, and uneven PRN or patch doses', () => {
    expectClinicalError(() => dailyDoseMg({ administrationsMg: [20, 10], doseMg: 20 }), 'INVALID_DOSE');
    expectClinicalError(() => dailyDoseMg({ administrationsMg: [20, 10], timesPerDay: 3 }), 'INVALID_DOSE', {
      field: 'timesPerDay',
    });
    expectClinicalError(
      () => dailyDoseMg({ prn: true, prnMaxMgPer24h: 20, administrationsMg: [5, 5] }),
      'INVALID_DOSE',
    );
    expectClinicalError(() => dailyDoseMg({ patchMcgPerHour: 10, administrationsMg: [5] }), 'INVALID_DOSE');
  });

  it('labels a taken amount with the review it was recorded at', () => {
    expect(
      dailyDoseMg({ prn: true, prnMaxMgPer24h: 20, takenMgPer24h: 10, takenRecordedOn: '2026-11-21' }),
    ).toMatchObject({
      mgPer24h: 10,
      basis: 'prn-taken',
      explanation:
        'as needed: taken 10 mg/24h (recorded at review on 21-Nov-2026; prescribed maximum 20 mg/24h)',
    });
    expectClinicalError(
      () => dailyDoseMg({ prn: true, prnMaxMgPer24h: 20, takenMgPer24h: 10, takenRecordedOn: '21/11/2026' }),
      'INVALID_DOSE',
      { field: 'takenRecordedOn' },
    );
  });
});
