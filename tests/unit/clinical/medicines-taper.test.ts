import { describe, it, expect } from 'vitest';
import {
  doseStepFromStrengths,
  MAX_TAPER_INTERVALS,
  planTaper,
  roundToAvailableStrengths,
  TAPER_DEFAULTS,
} from '../../../shared/clinical/medicines/index';
import type { TaperInput } from '../../../shared/clinical/medicines/index';
import { expectClinicalError } from '../../helpers/clinical';

const base = { intervalDays: 14, startDate: '2026-01-05' } as const;

describe('TAPER_DEFAULTS', () => {
  it('is 10% of the starting dose every 2 weeks, with rule set metadata', () => {
    expect(TAPER_DEFAULTS).toMatchObject({ mode: 'percent-of-start', percent: 10, intervalDays: 14 });
    expect(TAPER_DEFAULTS.meta.version).toEqual(expect.any(String));
  });
});

describe('planTaper: percent-of-start', () => {
  it('default engine without rounding: 100 mg, 10 mg off every 14 days, 11 steps', () => {
    // 10% of 100 = 10 mg a step: 100, 90, ..., 10, 0. Dates every 14 days from 2026-01-05.
    const plan = planTaper({ ...base, startDose: 100, mode: 'percent-of-start', percent: 10 });
    expect(plan).toEqual([
      { date: '2026-01-05', dose: 100 },
      { date: '2026-01-19', dose: 90 },
      { date: '2026-02-02', dose: 80 },
      { date: '2026-02-16', dose: 70 },
      { date: '2026-03-02', dose: 60 },
      { date: '2026-03-16', dose: 50 },
      { date: '2026-03-30', dose: 40 },
      { date: '2026-04-13', dose: 30 },
      { date: '2026-04-27', dose: 20 },
      { date: '2026-05-11', dose: 10 },
      { date: '2026-05-25', dose: 0 },
    ]);
  });

  it('rounds each dose up to a multiple of roundTo (60 mg, 10%, roundTo 5)', () => {
    // step 6 mg. Targets 54, 48, 42, 36, 30, 24, 18, 12, 6, 0 → rounded up to 5s:
    // 55, 50, 45, 40, 30, 25, 20, 15, 10, 0 (every target moves down, so no hold).
    const plan = planTaper({ ...base, startDose: 60, mode: 'percent-of-start', percent: 10, roundTo: 5 });
    expect(plan.map((s) => s.dose)).toEqual([60, 55, 50, 45, 40, 30, 25, 20, 15, 10, 0]);
    expect(plan.at(-1)?.date).toBe('2026-05-25'); // 10 intervals × 14 days after 2026-01-05
  });

  it('holds instead of writing a zero-size step (20 mg, 10%, roundTo 5)', () => {
    // step 2 mg. k: target → rounded up
    // 1: 18 → 20 (same as now: hold)   2: 16 → 20 (hold)   3: 14 → 15 (step, day 42)
    // 4: 12 → 15 (hold)   5: 10 → 10 (step, day 70)   6: 8 → 10   7: 6 → 10 (hold)
    // 8: 4 → 5 (step, day 112)   9: 2 → 5 (hold)   10: 0 → stop (day 140)
    const plan = planTaper({ ...base, startDose: 20, mode: 'percent-of-start', percent: 10, roundTo: 5 });
    expect(plan).toEqual([
      { date: '2026-01-05', dose: 20 },
      { date: '2026-02-16', dose: 15 },
      { date: '2026-03-16', dose: 10 },
      { date: '2026-04-27', dose: 5 },
      { date: '2026-05-25', dose: 0 },
    ]);
  });

  it('from a start dose off the rounding grid (45 mg, 10%, roundTo 10)', () => {
    // step 4.5. 1: 40.5 → 50 (not below 45: hold)   2: 36 → 40 (step)   3: 31.5 → 40 (hold)
    // 4: 27 → 30   5: 22.5 → 30 (hold)   6: 18 → 20   7: 13.5 → 20 (hold)   8: 9 → 10   9: 4.5 → 10 (hold)
    // 10: 0 → 0
    const plan = planTaper({ ...base, startDose: 45, mode: 'percent-of-start', percent: 10, roundTo: 10 });
    expect(plan.map((s) => s.dose)).toEqual([45, 40, 30, 20, 10, 0]);
    expect(plan.map((s) => s.date)).toEqual([
      '2026-01-05',
      '2026-02-02', // 2 × 14 days
      '2026-03-02', // 4 × 14
      '2026-03-30', // 6 × 14
      '2026-04-27', // 8 × 14
      '2026-05-25', // 10 × 14
    ]);
  });

  it('applies an optional stop rule (100 mg, 25%, stop below 30)', () => {
    // 100, 75, 50, next 25 < 30 → 0
    const plan = planTaper({ ...base, startDose: 100, mode: 'percent-of-start', percent: 25, stopBelow: 30 });
    expect(plan.map((s) => s.dose)).toEqual([100, 75, 50, 0]);
  });

  it('a percentage that does not divide 100 still ends at 0 (90 mg, 30%)', () => {
    // step 27: 90, 63, 36, 9, then 90 − 4 × 27 = −18 ≤ 0 → 0
    const plan = planTaper({ ...base, startDose: 90, mode: 'percent-of-start', percent: 30 });
    expect(plan.map((s) => s.dose)).toEqual([90, 63, 36, 9, 0]);
  });

  it('100% stops at the first step', () => {
    expect(
      planTaper({ ...base, startDose: 30, mode: 'percent-of-start', percent: 100 }).map((s) => s.dose),
    ).toEqual([30, 0]);
  });
});

