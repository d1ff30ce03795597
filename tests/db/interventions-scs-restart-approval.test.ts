import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, readyRecord, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14, follow-up: "An SCS trial is an episode of two visits (insertion, lead removal) and the restart
 * after insertion respects that". The approved hold plan's line in the readiness checklist said "restart not
 * before" 24 h after the INSERTION while the trial leads stay in for days. Hand-worked from Narouze et al.
 * 2018 (ASRA/ESRA pain 2018, apixaban before a high-risk procedure: 120 h hold; restart 24 h after):
 * Tue 15 Dec 2026 08:30 - 120 h = Thu 10 Dec 08:30; + 24 h = Wed 16 Dec 08:30 (the insertion-based time that
 * must not be given as the restart). Today is 21 November 2026 (the test clock).
 */
describeEachEngine('the approved hold line of an SCS trial', (engine) => {
  let app: TestApp;
  let clinicianId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app);
  });
  afterEach(async () => app.close());

  it('says the restart waits for the lead removal, not 24 h after the insertion', async () => {
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9434765919',
        surname: 'Smith',
        forename: 'Test',
        dateOfBirth: '1950-01-01',
        sex: 'female',
      },
      'nurse',
    );
    const r = await scsRequest(app, p.id, clinicianId);
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
    const approved = await app.ok(
      'interventions:approveHold',
      { antithromboticId: withApixaban.antithrombotics[0]!.id, sessionId: s15.id },
      'pharmacist',
    );
    const plan = approved.antithrombotics[0]!.plan;
    expect(plan.latestLastDoseAt).toBe('2026-12-10T08:30');
    expect(plan.restartNotBefore).toBe('2026-12-16T08:30');
    const detail = await app.ok('interventions:get', { id: d.id }, 'nurse');
    const line = detail.readiness.items.find((i) => i.id === 'hold-plan-apixaban')!.message;
    expect(line).toBe(
      `Approved: last dose no later than 10-Dec-2026 08:30; restart not while the trial leads are in, only after their removal when the team confirms there was no bleeding. Rule set: ASRA/ESRA pain 2018 (version 1.0.0).`,
    );
    expect(line).not.toMatch(/restart not before/);
  });
});
