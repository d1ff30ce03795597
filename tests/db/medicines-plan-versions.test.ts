import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { OXY_MR, patientWith as seedPatientWith } from '../helpers/seed';

/**
 * Issue 13, quoted failure: "a dose changed outside an active plan, after which the plan and its GP letter
 * still show the old dose and the next 'step' is an increase". Worked by hand: oxycodone MR 20 mg twice a day
 * = 40 mg a day; the FPM Opioids Aware default (10% of the starting dose every 2 weeks) plans 40 -> 35 -> ...
 * The GP then lowers it outside the plan to 10 mg twice a day = 20 mg a day. Before the fix the plan still said
 * 40 mg a day with the next step 35 mg a day (an increase of 15 mg on what the patient now takes).
 */
describeEachEngine('a dose changed outside an active plan', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
  });
  afterEach(async () => app.close());

  async function onDay(date: string) {
    app.clock.now = new Date(`${date}T10:00:00Z`);
    await app.ok('auth:unlock', { password: 'correct horse battery' });
  }

  async function activePlan() {
    await signedInAs(app, 'consultant');
    const { patient, entries } = await seedPatientWith(app, OXY_MR);
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
    return { patient, entry: entries[0]!, plan };
  }

  it('moves the plan to the new dose in a new version; no step after it is an increase; the letter follows', async () => {
    const { entry, plan } = await activePlan();
    expect(plan.currentDose).toBe(40);
    expect(plan.planVersion).toBe(1);
    const firstLetter = await app.ok('meds:planLetter', { planId: plan.id });
    await onDay('2026-11-25');
    await app.ok('meds:change', {
      itemId: entry.itemId,
      version: entry.version,
      medicine: { ...OXY_MR, doseMg: 10 },
      reason: 'GP reduced after a fall',
    });
    const after = await app.ok('meds:plan', { planId: plan.id });
    // The plan shows what the patient now takes: 10 mg twice a day = 20 mg a day.
    expect(after.currentDose).toBe(20);
    const current = after.steps.find((s) => s.stepNo === after.currentStep)!;
    expect(current.dose).toBe(20);
    expect(current.date).toBe('2026-11-25');
    // No step still to come is at or above 20 mg a day, and each is lower than the one before.
    const ahead = after.steps.filter((s) => s.stepNo > after.currentStep);
    expect(ahead.length).toBeGreaterThan(0);
    let prev = 20;
    for (const s of ahead) {
      expect(s.dose).toBeLessThan(prev);
      prev = s.dose;
    }
    // A new version with the reason; the plan needs a prescriber's review.
    expect(after.planVersion).toBe(2);
    expect(after.versionReason).toMatch(/changed outside the plan.*GP reduced after a fall/);
    expect(after.needsReview).toMatch(/to 20 mg a day \(the plan expected 40 mg a day/);
    // The letter: version 2, replaces version 1 (dated when version 1 was made), current dose 20.
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(firstLetter.planVersion).toBe(1);
    expect(letter.planVersion).toBe(2);
    expect(letter.supersedes).toEqual([{ version: 1, from: '2026-11-21', until: '2026-11-25' }]);
    expect(letter.plan.steps.find((s) => s.stepNo === letter.plan.currentStep)!.instruction).toMatch(
      /10 mg twice a day/,
    );
  });

  it('refuses to take a step while the plan needs review, and a revision with a reason replans from the new dose', async () => {
    const { entry, plan } = await activePlan();
    await onDay('2026-11-25');
    await app.ok('meds:change', {
      itemId: entry.itemId,
      version: entry.version,
      medicine: { ...OXY_MR, doseMg: 30 },
      reason: 'GP increased for a flare',
    });
    const needs = await app.ok('meds:plan', { planId: plan.id });
    // An increase outside the plan: current 60, and every planned step left is below 60.
    expect(needs.currentDose).toBe(60);
    expect(needs.steps.filter((s) => s.stepNo > needs.currentStep).every((s) => s.dose < 60)).toBe(true);
    await onDay('2026-12-10');
    const r = await app.call('meds:recordReview', {
      planId: plan.id,
      version: needs.version,
      reviewDate: '2026-12-10',
      outcome: 'taken',
      painScore: 5,
      functionScore: 5,
      nextReviewDate: null,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.outcome).toMatch(/needs review/);
    // Empty reason refused, nothing saved.
    const empty = await app.call('meds:revisePlan', {
      planId: plan.id,
      version: needs.version,
      reason: ' ',
      startDate: '2026-12-10',
    });
    expect(empty.ok).toBe(false);
    const revised = await app.ok('meds:revisePlan', {
      planId: plan.id,
      version: needs.version,
      reason: 'Reviewed with the patient: restart the taper from 60 mg a day',
      startDate: '2026-12-10',
    });
    expect(revised.needsReview).toBeNull();
    expect(revised.planVersion).toBe(3);
    expect(revised.versionReason).toBe('Reviewed with the patient: restart the taper from 60 mg a day');
    // FPM default 10% of the new starting dose (60) = 6 mg; MR tablets (5, 10, 15, 20, 30...) are not halved,
    // larger dose first: 60 (30 + 30) -> 55 (25 + 30) -> 50 (25 + 25) ... every 14 days from 10-Dec-2026.
    const ahead = revised.steps.filter((s) => s.stepNo > revised.currentStep);
    expect(ahead[0]!.dose).toBe(55);
    expect(ahead[0]!.date).toBe('2026-12-24');
    expect(ahead.at(-1)!.dose).toBe(0);
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(letter.supersedes.map((v) => v.version)).toEqual([1, 2]);
  });
});

