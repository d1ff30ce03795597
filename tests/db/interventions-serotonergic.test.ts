import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, readyRecord, scsRequest } from '../helpers/seed';

/**
 * Issue 14, "NSAIDs and SSRIs/SNRIs follow the rule set". ASRA/ESRA pain 2018 (Narouze S, et al. Reg
 * Anesth Pain Med 2018;43:225-262): an SSRI/SNRI before a HIGH-risk procedure (SCS trial) asks for a
 * shared decision with the prescriber about pausing it, most patients continue; intermediate-risk
 * procedures (facet joint injection): continue, nothing shown. No hold hours, never an automatic stop.
 * Patients born 1 May 1970 are 56 on 21 November 2026 (the test clock): under 65, no tier raise by age.
 */
let app: TestApp;

const WARNING =
  'On duloxetine (an SNRI): for a high-risk procedure, discuss with the prescriber whether to pause it; most patients continue (ASRA/ESRA 2018).';

describeEachEngine('SSRIs and SNRIs before pain procedures (ASRA/ESRA 2018)', (engine) => {
  let clinicianId: number;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app);
  });
  afterEach(async () => app.close());

  async function patientOnDuloxetine(nhsNumber: string) {
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber,
        surname: 'Sertão',
        forename: 'Test',
        dateOfBirth: '1970-05-01',
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
          formularyId: 'duloxetine-capsule',
          strength: '60 mg',
          doseKind: 'regular',
          doseMg: 60,
          timesPerDay: 1,
          startDate: '2025-03-01',
          prescriber: 'gp',
          indication: 'Neuropathic pain',
        },
      },
      'nurse',
    );
    return p.id;
  }

  it('an SCS trial patient on duloxetine gets the warning; acknowledged with a reason (audited) it clears; no hold plan', async () => {
    const patientId = await patientOnDuloxetine('9990001014');
    const r = await scsRequest(app, patientId, clinicianId);
    let d = await app.ok(
      'interventions:updateReadiness',
      { id: r.id, version: r.version, readiness: readyRecord() },
      'consultant',
    );
    const item = d.readiness.items.find((i) => i.id === 'serotonergic-duloxetine');
    expect(item).toMatchObject({ gate: 'B', status: 'warn', message: WARNING });
    expect(d.openItems).toEqual(['serotonergic-duloxetine']);
    expect(d.ready).toBe(false);
    // Never a hold plan or hold hours for duloxetine.
    expect(d.antithrombotics).toEqual([]);
    const listed = await app.ok('interventions:list', { limit: 50 }, 'nurse');
    expect(listed.items.find((i) => i.id === r.id)?.notReady).toEqual([
      `Duloxetine (SNRI) before a high-risk procedure: ${WARNING}`,
    ]);

    // A reason is required.
    const empty = await app.call(
      'interventions:approveOverride',
      { requestId: d.id, version: d.version, itemId: 'serotonergic-duloxetine', reason: '' },
      'consultant',
    );
    expect(empty.ok).toBe(false);

    d = await app.ok(
      'interventions:approveOverride',
      {
        requestId: d.id,
        version: d.version,
        itemId: 'serotonergic-duloxetine',
        reason: 'Discussed with GP: continue duloxetine (relapse risk)',
      },
      'consultant',
    );
    expect(d.openItems).toEqual([]);
    expect(d.ready).toBe(true);
    const audit = await app.dispatcher.conn.db
      .selectFrom('audit_log')
      .select(['after_json'])
      .where('action', '=', 'interventions.readiness.override')
      .where('entity_id', '=', d.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after_json).toContain('Discussed with GP: continue duloxetine (relapse risk)');
    const after = await app.ok('interventions:list', { limit: 50 }, 'nurse');
    expect(after.items.find((i) => i.id === r.id)?.notReady).toEqual([]);
  });

  it('a facet joint injection (intermediate risk) patient on duloxetine gets nothing', async () => {
    const patientId = await patientOnDuloxetine('9990001022');
    const r = await scsRequest(app, patientId, clinicianId, {
      procedureCode: 'FJI',
      side: 'right',
      site: 'L4-5',
      indication: 'Facet joint pain',
    });
    const d = await app.ok('interventions:get', { id: r.id }, 'nurse');
    expect(d.readiness.items.filter((i) => i.id.startsWith('serotonergic-'))).toEqual([]);
    expect(d.openItems.filter((i) => i.startsWith('serotonergic-'))).toEqual([]);
    const listed = await app.ok('interventions:list', { limit: 50 }, 'nurse');
    expect(listed.items.find((i) => i.id === r.id)?.notReady.join(' ')).not.toContain('duloxetine');
  });
});
