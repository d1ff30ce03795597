import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadinessRecord, RequestDetail } from '../../shared/domain/interventions';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, rowCounter, scsRequest, theatreSession } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

/**
 * Antithrombotics come from the patient's medicines list (issue 5: "antithrombotics from the medicines list
 * with a computed hold plan awaiting prescriber approval"); a medicine started, changed or stopped after a
 * plan was approved flags it for re-approval, audited. Plus per-clinician observed durations. Today is
 * 21 November 2026 (the test clock); a request with no booking plans for today + 21 days (12 December,
 * 00:00: an unknown start time counts as 00:00).
 */
let app: TestApp;
let clinicianId: number;
let patientId: number;
const count = rowCounter(() => app);
const audits = (action: string) => count('audit_log', `action = '${action}'`);

const READY = readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19' });

const medicine = (formularyId: string, doseMg: number, timesPerDay: number, indication: string) => ({
  formularyId,
  strength: `${doseMg} mg`,
  doseKind: 'regular' as const,
  doseMg,
  timesPerDay,
  startDate: '2025-03-01',
  prescriber: 'gp' as const,
  indication,
});

async function addMedicine(formularyId: string, doseMg: number, timesPerDay: number, indication: string) {
  return app.ok(
    'meds:add',
    { patientId, medicine: medicine(formularyId, doseMg, timesPerDay, indication) },
    'nurse',
  );
}

async function listScs(record: Partial<ReadinessRecord> = {}): Promise<RequestDetail> {
  const r = await scsRequest(app, patientId, clinicianId);
  return app.ok(
    'interventions:updateReadiness',
    { id: r.id, version: r.version, readiness: { ...READY, ...record } },
    'nurse',
  );
}

const get = (id: number) => app.ok('interventions:get', { id }, 'nurse');
const drug = (d: RequestDetail, name: string) => d.antithrombotics.find((a) => a.drug === name);

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, { others: [['cons2', 'Dr Second', 'consultant']] });
  const p = await app.ok(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Test',
      dateOfBirth: '1960-01-01',
      sex: 'female',
      allergies: [],
    },
    'nurse',
  );
  patientId = p.id;
});
afterEach(async () => app.close());

