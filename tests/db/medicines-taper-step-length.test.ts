import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { OXY_MR, patientWith } from '../helpers/seed';

/**
 * Found in review: the GP letter asked for 28 days of a step in a 2-weekly plan and never said why. Each step
 * that lasts longer than the plan's interval now says, on the plan and in both copies of the letter, how long
 * and why, in words a GP understands.
 *
 * Worked by hand: fentanyl 100 micrograms/hour, the FPM default (10% of the starting dose, 10 micrograms/hour,
 * every 14 days) from Monday 07-Dec-2026, step dates off weekends and bank holidays. The patches deliver 12.5
 * (the "12"), 25, 50, 75 and 100 micrograms/hour, so doses come in 12.5s and each planned dose is rounded up:
 * 21-Dec 90 -> 100 (no change: held), 04-Jan 80 -> 87.5, 18-Jan 70 -> 75, 01-Feb 60 -> 62.5, 15-Feb 50,
 * 01-Mar 40 -> 50 (held), 15-Mar 30 -> 37.5, 29-Mar 20 -> 25, 12-Apr 10 -> 12.5, 26-Apr 0.
 * Every step date is a Monday; 29-Mar-2027 is Easter Monday, so that step and every later one move a day:
 * 30-Mar, 13-Apr, 27-Apr. So 100 lasts 28 days (07-Dec to 04-Jan), 50 lasts 28 days (15-Feb to 15-Mar), and
 * 37.5 lasts 15 days (15-Mar to 30-Mar); every other step lasts 14.
 */
const FENTANYL_100: MedicineInput = {
  ...OXY_MR,
  formularyId: 'fentanyl-72-hour-patch',
  strength: '100 micrograms/hour',
  doseKind: 'patch',
  doseMg: undefined,
  timesPerDay: undefined,
  patchMcgPerHour: 100,
  patchChangeEveryDays: 3,
};

const ROUNDED_21_DEC =
  'The reduction due on 21-Dec-2026 could not be given with the patch strengths available without going ' +
  'faster than planned, so the dose stays the same until the next step.';

describeEachEngine('why a taper step lasts longer than the plan’s interval', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
  });
  afterEach(async () => app.close());

  async function draft() {
    const { patient, entries } = await patientWith(app, FENTANYL_100);
    return app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Agreed to reduce',
      startDate: '2026-12-07',
      avoidWeekends: true,
    });
  }

  it('fentanyl 100: the patch strength limit and Easter Monday, on the plan and in the letter', async () => {
    const plan = await draft();
    expect(plan.steps.map((s) => [s.date, s.dose])).toEqual([
      ['2026-12-07', 100],
      ['2027-01-04', 87.5],
      ['2027-01-18', 75],
      ['2027-02-01', 62.5],
      ['2027-02-15', 50],
      ['2027-03-15', 37.5],
      ['2027-03-30', 25],
      ['2027-04-13', 12.5],
      ['2027-04-27', 0],
    ]);
    expect(plan.steps.map((s) => s.longer)).toEqual([
      `This dose lasts 4 weeks, not the plan’s 2 weeks. ${ROUNDED_21_DEC}`,
      null,
      null,
      null,
      'This dose lasts 4 weeks, not the plan’s 2 weeks. The reduction due on 01-Mar-2027 could not be given ' +
        'with the patch strengths available without going faster than planned, so the dose stays the same ' +
        'until the next step.',
      'This dose lasts 15 days, not the plan’s 2 weeks. The next step was moved from Monday 29-Mar-2027 ' +
        '(Easter Monday, a bank holiday) to Tuesday 30-Mar-2027, so that it starts on a day the surgery and ' +
        'pharmacy are open.',
      null,
      null,
      null,
    ]);
    // The quantity the GP is asked for matches the length explained: 28 days ÷ 3 = 9.3 -> 10 patches.
    expect(plan.steps[0]!.supply?.text).toBe('Fentanyl 100 micrograms/hour patches: 10 patches for 28 days');
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(letter.plan.steps.map((s) => s.longer)).toEqual(plan.steps.map((s) => s.longer));
  });

  it('a hold at a review adds its own reason to the step held', async () => {
    const d = await draft();
    const plan = await app.ok('meds:signOff', {
      planId: d.id,
      version: d.version,
      patientAgreed: true,
      agreementNote: 'Agreed in clinic',
    });
    // Held on Monday 28-Dec-2026: the next step moves to 28-Dec + 14 = 11-Jan-2027, so 100 now lasts
    // 07-Dec to 11-Jan = 35 days = 5 weeks.
    app.clock.now = new Date('2026-12-28T10:00:00Z');
    await app.ok('auth:unlock', { password: 'correct horse battery' });
    const held = await app.ok('meds:recordReview', {
      planId: plan.id,
      version: plan.version,
      reviewDate: '2026-12-28',
      outcome: 'held',
      painScore: 5,
      functionScore: 5,
      nextReviewDate: null,
      notes: 'Worse sleep',
    });
    expect(held.steps[1]!.date).toBe('2027-01-11');
    expect(held.steps[0]!.longer).toBe(
      `This dose lasts 5 weeks, not the plan’s 2 weeks. ${ROUNDED_21_DEC} Held at the review on 28-Dec-2026.`,
    );
    expect(held.steps[0]!.supply?.text).toBe('Fentanyl 100 micrograms/hour patches: 12 patches for 35 days');
  });

  it('a patch changed outside the plan: the step says which patch, how often, to remove the old one, and why it is longer', async () => {
    // Found on the browser walk: the new current step read only "Use a 75 micrograms/hour patch" (no change
    // interval, no "remove the old patch"), in the plan and in the patient's calendar. Changed today
    // (21-Nov-2026, the test clock) to 75: the plan's steps at or above 75 are dropped, so the next is 62.5 on
    // 01-Feb-2027 (the draft's date): the 75 lasts 21-Nov-2026 to 01-Feb-2027 = 72 days.
    const d = await draft();
    const plan = await app.ok('meds:signOff', {
      planId: d.id,
      version: d.version,
      patientAgreed: true,
      agreementNote: 'Agreed in clinic',
    });
    const meds = await app.ok('meds:patient', { patientId: plan.patientId });
    const line = meds.current[0]!;
    await app.ok('meds:change', {
      itemId: line.itemId,
      version: line.version,
      medicine: { ...FENTANYL_100, strength: '75 mcg/h', patchMcgPerHour: 75 },
      reason: 'Drowsy at 100; GP reduced',
    });
    const after = await app.ok('meds:plan', { planId: plan.id });
    const current = after.steps.find((s) => s.stepNo === after.currentStep)!;
    expect(current.date).toBe('2026-11-21');
    expect(current.instruction).toBe(
      'Use one 75 micrograms/hour patch, changed every 3 days (remove the old patches)',
    );
    expect(after.steps[after.currentStep + 1]).toMatchObject({ date: '2027-02-01', dose: 62.5 });
    expect(current.longer).toBe(
      'This dose lasts 72 days, not the plan’s 2 weeks. The dose was changed outside the plan on 21-Nov-2026; ' +
        'the plan’s next lower dose keeps its planned date, and the plan is to be reviewed before then.',
    );
  });
});
