import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { interventionsTeam, scsRequest } from '../helpers/seed';
import type { ScsTrialInput } from '../../shared/domain/interventions-scs';

/**
 * Issue 14, follow-up: "An SCS trial is an episode of two visits (insertion, lead removal)". Worked by
 * hand from the Neuromodulation Foundation practice parameters and NICE TA159 (2008): a trial of
 * 3-8 days, some up to 3 weeks; success is at least 50% relief with activity, analgesia stable or reduced,
 * and the patient satisfied; NICE TA159: SCS only after a successful trial. Today is 21-Nov-2026 (the test
 * clock); the request's RTT clock started 01-Oct-2026.
 */
let app: TestApp;

describeEachEngine('SCS trial episodes', (engine) => {
  let clinicianId: number;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app, { extra: [['coordinator', 'coordinator']] });
  });
  afterEach(async () => app.close());

  async function trial(nhsNumber: string) {
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber,
        surname: 'Trial',
        forename: 'Test',
        dateOfBirth: '1970-05-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    return scsRequest(app, p.id, clinicianId);
  }
  const episode = (requestId: number, over: Partial<ScsTrialInput> = {}): ScsTrialInput => ({
    requestId,
    version: 0,
    insertedOn: '2026-11-10',
    leadsRemovedOn: null,
    reliefPercent: null,
    analgesia: null,
    patientSatisfied: null,
    decision: null,
    decisionOn: null,
    decisionReason: null,
    ...over,
  });
  const fields = async (input: ScsTrialInput, key = 'consultant') => {
    const r = await app.call('interventions:recordScsTrial', input, key);
    if (r.ok) throw new Error('expected a refusal');
    return { code: r.error.code, fields: r.error.fields ?? {} };
  };

  it('records insertion, removal, the outcome against the criteria and the decision, refusing impossible dates beside the field', async () => {
    const r = await trial('9990001014');
    expect((await app.ok('interventions:scsTrial', { requestId: r.id }, 'nurse')).episode).toBeNull();
    // A coordinator cannot record it (a clinical record); nothing saved.
    expect((await fields(episode(r.id), 'coordinator')).code).toBe('FORBIDDEN');
    // Insertion after today, or before the referral: refused.
    expect((await fields(episode(r.id, { insertedOn: '2026-11-22' }))).fields).toEqual({
      insertedOn: 'The trial cannot start after today.',
    });
    expect((await fields(episode(r.id, { insertedOn: '2026-09-30' }))).fields).toEqual({
      insertedOn: 'The trial cannot start before the patient was referred (01-Oct-2026).',
    });
    expect((await app.ok('interventions:scsTrial', { requestId: r.id }, 'nurse')).episode).toBeNull();

    let v = await app.ok('interventions:recordScsTrial', episode(r.id), 'consultant');
    expect(v.episode).toMatchObject({
      insertedOn: '2026-11-10',
      leadsRemovedOn: null,
      trialDays: null,
      version: 1,
    });

    // Removal before insertion; after today; 20 Oct → 17 Nov is 11 + 17 = 28 days (> 21).
    expect((await fields(episode(r.id, { version: 1, leadsRemovedOn: '2026-11-09' }))).fields).toEqual({
      leadsRemovedOn: 'The leads cannot come out before they went in (10-Nov-2026).',
    });
    expect((await fields(episode(r.id, { version: 1, leadsRemovedOn: '2026-11-23' }))).fields).toEqual({
      leadsRemovedOn: 'Lead removal cannot be after today.',
    });
    expect(
      (await fields(episode(r.id, { version: 1, insertedOn: '2026-10-20', leadsRemovedOn: '2026-11-17' })))
        .fields,
    ).toEqual({ leadsRemovedOn: 'A trial of 28 days is longer than 3 weeks (21 days); check the dates.' });
    // An outcome needs the removal first.
    expect(
      (
        await fields(
          episode(r.id, { version: 1, reliefPercent: 60, analgesia: 'stable', patientSatisfied: true }),
        )
      ).fields,
    ).toEqual({ leadsRemovedOn: 'Record when the leads were removed before the outcome of the trial.' });
    // A stale version: refused.
    expect((await fields(episode(r.id, { version: 0, leadsRemovedOn: '2026-11-17' }))).code).toBe('CONFLICT');

    // Removed 17 Nov (7 days), 60% relief with activity, analgesia stable, satisfied: all three criteria met.
    const outcome = {
      version: 1,
      leadsRemovedOn: '2026-11-17',
      reliefPercent: 60,
      analgesia: 'stable' as const,
      patientSatisfied: true,
    };
    v = await app.ok('interventions:recordScsTrial', episode(r.id, outcome), 'consultant');
    expect(v.episode).toMatchObject({
      trialDays: 7,
      successful: true,
      successWhy: 'Successful: 60% relief with activity, analgesia stable, patient satisfied.',
      version: 2,
    });
    // The decision cannot come before the removal, nor after today.
    expect(
      (await fields(episode(r.id, { ...outcome, version: 2, decision: 'implant', decisionOn: '2026-11-16' })))
        .fields,
    ).toEqual({ decisionOn: 'The decision cannot be before the leads were removed (17-Nov-2026).' });
    v = await app.ok(
      'interventions:recordScsTrial',
      episode(r.id, { ...outcome, version: 2, decision: 'implant', decisionOn: '2026-11-20' }),
      'consultant',
    );
    const consultant = await app.dispatcher.conn.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', clinicianId)
      .executeTakeFirstOrThrow();
    expect(v.episode).toMatchObject({
      decision: 'implant',
      decisionOn: '2026-11-20',
      decidedBy: consultant.display_name,
    });
    const audited = await app.dispatcher.conn.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'interventions.scs-trial.record')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(3);
  }, 60_000);

  it('an unsuccessful trial (40% relief) needs a reason to implant; only an SCS trial has an episode', async () => {
    const r = await trial('9990001022');
    const failed = {
      leadsRemovedOn: '2026-11-15',
      reliefPercent: 40,
      analgesia: 'reduced' as const,
      patientSatisfied: true,
      decision: 'implant' as const,
      decisionOn: '2026-11-18',
    };
    expect((await fields(episode(r.id, failed))).fields).toEqual({
      decisionReason: 'The trial did not meet the success criteria: give the reason to implant.',
    });
    const v = await app.ok(
      'interventions:recordScsTrial',
      episode(r.id, { ...failed, decisionReason: 'MDT: relief limited by a displaced lead; implant agreed' }),
      'consultant',
    );
    expect(v.episode).toMatchObject({
      successful: false,
      successWhy: 'Not successful: relief 40% (below 50%).',
    });

    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9990001030',
        surname: 'Block',
        forename: 'Test',
        dateOfBirth: '1970-05-01',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    );
    const mbb = await scsRequest(app, p.id, clinicianId, {
      procedureCode: 'MBB_L',
      side: 'right',
      site: 'L4-5',
    });
    const refused = await app.call('interventions:recordScsTrial', episode(mbb.id), 'consultant');
    expect(refused.ok ? null : refused.error.message).toBe(
      'Only a spinal cord stimulator trial has a trial episode.',
    );
  }, 60_000);
});