describe('antithrombotics from the medicines list', () => {
  it('reads apixaban and its dose times from the list, blocks until a creatinine clearance, then proposes a plan', async () => {
    await addMedicine('apixaban-tablet', 5, 2, 'Atrial fibrillation');
    await addMedicine('pregabalin-capsule', 75, 2, 'Neuropathic pain');
    let d = await listScs({ crclMlPerMin: null, crclDate: null });
    expect(d.antithrombotics).toHaveLength(1);
    expect(d.antithrombotics[0]).toMatchObject({
      drug: 'apixaban',
      fromMedicines: true,
      dose: 'Apixaban tablets 5 mg twice a day',
      doseTimes: ['08:00', '20:00'],
      approved: false,
    });
    expect(d.antithrombotics[0]!.plan.status).toBe('blocked');
    expect(d.readiness.items.find((i) => i.id === 'renal-function')?.status).toBe('block');
    expect(audits('interventions.antithrombotic.from-medicines')).toBe(1);

    d = await app.ok(
      'interventions:updateReadiness',
      { id: d.id, version: d.version, readiness: READY },
      'nurse',
    );
    // SCS trial is high risk: apixaban 120 h before 12 Dec 00:00 = 7 Dec 00:00; last usual dose 6 Dec 20:00.
    expect(d.antithrombotics[0]!.plan).toMatchObject({
      status: 'hold',
      holdHours: 120,
      latestLastDoseAt: '2026-12-07T00:00',
      lastScheduledDoseAt: '2026-12-06T20:00',
      needsApproval: true,
    });
    expect(d.ready).toBe(false);

    // The clinician confirms the patient's own times: the plan follows.
    d = await app.ok(
      'interventions:setDoseTimes',
      { antithromboticId: d.antithrombotics[0]!.id, doseTimes: ['19:00', '07:00'] },
      'nurse',
    );
    expect(d.antithrombotics[0]!.doseTimes).toEqual(['07:00', '19:00']);
    expect(d.antithrombotics[0]!.plan.lastScheduledDoseAt).toBe('2026-12-06T19:00');
    expect(audits('interventions.antithrombotic.dose-times')).toBe(1);

    d = await app.ok(
      'interventions:approveHold',
      { antithromboticId: d.antithrombotics[0]!.id },
      'pharmacist',
    );
    expect(d.antithrombotics[0]).toMatchObject({ approved: true, approvedBy: 'Test pharmacist' });
    expect(d.ready).toBe(true);
  });

  it('manual entry only for drugs not on the list; list rows cannot be removed by hand', async () => {
    await addMedicine('apixaban-tablet', 5, 2, 'Atrial fibrillation');
    const d = await listScs();
    const before = { a: count('intervention_antithrombotics'), audit: count('audit_log') };
    const refused = await app.call(
      'interventions:addAntithrombotic',
      { requestId: d.id, drug: 'apixaban', doseTimes: ['08:00'] },
      'nurse',
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/apixaban is on the medicines list/);
    const remove = await app.call(
      'interventions:removeAntithrombotic',
      { id: d.antithrombotics[0]!.id },
      'nurse',
    );
    expect(remove.ok).toBe(false);
    if (!remove.ok) expect(remove.error.message).toMatch(/stop it there/);
    expect({ a: count('intervention_antithrombotics'), audit: count('audit_log') }).toEqual(before);

    const manual = await app.ok(
      'interventions:addAntithrombotic',
      { requestId: d.id, drug: 'dipyridamole', doseTimes: ['08:00', '20:00'] },
      'nurse',
    );
    expect(drug(manual, 'dipyridamole')).toMatchObject({ fromMedicines: false });
    expect(drug(manual, 'apixaban')).toMatchObject({ fromMedicines: true });
  });

  it('a manual entry is replaced when the drug is added to the list', async () => {
    const d = await listScs();
    await app.ok(
      'interventions:addAntithrombotic',
      { requestId: d.id, drug: 'clopidogrel', doseTimes: ['09:00'] },
      'nurse',
    );
    await addMedicine('clopidogrel-tablet', 75, 1, 'Stroke prevention');
    const after = await get(d.id);
    expect(after.antithrombotics).toHaveLength(1);
    expect(after.antithrombotics[0]).toMatchObject({ drug: 'clopidogrel', fromMedicines: true });
  });

  it('a medicine started, stopped or changed after approval flags the plan for re-approval (audited)', async () => {
    const apix = await addMedicine('apixaban-tablet', 5, 2, 'Atrial fibrillation');
    let d = await listScs();
    const apixRow = d.antithrombotics[0]!.id;
    d = await app.ok('interventions:approveHold', { antithromboticId: apixRow }, 'pharmacist');
    expect(d.ready).toBe(true);

    // Started: clopidogrel appears needing approval; the approved apixaban plan needs re-approval.
    const clop = await addMedicine('clopidogrel-tablet', 75, 1, 'Stroke prevention');
    d = await get(d.id);
    expect(drug(d, 'clopidogrel')).toMatchObject({ fromMedicines: true, approved: false });
    expect(drug(d, 'apixaban')).toMatchObject({ approved: false });
    expect(drug(d, 'apixaban')!.reapprovalNote).toMatch(
      /Re-approval needed: clopidogrel started on the medicines list after this plan was approved/,
    );
    expect(d.ready).toBe(false);
    expect(audits('interventions.hold.reapproval-needed')).toBe(1);
    const audit = app.dispatcher.conn.sqlite
      .prepare(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'interventions.hold.reapproval-needed'",
      )
      .get() as { before_json: string; after_json: string };
    expect(JSON.parse(audit.before_json)).toMatchObject({ approved: true });
    expect(JSON.parse(audit.after_json)).toMatchObject({ approved: false });
    // Reading again changes nothing more.
    await get(d.id);
    expect(audits('interventions.hold.reapproval-needed')).toBe(1);

    // Booking is refused until both are approved.
    const s = await theatreSession(app, clinicianId, {
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
    });
    const refused = await app.call('interventions:book', { requestId: d.id, sessionId: s.id }, 'nurse');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/needs prescriber approval/);
    for (const a of d.antithrombotics)
      d = await app.ok('interventions:approveHold', { antithromboticId: a.id }, 'pharmacist');
    expect(d.antithrombotics.every((a) => a.approved && a.reapprovalNote === null)).toBe(true);

    // Stopped: the clopidogrel plan goes; apixaban needs re-approval again.
    await app.ok(
      'meds:stop',
      { itemId: clop.itemId, version: clop.version, stoppedOn: '2026-11-21', reason: 'Cardiology advice' },
      'nurse',
    );
    d = await get(d.id);
    expect(d.antithrombotics.map((a) => a.drug)).toEqual(['apixaban']);
    expect(d.antithrombotics[0]!.reapprovalNote).toMatch(/clopidogrel stopped on the medicines list/);
    expect(audits('interventions.antithrombotic.medicine-stopped')).toBe(1);
    expect(audits('interventions.hold.reapproval-needed')).toBe(2);
    d = await app.ok('interventions:approveHold', { antithromboticId: apixRow }, 'pharmacist');

    // Changed (dose): approving the plan the pharmacist saw before the change is refused; after a reload it works.
    await app.ok(
      'meds:change',
      {
        itemId: apix.itemId,
        version: apix.version,
        medicine: medicine('apixaban-tablet', 2.5, 2, 'Atrial fibrillation'),
        reason: 'Dose reduced (age and weight)',
      },
      'nurse',
    );
    const stale = await app.call('interventions:approveHold', { antithromboticId: apixRow }, 'pharmacist');
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.message).toMatch(/medicines list changed/);
    d = await get(d.id);
    expect(d.antithrombotics[0]).toMatchObject({
      id: apixRow,
      dose: 'Apixaban tablets 2.5 mg twice a day',
      approved: false,
    });
    expect(d.antithrombotics[0]!.reapprovalNote).toMatch(/apixaban changed on the medicines list/);
    expect(audits('interventions.antithrombotic.medicine-changed')).toBe(1);
    d = await app.ok('interventions:approveHold', { antithromboticId: apixRow }, 'pharmacist');
    expect(d.ready).toBe(true);
  });

  it('booking first brings the hold plans in line with a medicines change made since the request was read', async () => {
    await addMedicine('apixaban-tablet', 5, 2, 'Atrial fibrillation');
    let d = await listScs();
    d = await app.ok(
      'interventions:approveHold',
      { antithromboticId: d.antithrombotics[0]!.id },
      'pharmacist',
    );
    expect(d.ready).toBe(true);
    const s = await theatreSession(app, clinicianId);
    const book = () =>
      app.call(
        'interventions:book',
        { requestId: d.id, sessionId: s.id, patientAgreedShortNotice: true, overrideReason: 'Agreed' },
        'nurse',
      );

    // Clopidogrel started (nobody opened the request since): the new plan is saved, and booking refuses.
    await addMedicine('clopidogrel-tablet', 75, 1, 'Stroke prevention');
    const refused = await book();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/needs prescriber approval/);
    expect(count('intervention_bookings')).toBe(0);
    expect(audits('interventions.antithrombotic.from-medicines')).toBe(2);
    expect(audits('interventions.hold.reapproval-needed')).toBe(1);
    expect(count('intervention_antithrombotics', `request_id = ${d.id}`)).toBe(2);
  });

  it('find a slot first brings the hold plans in line with a medicine started since the request was read', async () => {
    const d = await listScs();
    expect(d.antithrombotics).toEqual([]);
    await theatreSession(app, clinicianId);
    await addMedicine('clopidogrel-tablet', 75, 1, 'Stroke prevention');
    const slots = await app.ok(
      'interventions:findSlot',
      { requestId: d.id, patientAgreedShortNotice: false },
      'nurse',
    );
    expect(count('intervention_antithrombotics', `request_id = ${d.id} AND drug = 'clopidogrel'`)).toBe(1);
    expect(audits('interventions.antithrombotic.from-medicines')).toBe(1);
    // The unapproved plan shows on the slot as a warning, as it would had the request been opened first.
    expect(slots[0]!.warnings.map((w) => w.code)).toContain('HOLD_NOT_APPROVED');
  });

  it('booking removes the plan of an antithrombotic stopped since the request was read, then books', async () => {
    const apix = await addMedicine('apixaban-tablet', 5, 2, 'Atrial fibrillation');
    const d = await listScs();
    expect(d.antithrombotics.map((a) => a.drug)).toEqual(['apixaban']);
    const s = await theatreSession(app, clinicianId);
    await app.ok(
      'meds:stop',
      { itemId: apix.itemId, version: apix.version, stoppedOn: '2026-11-21', reason: 'Stopped by GP' },
      'nurse',
    );
    const booked = await app.ok(
      'interventions:book',
      { requestId: d.id, sessionId: s.id, patientAgreedShortNotice: true, overrideReason: 'Agreed' },
      'nurse',
    );
    expect(booked.session.cases.map((c) => c.requestId)).toEqual([d.id]);
    expect(count('intervention_antithrombotics', `request_id = ${d.id}`)).toBe(0);
    expect(audits('interventions.antithrombotic.medicine-stopped')).toBe(1);
    expect(audits('interventions.book')).toBe(1);
    expect((await get(d.id)).status).toBe('booked');
  });

  it('enoxaparin and aspirin: the rule-set key follows the dose and indication, with the basis shown', async () => {
    await addMedicine('enoxaparin-injection', 40, 1, 'VTE prophylaxis');
    await addMedicine('aspirin-75-dispersible-tablet', 75, 1, 'Ischaemic heart disease');
    const d = await listScs();
    expect(drug(d, 'enoxaparin-prophylactic')?.basis).toMatch(/prophylactic dose/);
    expect(drug(d, 'aspirin-secondary-prevention')?.basis).toMatch(/secondary prevention/);
    // ASRA/ESRA 2018: aspirin for secondary prevention before a high-risk procedure is a shared decision.
    expect(drug(d, 'aspirin-secondary-prevention')?.plan.status).toBe('blocked');
  });

  it('aspirin with clopidogrel on the list is dual antiplatelet therapy: a hard block', async () => {
    await addMedicine('aspirin-75-dispersible-tablet', 75, 1, 'Coronary stent');
    await addMedicine('clopidogrel-tablet', 75, 1, 'Coronary stent');
    const d = await listScs();
    expect(d.readiness.items.find((i) => i.id === 'dual-antiplatelet-or-stent')?.status).toBe('block');
  });
});

