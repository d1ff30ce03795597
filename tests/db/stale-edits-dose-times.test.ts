import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RequestDetail } from '../../shared/domain/interventions';
import { describeEachEngine } from '../helpers/engines';
import { createTestApp, type TestApp } from '../helpers/db';
import { interventionsTeam, readyRecord, scsRequest } from '../helpers/seed';

/**
 * Issue 19, "never a silent overwrite": an anticoagulant's usual dose times (they set the last dose before the
 * procedure) were saved over whatever another desk had saved meanwhile. Now the screen sends the times it read;
 * a save over newer times is refused, naming who changed them, and nothing is saved.
 */
describeEachEngine('usual dose times edited at two desks', (engine) => {
  let app: TestApp;
  let d: RequestDetail;
  beforeEach(async () => {
    app = await createTestApp(engine);
    const clinicianId = await interventionsTeam(app);
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
    await app.ok(
      'meds:add',
      {
        patientId: p.id,
        medicine: {
          formularyId: 'apixaban-tablet',
          strength: '5 mg',
          doseKind: 'regular',
          doseMg: 5,
          timesPerDay: 2,
          startDate: '2025-03-01',
          prescriber: 'gp',
          indication: 'Atrial fibrillation',
        },
      },
      'nurse',
    );
    const r = await scsRequest(app, p.id, clinicianId);
    d = await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord({ crclMlPerMin: 72, crclDate: '2026-11-19' }) },
      'nurse',
    );
  });
  afterEach(async () => app.close());

  it('refuses a save over times changed meanwhile, names who changed them, and saves nothing', async () => {
    const anti = d.antithrombotics[0]!;
    expect(anti.doseTimes).toEqual(['08:00', '20:00']);
    // The first desk saves the patient's own times.
    await app.ok(
      'interventions:setDoseTimes',
      { antithromboticId: anti.id, doseTimes: ['07:00', '19:00'], expectedDoseTimes: ['08:00', '20:00'] },
      'nurse',
    );
    // The second desk, still showing 08:00 and 20:00, saves other times.
    const r = await app.call(
      'interventions:setDoseTimes',
      { antithromboticId: anti.id, doseTimes: ['09:00', '21:00'], expectedDoseTimes: ['08:00', '20:00'] },
      'nurse',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toMatch(
        /^The usual dose times of apixaban were changed to 07:00, 19:00 while you were editing, so yours \(09:00, 21:00\) were not saved\./,
      );
      // Who and when, from the audit trail.
      expect(r.error.message).toMatch(/changed it at \d\d:\d\d on \d\d-[A-Z][a-z]{2}-\d{4}/);
    }
    const after = await app.ok('interventions:get', { id: d.id }, 'nurse');
    expect(after.antithrombotics[0]!.doseTimes).toEqual(['07:00', '19:00']);
    // Having seen them, the second desk saves over the times now shown.
    const saved = await app.ok(
      'interventions:setDoseTimes',
      { antithromboticId: anti.id, doseTimes: ['09:00', '21:00'], expectedDoseTimes: ['07:00', '19:00'] },
      'nurse',
    );
    expect(saved.antithrombotics[0]!.doseTimes).toEqual(['09:00', '21:00']);
  });
});
