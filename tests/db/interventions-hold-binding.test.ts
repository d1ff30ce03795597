import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14: a hold approval is for ONE booked start. Reproduces "an apixaban hold plan approved for one date,
 * the SCS trial then booked three days ahead, and the plan still Approved / Ready to book although its last
 * permitted dose was two days in the past". Hand-worked from Narouze et al. 2018 (ASRA/ESRA pain 2018,
 * apixaban before a high-risk procedure: 120 h, restart 24 h). December 2026 is GMT throughout.
 *   Tue 15 Dec 08:30 − 120 h = Thu 10 Dec 08:30.   Tue 24 Nov 08:30 − 120 h = Thu 19 Nov 08:30.
 * Today is Saturday 21 November 2026 10:00 (the test clock) unless moved.
 */
let app: TestApp;
let clinicianId: number;
let patientId: number;

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, {});
  const p = await app.ok(
    'patients:create',
    { nhsNumber: '9434765919', surname: 'Smith', forename: 'Test', dateOfBirth: '1950-01-01', sex: 'female' },
    'nurse',
  );
  patientId = p.id;
});
afterEach(async () => app.close());

async function apixabanRequest() {
  const r = await scsRequest(app, patientId, clinicianId);
  const d = await app.ok(
    'interventions:updateReadiness',
    {
      id: r.id,
      version: r.version,
      readiness: readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19' }),
    },
    'nurse',
  );
  return app.ok(
    'interventions:addAntithrombotic',
    { requestId: d.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
    'nurse',
  );
}

describe('hold approval bound to one procedure start', () => {
  it('approved for Tue 15 Dec, booking Sat 12 Dec is refused: the approval does not cover that date', async () => {
    const d = await apixabanRequest();
    const s15 = await theatreSession(app, clinicianId, { date: '2026-12-15' });
    const s12 = await theatreSession(app, clinicianId, { date: '2026-12-12', room: 'Theatre 4' });
    const approved = await app.ok(
      'interventions:approveHold',
      { antithromboticId: d.antithrombotics[0]!.id, sessionId: s15.id },
      'pharmacist',
    );
    expect(approved.antithrombotics[0]).toMatchObject({ approved: true, planFor: '2026-12-15T08:30' });
    expect(approved.antithrombotics[0]!.plan.latestLastDoseAt).toBe('2026-12-10T08:30');

    const refused = await app.call('interventions:book', { requestId: d.id, sessionId: s12.id }, 'nurse');
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.message).toMatch(
        /approved for a start at 15\/12\/2026 08:30, not 12\/12\/2026 08:30: it needs re-approval/,
      );
    // Nothing was half-saved: the approval for 15 Dec still stands.
    const after = await app.ok('interventions:get', { id: d.id }, 'nurse');
    expect(after.antithrombotics[0]).toMatchObject({ approved: true, planFor: '2026-12-15T08:30' });

    // Find a slot offers 12 Dec only with the re-approval warning; 15 Dec is covered.
    const slots = await app.ok('interventions:findSlot', { requestId: d.id }, 'nurse');
    const by = new Map(slots.map((o) => [o.session.date, o.warnings.map((w) => w.message).join(' ')]));
    expect(by.get('2026-12-12')).toMatch(/needs re-approval/);
    expect(by.get('2026-12-15') ?? '').not.toMatch(/hold plan/i);
  });

  it('an approval for a chosen list survives a save that changes nothing clinical (it was wiped for "today + 21 days")', async () => {
    const d = await apixabanRequest();
    const s15 = await theatreSession(app, clinicianId, { date: '2026-12-15' });
    const approved = await app.ok(
      'interventions:approveHold',
      { antithromboticId: d.antithrombotics[0]!.id, sessionId: s15.id },
      'pharmacist',
    );
    // A readiness save that changes nothing the hold depends on (the MRSA screen's date).
    const saved = await app.ok(
      'interventions:updateReadiness',
      {
        id: approved.id,
        version: approved.version,
        readiness: readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19', mrsaScreenDate: '2026-11-19' }),
      },
      'nurse',
    );
    expect(saved.antithrombotics[0]).toMatchObject({ approved: true, planFor: '2026-12-15T08:30' });
    expect(saved.antithrombotics[0]!.plan.latestLastDoseAt).toBe('2026-12-10T08:30');
  });

  it('booked, then cancelled: the plan needs re-approval everywhere; the last permitted dose already past refuses booking', async () => {
    const d = await apixabanRequest();
    const s15 = await theatreSession(app, clinicianId, { date: '2026-12-15' });
    await app.ok(
      'interventions:approveHold',
      { antithromboticId: d.antithrombotics[0]!.id, sessionId: s15.id },
      'pharmacist',
    );
    const booked = await app.ok('interventions:book', { requestId: d.id, sessionId: s15.id }, 'nurse');
    let r = await app.ok('interventions:get', { id: d.id }, 'nurse');
    expect(r.ready).toBe(true);
    await app.ok(
      'interventions:cancel',
      { bookingId: booked.bookingId, kind: 'patient', reason: 'Patient asked to move the date' },
      'nurse',
    );
    r = await app.ok('interventions:get', { id: d.id }, 'nurse');
    expect(r.antithrombotics[0]!.approved).toBe(false);
    expect(r.antithrombotics[0]!.reapprovalNote).toMatch(/booking on 15\/12\/2026 was cancelled/);
    expect(r.ready).toBe(false);

    // Moved to a list three days ahead, Tue 24 Nov 08:30: its last permitted dose was Thu 19 Nov 08:30,
    // two days before today (Sat 21 Nov 10:00).
    const s12 = await theatreSession(app, clinicianId, { date: '2026-11-24', room: 'Theatre 4' });
    const refused = await app.call(
      'interventions:book',
      { requestId: d.id, sessionId: s12.id, patientAgreedShortNotice: true },
      'nurse',
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.message).toMatch(
        /last permitted dose of apixaban for a start at 24\/11\/2026 08:30 was 19\/11\/2026 08:30, which is already past/,
      );
    const approve = await app.call(
      'interventions:approveHold',
      { antithromboticId: r.antithrombotics[0]!.id, sessionId: s12.id },
      'pharmacist',
    );
    expect(approve.ok).toBe(false);
    if (!approve.ok) expect(approve.error.message).toMatch(/already past/);
    // Find a slot does not offer it; fill this session says why.
    const slots = await app.ok(
      'interventions:findSlot',
      { requestId: d.id, patientAgreedShortNotice: true },
      'nurse',
    );
    expect(slots.map((o) => o.session.id)).not.toContain(s12.id);
    const fill = await app.ok('interventions:fillSession', { sessionId: s12.id }, 'nurse');
    const me = fill.find((c) => c.id === d.id);
    expect(me?.ready).toBe(false);
    expect(me?.notReady.join(' ')).toMatch(/already past/);
  });

  it('a prescriber may choose hours within the range, with a reason; an individualised plan needs a decision', async () => {
    const d = await apixabanRequest();
    const s15 = await theatreSession(app, clinicianId, { date: '2026-12-15' });
    const id = d.antithrombotics[0]!.id;
    const noReason = await app.call(
      'interventions:approveHold',
      { antithromboticId: id, sessionId: s15.id, chosenHoldHours: 72 },
      'pharmacist',
    );
    expect(noReason.ok).toBe(false);
    const outside = await app.call(
      'interventions:approveHold',
      { antithromboticId: id, sessionId: s15.id, chosenHoldHours: 48, reason: 'Low bleeding risk' },
      'pharmacist',
    );
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.error.message).toMatch(/between 72 and 120 hours/);
    // 72 h before Tue 15 Dec 08:30 = Sat 12 Dec 08:30; last usual dose Sat 12 Dec 08:00 (morning).
    const ok = await app.ok(
      'interventions:approveHold',
      {
        antithromboticId: id,
        sessionId: s15.id,
        chosenHoldHours: 72,
        reason: 'High thrombotic risk (recent VTE); haematology agree 3 days',
      },
      'pharmacist',
    );
    expect(ok.antithrombotics[0]!.plan).toMatchObject({
      holdHours: 72,
      chosenHoldHours: 72,
      latestLastDoseAt: '2026-12-12T08:30',
      rangeHours: { min: 72, max: 120 },
    });
    expect(ok.antithrombotics[0]!.instructions[0]).toBe(
      'Last dose of apixaban: Saturday 12 December, morning (the 08:00 dose).',
    );
    // The choice survives booking on the start it was approved for.
    await app.ok('interventions:book', { requestId: d.id, sessionId: s15.id }, 'nurse');
    const r = await app.ok('interventions:get', { id: d.id }, 'nurse');
    expect(r.antithrombotics[0]).toMatchObject({ approved: true });
    expect(r.antithrombotics[0]!.plan.holdHours).toBe(72);
  });

  it('warfarin before a low-risk procedure ("individualise") cannot be approved without a recorded decision', async () => {
    // A 46-year-old with no other bleeding factor: the trigger point injection stays low risk (the
    // 76-year-old of the other tests is moved up to intermediate, where warfarin has a 120 h hold).
    const young = await app.ok(
      'patients:create',
      {
        nhsNumber: '9876543210',
        surname: 'Young',
        forename: 'Test',
        dateOfBirth: '1980-01-01',
        sex: 'female',
      },
      'nurse',
    );
    const r0 = await scsRequest(app, young.id, clinicianId, {
      procedureCode: 'TPI',
      side: 'left',
      site: 'Trapezius',
    });
    const r = await app.ok(
      'interventions:addAntithrombotic',
      { requestId: r0.id, drug: 'warfarin', dose: '3 mg', doseTimes: ['18:00'] },
      'nurse',
    );
    expect(r.antithrombotics[0]!.plan.status).toBe('blocked');
    const id = r.antithrombotics[0]!.id;
    const none = await app.call('interventions:approveHold', { antithromboticId: id }, 'pharmacist');
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/record your decision/);
    const ok = await app.ok(
      'interventions:approveHold',
      { antithromboticId: id, decision: 'Continue warfarin; INR on the morning, proceed if 3.0 or less' },
      'pharmacist',
    );
    expect(ok.antithrombotics[0]!.plan.clinicianDecision).toMatch(/Continue warfarin/);
  });
});
