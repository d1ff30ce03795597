import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GAS_RULE_SET } from '../../shared/clinical/rehab/gas';
import type { GoalInput } from '../../shared/domain/rehab';
import * as groupQueries from '../../db/queries/rehab-groups';
import * as rehabQueries from '../../db/queries/rehab';
import * as worklistQueries from '../../db/queries/rehab-worklist';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { rowCounts } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const counts = rowCounts(
  () => app,
  [
    'rehab_plans',
    'rehab_goals',
    'rehab_reviews',
    'rehab_review_ratings',
    'rehab_measures',
    'rehab_measure_change',
    'audit_log',
  ],
);

const goal = (activity: string, baseline: -1 | -2 = -1): GoalInput => ({
  whatMatters: `I want to ${activity} again`,
  activity,
  measure: 'minutes without stopping',
  target: '20 minutes',
  setOn: '2026-10-01',
  targetDate: '2027-01-15',
  domain: 'mobility',
  baseline,
  levelMinus2: 'Cannot do it at all',
  levelMinus1: '5 minutes',
  levelZero: '20 minutes',
  levelPlus1: '30 minutes',
  levelPlus2: '45 minutes',
});

async function patientWithPlan() {
  await signedInAs(app, 'physiotherapist');
  const p = await app.ok('patients:create', {
    surname: 'Smith',
    forename: 'Jo',
    dateOfBirth: '1970-01-01',
    sex: 'female',
    allergies: [],
  });
  const plan = await app.ok('rehab:createPlan', {
    patientId: p.id,
    pathway: 'physiotherapy',
    referralDate: '2026-09-01',
    treatmentStartDate: '2026-10-01',
  });
  return { p, plan };
}