describe('observed durations per clinician', () => {
  it('uses the session clinician’s own median at 30 cases, else the procedure median, with the source', async () => {
    const other = {
      user: { id: (await app.ok('users:list', {}, 'setup')).find((u) => u.username === 'cons2')!.id },
    };
    const d = await listScs();
    const insert = app.dispatcher.conn.sqlite.prepare(
      `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id, session_date,
        planned_minutes, status, short_notice_agreed, cancelled_on_day, actual_minutes, booked_at)
       VALUES (?, ?, ?, 'SCS_TRIAL', ?, '2026-10-01', 90, 'done', 0, 0, ?, '2026-09-01T00:00:00Z')`,
    );
    const s = await theatreSession(app, clinicianId, {
      date: '2026-10-01',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
    });
    // 20 cases by the requested clinician (60 min), 14 by another (100 min): 34 in all.
    for (let i = 0; i < 20; i += 1) insert.run(d.id, s.id, patientId, clinicianId, 60);
    for (let i = 0; i < 14; i += 1) insert.run(d.id, s.id, patientId, other.user.id, 100);
    let r = await get(d.id);
    expect(r.plannedMinutes).toBe(60); // median of 20 × 60 and 14 × 100: 17th/18th values are 60
    expect(r.durationSource).toBe('median of 34 cases (all clinicians; Test consultant has 20)');
    for (let i = 0; i < 10; i += 1) insert.run(d.id, s.id, patientId, clinicianId, 50);
    r = await get(d.id);
    expect(r.plannedMinutes).toBe(60); // own 30: 10 × 50 and 20 × 60 → median 60
    expect(r.durationSource).toBe('median of 30 cases by Test consultant');
  });
});

describe('query plans (medicines link)', () => {
  const plan = (s: string) =>
    (app.dispatcher.conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
  itOnSqlite('the active medicines, the antithrombotic link and per-clinician medians use indexes', () => {
    expect(
      plan("SELECT item_id FROM medicine_entries WHERE patient_id = 1 AND current = 1 AND status = 'active'"),
    ).toMatch(/INDEX medicine_entries_patient/);
    expect(plan('SELECT id FROM intervention_antithrombotics WHERE medicine_item_id = 1')).toMatch(
      /INDEX intervention_antithrombotics_medicine/,
    );
    expect(
      plan(
        "SELECT actual_minutes FROM intervention_bookings WHERE procedure_code = 'X' AND clinician_id = 1 AND actual_minutes IS NOT NULL ORDER BY actual_minutes",
      ),
    ).toMatch(/intervention_bookings_duration_clinician/);
  });
});
