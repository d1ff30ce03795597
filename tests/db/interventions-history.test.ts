import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, JO, readyRecord, theatreSession } from '../helpers/seed';

/**
 * Issue 14, follow-up: "The patient record shows procedure history with dates and outcomes; an outcome has
 * its assessment date; diagnostic block relief can be recorded in hours." Built through the real
 * operations (request, readiness, book, record the day, record the outcome), on both engines, and compared
 * with a list written out by hand:
 * - the caudal epidural is booked FIRST (on the 12 January 2027 list), the medial branch block second (on the
 *   15 December 2026 list): the history is in date order, not booking order;
 * - a booking cancelled, and one not yet done, are not history;
 * - the outcome in words: relief %, for how long (hours for the diagnostic block, weeks otherwise), the day
 *   assessed, PGIC in the scale's words (1 very much improved .. 7 very much worse), successful at 50% or
 *   more relief (the service's threshold); "None" as complications reads "None recorded".
 * - each read is audited as a read of this patient's record ('record.view', like every patient read).
 */
describeEachEngine('procedure history on the patient record', (engine) => {
  let app: TestApp;
  let consultantId = 0;
  let patientId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    consultantId = await interventionsTeam(app);
    patientId = (await app.ok('patients:create', JO, 'nurse')).id;
  });
  afterEach(() => app.close());

  const at = async (iso: string) => {
    app.clock.now = new Date(iso);
    // A clock jump locks the signed-in sessions: unlock the nurse's.
    await app.ok('auth:unlock', { password: 'correct horse battery' }, 'nurse');
  };

  async function readyRequest(procedureCode: string, side: string, site: string) {
    const r = await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode,
        side,
        site,
        indication: 'Chronic low back pain',
        priority: 'P3',
        requestedClinicianId: consultantId,
        rttClockStart: '2026-11-01',
      } as never,
      'nurse',
    );
    await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord({ sedationPlanned: false }) },
      'nurse',
    );
    return r.id;
  }

  const dayCase = (date: string) =>
    theatreSession(app, consultantId, { date, setting: 'day-case', room: 'Day unit 2' });

  it('lists the procedures done in date order with site, side, outcome and complications in words; reads audited', async () => {
    const dec = await dayCase('2026-12-15');
    const jan = await dayCase('2027-01-12');
    const epidural = await readyRequest('ESI_CAUDAL', 'midline', 'caudal');
    const mbb = await readyRequest('MBB_L', 'bilateral', 'L4-5, L5-S1');
    const trigger = await readyRequest('TPI', 'left', 'trapezius trigger point');
    const bEpidural = await app.ok('interventions:book', { requestId: epidural, sessionId: jan.id }, 'nurse');
    const bMbb = await app.ok('interventions:book', { requestId: mbb, sessionId: dec.id }, 'nurse');
    const bTrigger = await app.ok(
      'interventions:book',
      {
        requestId: trigger,
        sessionId: jan.id,
        overrideReason: 'Both in one visit on the day unit, as the patient asked',
      },
      'nurse',
    );
    await app.ok(
      'interventions:cancel',
      { bookingId: bTrigger.bookingId, kind: 'patient', reason: 'Pain settled; patient declined' } as never,
      'nurse',
    );

    // Nothing done yet: an empty history.
    expect((await app.ok('interventions:procedureHistory', { patientId }, 'nurse')).items).toEqual([]);

    await at('2026-12-15T12:00:00Z');
    const day = { consentStage2: true, safetyChecklist: true } as const;
    await app.ok(
      'interventions:recordDay',
      { bookingId: bMbb.bookingId, ...day, inRoomStart: '08:40', inRoomEnd: '09:02' },
      'nurse',
    );
    await app.ok(
      'interventions:recordOutcome',
      {
        bookingId: bMbb.bookingId,
        reliefPercent: 80,
        reliefDurationWeeks: null,
        reliefDurationHours: 6,
        assessedOn: '2026-12-15',
        complications: 'None',
        pgic: 2,
      } as never,
      'nurse',
    );
    await at('2027-01-12T13:00:00Z');
    await app.ok(
      'interventions:recordDay',
      { bookingId: bEpidural.bookingId, ...day, inRoomStart: '09:00', inRoomEnd: '09:25' },
      'nurse',
    );

    const mbbLine = {
      bookingId: bMbb.bookingId,
      requestId: mbb,
      date: '2026-12-15',
      procedureCode: 'MBB_L',
      procedureName: 'Lumbar/thoracic medial branch block (diagnostic)',
      site: 'Lumbar spine L4-L5, L5-S1 bilateral',
      inRoomStart: '08:40',
      inRoomEnd: '09:02',
      outcomeText:
        '80% relief for 6 hours, assessed 15-Dec-2026; PGIC 2 (much improved); successful (50% or more relief)',
      complicationsText: 'None recorded',
    };
    const epiduralLine = {
      bookingId: bEpidural.bookingId,
      requestId: epidural,
      date: '2027-01-12',
      procedureCode: 'ESI_CAUDAL',
      procedureName: 'Caudal epidural steroid injection',
      site: 'Sacral / caudal midline',
      inRoomStart: '09:00',
      inRoomEnd: '09:25',
    };
    let history = await app.ok('interventions:procedureHistory', { patientId }, 'nurse');
    expect(history.items).toMatchObject([
      mbbLine,
      {
        ...epiduralLine,
        outcome: null,
        outcomeText: 'Outcome not yet recorded',
        complicationsText: 'Not yet recorded',
      },
    ]);

    await at('2027-02-23T10:00:00Z');
    await app.ok(
      'interventions:recordOutcome',
      {
        bookingId: bEpidural.bookingId,
        reliefPercent: 40,
        reliefDurationWeeks: 3,
        reliefDurationHours: null,
        assessedOn: '2027-02-23',
        complications: 'Headache for two days',
        pgic: 3,
      } as never,
      'nurse',
    );
    history = await app.ok('interventions:procedureHistory', { patientId }, 'nurse');
    expect(history.patientId).toBe(patientId);
    expect(history.items).toMatchObject([
      {
        ...mbbLine,
        outcome: {
          assessedOn: '2026-12-15',
          reliefPercent: 80,
          reliefDurationWeeks: null,
          reliefDurationHours: 6,
          pgic: 2,
          successful: true,
          complications: 'None',
        },
      },
      {
        ...epiduralLine,
        outcome: {
          assessedOn: '2027-02-23',
          reliefPercent: 40,
          reliefDurationWeeks: 3,
          reliefDurationHours: null,
          pgic: 3,
          successful: false,
          complications: 'Headache for two days',
        },
        outcomeText:
          '40% relief for 3 weeks, assessed 23-Feb-2027; PGIC 3 (minimally improved); not successful',
        complicationsText: 'Headache for two days',
      },
    ]);
    expect(history.items).toHaveLength(2);
    expect(history.items[0]!.clinicianName).toBeTruthy();

    // Each read is a read of this patient's record in the audit log, by the nurse.
    const reads = await app.dispatcher.conn.db
      .selectFrom('audit_log')
      .select(['action', 'patient_id'])
      .where('entity', '=', 'interventions:procedureHistory')
      .execute();
    expect(reads).toEqual([
      { action: 'record.view', patient_id: patientId },
      { action: 'record.view', patient_id: patientId },
      { action: 'record.view', patient_id: patientId },
    ]);
  });

  it('refuses a patient who is not on the system, and a role without patient access', async () => {
    const r = await app.call('interventions:procedureHistory', { patientId: 999_999 }, 'nurse');
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
    const admin = await app.call('interventions:procedureHistory', { patientId }, 'setup');
    expect(admin.ok ? 'ok' : admin.error.code).toBe('FORBIDDEN');
  });
});