describe('rehab goals and GAS reviews', () => {
  it('writes goals in the patient’s words and reviews them with a stored GAS T-score and rule set', async () => {
    const { p, plan } = await patientWithPlan();
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk to the shop') });
    const g2 = await app.ok('rehab:addGoal', {
      planId: plan.id,
      goal: { ...goal('sleep through'), domain: 'sleep' },
    });
    const g3 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('play with grandchildren', -2) });
    expect(g1).toMatchObject({ whatMatters: 'I want to walk to the shop again', baseline: -1, weight: null });
    const review = await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      notes: 'Good progress',
      patientView: 'I feel more confident',
      ratings: [
        { goalId: g1.id, outcome: 'achieved as expected' },
        { goalId: g2.id, outcome: 'partial progress' },
        { goalId: g3.id, outcome: 'a little more than expected' },
      ],
    });
    // Levels 0, −1, +1 → T = 50; baseline −1, −1, −2 → 50 + 10×(−4)/√(0.7×3 + 0.3×9) = 31.74
    expect(review.tScore).toBeCloseTo(50, 6);
    expect(review.baselineTScore).toBeCloseTo(50 - 40 / Math.sqrt(4.8), 6);
    expect(review.change).toBeCloseTo(40 / Math.sqrt(4.8), 6);
    expect(review.label).toBe('T-score 50.0 on 3 of 3 goals');
    expect(review.ruleSet).toEqual({ id: GAS_RULE_SET.id, version: GAS_RULE_SET.version });
    expect(review.rho).toBe(0.3);
    expect(review.arithmetic).toContain('√(0.7 × 3 + 0.3 × 9)');
    expect(review.ratings.map((r) => r.level)).toEqual([0, -1, 1]);
    expect(review.noProgress).toBe(false);
    const summary = await app.ok('rehab:summary', { patientId: p.id });
    expect(summary.plans[0]!.goals).toHaveLength(3);
    expect(summary.plans[0]!.reviews[0]!.id).toBe(review.id);
    const audit = app.dispatcher.conn.sqlite
      .prepare(`SELECT action FROM audit_log WHERE action LIKE 'rehab.%' ORDER BY id`)
      .pluck()
      .all();
    expect(audit).toEqual([
      'rehab.createPlan',
      'rehab.addGoal',
      'rehab.addGoal',
      'rehab.addGoal',
      'rehab.review',
    ]);
  });

  it('labels a score on some goals only as "T-score on n of m goals", never dropping the unrated one', async () => {
    const { plan } = await patientWithPlan();
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') });
    await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('swim') });
    const review = await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [{ goalId: g1.id, outcome: 'a lot more than expected' }],
    });
    expect(review.label).toBe('T-score 70.0 on 1 of 2 goals');
    expect(review.ratedCount).toBe(1);
    expect(review.totalCount).toBe(2);
    expect(review.ratings).toHaveLength(2);
    expect(review.ratings[1]).toMatchObject({ outcome: null, level: null });
  });

  it('applies the rating rules: no change keeps the baseline, worse floors at −2; flags no progress for the MDT', async () => {
    const { p, plan } = await patientWithPlan();
    const a = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk', -1) });
    const b = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('cook', -2) });
    const r = await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [
        { goalId: a.id, outcome: 'no change' },
        { goalId: b.id, outcome: 'worse than baseline' },
      ],
    });
    expect(r.ratings.map((x) => x.level)).toEqual([-1, -2]);
    expect(r.change).toBeCloseTo(0, 9);
    expect(r.noProgress).toBe(true);
    expect((await app.ok('rehab:summary', { patientId: p.id })).noProgress).toBe(true);
    expect(await app.ok('rehab:noProgress', {})).toMatchObject([
      { patientId: p.id, reviewDate: '2026-11-20' },
    ]);
    // A later review with progress clears the precomputed flag.
    await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-21',
      ratings: [
        { goalId: a.id, outcome: 'partial progress' },
        { goalId: b.id, outcome: 'partial progress' },
      ],
    });
    expect(await app.ok('rehab:noProgress', {})).toEqual([]);
    expect((await app.ok('rehab:serviceOutcomes', {})).noProgressPatients).toBe(0);
  });

  it('uses importance weights when given', async () => {
    const { plan } = await patientWithPlan();
    const a = await app.ok('rehab:addGoal', { planId: plan.id, goal: { ...goal('walk'), weight: 3 } });
    const b = await app.ok('rehab:addGoal', { planId: plan.id, goal: { ...goal('cook'), weight: 1 } });
    const r = await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [
        { goalId: a.id, outcome: 'a little more than expected' },
        { goalId: b.id, outcome: 'achieved as expected' },
      ],
    });
    // Σwx = 3; Σw² = 10; (Σw)² = 16 → 50 + 30/√(7 + 4.8)
    expect(r.tScore).toBeCloseTo(50 + 30 / Math.sqrt(11.8), 9);
  });

  it('refuses bad reviews and goals, saving nothing', async () => {
    const { p, plan } = await patientWithPlan();
    const g = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') });
    const before = counts();
    const future = await app.call('rehab:review', {
      planId: plan.id,
      reviewDate: '2027-01-01',
      ratings: [{ goalId: g.id, outcome: 'achieved as expected' }],
    });
    expect(future.ok || future.error.fields?.reviewDate).toBe('The review date is in the future.');
    const foreign = await app.call('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [{ goalId: 9999, outcome: 'achieved as expected' }],
    });
    expect(foreign.ok || foreign.error.fields?.['ratings.0.goalId']).toBe(
      'This goal is not in the plan being reviewed.',
    );
    const badGoal = await app.call('rehab:addGoal', {
      planId: plan.id,
      goal: { ...goal('walk'), baseline: 0 as never, levelZero: '' },
    });
    expect(badGoal.ok).toBe(false);
    if (!badGoal.ok) {
      expect(badGoal.error.code).toBe('VALIDATION');
      expect(badGoal.error.fields?.['goal.baseline']).toMatch(/baseline/);
    }
    const second = await app.call('rehab:createPlan', { patientId: p.id, pathway: 'psychology' });
    expect(second.ok || second.error.code).toBe('CONFLICT');
    expect(counts()).toEqual(before);
  });

  it('carries goals into a new plan, closing the old one; the baseline follows the last review', async () => {
    const { p, plan } = await patientWithPlan();
    const a = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk', -2) });
    const b = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('cook', -2) });
    await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [
        { goalId: a.id, outcome: 'partial progress' },
        { goalId: b.id, outcome: 'no change' },
      ],
    });
    const next = await app.ok('rehab:carryPlan', {
      fromPlanId: plan.id,
      pathway: 'pain-management-programme',
      goalIds: [a.id, b.id],
    });
    expect(next.carriedFromPlanId).toBe(plan.id);
    expect(next.goals.map((g) => [g.carriedFromGoalId, g.baseline])).toEqual([
      [a.id, -1],
      [b.id, -2],
    ]);
    const s = await app.ok('rehab:summary', { patientId: p.id });
    expect(s.plans.map((x) => x.status)).toEqual(['active', 'closed']);
    const closed = await app.call('rehab:addGoal', { planId: plan.id, goal: goal('x') });
    expect(closed.ok || closed.error.code).toBe('CONFLICT');
  });

  it('refuses goal writing to roles without rehab.write, and reading when signed out', async () => {
    const { plan } = await patientWithPlan();
    await signedInAs(app, 'coordinator', 'coord');
    const r = await app.call('rehab:addGoal', { planId: plan.id, goal: goal('walk') }, 'coord');
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
    const read = await app.call('rehab:summary', { patientId: plan.patientId }, 'coord');
    expect(read.ok).toBe(true);
    const anon = await app.call('rehab:summary', { patientId: plan.patientId }, 'nobody');
    expect(anon.ok || anon.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('outcome measures', () => {
  it('scores PHQ-9 with the item 9 alert and stores the rule set; flags a meaningful change', async () => {
    const { p } = await patientWithPlan();
    const first = await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PHQ-9',
      timePoint: 'referral',
      administeredOn: '2026-09-01',
      answers: [3, 3, 2, 2, 2, 2, 2, 2, 1],
    });
    expect(first.score.total).toBe(19);
    expect(first.score.band).toMatch(/moderately severe/i);
    expect(first.score.alerts?.[0]).toMatch(/item 9/i);
    expect(first.ruleSet.id).toBe('rehab-outcome-measures');
    const later = await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PHQ-9',
      timePoint: 'treatment-start',
      administeredOn: '2026-11-01',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    expect(later.changeFromFirst).toMatchObject({ change: -11, meaningful: true, improved: true });
    const change = app.dispatcher.conn.sqlite
      .prepare(`SELECT change, meaningful, improved, pathway FROM rehab_measure_change WHERE patient_id = ?`)
      .get(p.id);
    expect(change).toEqual({ change: -11, meaningful: 1, improved: 1, pathway: 'physiotherapy' });
    const service = await app.ok('rehab:serviceOutcomes', {});
    expect(service.rows).toContainEqual({
      measure: 'PHQ-9',
      pathway: 'physiotherapy',
      paired: 1,
      improved: 1,
      deteriorated: 0,
      percentImproved: 100,
    });
    // One pathway: its own row only, labelled with it (issue 15: an 'all pathways' row here was mislabelled).
    const physio = await app.ok('rehab:serviceOutcomes', { pathway: 'physiotherapy' });
    expect(physio.rows.filter((r) => r.measure === 'PHQ-9').map((r) => [r.pathway, r.paired])).toEqual([
      ['physiotherapy', 1],
    ]);
    const other = await app.ok('rehab:serviceOutcomes', { pathway: 'psychology' });
    expect(other.rows.filter((r) => r.measure === 'PHQ-9')).toEqual([]);
  });

  it('says why a score cannot be computed (missing item) and records item scores for licensed measures', async () => {
    const { p } = await patientWithPlan();
    const missing = await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PSEQ',
      timePoint: 'referral',
      administeredOn: '2026-09-01',
      answers: [3, 3, 3, null, 3, 3, 3, 3, 3, 3],
    });
    expect(missing.score.total).toBeNull();
    expect(missing.score.reason).toMatch(/item 4/);
    const ok = await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PSEQ',
      timePoint: 'treatment-start',
      administeredOn: '2026-10-01',
      answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    });
    expect(ok.score.total).toBe(30);
    expect(ok.changeFromFirst).toBeNull(); // the first scored administration
  });

  it('refuses an out-of-range answer naming the item, a future date, and PSFS without activities; nothing saved', async () => {
    const { p } = await patientWithPlan();
    const before = counts();
    const r = await app.call('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'GAD-7',
      timePoint: 'referral',
      administeredOn: '2026-09-01',
      answers: [0, 1, 2, 4, 0, 0, 0],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.['answers.3']).toMatch(/GAD-7 item 4: 4 is out of range/);
    const f = await app.call('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'GAD-7',
      timePoint: 'referral',
      administeredOn: '2027-09-01',
      answers: [0, 1, 2, 3, 0, 0, 0],
    });
    expect(f.ok || f.error.fields?.administeredOn).toMatch(/future/);
    const psfs = await app.call('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PSFS',
      timePoint: 'treatment-start',
      administeredOn: '2026-10-01',
      answers: [2, 3],
      activities: ['Walking'],
    });
    expect(psfs.ok || psfs.error.fields?.activities).toMatch(/Name each PSFS activity/);
    expect(counts()).toEqual(before);
  });

  it('tracks PSFS activities over time against the MDC, and lists measures due per collection point', async () => {
    const { p } = await patientWithPlan();
    await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PSFS',
      timePoint: 'treatment-start',
      administeredOn: '2026-10-01',
      answers: [2, 5],
      activities: ['Walking the dog', 'Gardening'],
    });
    const later = await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PSFS',
      timePoint: 'other',
      administeredOn: '2026-11-15',
      answers: [6, 6],
      activities: ['Walking the dog', 'Gardening'],
    });
    expect(later.changeFromFirst).toMatchObject({ meaningful: true, improved: true, threshold: 2 });
    const s = await app.ok('rehab:summary', { patientId: p.id });
    expect(s.psfs.map((x) => [x.activity, x.change?.meaningful])).toEqual([
      ['Walking the dog', true],
      ['Gardening', false],
    ]);
    // Referral 2026-09-01 + 14 days window: overdue on 2026-11-21; start of treatment 2026-10-01 also overdue.
    expect(s.due.find((d) => d.timePointId === 'referral')).toMatchObject({ status: 'overdue' });
    expect(s.due.find((d) => d.timePointId === 'treatment-start')?.outstanding).not.toContain('PSFS');
    const wl = await app.ok('rehab:worklist', { asOf: '2026-09-05' });
    expect(wl.items).toContainEqual(
      expect.objectContaining({ patientId: p.id, timePointId: 'referral', status: 'due' }),
    );
  });
});

