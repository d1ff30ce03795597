import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, generateDemo } from '../../db/demo/generate';
import { hashPassword } from '../../db/services/passwords';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, TEST_PASSWORD_COST, type TestApp } from '../helpers/db';
import { JO, OXY_MR, patientWith as seedPatientWith, rowCounter } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const count = rowCounter(() => app);

const pregabalin: MedicineInput = {
  formularyId: 'pregabalin-capsule',
  strength: '150 mg',
  doseKind: 'regular',
  doseMg: 150,
  timesPerDay: 2,
  startDate: '2026-05-01',
  prescriber: 'gp',
  indication: 'Neuropathic pain',
};
const morphineMr: MedicineInput = {
  formularyId: 'morphine-mr-tablet',
  strength: '30 mg',
  doseKind: 'regular',
  doseMg: 30,
  timesPerDay: 2,
  startDate: '2026-06-01',
  prescriber: 'service',
  indication: 'Pain',
};

const patientWith = (...meds: MedicineInput[]) => seedPatientWith(app, ...meds);

/** Moves the clock to 10:00 UTC on `date` (the session locks after inactivity, so unlock it again). */
async function onDay(date: string) {
  app.clock.now = new Date(`${date}T10:00:00Z`);
  await app.ok('auth:unlock', { password: 'correct horse battery' });
}

