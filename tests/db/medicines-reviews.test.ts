import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { OXY_MR, patientWith as seedPatientWith, rowCounter } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const count = rowCounter(() => app);
const storedOme = (patientId: number) =>
  app.dispatcher.conn.sqlite
    .prepare('SELECT total_mg_per_24h, high_dose, harm_rises FROM patient_ome WHERE patient_id = ?')
    .get(patientId) as { total_mg_per_24h: number; high_dose: number; harm_rises: number };

/** Moves the test clock to 10:00 UTC on `date` and unlocks the session (the lock follows inactivity). */
async function onDay(date: string) {
  app.clock.now = new Date(`${date}T10:00:00Z`);
  await app.ok('auth:unlock', { password: 'correct horse battery' });
}

const oxyPrn: MedicineInput = {
  ...OXY_MR,
  formularyId: 'oxycodone-ir-capsule',
  strength: '5 mg',
  doseKind: 'prn',
  doseMg: 5,
  timesPerDay: 4,
  prnMaxMgPer24h: 20,
  indication: 'Breakthrough pain',
};

const patientWith = (...meds: MedicineInput[]) => seedPatientWith(app, ...meds);

async function activePlan(patientId: number, itemId: number) {
  const draft = await app.ok('meds:createPlan', {
    patientId,
    itemId,
    goal: 'stop',
    reason: 'Little benefit',
    startDate: '2026-11-21',
  });
  return app.ok('meds:signOff', {
    planId: draft.id,
    version: draft.version,
    patientAgreed: true,
    agreementNote: 'Agreed in clinic',
  });
}

const heldReview = { reviewDate: '2026-11-21', outcome: 'held' as const, painScore: 5, functionScore: 5 };

