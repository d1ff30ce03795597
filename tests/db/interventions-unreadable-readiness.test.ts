import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, readyRecord, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14, walked as a new coordinator over the demonstration database: "Show: Booked" on the waiting list
 * showed only "08-Dec-2026 is after today (07-Dec-2026)." and no list at all. One booked request had a stored
 * RTT clock start after today (the demo made them; imported or mistyped data can too), its readiness threw,
 * and the whole page was refused with a message naming neither the patient nor the field. "Fill this
 * session" failed the same way. Now that request alone is not ready, with why in words, and every other row
 * (and candidate) is shown as before. Today is 21 November 2026 (the test clock).
 */
const WHY =
  'Readiness cannot be worked out from the RTT clock start: 25-Nov-2026 is after today (21-Nov-2026). The request’s record needs correcting before this patient is booked.';

describeEachEngine('a request whose stored facts make readiness impossible', (engine) => {
  let app: TestApp;
  let clinicianId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app);
  });
  afterEach(async () => app.close());

  it('is not ready with why in words; the rest of the list and fill this session still answer', async () => {
    const patient = async (nhsNumber: string, surname: string) =>
      (
        await app.ok(
          'patients:create',
          { nhsNumber, surname, forename: 'Test', dateOfBirth: '1970-05-01', sex: 'female', allergies: [] },
          'nurse',
        )
      ).id;
    const ready = async (patientId: number) => {
      const r = await scsRequest(app, patientId, clinicianId);
      return app.ok(
        'interventions:updateReadiness',
        { id: r.id, version: r.version, readiness: readyRecord() },
        'consultant',
      );
    };
    const good = await ready(await patient('9990001111', 'Good'));
    const bad = await ready(await patient('9990001138', 'Future'));
    const s = await theatreSession(app, clinicianId);
    await app.ok('interventions:book', { requestId: good.id, sessionId: s.id }, 'nurse');
    await app.ok('interventions:book', { requestId: bad.id, sessionId: s.id }, 'nurse');
    // A waiting request, ready, and another waiting one whose clock start is also after today.
    const waiting = await ready(await patient('9990001146', 'Waiting'));
    const waitingBad = await ready(await patient('9990001154', 'Later'));
    await app.dispatcher.conn.db
      .updateTable('intervention_requests')
      .set({ rtt_clock_start: '2026-11-25' })
      .where('id', 'in', [bad.id, waitingBad.id])
      .execute();

    const booked = await app.ok('interventions:list', { status: 'booked', limit: 50 }, 'nurse');
    expect(booked.items.map((i) => [i.id, i.ready, i.notReady])).toEqual([
      [good.id, true, []],
      [bad.id, false, [WHY]],
    ]);
    const list = await app.ok('interventions:list', { status: 'waiting', limit: 50 }, 'nurse');
    expect(list.items.map((i) => [i.id, i.ready])).toEqual([
      [waiting.id, true],
      [waitingBad.id, false],
    ]);

    const s2 = await theatreSession(app, clinicianId, { date: '2026-12-16' });
    const fill = await app.ok('interventions:fillSession', { sessionId: s2.id }, 'nurse');
    expect(fill.map((c) => [c.id, c.ready, c.notReady])).toEqual([
      [waiting.id, true, []],
      [waitingBad.id, false, [WHY]],
    ]);
  });
});
