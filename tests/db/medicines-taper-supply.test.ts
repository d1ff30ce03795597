import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { OXY_MR, patientWith } from '../helpers/seed';

/**
 * Issue 13: every taper step says what the GP prescribes for the step's length, with the arithmetic, on the
 * plan and in the letter. Worked by hand: the FPM default (10% of the starting dose every 14 days) gives the
 * step dates; patches: changes = days ÷ 3 (72-hour fentanyl patch SPC), rounded up; tablets: a day × days.
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

describeEachEngine('quantities per taper step', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
  });
  afterEach(async () => app.close());

  async function planFor(medicine: MedicineInput) {
    const { patient, entries } = await patientWith(app, medicine);
    return app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Agreed to reduce',
      startDate: '2026-11-23',
    });
  }

  it('fentanyl 100: the patches of each real strength for each step, honouring the 3-day change', async () => {
    const plan = await planFor(FENTANYL_100);
    // Aims 90 (100 held), 80 -> 87.5 on day 28, 70 -> 75 on day 42, ... 50 on day 70, 40 (held), 37.5 on day
    // 98, 25 on day 112, 12.5 on day 126, 0 on day 140.
    expect(plan.steps.map((s) => s.date)).toEqual([
      '2026-11-23',
      '2026-12-21',
      '2027-01-04',
      '2027-01-18',
      '2027-02-01',
      '2027-03-01',
      '2027-03-15',
      '2027-03-29',
      '2027-04-12',
    ]);
    // Step 0: 28 days ÷ 3 = 9.3 -> 10 changes of one 100 patch.
    expect(plan.steps[0]!.supply?.text).toBe('Fentanyl 100 micrograms/hour patches: 10 patches for 28 days');
    // Step 1: 75 + 12 for 14 days: 14 ÷ 3 = 4.7 -> 5 changes, 5 of each.
    expect(plan.steps[1]!.supply?.text).toBe(
      'Fentanyl 75 micrograms/hour patches: 5 patches; fentanyl 12 micrograms/hour patches: 5 patches; for 14 days',
    );
    expect(plan.steps[1]!.supply?.lines[0]!.how).toMatch(/14 days ÷ 3 = 4.7, rounded up to 5 changes/);
    // Step 4 (50) lasts 28 days: 10 patches. Step 7 (the 12, delivering 12.5): 5 patches. Stop: nothing.
    expect(plan.steps[4]!.supply?.text).toBe('Fentanyl 50 micrograms/hour patches: 10 patches for 28 days');
    expect(plan.steps[7]!.supply?.text).toBe('Fentanyl 12 micrograms/hour patches: 5 patches for 14 days');
    expect(plan.steps[8]!.supply).toBeNull();
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(letter.plan.steps[1]!.supply?.text).toBe(plan.steps[1]!.supply?.text);
  });

  it('oxycodone MR 20 mg twice a day: 35 mg a day as 15 mg + 20 mg is 14 of each for 14 days', async () => {
    const plan = await planFor(OXY_MR);
    // 10% of 40 = 4 mg a fortnight: aim 36 rounds up to 40 (5 mg tablets: held), aim 32 -> 35 on day 28, so
    // the starting dose lasts 28 days: 2 a day × 28 = 56.
    expect(plan.steps[0]!.supply?.text).toBe(
      'Oxycodone 20 mg modified-release tablets: 56 tablets for 28 days',
    );
    expect(plan.steps[1]!.dose).toBe(35);
    expect(plan.steps[1]!.supply?.lines.map((l) => [l.label, l.count, l.how])).toEqual([
      ['oxycodone 20 mg modified-release tablets', 14, '1 a day × 14 days = 14'],
      ['oxycodone 15 mg modified-release tablets', 14, '1 a day × 14 days = 14'],
    ]);
  });

  it('diazepam 5 mg three times a day: the plan names the Ashton rule set and each step asks for the oral solution it uses', async () => {
    // Issue 13 (stop 6, H-MED-46/47): the plan was labelled "Default opioid taper" and the 4.5 mg step asked for
    // 21 tablets and no solution. Ashton (2002): 1 mg off a step above 5 mg a day, 0.5 mg from 5 mg, every 14
    // days; 4.5 mg = 1 + 1.5 + 2: 28 × 2 mg tablets and 0.5 mg a day = 1.25 mL × 14 = 17.5 mL of 2 mg/5 mL.
    const plan = await planFor({
      ...OXY_MR,
      formularyId: 'diazepam-tablet',
      strength: '5 mg',
      doseMg: 5,
      timesPerDay: 3,
    });
    expect(plan.ruleSet.name).toBe('Benzodiazepine switch to diazepam and reduction (Ashton)');
    expect(plan.ruleSet.id).toBe('benzodiazepine-taper-ashton');
    const step = plan.steps.find((s) => s.dose === 4.5)!;
    expect(step.supply?.text).toBe(
      'Diazepam 2 mg tablets: 28 tablets; diazepam 2 mg/5 mL oral solution: 17.5 mL; for 14 days',
    );
    // 1.5 mg a day, all solution: 3.75 mL × 14 = 52.5 mL.
    expect(plan.steps.find((s) => s.dose === 1.5)!.supply?.text).toBe(
      'Diazepam 2 mg/5 mL oral solution: 52.5 mL for 14 days',
    );
  });
});