describe('PRN "taken" recorded at a review (the service’s clinical decisions, clinical lead: medicines 7)', () => {
  it('the review’s OME and its history point use the amount taken; the current total and flags keep the maximum', async () => {
    await signedInAs(app, 'nurse');
    await onDay('2026-11-10');
    const { patient, entries } = await patientWith(OXY_MR, oxyPrn);
    // 40 mg × 1.5 = 60 regular + PRN at its maximum 20 mg × 1.5 = 30: 90, high dose.
    let meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.totalMgPer24h).toBe(90);
    expect(meds.ome.flags.map((f) => f.code)).toContain('OME_HIGH_DOSE');

    await onDay('2026-11-21');
    const plan = await activePlan(patient.id, entries[0]!.itemId);
    const before = count('audit_log', "action = 'medicines.review'");
    await app.ok('meds:recordReview', {
      ...heldReview,
      planId: plan.id,
      version: plan.version,
      nextReviewDate: null,
      prnTaken: [{ itemId: entries[1]!.itemId, takenMgPer24h: 10 }],
    });
    meds = await app.ok('meds:patient', { patientId: patient.id });
    // The review: 60 + 10 mg × 1.5 = 15 → 75, below 90, labelled with the review date.
    const review = meds.reviews[0]!;
    expect(review).toMatchObject({ reviewDate: '2026-11-21', totalMgPer24h: 75, complete: true });
    expect(review.taperReviewId).not.toBeNull();
    expect(review.flags.map((f) => f.code)).not.toContain('OME_HIGH_DOSE');
    const prnLine = review.lines.find((l) => l.itemId === entries[1]!.itemId)!;
    expect(prnLine).toMatchObject({ basis: 'prn-taken', omeMgPer24h: 15 });
    expect(prnLine.dailyExplanation).toBe(
      'as needed: taken 10 mg/24h (recorded at review on 21-Nov-2026; prescribed maximum 20 mg/24h)',
    );
    expect(review.lines.find((l) => l.itemId === entries[0]!.itemId)).toMatchObject({
      basis: 'regular',
      omeMgPer24h: 60,
    });
    // Everywhere else: the maximum.
    expect(meds.ome.totalMgPer24h).toBe(90);
    expect(meds.ome.flags.map((f) => f.code)).toContain('OME_HIGH_DOSE');
    expect(storedOme(patient.id)).toEqual({ total_mg_per_24h: 90, high_dose: 1, harm_rises: 0 });
    // History: 90 on 10 Nov, the review's 75 on 21 Nov.
    expect(meds.omeSeries).toEqual([
      { date: '2026-11-10', totalMgPer24h: 90, complete: true, fromReview: false },
      { date: '2026-11-21', totalMgPer24h: 75, complete: true, fromReview: true },
    ]);
    // Shown beside the PRN line, for this version only.
    const prn = meds.current.find((e) => e.itemId === entries[1]!.itemId)!;
    expect(prn.latestTaken).toMatchObject({ reviewDate: '2026-11-21', takenMgPer24h: 10, omeMgPer24h: 15 });
    expect(count('prn_taken')).toBe(1);
    expect(count('audit_log', "action = 'medicines.review'")).toBe(before + 1);

    // A changed prescription starts again from its maximum: the old taken amount no longer shows.
    await onDay('2026-11-25');
    await app.ok('meds:change', {
      itemId: prn.itemId,
      version: prn.version,
      medicine: { ...oxyPrn, prnMaxMgPer24h: 10, timesPerDay: 2 },
      reason: 'Fewer doses allowed',
    });
    meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.current.find((e) => e.itemId === prn.itemId)!.latestTaken).toBeNull();
    expect(meds.ome.totalMgPer24h).toBe(75);
    expect(meds.omeSeries.at(-1)).toEqual({
      date: '2026-11-25',
      totalMgPer24h: 75,
      complete: true,
      fromReview: false,
    });
  });

  it('records a medicines review on its own (meds:recordPrnUse), with a caution when more than the maximum was taken', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR, oxyPrn);
    const review = await app.ok('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-21',
      taken: [{ itemId: entries[1]!.itemId, takenMgPer24h: 30 }],
      notes: 'Diary kept for a week',
    });
    // 60 + 30 mg × 1.5 = 45 → 105.
    expect(review).toMatchObject({ totalMgPer24h: 105, taperReviewId: null, notes: 'Diary kept for a week' });
    expect(review.cautions.join(' ')).toMatch(
      /taken 30 mg\/24h, more than the prescribed maximum of 20 mg\/24h/,
    );
    expect(review.ruleSet.id).toBe('opioids-aware-2020');
    expect(count('medicine_reviews')).toBe(1);
  });

  it('refuses a taken amount for a regular medicine, a future date, a duplicate, and roles without medicines.write, saving nothing', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR, oxyPrn);
    const before = () => [
      count('medicine_reviews'),
      count('prn_taken'),
      count('ome_snapshots'),
      count('audit_log'),
    ];
    const start = before();
    const regular = await app.call('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-21',
      taken: [{ itemId: entries[0]!.itemId, takenMgPer24h: 10 }],
    });
    expect(regular.ok || regular.error.fields?.['taken.0.itemId']).toMatch(
      /not one of the patient’s current as-needed/,
    );
    const future = await app.call('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-22',
      taken: [{ itemId: entries[1]!.itemId, takenMgPer24h: 10 }],
    });
    expect(future.ok || future.error.fields?.reviewDate).toMatch(/cannot be in the future/);
    const twice = await app.call('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-21',
      taken: [
        { itemId: entries[1]!.itemId, takenMgPer24h: 10 },
        { itemId: entries[1]!.itemId, takenMgPer24h: 5 },
      ],
    });
    expect(twice.ok || twice.error.fields?.['taken.1.itemId']).toMatch(/listed twice/);
    const none = await app.call('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-21',
      taken: [],
    });
    expect(none.ok || none.error.fields?.taken).toMatch(/at least one as-needed medicine/);
    const negative = await app.call('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-21',
      taken: [{ itemId: entries[1]!.itemId, takenMgPer24h: -1 }],
    });
    expect(negative.ok || negative.error.code).toBe('VALIDATION');
    // At a taper review: the whole review is refused (nothing half-saved).
    const plan = await activePlan(patient.id, entries[0]!.itemId);
    const reviewsBefore = count('taper_reviews');
    const atReview = await app.call('meds:recordReview', {
      ...heldReview,
      planId: plan.id,
      version: plan.version,
      nextReviewDate: null,
      prnTaken: [{ itemId: entries[0]!.itemId, takenMgPer24h: 10 }],
    });
    expect(atReview.ok || atReview.error.fields?.['prnTaken.0.itemId']).toMatch(/as-needed/);
    expect(count('taper_reviews')).toBe(reviewsBefore);
    await signedInAs(app, 'physiotherapist', 'physio');
    const physio = await app.call(
      'meds:recordPrnUse',
      {
        patientId: patient.id,
        reviewDate: '2026-11-21',
        taken: [{ itemId: entries[1]!.itemId, takenMgPer24h: 5 }],
      },
      'physio',
    );
    expect(physio.ok || physio.error.code).toBe('FORBIDDEN');
    const afterAll = before();
    // Only the plan's sign-off audit row was added in between.
    expect(afterAll.slice(0, 3)).toEqual(start.slice(0, 3));
  });
});