describe('query plans of the hot rehab queries', () => {
  itOnSqlite(
    'uses indexes for the patient summary, the service view and the cohort report (the SQL we send)',
    () => {
      const { db, sqlite } = app.dispatcher.conn;
      const plan = (q: { sql: (d: typeof db) => string }) => {
        const text = q.sql(db);
        const params = Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 1);
        return (sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      };
      expect(plan(rehabQueries.patientExists)).toMatch(/INTEGER PRIMARY KEY/);
      expect(plan(rehabQueries.plansOfPatient)).toMatch(/INDEX rehab_plans_patient/);
      for (const [q, index] of [
        [rehabQueries.goalsOfPatient, 'rehab_goals_plan'],
        [rehabQueries.reviewsOfPatient, 'rehab_reviews_plan'],
        [rehabQueries.ratingsOfPatient, 'rehab_review_ratings_review'],
      ] as const) {
        // Each through the patient's plans (the subquery on rehab_plans_patient), never a scan.
        expect(plan(q)).toMatch(new RegExp(`INDEX ${index}`));
        expect(plan(q)).toMatch(/COVERING INDEX rehab_plans_patient/);
      }
      expect(plan(rehabQueries.measuresOfPatient)).toMatch(/INDEX rehab_measures_patient/);
      // One pass over the covering index for paired, improved and deteriorated together.
      expect(plan(rehabQueries.serviceOutcomeCounts)).toMatch(/COVERING INDEX rehab_measure_change_service/);
      expect(plan(rehabQueries.serviceOutcomeCountsForPathway)).toMatch(
        /COVERING INDEX rehab_measure_change_service/,
      );
      expect(plan(rehabQueries.countNoProgress)).toMatch(/rehab_patient_status_no_progress/);
      expect(plan(groupQueries.reviewsForCohort)).toMatch(/INDEX rehab_reviews_plan/);
      expect(plan(groupQueries.measuresForCohort)).toMatch(/INDEX rehab_measures_patient/);
      for (const q of [groupQueries.reviewsForCohort, groupQueries.measuresForCohort])
        expect(plan(q)).toMatch(/INDEX rehab_programme_enrolments_programme/);
      for (const q of Object.values(rehabQueries).filter((x) => typeof x === 'object' && 'sql' in x))
        expect(plan(q)).not.toMatch(/^SCAN (?!.*USING)/m);
    },
  );
});