describe('medicines list and OME', () => {
  it('adds medicines, shows OME per item with factor, source and arithmetic, and the combination flag', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR, pregabalin);
    expect(entries[0]!.ome).toMatchObject({ omeMgPer24h: 60, factor: 1.5, status: 'counted' });
    expect(entries[0]!.ome!.explanation).toBe('oxycodone oral 40 mg/24h × 1.5 = 60 mg OME');
    expect(entries[0]!.ome!.source).toMatch(/Opioids Aware/);
    expect(entries[1]!.ome).toBeNull();
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.current).toHaveLength(2);
    expect(meds.ome.totalMgPer24h).toBe(60);
    expect(meds.ome.ruleSet.id).toBeTruthy();
    expect(meds.ome.flags.map((f) => f.code)).toEqual(['OPIOID_GABAPENTINOID']);
    // Stored totals kept in step, and audited.
    const stored = app.dispatcher.conn.sqlite
      .prepare(
        'SELECT total_mg_per_24h, flag_opioid_gabapentinoid, high_dose FROM patient_ome WHERE patient_id = ?',
      )
      .get(patient.id);
    expect(stored).toEqual({ total_mg_per_24h: 60, flag_opioid_gabapentinoid: 1, high_dose: 0 });
    expect(count('audit_log', "action = 'medicines.add'")).toBe(2);
    expect(meds.omeSeries.at(-1)).toMatchObject({ totalMgPer24h: 60 });
  });

  it('raises the 90 and 120 mg thresholds (inclusive) and two opioids; the service view counts them', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith(OXY_MR, morphineMr);
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.totalMgPer24h).toBe(120);
    expect(meds.ome.flags.map((f) => f.code)).toEqual([
      'OME_HIGH_DOSE',
      'OME_HARM_RISES',
      'MULTIPLE_OPIOIDS',
    ]);
    const view = await app.ok('meds:serviceView', {});
    expect(view.thresholds.map((t) => [t.mgPer24h, t.patients])).toEqual([
      [90, 1],
      [120, 1],
    ]);
    expect(view.combinations.find((c) => c.code === 'MULTIPLE_OPIOIDS')!.patients).toBe(1);
    expect(view.highest[0]).toMatchObject({ patientId: patient.id, totalMgPer24h: 120 });
  });

  it('marks incomplete totals (methadone) and estimated conversions (subcutaneous oxycodone)', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith(
      { ...OXY_MR, formularyId: 'methadone-oral-solution', strength: '1 mg/mL', doseMg: 10, timesPerDay: 1 },
      { ...OXY_MR, formularyId: 'oxycodone-injection', strength: '10 mg/mL', doseMg: 5, timesPerDay: 2 },
    );
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.complete).toBe(false);
    expect(meds.ome.estimated).toBe(true);
    expect(meds.ome.totalMgPer24h).toBe(30);
    expect(meds.ome.cautions.join(' ')).toMatch(/estimated conversion: oxycodone subcutaneous/);
    expect(meds.ome.cautions.join(' ')).toMatch(/Incomplete total: not included: methadone oral/);
  });

  it('counts PRN at the maximum per 24 hours and refuses a maximum that disagrees with dose × doses, saving nothing', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith({
      ...OXY_MR,
      formularyId: 'oxycodone-ir-capsule',
      doseKind: 'prn',
      doseMg: 5,
      timesPerDay: 4,
      prnMaxMgPer24h: 20,
    });
    expect((await app.ok('meds:patient', { patientId: patient.id })).ome.totalMgPer24h).toBe(30);
    const before = [count('medicine_entries'), count('audit_log'), count('ome_snapshots')];
    const r = await app.call('meds:add', {
      patientId: patient.id,
      medicine: {
        ...OXY_MR,
        formularyId: 'oxycodone-ir-capsule',
        doseKind: 'prn',
        doseMg: 10,
        timesPerDay: 4,
        prnMaxMgPer24h: 100,
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    // Issue 13: "a PRN maximum of 100 mg beside 10 mg up to 4 times a day" (10 × 4 = 40).
    expect(r.error.fields?.['medicine.prnMaxMgPer24h']).toBe(
      '10 mg up to 4 times a day is at most 40 mg in 24 hours, not 100 mg. Leave the maximum empty and it is worked out.',
    );
    expect([count('medicine_entries'), count('audit_log'), count('ome_snapshots')]).toEqual(before);
  });

  it('versions changes (history kept), refuses a stale change, and stops with a reason', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR);
    const item = entries[0]!;
    const changed = await app.ok('meds:change', {
      itemId: item.itemId,
      version: 1,
      medicine: { ...OXY_MR, doseMg: 15 },
      reason: 'Reduced by GP',
    });
    expect(changed).toMatchObject({ version: 2, doseMg: 15, current: true, changeReason: 'Reduced by GP' });
    const stale = await app.call('meds:change', {
      itemId: item.itemId,
      version: 1,
      medicine: { ...OXY_MR, doseMg: 10 },
      reason: 'x',
    });
    expect(stale.ok || stale.error.code).toBe('CONFLICT');
    const stopped = await app.ok('meds:stop', {
      itemId: item.itemId,
      version: 2,
      stoppedOn: '2026-11-21',
      reason: 'Pain settled',
    });
    expect(stopped.status).toBe('stopped');
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.current).toHaveLength(0);
    expect(meds.stopped).toHaveLength(1);
    expect(meds.history.map((h) => h.version)).toEqual([2, 1]);
    expect(meds.ome.totalMgPer24h).toBe(0);
    expect(count('medicine_entries')).toBe(3);
  });

  it('refuses medicine writes to roles without medicines.write', async () => {
    await signedInAs(app, 'nurse');
    const p = await app.ok('patients:create', JO);
    await signedInAs(app, 'physiotherapist', 'physio');
    const r = await app.call('meds:add', { patientId: p.id, medicine: OXY_MR }, 'physio');
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
    expect(count('medicine_entries')).toBe(0);
  });
});