/**
 * Issue 13, letters: "The GP letter and patient calendar are dated, carry the service's contact number (a
 * setting), name the patient as people write names, ... list the other opioids and sedatives, give
 * class-specific withdrawal symptoms, and warn that tolerance falls so returning to an old dose risks overdose
 * (with naloxone advice where it applies)." Before this change the letter had none of these.
 */
describeEachEngine('the taper letter', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
  });
  afterEach(async () => app.close());

  it('is dated, carries the contact number, names Jo Smith, her pregabalin, opioid withdrawal, tolerance and naloxone', async () => {
    await signedInAs(app, 'admin', 'admin');
    await app.ok('settings:update', { version: 0, serviceContactNumber: '0114 271 1900' }, 'admin');
    const bad = await app.call(
      'settings:update',
      { version: 1, serviceContactNumber: 'call reception' },
      'admin',
    );
    expect(bad.ok).toBe(false);
    await signedInAs(app, 'consultant');
    const pregabalin = {
      ...OXY_MR,
      formularyId: 'pregabalin-capsule',
      strength: '150 mg',
      doseMg: 150,
      timesPerDay: 2,
      indication: 'Neuropathic pain',
    };
    const { patient, entries } = await seedPatientWith(app, OXY_MR, pregabalin);
    const draft = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Agreed to reduce',
      startDate: '2026-11-23',
    });
    const letter = await app.ok('meds:planLetter', { planId: draft.id });
    expect(letter.letterDate).toBe('2026-11-21');
    expect(letter.contactNumber).toBe('0114 271 1900');
    expect(letter.patient.name).toBe('Jo Smith');
    expect(letter.planVersion).toBe(1);
    expect(letter.supersedes).toEqual([]);
    expect(letter.safety.taperClass).toBe('opioid');
    expect(letter.safety.otherMedicines).toEqual([
      expect.objectContaining({
        why: 'gabapentinoid (sedating)',
        dose: expect.stringMatching(/150 mg twice a day/),
      }),
    ]);
    expect(letter.safety.withdrawal).toMatch(/sweating, yawning, a runny nose/);
    expect(letter.safety.tolerance).toMatch(/overdose/);
    // Opioid with a sedating medicine: naloxone advice (MHRA Drug Safety Update, March 2020).
    expect(letter.safety.naloxone).toMatch(/naloxone/);
    expect(letter.safety.source).toMatch(/Opioids Aware/);
  });
});