describe('Measures due worklist (issue 18: 2.3 s on screen at 100,000 patients)', () => {
  itOnSqlite('counts and pages each collection point from indexes alone, with no scan or sort', () => {
    const { db, sqlite } = app.dispatcher.conn;
    const planOf = (q: { compile: () => { sql: string; parameters: readonly unknown[] } }) => {
      const c = q.compile();
      return (sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    };
    for (const column of ['referral_date', 'treatment_start_date', 'discharge_date'] as const) {
      const w = {
        column,
        from: '2026-09-01',
        to: '2026-11-30',
        timePointId: 'discharge',
        measures: ['BPI', 'PSEQ', 'PHQ-9', 'GAD-7', 'EQ-5D-5L', 'PSFS'],
      };
      const index = `rehab_plans_status_${column}`;
      // The plans by status and anchor date from the index alone; the recorded measures counted from the
      // covering index of (plan, time point, measure).
      const count = planOf(worklistQueries.countDuePointQuery(db, w));
      expect(count).toMatch(
        new RegExp(
          `SEARCH pl USING COVERING INDEX ${index} \\(status=\\? AND ${column}>\\? AND ${column}<\\?\\)`,
        ),
      );
      expect(count).toMatch(
        /SEARCH m USING COVERING INDEX rehab_measures_plan_point \(plan_id=\? AND time_point=\?/,
      );
      // The page in due-date order straight from the index (no sort), the patient by primary key.
      const page = planOf(worklistQueries.duePointPageQuery(db, w, 200));
      expect(page).toMatch(new RegExp(`SEARCH pl USING COVERING INDEX ${index}`));
      expect(page).toMatch(/SEARCH p USING INTEGER PRIMARY KEY/);
      // (The only temporary b-tree is count(DISTINCT) over one plan's few recorded measures.)
      for (const text of [count, page]) {
        expect(text).not.toMatch(/^SCAN /m);
        expect(text).not.toMatch(/TEMP B-TREE FOR (ORDER|GROUP) BY/);
      }
    }
    expect(planOf(worklistQueries.measuresRecordedForPlansQuery(db, [1, 2, 3]))).toMatch(
      /SEARCH m USING (COVERING )?INDEX rehab_measures_plan(_point)? \(plan_id=\?/,
    );
  });
});