describe('deprescribing plans', () => {
  async function draft() {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR, pregabalin);
    const plan = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'stop',
      reason: 'High risk with pregabalin; little benefit',
      startDate: '2026-11-21',
    });
    return { patient, entries, plan };
  }

  it('generates the default taper (10% of the start every 2 weeks) rounded to formulary strengths', async () => {
    const { plan } = await draft();
    expect(plan.status).toBe('draft');
    expect(plan.percent).toBe(10);
    expect(plan.intervalDays).toBe(14);
    expect(plan.startDose).toBe(40);
    expect(plan.steps[0]).toMatchObject({ date: '2026-11-21', dose: 40 });
    expect(plan.steps.at(-1)!.dose).toBe(0);
    // Each dose of the day is whole 5 mg tablets (doses may differ through the day: issue 13), and the
    // daily dose always goes down.
    for (const [i, s] of plan.steps.entries()) {
      for (const a of s.administrations ?? []) expect(a.mg % 5).toBe(0);
      if (i > 0) expect(s.dose).toBeLessThan(plan.steps[i - 1]!.dose);
    }
    // Issue 13: 40 -> 35 mg a day (10% of 40 = 4, rounded up to the 5 mg grid), the morning dose first.
    expect(plan.steps[1]!.instruction).toMatch(/^Take 15 mg in the morning and 20 mg in the evening/);
    expect(plan.steps[1]!.products).toBe(
      '1 × 15 mg modified-release tablet morning; 1 × 20 mg modified-release tablet evening',
    );
  });

  it('edits steps before the start, and refuses steps that cannot be made or go up', async () => {
    const { plan } = await draft();
    const bad = await app.call('meds:updateSteps', {
      planId: plan.id,
      version: plan.version,
      steps: [
        { date: '2026-11-21', dose: 40 },
        { date: '2026-12-05', dose: 37 },
        { date: '2026-12-19', dose: 0 },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.fields?.['steps.1.dose']).toMatch(/cannot be made/);
    const ok = await app.ok('meds:updateSteps', {
      planId: plan.id,
      version: plan.version,
      steps: [
        { date: '2026-11-21', dose: 40 },
        { date: '2026-12-05', dose: 30 },
        { date: '2026-12-26', dose: 20 },
        { date: '2027-01-16', dose: 0 },
      ],
    });
    expect(ok.steps.map((s) => s.dose)).toEqual([40, 30, 20, 0]);
    expect(ok.version).toBe(plan.version + 1);
  });

  it('signs off only with the patient’s agreement, records the signer, and refuses roles without taper.sign-off', async () => {
    const { plan } = await draft();
    const noAgreement = await app.call('meds:signOff', {
      planId: plan.id,
      version: plan.version,
      patientAgreed: false as unknown as true,
      agreementNote: 'x',
    });
    expect(noAgreement.ok || noAgreement.error.fields?.patientAgreed).toMatch(/patient agreed/);
    await signedInAs(app, 'physiotherapist', 'physio');
    const physio = await app.call(
      'meds:signOff',
      { planId: plan.id, version: plan.version, patientAgreed: true, agreementNote: 'Agreed' },
      'physio',
    );
    expect(physio.ok || physio.error.code).toBe('FORBIDDEN');
    const signed = await app.ok('meds:signOff', {
      planId: plan.id,
      version: plan.version,
      patientAgreed: true,
      agreementNote: 'Discussed in clinic; patient keen to reduce',
    });
    expect(signed).toMatchObject({ status: 'active', patientAgreed: true, signedOffBy: 'Test nurse' });
    expect(signed.nextReviewDate).toBe(signed.steps[1]!.date);
    expect(count('audit_log', "action = 'medicines.plan.signOff'")).toBe(1);
  });

  it('never moves faster than planned; holds and step-backs are counted and move the rest later', async () => {
    const { plan, patient } = await draft();
    let p = await app.ok('meds:signOff', {
      planId: plan.id,
      version: plan.version,
      patientAgreed: true,
      agreementNote: 'Agreed',
    });
    const step1 = p.steps[1]!;
    const review = {
      planId: p.id,
      reviewDate: '2026-11-28',
      painScore: 6,
      functionScore: 5,
      nextReviewDate: null,
    };
    await onDay('2026-11-28');
    const early = await app.call('meds:recordReview', { ...review, version: p.version, outcome: 'taken' });
    expect(early.ok || early.error.fields?.outcome).toMatch(/Nothing moves faster than planned/);
    expect(count('taper_reviews')).toBe(0);

    await onDay(step1.date);
    p = await app.ok('meds:recordReview', {
      ...review,
      reviewDate: step1.date,
      version: p.version,
      outcome: 'taken',
    });
    expect(p.currentDose).toBe(step1.dose);
    const med = await app.ok('meds:patient', { patientId: patient.id });
    expect(med.current.find((m) => m.generic === 'oxycodone')!.administrationsMg).toEqual(
      step1.administrations!.map((a) => a.mg),
    );
    expect(med.ome.totalMgPer24h).toBe(step1.dose * 1.5);

    const step2Before = p.steps[2]!.date;
    await onDay(step2Before);
    p = await app.ok('meds:recordReview', {
      ...review,
      reviewDate: step2Before,
      version: p.version,
      outcome: 'held',
      cows: [1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0],
      withdrawalSymptoms: 'Aches and yawning',
      notes: 'Hold for two weeks',
    });
    expect(p.holds).toBe(1);
    expect(p.steps[2]!.date > step2Before).toBe(true);
    expect(p.reviews.at(-1)).toMatchObject({ outcome: 'held', cowsTotal: 6, cowsBand: 'mild' });

    await onDay(p.steps[2]!.date);
    p = await app.ok('meds:recordReview', {
      ...review,
      reviewDate: p.steps[2]!.date,
      version: p.version,
      outcome: 'stepped-back',
    });
    expect(p.stepBacks).toBe(1);
    expect(p.currentDose).toBe(40);
    const concerns = await app.ok('meds:taperConcerns', {});
    expect(concerns).toEqual([expect.objectContaining({ planId: p.id, holds: 1, stepBacks: 1 })]);

    const badCows = await app.call('meds:recordReview', {
      ...review,
      version: p.version,
      outcome: 'held',
      cows: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(badCows.ok || badCows.error.fields?.['cows.items.0']).toMatch(/Resting pulse/);
  });

  it('refuses a review dated after today, next to the date, and saves nothing (issue 13)', async () => {
    const { plan } = await draft();
    const p = await app.ok('meds:signOff', {
      planId: plan.id,
      version: plan.version,
      patientAgreed: true,
      agreementNote: 'Agreed',
    });
    // The test clock reads 21-Nov-2026: a review on 22-Nov-2026 has not happened yet.
    const ahead = await app.call('meds:recordReview', {
      planId: p.id,
      version: p.version,
      reviewDate: '2026-11-22',
      outcome: 'held',
      painScore: 5,
      functionScore: 5,
      nextReviewDate: null,
    });
    expect(ahead.ok || ahead.error.fields?.reviewDate).toBe(
      'A review cannot be dated after today (21-Nov-2026).',
    );
    expect(count('taper_reviews')).toBe(0);
  });

  it('pauses, resumes and abandons only with a reason', async () => {
    const { plan } = await draft();
    let p = await app.ok('meds:signOff', {
      planId: plan.id,
      version: 1,
      patientAgreed: true,
      agreementNote: 'ok',
    });
    const noReason = await app.call('meds:planAction', {
      planId: p.id,
      version: p.version,
      action: 'pause',
      reason: '',
    });
    expect(noReason.ok || noReason.error.fields?.reason).toMatch(/reason/);
    p = await app.ok('meds:planAction', {
      planId: p.id,
      version: p.version,
      action: 'pause',
      reason: 'Bereavement',
    });
    expect(p.status).toBe('paused');
    const wl = await app.ok('meds:worklist', { today: '2027-06-01' });
    expect(wl.overdue.concat(wl.dueToday, wl.upcoming)).toHaveLength(0);
    app.clock.now = new Date('2026-12-12T10:00:00Z');
    await app.ok('auth:unlock', { password: 'correct horse battery' });
    const stepBefore = p.steps[1]!.date;
    p = await app.ok('meds:planAction', {
      planId: p.id,
      version: p.version,
      action: 'resume',
      reason: 'Ready again',
    });
    expect(p.status).toBe('active');
    expect(p.steps[1]!.date > stepBefore).toBe(true);
    p = await app.ok('meds:planAction', {
      planId: p.id,
      version: p.version,
      action: 'abandon',
      reason: 'Declined',
    });
    expect(p.status).toBe('abandoned');
    expect(p.events.map((e) => e.kind)).toEqual(['signed-off', 'pause', 'resume', 'abandon']);
  });

  it('puts reviews on the nurse’s worklist: overdue, due today, upcoming, filterable by nurse', async () => {
    const me = await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR);
    const plan = await app.ok('meds:createPlan', {
      patientId: patient.id,
      itemId: entries[0]!.itemId,
      goal: 'reduce',
      targetDose: 20,
      reason: 'Reduce',
      startDate: '2026-11-21',
      nurseId: me.user.id,
    });
    expect(plan.steps.at(-1)!.dose).toBe(20);
    const p = await app.ok('meds:signOff', {
      planId: plan.id,
      version: 1,
      patientAgreed: true,
      agreementNote: 'ok',
    });
    const due = p.nextReviewDate!;
    const on = await app.ok('meds:worklist', { today: due, nurseId: me.user.id });
    expect(on.dueToday.map((r) => r.planId)).toEqual([p.id]);
    const later = await app.ok('meds:worklist', { today: '2027-12-01' });
    expect(later.overdue.map((r) => r.planId)).toEqual([p.id]);
    const before = await app.ok('meds:worklist', { today: '2026-11-21', upcomingDays: 60 });
    expect(before.upcoming.map((r) => r.planId)).toEqual([p.id]);
    const other = await app.ok('meds:worklist', { today: due, nurseId: me.user.id + 100 });
    expect(other.dueToday).toHaveLength(0);
  });
});

describe('medicines query plans', () => {
  const plan = (q: string) =>
    (app.dispatcher.conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
  itOnSqlite('uses indexes for the worklist, thresholds, flags and a patient’s medicines', () => {
    expect(
      plan("SELECT * FROM taper_plans WHERE status = 'active' AND next_review_date <= '2026-12-01'"),
    ).toMatch(/USING INDEX taper_plans_review/);
    expect(
      plan(
        "SELECT * FROM taper_plans WHERE nurse_id = 3 AND status = 'active' AND next_review_date <= '2026-12-01'",
      ),
    ).toMatch(/USING INDEX taper_plans_nurse/);
    expect(plan('SELECT count(*) FROM patient_ome WHERE total_mg_per_24h >= 90')).toMatch(
      /patient_ome_total/,
    );
    expect(plan('SELECT count(*) FROM patient_ome WHERE flag_multiple_opioids = 1')).toMatch(
      /patient_ome_flag_multiple_opioids/,
    );
    expect(plan('SELECT * FROM medicine_entries WHERE patient_id = 1')).toMatch(/medicine_entries_patient/);
  });
});

describe('medicines refusals and demo data', () => {
  // Issue 13 lifted the refusal of a taper of an as-needed medicine: see tests/db/medicines-taper-prn.test.ts.
  it('refuses a second open plan, saving nothing', async () => {
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR, {
      ...OXY_MR,
      formularyId: 'oxycodone-ir-capsule',
      doseKind: 'prn',
      doseMg: 5,
      timesPerDay: 4,
      prnMaxMgPer24h: 20,
    });
    const base = { patientId: patient.id, goal: 'stop' as const, reason: 'r', startDate: '2026-11-21' };
    await app.ok('meds:createPlan', { ...base, itemId: entries[0]!.itemId });
    const second = await app.call('meds:createPlan', { ...base, itemId: entries[0]!.itemId });
    expect(second.ok || second.error.code).toBe('CONFLICT');
    expect(count('taper_plans')).toBe(1);
    expect(count('audit_log', "action = 'medicines.plan.create'")).toBe(1);
    // A medicine with a plan in progress cannot be stopped behind the plan's back.
    const plan = (await app.ok('meds:patient', { patientId: patient.id })).plans[0]!;
    await app.ok('meds:signOff', { planId: plan.id, version: 1, patientAgreed: true, agreementNote: 'ok' });
    const stop = await app.call('meds:stop', {
      itemId: entries[0]!.itemId,
      version: 1,
      stoppedOn: '2026-11-21',
      reason: 'x',
    });
    expect(stop.ok || stop.error.code).toBe('CONFLICT');
  });

  itOnSqlite('generates demo medicines whose stored totals match a recalculation', async () => {
    // Demonstration data only by the command line's path (scripts/demo.ts), never over the contract.
    generateDemo(app.dispatcher.conn.sqlite, {
      patients: 300,
      passwordHash: await hashPassword(DEMO_PASSWORD, TEST_PASSWORD_COST),
      now: app.clock.now,
    });
    await app.ok('auth:signIn', { username: 'apatel', password: DEMO_PASSWORD });
    const sqlite = app.dispatcher.conn.sqlite;
    expect(count('medicine_entries') / 300).toBeGreaterThan(3);
    expect(count('taper_plans')).toBeGreaterThan(5);
    const ids = sqlite.prepare('SELECT patient_id FROM patient_ome LIMIT 40').pluck().all() as number[];
    for (const id of ids) {
      const meds = await app.ok('meds:patient', { patientId: id });
      const stored = sqlite
        .prepare('SELECT total_mg_per_24h, complete FROM patient_ome WHERE patient_id = ?')
        .get(id) as { total_mg_per_24h: number; complete: number };
      expect(stored.total_mg_per_24h).toBeCloseTo(meds.ome.totalMgPer24h, 6);
      expect(stored.complete === 1).toBe(meds.ome.complete);
    }
  });
});