describe('CDC 2022 comparison (never mixed into the UK total or flags)', () => {
  it('shows per-item and total MME beside the UK OME; UK total, flags and stored totals are untouched', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith(
      {
        ...OXY_MR,
        formularyId: 'morphine-mr-tablet',
        strength: '30 mg',
        doseMg: 30,
        timesPerDay: 2,
      },
      { ...OXY_MR, formularyId: 'tramadol-capsule', strength: '50 mg', doseMg: 100, timesPerDay: 4 },
      {
        ...OXY_MR,
        formularyId: 'buprenorphine-7-day-patch',
        strength: '10 micrograms/hour',
        doseKind: 'patch',
        patchMcgPerHour: 10,
        patchChangeEveryDays: 7,
      },
    );
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    // UK: morphine 60 × 1 = 60; tramadol 400 × 0.1 = 40; buprenorphine 10 mcg/h table row = 24 → 124.
    expect(meds.ome.totalMgPer24h).toBe(124);
    expect(meds.ome.complete).toBe(true);
    // CDC 2022: morphine 60; tramadol 400 × 0.2 = 80; buprenorphine excluded → 140, incomplete.
    const cdc = meds.cdcComparison;
    expect(cdc.label).toBe('CDC 2022 (US) — comparison only, not used for UK totals or flags');
    expect(cdc.ruleSet.id).toBe('cdc-2022-comparison');
    expect(cdc.totalMgPer24h).toBe(140);
    expect(cdc.complete).toBe(false);
    expect(cdc.ukTotalMgPer24h).toBe(124);
    expect(cdc.items.map((i) => [i.name, i.ukOmeMgPer24h, i.cdcMmeMgPer24h, i.cdcFactor])).toEqual([
      ['Morphine sulfate modified-release tablets (12-hourly)', 60, 60, 1],
      [expect.stringMatching(/Tramadol/), 40, 80, 0.2],
      [expect.stringMatching(/Buprenorphine/), 24, null, null],
    ]);
    // Flags and the stored total come from the UK figure only.
    expect(meds.ome.flags.map((f) => f.code)).toEqual([
      'OME_HIGH_DOSE',
      'OME_HARM_RISES',
      'MULTIPLE_OPIOIDS',
    ]);
    expect(meds.ome.flags.every((f) => !f.ruleSet.id.includes('cdc'))).toBe(true);
    expect(storedOme(patient.id).total_mg_per_24h).toBe(124);
    const view = await app.ok('meds:serviceView', {});
    expect(view.highest[0]!.totalMgPer24h).toBe(124);
  });

  it('a CDC figure above a threshold never raises a UK flag', async () => {
    await signedInAs(app, 'nurse');
    // Tramadol 400 mg + codeine 240 mg + morphine 30 mg: UK 40 + 24 + 30 = 94 (≥ 90, < 120);
    // CDC 80 + 36 + 30 = 146 (≥ 120).
    const { patient } = await patientWith(
      { ...OXY_MR, formularyId: 'tramadol-capsule', strength: '50 mg', doseMg: 100, timesPerDay: 4 },
      { ...OXY_MR, formularyId: 'codeine-tablet', strength: '60 mg', doseMg: 60, timesPerDay: 4 },
      { ...OXY_MR, formularyId: 'morphine-mr-tablet', strength: '15 mg', doseMg: 15, timesPerDay: 2 },
    );
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.totalMgPer24h).toBe(94);
    expect(meds.cdcComparison.totalMgPer24h).toBe(146);
    expect(meds.ome.flags.map((f) => f.code)).not.toContain('OME_HARM_RISES');
    expect(storedOme(patient.id)).toEqual({ total_mg_per_24h: 94, high_dose: 1, harm_rises: 0 });
  });
});

