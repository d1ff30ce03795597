import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, readyRecord, scsRequest } from '../helpers/seed';

/**
 * Issue 14, "Gates with owners": clinical gates (consent, pregnancy enquiry, prerequisites, repeat
 * intervals) belong to clinicians. Overrides are signed by a prescriber (hold.approve: consultants and
 * pharmacists); the service's clinical decisions say nothing on whether a pharmacist may override consent, so the safer reading
 * holds: a pharmacist signs the other items (here the baseline outcome measures) but not consent, which
 * only a consultant (hold.approve AND interventions.clinical) may override. Refused FORBIDDEN beside the
 * reason, nothing saved, nothing audited.
 */
describeEachEngine('who may override which readiness item', (engine) => {
  let app: TestApp;
  let clinicianId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app);
  });
  afterEach(async () => app.close());

  it('a pharmacist may not override consent (a clinical gate) but may sign another item; a consultant overrides consent', async () => {
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9990001014',
        surname: 'Owner',
        forename: 'Test',
        dateOfBirth: '1970-05-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    const r = await scsRequest(app, p.id, clinicianId);
    let d = await app.ok(
      'interventions:updateReadiness',
      {
        id: r.id,
        version: r.version,
        readiness: readyRecord({ consentStage1Date: null, baselineOutcomesRecorded: false }),
      },
      'nurse',
    );
    expect(d.openItems).toEqual(['consent-stage-1', 'baseline-outcomes']);

    const refused = await app.call(
      'interventions:approveOverride',
      {
        requestId: d.id,
        version: d.version,
        itemId: 'consent-stage-1',
        reason: 'Consent at the pre-op visit',
      },
      'pharmacist',
    );
    const message =
      'Only a consultant may override “Consent stage 1”: it is a clinical gate, not a medicines one. Nothing was saved.';
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fields: { reason: message } } });
    const audits = async () =>
      (
        await app.dispatcher.conn.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'interventions.readiness.override')
          .execute()
      ).length;
    expect(await audits()).toBe(0);
    d = await app.ok('interventions:get', { id: r.id }, 'nurse');
    expect(d.overrides).toEqual([]);

    d = await app.ok(
      'interventions:approveOverride',
      {
        requestId: d.id,
        version: d.version,
        itemId: 'baseline-outcomes',
        reason: 'Baseline taken at clinic on paper',
      },
      'pharmacist',
    );
    expect(d.openItems).toEqual(['consent-stage-1']);
    d = await app.ok(
      'interventions:approveOverride',
      {
        requestId: d.id,
        version: d.version,
        itemId: 'consent-stage-1',
        reason: 'Consent confirmed at the pre-op visit; form to be scanned',
      },
      'consultant',
    );
    expect(d.openItems).toEqual([]);
    expect(d.overrides.map((o) => [o.itemId, o.by])).toEqual([
      ['baseline-outcomes', 'Test pharmacist'],
      ['consent-stage-1', expect.any(String)],
    ]);
    expect(await audits()).toBe(2);
  });
});