describe('planTaper: percent-of-current', () => {
  it('halving with a stop rule, no rounding (100 mg, 50%, stop below 10)', () => {
    // 100 → 50 → 25 → 12.5 → next 6.25 < 10 → 0; weekly
    const plan = planTaper({
      startDose: 100,
      mode: 'percent-of-current',
      percent: 50,
      intervalDays: 7,
      startDate: '2026-12-18',
      stopBelow: 10,
    });
    expect(plan).toEqual([
      { date: '2026-12-18', dose: 100 },
      { date: '2026-12-25', dose: 50 },
      { date: '2027-01-01', dose: 25 },
      { date: '2027-01-08', dose: 12.5 },
      { date: '2027-01-15', dose: 0 },
    ]);
  });

  it('with rounding and holds (60 mg, 10% of current, roundTo 5, stop below 10)', () => {
    // target 60 × 0.9^k, rounded up to 5s:
    // k1 54 → 55; k2 48.6 → 50; k3 43.74 → 45; k4 39.366 → 40; k5 35.43 → 40 (hold);
    // k6 31.886 → 35; k7 28.698 → 30; k8 25.828 → 30 (hold); k9 23.245 → 25; k10 20.921 → 25 (hold);
    // k11 18.829 → 20; k12 16.946, k13 15.251 → 20 (hold); k14 13.726 → 15; k15 12.353, k16 11.118,
    // k17 10.006 → 15 (hold); k18 9.006 < 10 → 0.
    const plan = planTaper({
      ...base,
      startDose: 60,
      mode: 'percent-of-current',
      percent: 10,
      roundTo: 5,
      stopBelow: 10,
    });
    expect(plan.map((s) => s.dose)).toEqual([60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 0]);
    const days = (d: string): number =>
      (Date.parse(`${d}T00:00:00Z`) - Date.parse('2026-01-05T00:00:00Z')) / 86_400_000;
    expect(plan.map((s) => days(s.date) / 14)).toEqual([0, 1, 2, 3, 4, 6, 7, 9, 11, 14, 18]);
  });

  it('needs an explicit stop rule', () => {
    expectClinicalError(
      () => planTaper({ ...base, startDose: 60, mode: 'percent-of-current', percent: 10 }),
      'INVALID_INPUT',
      { field: 'stopBelow' },
    );
  });
});

