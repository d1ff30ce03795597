import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { OXY_MR, patientWith as seedPatientWith } from '../helpers/seed';

/** Issue 13: plans written from real products, with class defaults (schedules worked by hand). */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

async function planFor(medicine: MedicineInput) {
  await signedInAs(app, 'consultant');
  const { patient, entries } = await seedPatientWith(app, medicine);
  return app.ok('meds:createPlan', {
    patientId: patient.id,
    itemId: entries[0]!.itemId,
    goal: 'stop',
    reason: 'Agreed to reduce',
    startDate: '2026-11-23',
  });
}

describe('taper plans from real products', () => {
  it('fentanyl 100 micrograms/hour: real patches, "75 + 12" not "96", the larger step shown with its reason', async () => {
    const plan = await planFor({
      ...OXY_MR,
      formularyId: 'fentanyl-72-hour-patch',
      strength: '100 micrograms/hour',
      doseKind: 'patch',
      doseMg: undefined,
      timesPerDay: undefined,
      patchMcgPerHour: 100,
      patchChangeEveryDays: 3,
    });
    // FPM default 10% of 100 = 10 per 2 weeks; patches make multiples of 12.5 (12 delivers 12.5).
    expect(plan.steps.map((s) => s.dose)).toEqual([100, 87.5, 75, 62.5, 50, 37.5, 25, 12.5, 0]);
    expect(plan.steps[1]!.instruction).toBe(
      'Use one 75 micrograms/hour patch and one 12 micrograms/hour patch, changed every 3 days (remove the old patches)',
    );
    expect(plan.steps[1]!.note).toMatch(/more than the chosen 10 micrograms\/hour/);
    expect(plan.steps.some((s) => /96|24 micrograms/.test(s.instruction))).toBe(false);
  });

  it('tramadol 100 mg four times a day goes 400 -> 350 -> 300..., not 400 -> 200 -> stop', async () => {
    const plan = await planFor({
      ...OXY_MR,
      formularyId: 'tramadol-capsule',
      strength: '50 mg',
      doseMg: 100,
      timesPerDay: 4,
    });
    expect(plan.steps.map((s) => s.dose)).toEqual([400, 350, 300, 250, 200, 150, 100, 50, 0]);
  });

  it('diazepam 5 mg three times a day uses the Ashton default: 1 mg a day less every 2 weeks, 0.5 mg from 5 mg', async () => {
    const plan = await planFor({
      ...OXY_MR,
      formularyId: 'diazepam-tablet',
      strength: '5 mg',
      doseMg: 5,
      timesPerDay: 3,
    });
    expect(plan.intervalDays).toBe(14);
    // Ashton H. Benzodiazepines: How they work and how to withdraw, 2002 (worked by hand in
    // tests/unit/clinical/medicines-benzo-ashton.test.ts).
    expect(plan.steps.map((s) => s.dose)).toEqual([
      15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5, 0,
    ]);
    expect(plan.steps[1]!.products).toBe(
      '2 × 2 mg tablets morning; 1 × 5 mg tablet midday; 1 × 5 mg tablet night',
    );
  });
});

describe('a dose changed outside an active plan', () => {
  it('marks the plan "needs review" at once (plan, worklist, letter), and the letter says so', async () => {
    await signedInAs(app, 'consultant');
    const { patient, entries } = await seedPatientWith(app, OXY_MR); // oxycodone MR 20 mg twice a day
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
      agreementNote: 'Agreed in clinic',
    });
    // The GP increases the dose outside the plan: 30 mg twice a day.
    await app.ok('meds:change', {
      itemId: entries[0]!.itemId,
      version: entries[0]!.version,
      medicine: { ...OXY_MR, doseMg: 30 },
      reason: 'GP increased for flare',
    });
    const after = await app.ok('meds:plan', { planId: plan.id });
    expect(after.needsReview).toMatch(
      /changed outside this plan .* to 60 mg a day \(the plan expected 40 mg a day/,
    );
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(letter.plan.needsReview).toBe(after.needsReview);
    const worklist = await app.ok('meds:worklist', { today: '2026-11-21', upcomingDays: 30 });
    const row = [...worklist.overdue, ...worklist.dueToday, ...worklist.upcoming].find(
      (r) => r.planId === plan.id,
    );
    expect(row?.needsReview).toBe(after.needsReview);
  });
});
