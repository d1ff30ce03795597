import { describe, expect, it } from 'vitest';
import { planProductTaper, type TaperProduct } from '../../../shared/clinical/medicines/taper-products';
import {
  avoidNonWorkingDaysExplained,
  explainStepLengths,
  lengthWords,
  stepLengthNote,
} from '../../../shared/clinical/medicines/taper-step-length';

/**
 * Why a taper step lasts longer than the plan's interval, in words a GP understands (found in review: the
 * GP letter asked for 28 days of a step in a 2-weekly plan and never said why). Plans worked by hand.
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

const notes = (steps: { date: string; lengthCauses: string[] }[], interval: number) =>
  steps.map((s, i) => stepLengthNote(s, steps[i + 1], interval, s.lengthCauses));

describe('why a taper step lasts longer than the plan’s interval', () => {
  it('fentanyl 100 micrograms/hour, 10 a fortnight from Monday 07-Dec-2026: the patch strength limit and Easter Monday', () => {
    // Grid 12.5: 21-Dec aims 90 -> 100 (no change), so 100 lasts to 04-Jan (28 days); 01-Mar aims 40 -> 50
    // (no change), so 50 lasts 15-Feb to 15-Mar (28 days); 29-Mar-2027 is Easter Monday: moved to Tuesday
    // 30-Mar, so 37.5 lasts 15-Mar to 30-Mar (15 days).
    const planned = planProductTaper({
      startAdministrations: [100],
      product: FENTANYL,
      stepAmount: 10,
      intervalDays: 14,
      startDate: '2026-12-07',
    });
    const steps = explainStepLengths(planned, 14, FENTANYL, true);
    expect(steps.map((s) => s.date)).toEqual([
      '2026-12-07',
      '2027-01-04',
      '2027-01-18',
      '2027-02-01',
      '2027-02-15',
      '2027-03-15',
      '2027-03-30',
      '2027-04-13',
      '2027-04-27',
    ]);
    const n = notes(steps, 14);
    expect(n[0]).toBe(
      'This dose lasts 4 weeks, not the plan’s 2 weeks. The reduction due on 21-Dec-2026 could not be given ' +
        'with the patch strengths available without going faster than planned, so the dose stays the same ' +
        'until the next step.',
    );
    expect(n[4]).toBe(
      'This dose lasts 4 weeks, not the plan’s 2 weeks. The reduction due on 01-Mar-2027 could not be given ' +
        'with the patch strengths available without going faster than planned, so the dose stays the same ' +
        'until the next step.',
    );
    expect(n[5]).toBe(
      'This dose lasts 15 days, not the plan’s 2 weeks. The next step was moved from Monday 29-Mar-2027 ' +
        '(Easter Monday, a bank holiday) to Tuesday 30-Mar-2027, so that it starts on a day the surgery and ' +
        'pharmacy are open.',
    );
    expect([n[1], n[2], n[3], n[6], n[7], n[8]]).toEqual([null, null, null, null, null, null]);
  });

  it('oxycodone MR 20 mg twice a day, 4 mg a fortnight: the tablet strengths, named as the tablets', () => {
    // Aims 36 -> 40 (no change) on 21-Dec, 32 -> 35 on 04-Jan: 40 lasts 28 days.
    const planned = planProductTaper({
      startAdministrations: [20, 20],
      product: OXY_MR,
      stepAmount: 4,
      intervalDays: 14,
      startDate: '2026-12-07',
    });
    const steps = explainStepLengths(planned, 14, OXY_MR, false);
    expect(steps[1]).toMatchObject({ date: '2027-01-04', dose: 35 });
    expect(notes(steps, 14)[0]).toBe(
      'This dose lasts 4 weeks, not the plan’s 2 weeks. The reduction due on 21-Dec-2026 could not be given ' +
        'with the modified-release tablet strengths available without going faster than planned, so the dose ' +
        'stays the same until the next step.',
    );
  });

  it('two reductions in a row that cannot be given are both named; weekends are named as weekends', () => {
    const steps = explainStepLengths(
      [
        { date: '2026-12-07', dose: 100 },
        { date: '2027-01-18', dose: 50 },
      ],
      14,
      FENTANYL,
      false,
    );
    expect(notes(steps, 14)[0]).toBe(
      'This dose lasts 6 weeks, not the plan’s 2 weeks. The reductions due on 21-Dec-2026 and 04-Jan-2027 ' +
        'could not be given with the patch strengths available without going faster than planned, so the dose ' +
        'stays the same until the next step.',
    );
    // Saturday 19-Dec-2026 moves to Monday 21-Dec-2026: the step before lasts 16 days.
    const moved = avoidNonWorkingDaysExplained([
      { date: '2026-12-05', dose: 20 },
      { date: '2026-12-19', dose: 10 },
    ]);
    expect(moved.map((s) => s.date)).toEqual(['2026-12-05', '2026-12-21']);
    expect(notes(moved, 14)[0]).toBe(
      'This dose lasts 16 days, not the plan’s 2 weeks. The next step was moved from Saturday 19-Dec-2026 ' +
        '(a weekend) to Monday 21-Dec-2026, so that it starts on a day the surgery and pharmacy are open.',
    );
  });

  it('a step no longer than the interval, and the last step, say nothing; unknown reasons say so', () => {
    expect(stepLengthNote({ date: '2026-12-07' }, { date: '2026-12-21' }, 14, [])).toBeNull();
    expect(stepLengthNote({ date: '2026-12-07' }, undefined, 14, ['x'])).toBeNull();
    expect(stepLengthNote({ date: '2026-12-07' }, { date: '2027-01-04' }, 14, [])).toBe(
      'This dose lasts 4 weeks, not the plan’s 2 weeks (the reason was not recorded with this plan).',
    );
    expect([lengthWords(7), lengthWords(1), lengthWords(15), lengthWords(28)]).toEqual([
      '1 week',
      '1 day',
      '15 days',
      '4 weeks',
    ]);
  });
});