describe('planTaper: invariants over many settings', () => {
  const cases: TaperInput[] = [];
  for (const startDose of [7.5, 20, 45, 60, 120, 333]) {
    for (const percent of [5, 10, 12.5, 33, 50]) {
      for (const roundTo of [undefined, 2.5, 5, 10]) {
        for (const mode of ['percent-of-start', 'percent-of-current'] as const) {
          const input: TaperInput = { startDose, percent, mode, intervalDays: 14, startDate: '2026-03-20' };
          if (roundTo !== undefined) input.roundTo = roundTo;
          if (mode === 'percent-of-current') input.stopBelow = Math.min(5, startDose / 2);
          cases.push(input);
        }
      }
    }
  }

  it.each(cases)(
    '$mode $percent% from $startDose (roundTo $roundTo): starts at the start dose, only goes down, ends at 0',
    (input) => {
      const plan = planTaper(input);
      expect(plan[0]).toEqual({ date: '2026-03-20', dose: input.startDose });
      expect(plan.at(-1)?.dose).toBe(0);
      const start = Date.parse('2026-03-20T00:00:00Z');
      for (let i = 1; i < plan.length; i++) {
        const prev = plan[i - 1]!;
        const step = plan[i]!;
        expect(step.dose).toBeLessThan(prev.dose);
        expect(step.dose).toBeGreaterThanOrEqual(0);
        expect(step.date > prev.date).toBe(true);
        const days = (Date.parse(`${step.date}T00:00:00Z`) - start) / 86_400_000;
        expect(days % 14).toBe(0);
        if (input.roundTo !== undefined) {
          // on the grid, so every step after the first one reduces by at least roundTo
          expect((step.dose / input.roundTo) % 1).toBe(0);
          if (i > 1) expect(prev.dose - step.dose).toBeGreaterThanOrEqual(input.roundTo);
        }
      }
    },
  );

  it('never plans a dose below the configured unrounded schedule (percent-of-start)', () => {
    // 60 mg, 10%, roundTo 5, every 14 days: at interval k the configured dose is 60 − 6k.
    const plan = planTaper({ ...base, startDose: 60, mode: 'percent-of-start', percent: 10, roundTo: 5 });
    const start = Date.parse('2026-01-05T00:00:00Z');
    for (const step of plan) {
      const k = (Date.parse(`${step.date}T00:00:00Z`) - start) / (14 * 86_400_000);
      expect(step.dose).toBeGreaterThanOrEqual(Math.max(0, 60 - 6 * k));
    }
  });
});

describe('planTaper: invalid input', () => {
  const ok: TaperInput = {
    startDose: 60,
    mode: 'percent-of-start',
    percent: 10,
    intervalDays: 14,
    startDate: '2026-01-05',
  };
  it.each([
    { name: 'a zero start dose', input: { ...ok, startDose: 0 }, code: 'INVALID_DOSE', field: 'startDose' },
    {
      name: 'a negative start dose',
      input: { ...ok, startDose: -10 },
      code: 'INVALID_DOSE',
      field: 'startDose',
    },
    {
      name: 'a NaN start dose',
      input: { ...ok, startDose: Number.NaN },
      code: 'INVALID_DOSE',
      field: 'startDose',
    },
    { name: 'an unknown mode', input: { ...ok, mode: 'linear' }, code: 'INVALID_INPUT', field: 'mode' },
    { name: 'a zero percentage', input: { ...ok, percent: 0 }, code: 'INVALID_INPUT', field: 'percent' },
    {
      name: 'a percentage over 100',
      input: { ...ok, percent: 101 },
      code: 'INVALID_INPUT',
      field: 'percent',
    },
    {
      name: 'a zero interval',
      input: { ...ok, intervalDays: 0 },
      code: 'INVALID_INPUT',
      field: 'intervalDays',
    },
    {
      name: 'a part-day interval',
      input: { ...ok, intervalDays: 1.5 },
      code: 'INVALID_INPUT',
      field: 'intervalDays',
    },
    {
      name: 'a non-existent date',
      input: { ...ok, startDate: '2026-02-30' },
      code: 'INVALID_DATE',
      field: 'startDate',
    },
    {
      name: 'a wrongly formatted date',
      input: { ...ok, startDate: '05/01/2026' },
      code: 'INVALID_DATE',
      field: 'startDate',
    },
    { name: 'a zero roundTo', input: { ...ok, roundTo: 0 }, code: 'INVALID_INPUT', field: 'roundTo' },
    { name: 'a zero stop level', input: { ...ok, stopBelow: 0 }, code: 'INVALID_INPUT', field: 'stopBelow' },
    {
      name: 'a stop level at the start dose',
      input: { ...ok, mode: 'percent-of-current', stopBelow: 60 },
      code: 'INVALID_INPUT',
      field: 'stopBelow',
    },
    {
      name: 'a plan longer than the limit',
      input: { ...ok, percent: 100 / (MAX_TAPER_INTERVALS + 10) },
      code: 'INVALID_INPUT',
      field: 'percent',
    },
  ])('throws for $name', ({ input, code, field }) => {
    expectClinicalError(() => planTaper(input as TaperInput), code, field === undefined ? {} : { field });
  });

  it('accepts 29 February in a leap year and counts days across it', () => {
    // 2028-02-15 + 14 days = 2028-02-29
    const plan = planTaper({ ...ok, startDate: '2028-02-15', percent: 50 });
    expect(plan.map((s) => s.date)).toEqual(['2028-02-15', '2028-02-29', '2028-03-14']);
  });
});