describe('uneven doses and liquids in taper plans', () => {
  it('records morning 20 mg / evening 10 mg, and tapers the larger dose first to the formulary strengths', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith({
      ...OXY_MR,
      doseMg: undefined,
      timesPerDay: undefined,
      administrationsMg: [20, 10],
    } as MedicineInput);
    const med = entries[0]!;
    expect(med).toMatchObject({ administrationsMg: [20, 10], timesPerDay: 2, doseMg: null });
    expect(med.doseText).toBe('20 mg in the morning and 10 mg in the evening (30 mg a day)');
    expect(med.ome).toMatchObject({ omeMgPer24h: 45, dailyExplanation: '20 mg + 10 mg = 30 mg/24h' });
    const draft = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: med.itemId,
      goal: 'stop',
      reason: 'Reduce',
      startDate: '2026-11-21',
    });
    // Hand-worked (tests/unit/clinical/medicines-taper-doses.test.ts): 3 mg a step rounded up to 5 mg.
    expect(draft.steps.map((s) => [s.date, s.administrations!.map((a) => a.mg)])).toEqual([
      ['2026-11-21', [20, 10]],
      ['2026-12-19', [15, 10]],
      ['2027-01-16', [10, 10]],
      ['2027-01-30', [5, 10]],
      ['2027-02-27', [5, 5]],
      ['2027-03-27', [0, 5]],
      ['2027-04-10', [0, 0]],
    ]);
    expect(draft.roundTo).toBe(5);
    expect(draft.steps[1]!.instruction).toBe(
      'Take 15 mg in the morning and 10 mg in the evening (25 mg a day)',
    );
    expect(draft.steps[5]!.instruction).toBe(
      'Take nothing in the morning and 5 mg in the evening (5 mg a day)',
    );
    // Editing a step's daily dose re-splits it larger dose first; a dose that cannot be made is refused.
    const edited = await app.ok('meds:updateSteps', {
      planId: draft.id,
      version: draft.version,
      steps: [
        { date: '2026-11-21', dose: 30 },
        { date: '2026-12-05', dose: 25 },
        { date: '2027-01-02', dose: 15 },
        { date: '2027-01-30', dose: 0 },
      ],
    });
    expect(edited.steps.map((s) => s.administrations!.map((a) => a.mg))).toEqual([
      [20, 10],
      [15, 10],
      [5, 10],
      [0, 0],
    ]);
    const bad = await app.call('meds:updateSteps', {
      planId: edited.id,
      version: edited.version,
      steps: [
        { date: '2026-11-21', dose: 30 },
        { date: '2026-12-05', dose: 27 },
        { date: '2027-01-30', dose: 0 },
      ],
    });
    expect(bad.ok || bad.error.fields?.['steps.1.dose']).toMatch(
      /cannot be made from the available strengths/,
    );
    // The step taken becomes the medicine's new (uneven) dose.
    let plan = await app.ok('meds:signOff', {
      planId: edited.id,
      version: edited.version,
      patientAgreed: true,
      agreementNote: 'Agreed',
    });
    await onDay('2026-12-05');
    plan = await app.ok('meds:recordReview', {
      planId: plan.id,
      version: plan.version,
      reviewDate: '2026-12-05',
      outcome: 'taken',
      painScore: 5,
      functionScore: 6,
      nextReviewDate: null,
    });
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    const now = meds.current[0]!;
    expect(now).toMatchObject({ administrationsMg: [15, 10], doseMg: null, timesPerDay: 2 });
    expect(meds.ome.totalMgPer24h).toBe(37.5);
    const letter = await app.ok('meds:planLetter', { planId: plan.id });
    expect(letter.plan.steps.map((s) => s.instruction)).toContain(
      'Take 5 mg in the morning and 10 mg in the evening (15 mg a day)',
    );
  });

  it('rounds a liquid to 0.5 mL of its concentration and shows mL beside mg', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith({
      ...OXY_MR,
      formularyId: 'oxycodone-oral-solution',
      strength: '5 mg/5 mL',
      doseMg: 5,
      timesPerDay: 2,
    });
    const draft = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Reduce',
      intervalDays: 7,
      startDate: '2026-11-21',
    });
    expect(draft.mgPerMl).toBe(1);
    expect(draft.roundTo).toBe(1);
    expect(draft.steps.map((s) => s.dose)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(draft.steps[1]!.administrations).toEqual([
      { mg: 4.5, ml: 4.5 },
      { mg: 4.5, ml: 4.5 },
    ]);
    expect(draft.steps[1]!.instruction).toBe('Take 4.5 mL (4.5 mg) twice a day (9 mg a day)');
  });
});

