import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14: "Any change of date, time, list, cancellation or medicines list makes it 'needs re-approval'
 * everywhere it shows (request, readiness, find a slot, booking, the list)". Before this test the request
 * page said so, but the waiting list, find a slot, fill this session, booking and the theatre list said only
 * "needs prescriber approval" / "NOT APPROVED" once a change had cleared the approval: nobody looking at the
 * list could tell a plan that had been approved for another date from one never looked at.
 * Hand-worked (ASRA/ESRA pain 2018, apixaban before a high-risk procedure: 120 h): approved for an SCS trial on
 * Tue 15 Dec 2026 08:30, last dose by Thu 10 Dec 08:30. Today is Sat 21 Nov 2026 (the test clock).
 */
let app: TestApp;
let clinicianId: number;
let patientId: number;

beforeEach(async () => {
  app = await createTestApp();
  clinicianId = await interventionsTeam(app, { extra: [['coordinator', 'coordinator']] });
  const p = await app.ok(
    'patients:create',
    { nhsNumber: '9434765919', surname: 'Smith', forename: 'Test', dateOfBirth: '1950-01-01', sex: 'female' },
    'nurse',
  );
  patientId = p.id;
});
afterEach(async () => app.close());

async function approvedAndBooked() {
  const r = await scsRequest(app, patientId, clinicianId);
  const d = await app.ok(
    'interventions:updateReadiness',
    { id: r.id, version: r.version, readiness: readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19' }) },
    'nurse',
  );
  const withApixaban = await app.ok(
    'interventions:addAntithrombotic',
    { requestId: d.id, drug: 'apixaban', dose: '5 mg twice daily', doseTimes: ['08:00', '20:00'] },
    'nurse',
  );
  const s15 = await theatreSession(app, clinicianId, { date: '2026-12-15' });
  await app.ok(
    'interventions:approveHold',
    { antithromboticId: withApixaban.antithrombotics[0]!.id, sessionId: s15.id },
    'pharmacist',
  );
  const booked = await app.ok('interventions:book', { requestId: d.id, sessionId: s15.id }, 'nurse');
  return { requestId: d.id, antiId: withApixaban.antithrombotics[0]!.id, s15, booked };
}

describe('"needs re-approval" shows everywhere a hold plan shows', () => {
  it('after a cancellation: the waiting list, find a slot, fill this session and booking all say re-approval and why', async () => {
    const { requestId, booked } = await approvedAndBooked();
    await app.ok(
      'interventions:cancel',
      { bookingId: booked.bookingId, kind: 'patient', reason: 'Patient asked to move the date' },
      'nurse',
    );
    const s18 = await theatreSession(app, clinicianId, { date: '2026-12-18', room: 'Theatre 4' });
    const why = /apixaban hold plan .*needs re-approval: the booking on 15\/12\/2026 was cancelled/;

    const list = await app.ok('interventions:list', { status: 'waiting' }, 'coordinator');
    const row = list.items.find((i) => i.id === requestId);
    expect(row?.ready).toBe(false);
    expect(row?.needsReapproval).toEqual(['apixaban']);
    expect(row?.notReady.join(' ')).toMatch(why);

    const slots = await app.ok('interventions:findSlot', { requestId }, 'coordinator');
    const on18 = slots.find((o) => o.session.id === s18.id);
    expect(on18?.warnings.map((w) => w.message).join(' ')).toMatch(
      /apixaban hold plan for a start at 18\/12\/2026 08:30 needs re-approval: the booking on 15\/12\/2026 was cancelled/,
    );

    const fill = await app.ok('interventions:fillSession', { sessionId: s18.id }, 'coordinator');
    expect(fill.find((c) => c.id === requestId)?.notReady.join(' ')).toMatch(/needs re-approval/);

    const refused = await app.call('interventions:book', { requestId, sessionId: s18.id }, 'coordinator');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/needs re-approval/);
  });

  it('booked, then the dose times change: the booked row and the theatre list say re-approval, not just "not approved"', async () => {
    const { requestId, antiId } = await approvedAndBooked();
    let list = await app.ok('interventions:list', { status: 'booked' }, 'coordinator');
    expect(list.items.find((i) => i.id === requestId)).toMatchObject({ ready: true, needsReapproval: [] });
    let day = await app.ok('interventions:theatreDay', { date: '2026-12-15' }, 'coordinator');
    expect(day.rooms[0]!.sessions[0]!.cases[0]!.antithrombotics[0]).toMatch(/^apixaban: hold approved/);

    await app.ok(
      'interventions:setDoseTimes',
      { antithromboticId: antiId, doseTimes: ['09:00', '21:00'] },
      'nurse',
    );

    list = await app.ok('interventions:list', { status: 'booked' }, 'coordinator');
    const row = list.items.find((i) => i.id === requestId);
    expect(row).toMatchObject({ ready: false, bookedNotReady: true, needsReapproval: ['apixaban'] });
    expect(row?.notReady.join(' ')).toMatch(
      /needs re-approval: the usual dose times changed to 09:00, 21:00/,
    );
    day = await app.ok('interventions:theatreDay', { date: '2026-12-15' }, 'coordinator');
    expect(day.rooms[0]!.sessions[0]!.cases[0]!.antithrombotics[0]).toMatch(
      /^apixaban: hold NEEDS RE-APPROVAL \(the usual dose times changed to 09:00, 21:00\)/,
    );
  });
});
