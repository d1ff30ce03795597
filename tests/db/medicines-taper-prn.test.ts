import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { patientWith } from '../helpers/seed';

/**
 * Issue 13, "As-needed lines can be tapered" (before: refused with "Taper plans are for regular doses and
 * patches"). The plan counts the line at its 24-hour maximum (the service's clinical decisions (clinical lead), medicines 7) and lowers it by the
 * opioid default, 10% of the starting dose every 2 weeks (FPM Opioids Aware). Worked by hand: oxycodone 5 mg
 * capsules, 5 mg up to 4 times in 24 hours, at least 4 hours apart = 20 mg; 2 mg a fortnight; only 5 mg
 * doses (5, 10, 20 mg capsules) so the maxima are 20, 15 (day 42), 10 (day 70), 5 (day 112), then stop (day
 * 140). Oxycodone oral factor 1.5 (FPM 2020): 20 mg = 30 mg OME, 15 mg = 22.5.
 */
const OXY_PRN: MedicineInput = {
  formularyId: 'oxycodone-ir-capsule',
  strength: '5 mg',
  doseKind: 'prn',
  doseMg: 5,
  timesPerDay: 4,
  prnMinIntervalHours: 4,
  startDate: '2026-06-01',
  prescriber: 'gp',
  indication: 'Breakthrough pain',
};

describeEachEngine('tapering an as-needed line', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
  });
  afterEach(async () => app.close());

  it('plans the 24-hour maximum down in doses the capsules give, in words a GP can dispense, and takes a step', async () => {
    const { patient, entries } = await patientWith(app, OXY_PRN);
    const plan = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Using fewer doses; agreed to reduce',
      startDate: '2026-11-23',
    });
    expect(plan.startDose).toBe(20);
    expect(plan.steps.map((s) => [s.date, s.dose])).toEqual([
      ['2026-11-23', 20],
      ['2027-01-04', 15],
      ['2027-02-01', 10],
      ['2027-03-15', 5],
      ['2027-04-12', 0],
    ]);
    expect(plan.steps[0]!.instruction).toBe(
      'Take 5 mg (1 × 5 mg capsule each time) when needed, at least 4 hours apart, no more than 4 doses in 24 hours (at most 20 mg in 24 hours)',
    );
    expect(plan.steps[1]!.instruction).toBe(
      'Take 5 mg (1 × 5 mg capsule each time) when needed, at least 4 hours apart, no more than 3 doses in 24 hours (at most 15 mg in 24 hours)',
    );
    expect(plan.steps[4]!.instruction).toBe('Stop taking it');
    // Step 1 lasts 28 days: at most 3 a day × 28 = 84 capsules.
    expect(plan.steps[1]!.supply?.text).toBe('Oxycodone 5 mg capsules: up to 84 capsules for 28 days');
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(letter.plan.steps[1]!.instruction).toBe(plan.steps[1]!.instruction);

    const signed = await app.ok('meds:signOff', {
      planId: plan.id,
      version: plan.version,
      patientAgreed: true,
      agreementNote: 'Agreed in clinic',
    });
    app.clock.now = new Date('2027-01-04T10:00:00Z');
    await app.ok('auth:unlock', { password: 'correct horse battery' });
    const after = await app.ok('meds:recordReview', {
      planId: plan.id,
      version: signed.version,
      reviewDate: '2027-01-04',
      outcome: 'taken',
      painScore: 5,
      functionScore: 6,
      nextReviewDate: null,
    });
    expect(after.currentDose).toBe(15);
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    const line = meds.current.find((m) => m.itemId === entries[0]!.itemId)!;
    expect(line).toMatchObject({ doseKind: 'prn', doseMg: 5, timesPerDay: 3, prnMaxMgPer24h: 15 });
    expect(line.prnMinIntervalHours).toBe(4);
    expect(line.ome?.omeMgPer24h).toBe(22.5);
  });

  it('a maximum changed outside the plan: needs review, the step says the new maximum in words, nothing goes up', async () => {
    const { patient, entries } = await patientWith(app, OXY_PRN);
    const draft = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Agreed to reduce',
      startDate: '2026-11-21',
    });
    const plan = await app.ok('meds:signOff', {
      planId: draft.id,
      version: draft.version,
      patientAgreed: true,
      agreementNote: 'Agreed',
    });
    // The GP lowers the maximum to 2 doses in 24 hours (10 mg) outside the plan.
    await app.ok('meds:change', {
      itemId: entries[0]!.itemId,
      version: entries[0]!.version,
      medicine: { ...OXY_PRN, timesPerDay: 2 },
      reason: 'GP reduced',
    });
    const after = await app.ok('meds:plan', { planId: plan.id });
    expect(after.needsReview).toMatch(/changed outside this plan .* to 10 mg/);
    const current = after.steps[after.currentStep]!;
    expect(current.instruction).toBe(
      'Take 5 mg when needed, at least 4 hours apart, no more than 2 doses in 24 hours (at most 10 mg in 24 hours)',
    );
    // The steps left are below 10 mg: 5 mg, then stop.
    expect(after.steps.slice(after.currentStep).map((s) => s.dose)).toEqual([10, 5, 0]);
    // A prescriber revises it (a new version) from the new maximum: 10% of 10 = 1 mg a fortnight and only
    // 5 mg doses, so 10 is held until the aim reaches 5 (day 70 from 21-Nov-2026), 5 is held until the aim
    // reaches 0 (day 140), when it stops (5 mg is the smallest maximum the capsules give: marked).
    const revised = await app.ok('meds:revisePlan', {
      planId: plan.id,
      version: after.version,
      reason: 'Reviewed with the GP',
      startDate: '2026-11-21',
    });
    expect(revised.needsReview).toBeNull();
    const left = revised.steps.slice(revised.currentStep);
    expect(left.map((s) => [s.date, s.dose])).toEqual([
      ['2026-11-21', 10],
      ['2027-01-30', 5],
      ['2027-04-10', 0],
    ]);
    expect(left[1]!.instruction).toMatch(/no more than 1 dose in 24 hours \(at most 5 mg in 24 hours\)/);
  });
});
