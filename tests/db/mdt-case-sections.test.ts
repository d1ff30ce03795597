import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interventionsSection, medicinesSection, rehabSection } from '../../db/services/mdt-case-sections';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { JO } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

/** The MDT case summary draws on the other modules: a patient's medicines and interventions. */
let app: TestApp;
let patientId: number;
beforeEach(async () => {
  app = await createTestApp();
  await signedInAs(app, 'nurse', 'nurse');
  patientId = (await app.ok('patients:create', JO, 'nurse')).id;
});
afterEach(async () => app.close());

describe('case summary sections from other modules', () => {
  it('are empty for a patient with nothing recorded', async () => {
    expect(await medicinesSection(app.dispatcher.conn.db, patientId)).toBeNull();
    expect(await interventionsSection(app.dispatcher.conn.db, patientId)).toBeNull();
  });

  it('show current medicines, the OME with its rule set, and the combination flag', async () => {
    const base = {
      doseKind: 'regular',
      startDate: '2026-06-01',
      prescriber: 'gp',
      indication: 'Back pain',
    } as const;
    await app.ok(
      'meds:add',
      {
        patientId,
        medicine: {
          ...base,
          formularyId: 'oxycodone-mr-tablet',
          strength: '20 mg',
          doseMg: 20,
          timesPerDay: 2,
        },
      },
      'nurse',
    );
    await app.ok(
      'meds:add',
      {
        patientId,
        medicine: {
          ...base,
          formularyId: 'pregabalin-capsule',
          strength: '150 mg',
          doseMg: 150,
          timesPerDay: 2,
        },
      },
      'nurse',
    );
    const text = (await medicinesSection(app.dispatcher.conn.db, patientId))!;
    // 20 mg × 2 = 40 mg oxycodone a day × 1.5 = 60 mg OME (FPM Opioids Aware).
    expect(text).toMatch(/Total OME 60 mg\/day/);
    expect(text).toMatch(/opioids-aware/i);
    expect(text).toContain('Flags: opioid + gabapentinoid.');
    expect(text).toMatch(/Oxycodone[^;]*20 mg × 2 a day/);
    expect(text).toMatch(/Pregabalin[^;]*150 mg × 2 a day/);
  });

  it('show open intervention requests with priority and breach date', async () => {
    await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'SCS_TRIAL',
        side: 'midline',
        site: 'T8-T10',
        indication: 'Neuropathic leg pain',
        priority: 'P3',
        rttClockStart: '2026-10-01',
      } as never,
      'nurse',
    );
    const text = (await interventionsSection(app.dispatcher.conn.db, patientId))!;
    // 1 October 2026 + 126 days = 4 February 2027 (RTT 18 weeks), shown to people as dd-MMM-yyyy (issue 18:
    // the MDT presentation view showed "breach 2027-02-27").
    expect(text).toMatch(/midline, T8-T10\): waiting, P3, breach 04-Feb-2027\./);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('show the latest GAS review and the latest outcome measures, and the case summary carries them', async () => {
    expect(await rehabSection(app.dispatcher.conn.db, patientId)).toEqual({
      activePlan: null,
      gas: null,
      measures: [],
    });
    await signedInAs(app, 'physiotherapist', 'physio');
    const plan = await app.ok(
      'rehab:createPlan',
      { patientId, pathway: 'physiotherapy', referralDate: '2026-09-01', treatmentStartDate: '2026-10-01' },
      'physio',
    );
    const goal = (activity: string) => ({
      whatMatters: `I want to ${activity} again`,
      activity,
      measure: 'minutes',
      target: '20 minutes',
      setOn: '2026-10-01',
      targetDate: '2027-01-15',
      domain: 'mobility' as const,
      baseline: -1 as const,
      levelMinus2: 'Not at all',
      levelMinus1: '5 minutes',
      levelZero: '20 minutes',
      levelPlus1: '30 minutes',
      levelPlus2: '45 minutes',
    });
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') }, 'physio');
    await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('swim') }, 'physio');
    await app.ok(
      'rehab:review',
      {
        planId: plan.id,
        reviewDate: '2026-11-20',
        ratings: [{ goalId: g1.id, outcome: 'a lot more than expected' }],
      },
      'physio',
    );
    for (const [timePoint, administeredOn, answers] of [
      ['referral', '2026-09-01', [3, 3, 2, 2, 2, 2, 2, 2, 1]],
      ['treatment-start', '2026-11-01', [1, 1, 1, 1, 1, 1, 1, 1, 0]],
    ] as const) {
      await app.ok(
        'rehab:recordMeasure',
        { patientId, measure: 'PHQ-9', timePoint, administeredOn, answers: [...answers] },
        'physio',
      );
    }
    const r = await rehabSection(app.dispatcher.conn.db, patientId);
    expect(r.activePlan).toEqual({ id: plan.id, pathway: 'physiotherapy' });
    // One goal rated +2 (of two): T = 50 + 10 × 2 / √(0.7 + 0.3) = 70; baseline −1 on one goal: T = 40.
    expect(r.gas).toMatchObject({
      reviewDate: '2026-11-20',
      label: 'T-score 70.0 on 1 of 2 goals',
      ratedCount: 1,
      totalCount: 2,
      noProgress: false,
      ruleSet: { id: expect.stringMatching(/gas/i) as unknown as string },
    });
    expect(r.gas?.tScore).toBeCloseTo(70, 6);
    expect(r.gas?.change).toBeCloseTo(30, 6);
    // PHQ-9 19 → 8: change −11, beyond the minimal important change: flagged, improved.
    expect(r.measures).toEqual([
      expect.objectContaining({
        measure: 'PHQ-9',
        total: 8,
        band: expect.stringMatching(/mild/i) as unknown as string,
        administeredOn: '2026-11-01',
        change: -11,
        meaningful: true,
        improved: true,
        ruleSet: { id: 'rehab-outcome-measures', version: expect.any(String) as unknown as string },
      }),
    ]);

    const types = await app.ok('mdt:meetingTypes:list', {}, 'nurse');
    const listing = await app.ok(
      'mdt:referral:create',
      {
        patientId,
        question: 'Ready for a pain management programme?',
        reason: 'pmp-suitability',
        patientAware: true,
        meetingTypeId: types[0]!.id,
      },
      'nurse',
    );
    const s = await app.ok('mdt:case:summary', { listingId: listing.id }, 'nurse');
    expect(s.rehab).toEqual(r);
    const text = s.sections.find((x) => x.title === 'Rehabilitation')?.text ?? '';
    expect(text).toContain('T-score 70.0 on 1 of 2 goals, +30.0 since baseline');
    expect(text).toMatch(/PHQ-9 8 \(mild[^)]*\) on 2026-11-01, -11 since first, meaningful change\./i);
  });

  itOnSqlite('reads every section through indexes (EXPLAIN QUERY PLAN)', () => {
    const sqlite = app.dispatcher.conn.sqlite;
    const plan = (q: string) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(1) as { detail: string }[])
        .map((p) => p.detail)
        .join(' | ');
    const rehabStatus = plan(
      `SELECT r.t_score FROM rehab_patient_status s LEFT JOIN rehab_plans p ON p.id = s.active_plan_id
       LEFT JOIN rehab_reviews r ON r.id = s.latest_review_id WHERE s.patient_id = ?`,
    );
    expect(rehabStatus).not.toMatch(/SCAN/);
    const measures = plan(
      `SELECT m.total FROM rehab_measure_change c JOIN rehab_measures m ON m.id = c.latest_id
       WHERE c.patient_id = ? ORDER BY c.measure`,
    );
    expect(measures).toMatch(/SEARCH c USING PRIMARY KEY \(patient_id=\?\)/);
    expect(measures).not.toMatch(/SCAN|TEMP B-TREE/);
    for (const q of [
      `SELECT * FROM patient_ome WHERE patient_id = ?`,
      `SELECT name FROM medicine_entries WHERE patient_id = ? AND current = 1 AND status = 'active' ORDER BY name`,
      `SELECT status FROM taper_plans WHERE patient_id = ? AND status IN ('draft','active','paused')`,
      `SELECT procedure_code FROM intervention_requests WHERE patient_id = ? AND status IN ('waiting','booked')`,
      `SELECT a.id FROM mdt_actions a WHERE a.patient_id = ? AND a.status IN ('open','in-progress') ORDER BY a.due_date`,
      `SELECT kind FROM mdt_outcomes WHERE patient_id = ? AND status = 'confirmed' ORDER BY meeting_date DESC`,
    ]) {
      expect(plan(q), q).not.toMatch(
        /\bSCAN (patient_ome|medicine_entries|taper_plans|intervention_requests|a|mdt_outcomes)\b/,
      );
    }
    const held = plan(
      `SELECT patient_id FROM taper_plans WHERE holds + step_backs > 0 AND holds + step_backs >= ? LIMIT 200`,
    );
    expect(held).toMatch(/taper_plans_concerns/);
  });
});