describe('the service tests issue 4 lists', () => {
  it('a medicine change mid-plan: the next step is refused until the plan is reviewed; a held review still records', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR);
    let plan = await activePlan(patient.id, entries[0]!.itemId);
    // The GP changes the dose while the plan is running.
    await app.ok('meds:change', {
      itemId: entries[0]!.itemId,
      version: 1,
      medicine: { ...OXY_MR, doseMg: 30 },
      reason: 'GP increased for a flare',
    });
    const step1 = plan.steps[1]!;
    // Since plan versions (issue 13), the change moves the plan to the new dose as a new version that a
    // prescriber must review before any step: the dose the patient is on is 60 mg/day, never 40.
    plan = await app.ok('meds:plan', { planId: plan.id });
    expect(plan.currentDose).toBe(60);
    await onDay(step1.date);
    const counts = () => [count('taper_reviews'), count('medicine_entries'), count('ome_snapshots')];
    const before = counts();
    const taken = await app.call('meds:recordReview', {
      planId: plan.id,
      version: plan.version,
      reviewDate: step1.date,
      outcome: 'taken',
      painScore: 6,
      functionScore: 5,
      nextReviewDate: null,
    });
    expect(taken.ok).toBe(false);
    if (taken.ok) return;
    expect(taken.error.fields?.outcome).toMatch(/needs review/);
    expect(counts()).toEqual(before);
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.current[0]!.doseMg).toBe(30);
    expect(meds.ome.totalMgPer24h).toBe(90);
    plan = await app.ok('meds:recordReview', {
      planId: plan.id,
      version: plan.version,
      reviewDate: step1.date,
      outcome: 'held',
      painScore: 6,
      functionScore: 5,
      notes: 'Flare; GP increased. Hold and discuss at MDT.',
      nextReviewDate: null,
    });
    expect(plan.holds).toBe(1);
    expect(plan.currentDose).toBe(60);
  });

  it('a draft whose medicine changed cannot be signed off', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR);
    const draft = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'Reduce',
      startDate: '2026-11-21',
    });
    await app.ok('meds:change', {
      itemId: entries[0]!.itemId,
      version: 1,
      medicine: { ...OXY_MR, doseMg: 15 },
      reason: 'GP reduced',
    });
    const r = await app.call('meds:signOff', {
      planId: draft.id,
      version: draft.version,
      patientAgreed: true,
      agreementNote: 'ok',
    });
    expect(r.ok || r.error.message).toMatch(/changed since the plan was drafted/);
  });

  it('stopped medicines leave the total and the flags, and keep their history; the OME history is dated', async () => {
    await signedInAs(app, 'nurse');
    await onDay('2026-11-01');
    const { patient, entries } = await patientWith(OXY_MR, {
      ...OXY_MR,
      formularyId: 'morphine-mr-tablet',
      strength: '30 mg',
      doseMg: 30,
    });
    await onDay('2026-11-08');
    await app.ok('meds:change', {
      itemId: entries[0]!.itemId,
      version: 1,
      medicine: { ...OXY_MR, doseMg: 10 },
      reason: 'Reduced',
    });
    await onDay('2026-11-15');
    await app.ok('meds:stop', {
      itemId: entries[1]!.itemId,
      version: 1,
      stoppedOn: '2026-11-15',
      reason: 'Side effects',
    });
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    // 1 Nov: 60 + 60 = 120; 8 Nov: 30 + 60 = 90; 15 Nov: morphine stopped → 30.
    expect(meds.omeSeries.map((p) => [p.date, p.totalMgPer24h])).toEqual([
      ['2026-11-01', 120],
      ['2026-11-08', 90],
      ['2026-11-15', 30],
    ]);
    expect(meds.ome.totalMgPer24h).toBe(30);
    expect(meds.ome.flags.map((f) => f.code)).toEqual([]);
    expect(storedOme(patient.id)).toEqual({ total_mg_per_24h: 30, high_dose: 0, harm_rises: 0 });
    expect(meds.current.map((e) => e.generic)).toEqual(['oxycodone']);
    expect(meds.stopped).toEqual([
      expect.objectContaining({ generic: 'morphine', status: 'stopped', stoppedOn: '2026-11-15' }),
    ]);
    // Earlier versions, newest first.
    expect(meds.history.map((e) => [e.generic, e.version, e.doseText])).toEqual([
      ['morphine', 1, '30 mg twice a day'],
      ['oxycodone', 1, '20 mg twice a day'],
    ]);
    expect(meds.cdcComparison.items.map((i) => i.name)).toEqual([expect.stringMatching(/Oxycodone/)]);
  });
});

describe('medicines reviews query plans', () => {
  const plan = (q: string) =>
    (app.dispatcher.conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
  itOnSqlite(
    'reads a patient’s reviews and the amounts taken for the current versions through indexes',
    () => {
      expect(
        plan(
          'SELECT * FROM medicine_reviews WHERE patient_id = 1 ORDER BY review_date DESC, id DESC LIMIT 20',
        ),
      ).toMatch(/medicine_reviews_patient/);
      expect(plan('SELECT * FROM prn_taken WHERE entry_id IN (1, 2) ORDER BY review_date, id')).toMatch(
        /prn_taken_entry/,
      );
      expect(plan('SELECT * FROM medicine_reviews WHERE taper_review_id = 3')).toMatch(
        /medicine_reviews_taper_review/,
      );
    },
  );
});