describe('roundToAvailableStrengths and doseStepFromStrengths', () => {
  it.each([
    { dose: 42, strengths: [5, 10, 20], expected: 40, why: '40 = 20 + 20 is 2 away; 45 is 3 away' },
    {
      dose: 42.5,
      strengths: [5, 10, 20],
      expected: 45,
      why: 'tie between 40 and 45 goes to the higher dose',
    },
    { dose: 0, strengths: [5, 10], expected: 0, why: 'zero units' },
    { dose: 25, strengths: [10, 15], expected: 25, why: '10 + 15' },
    { dose: 22, strengths: [10, 15], expected: 20, why: '20 (2 away) beats 25 (3 away)' },
    { dose: 5, strengths: [10, 15], expected: 10, why: '5 cannot be made; 0 and 10 tie, the higher wins' },
    { dose: 4, strengths: [10, 15], expected: 0, why: '0 is 4 away, 10 is 6 away' },
    { dose: 6, strengths: [2.5, 10], expected: 5, why: '5 = 2 × 2.5 (1 away) beats 7.5 (1.5 away)' },
    { dose: 5, strengths: [1.3, 2.6], expected: 5.2, why: '4 × 1.3 = 5.2 (0.2 away) beats 3.9' },
    { dose: 0.7, strengths: [0.25, 0.5], expected: 0.75, why: '0.75 (0.05 away) beats 0.5' },
    { dose: 52.5, strengths: [5, 10, 20], expected: 55, why: 'tie 50/55 goes up' },
  ])('$dose with $strengths → $expected ($why)', ({ dose, strengths, expected }) => {
    expect(roundToAvailableStrengths(dose, strengths)).toBe(expected);
  });

  it.each([
    { dose: 42, direction: 'down' as const, expected: 40 },
    { dose: 42, direction: 'up' as const, expected: 45 },
    { dose: 40, direction: 'up' as const, expected: 40 },
    { dose: 40, direction: 'down' as const, expected: 40 },
  ])('$dose rounded $direction with 5/10/20 → $expected', ({ dose, direction, expected }) => {
    expect(roundToAvailableStrengths(dose, [5, 10, 20], direction)).toBe(expected);
  });

  it('rounds down to 0 when no strength fits below (7 with 10/15, down → 0; up → 10)', () => {
    expect(roundToAvailableStrengths(7, [10, 15], 'down')).toBe(0);
    expect(roundToAvailableStrengths(7, [10, 15], 'up')).toBe(10);
  });

  it.each([
    { strengths: [5, 10, 20], step: 5 },
    { strengths: [2.5, 10], step: 2.5 },
    { strengths: [10, 15], step: 5 },
    { strengths: [1.3, 2.6], step: 1.3 },
    { strengths: [3.75, 7.5], step: 3.75 },
    { strengths: [25, 50, 75, 100, 150, 200, 225, 300], step: 25 },
  ])('smallest dose step for $strengths is $step', ({ strengths, step }) => {
    expect(doseStepFromStrengths(strengths)).toBe(step);
  });

  it.each([
    { name: 'no strengths', fn: () => roundToAvailableStrengths(10, []), code: 'INVALID_INPUT' },
    { name: 'a zero strength', fn: () => roundToAvailableStrengths(10, [0, 5]), code: 'INVALID_INPUT' },
    { name: 'a negative dose', fn: () => roundToAvailableStrengths(-1, [5]), code: 'INVALID_DOSE' },
    { name: 'a huge dose', fn: () => roundToAvailableStrengths(1e9, [0.5]), code: 'INVALID_DOSE' },
    { name: 'no strengths for the step', fn: () => doseStepFromStrengths([]), code: 'INVALID_INPUT' },
  ])('throws for $name', ({ fn, code }) => {
    expectClinicalError(fn, code);
  });
});
