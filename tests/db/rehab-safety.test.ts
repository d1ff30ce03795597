import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { up as migration0040 } from '../../db/migrations/0040_rehab_risk_alerts';
import type { GoalInput } from '../../shared/domain/rehab';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { itOnSqlite } from '../helpers/engines';

/**
 * Issue 15: risk is never hidden, episodes are kept, mistakes can be corrected. Expected values are worked by
 * hand from the reference (PHQ-9 safety rule, rehab-outcomes §2.3; GAS formula with rho 0.3, §0.1).
 */

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp(); // clock: 21 Nov 2026
});
afterEach(async () => app.close());

const goal = (activity: string, over: Partial<GoalInput> = {}): GoalInput => ({
  whatMatters: `I want to ${activity} again`,
  activity,
  measure: 'minutes without stopping',
  target: '20 minutes',
  setOn: '2026-10-01',
  targetDate: '2027-01-15',
  domain: 'mobility',
  baseline: -1,
  levelMinus2: 'Cannot do it at all',
  levelMinus1: '5 minutes',
  levelZero: '20 minutes',
  levelPlus1: '30 minutes',
  levelPlus2: '45 minutes',
  ...over,
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

const phq = (patientId: number, administeredOn: string, answers: (number | null)[]) =>
  app.ok('rehab:recordMeasure', {
    patientId,
    measure: 'PHQ-9',
    timePoint: 'referral',
    administeredOn,
    answers,
  });

const auditActions = (like: string) =>
  app.dispatcher.conn.sqlite
    .prepare(`SELECT action FROM audit_log WHERE action LIKE ? ORDER BY id`)
    .pluck()
    .all(like);

describe('risk alerts: PHQ-9 item 9 is never hidden', () => {
  it('a back-dated paper PHQ-9 with item 9 = 3 opens an alert, and a later PHQ-9 with item 9 blank does not close it', async () => {
    const { p } = await patientWithPlan();
    // Entered first: the newest form, item 9 = 0 (no alert).
    await phq(p.id, '2026-11-20', [1, 1, 1, 1, 1, 0, 0, 0, 0]);
    // Then a paper form from October, entered late, with item 9 = 3 ("Nearly every day").
    await phq(p.id, '2026-10-05', [2, 2, 2, 2, 2, 2, 2, 2, 3]);
    let alerts = await app.ok('rehab:riskAlerts', { patientId: p.id });
    expect(alerts.open).toHaveLength(1);
    expect(alerts.open[0]).toMatchObject({
      measure: 'PHQ-9',
      item: 9,
      answer: 3,
      administeredOn: '2026-10-05',
      status: 'open',
      source: 'entry',
    });
    // A later PHQ-9 with item 9 left blank: the alert stays open, and the clinician is prompted to ask item 9.
    const blank = await phq(p.id, '2026-11-21', [0, 0, 0, 0, 0, 0, 0, 0, null]);
    expect(blank.score.prompts?.[0]).toMatch(/item 9 .*left blank: ask the patient/);
    alerts = await app.ok('rehab:riskAlerts', { patientId: p.id });
    expect(alerts.open.map((a) => a.answer)).toEqual([3]);
    // The team's worklist carries it, with the patient.
    const list = await app.ok('rehab:riskWorklist', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ patientId: p.id, patientName: 'SMITH, Jo', answer: 3 });
    expect(auditActions('rehab.riskAlert%')).toEqual(['rehab.riskAlertRaised']);
  });

  it('a later PHQ-9 with item 9 = 0 does not close an open alert either; only an acknowledgement does (audited, kept in history)', async () => {
    const { p } = await patientWithPlan();
    await phq(p.id, '2026-10-05', [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    await phq(p.id, '2026-11-20', [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const [open] = (await app.ok('rehab:riskAlerts', { patientId: p.id })).open;
    expect(open).toBeDefined();
    // An acknowledgement needs the action taken.
    const empty = await app.call('rehab:acknowledgeRisk', {
      alertId: open!.id,
      version: 1,
      actionTaken: '  ',
    });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.code).toBe('VALIDATION');
    const ack = await app.ok('rehab:acknowledgeRisk', {
      alertId: open!.id,
      version: open!.version,
      actionTaken: 'Phoned the patient; risk assessment done, safety plan agreed, GP informed.',
    });
    expect(ack).toMatchObject({ status: 'acknowledged', acknowledgedBy: expect.any(String) });
    const after = await app.ok('rehab:riskAlerts', { patientId: p.id });
    expect(after.open).toEqual([]);
    expect(after.acknowledged.map((a) => a.actionTaken)).toEqual([
      'Phoned the patient; risk assessment done, safety plan agreed, GP informed.',
    ]);
    expect(await app.ok('rehab:riskWorklist', {})).toEqual([]);
    const again = await app.call('rehab:acknowledgeRisk', {
      alertId: open!.id,
      version: 2,
      actionTaken: 'x',
    });
    expect(again.ok).toBe(false);
    expect(auditActions('rehab.riskAlert%')).toEqual([
      'rehab.riskAlertRaised',
      'rehab.riskAlertAcknowledged',
    ]);
  });

  it('only clinicians with rehab.write acknowledge; the coordinator sees the worklist but cannot acknowledge', async () => {
    const { p } = await patientWithPlan();
    await phq(p.id, '2026-10-05', [0, 0, 0, 0, 0, 0, 0, 0, 2]);
    const [open] = (await app.ok('rehab:riskAlerts', { patientId: p.id })).open;
    await signedInAs(app, 'coordinator', 'coord');
    expect(await app.ok('rehab:riskWorklist', {}, 'coord')).toHaveLength(1);
    const r = await app.call(
      'rehab:acknowledgeRisk',
      { alertId: open!.id, version: 1, actionTaken: 'Seen' },
      'coord',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
  });

  itOnSqlite(
    'the upgrade (migration 0040) opens alerts for PHQ-9 forms already recorded with item 9 above 0',
    async () => {
      const { p } = await patientWithPlan();
      await phq(p.id, '2026-10-05', [0, 0, 0, 0, 0, 0, 0, 0, 2]);
      await phq(p.id, '2026-10-06', [3, 3, 3, 0, 0, 0, 0, 0, 0]);
      // As a database from before the alert table: drop it, then run the migration over the existing forms.
      app.dispatcher.conn.sqlite.exec('DROP TABLE rehab_risk_alerts');
      await migration0040(app.dispatcher.conn.db as unknown as Kysely<unknown>);
      const alerts = await app.ok('rehab:riskAlerts', { patientId: p.id });
      expect(alerts.open.map((a) => [a.administeredOn, a.answer, a.source])).toEqual([
        ['2026-10-05', 2, 'upgrade'],
      ]);
    },
  );
});

describe('episodes: a new plan after a closed one, the old one kept', () => {
  it('a patient whose only plan is closed can start a new plan and record a measure in it', async () => {
    const { p, plan } = await patientWithPlan();
    app.dispatcher.conn.sqlite.prepare(`UPDATE rehab_plans SET status = 'closed' WHERE id = ?`).run(plan.id);
    const next = await app.ok('rehab:createPlan', {
      patientId: p.id,
      pathway: 'psychology',
      referralDate: '2026-11-01',
    });
    const m = await phq(p.id, '2026-11-20', [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(m.planId).toBe(next.id);
    const summary = await app.ok('rehab:summary', { patientId: p.id });
    expect(summary.plans.map((x) => [x.id, x.status])).toEqual([
      [next.id, 'active'],
      [plan.id, 'closed'],
    ]);
  });
});

describe('corrections: entered in error', () => {
  it('a measure entered in error is kept, and left out of the change and the service figures', async () => {
    const { p } = await patientWithPlan();
    // 15 then 5: change −10, beyond the reliable change of 6 → meaningful improvement.
    const a = await phq(p.id, '2026-10-05', [3, 3, 3, 3, 3, 0, 0, 0, 0]);
    const b = await phq(p.id, '2026-11-20', [1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(b.changeFromFirst).toMatchObject({ change: -10, meaningful: true, improved: true });
    await app.ok('rehab:enteredInError', { target: 'measure', id: a.id, reason: 'Another patient’s form' });
    const summary = await app.ok('rehab:summary', { patientId: p.id });
    const [sa, sb] = [
      summary.measures.find((m) => m.id === a.id)!,
      summary.measures.find((m) => m.id === b.id)!,
    ];
    expect(sa.enteredInError).toMatchObject({ reason: 'Another patient’s form' });
    expect(sb.changeFromFirst).toBeNull(); // b is now the only (first) counted form
    const service = await app.ok('rehab:serviceOutcomes', {});
    expect(service.rows.filter((r) => r.measure === 'PHQ-9')).toEqual([]);
    expect(auditActions('rehab.enteredInError%')).toEqual(['rehab.enteredInError.measure']);
    const twice = await app.call('rehab:enteredInError', { target: 'measure', id: a.id, reason: 'again' });
    expect(twice.ok).toBe(false);
  });

  it('a goal entered in error is left out of its reviews’ GAS T-scores (recomputed by hand)', async () => {
    const { plan } = await patientWithPlan();
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') });
    const g2 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('swim') });
    const review = await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [
        { goalId: g1.id, outcome: 'achieved as expected' },
        { goalId: g2.id, outcome: 'a lot more than expected' },
      ],
    });
    // Levels 0, +2: T = 50 + 10×2/√(0.7×2 + 0.3×4) = 50 + 20/√2.6 = 62.40
    expect(review.tScore).toBeCloseTo(62.403, 3);
    await app.ok('rehab:enteredInError', { target: 'goal', id: g2.id, reason: 'Duplicate goal' });
    const summary = await app.ok('rehab:summary', { patientId: plan.patientId });
    const r = summary.plans[0]!.reviews[0]!;
    // Only g1 at level 0: T = 50; baseline −1: 50 + 10×(−1)/√(0.7 + 0.3) = 40.
    expect(r.tScore).toBeCloseTo(50, 6);
    expect(r.baselineTScore).toBeCloseTo(40, 6);
    expect(r.label).toBe('T-score 50.0 on 1 of 1 goal');
    expect(summary.plans[0]!.goals.find((g) => g.id === g2.id)!.enteredInError?.reason).toBe(
      'Duplicate goal',
    );
    // A new review no longer takes the goal.
    const refused = await app.call('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-21',
      ratings: [{ goalId: g2.id, outcome: 'achieved as expected' }],
    });
    expect(refused.ok).toBe(false);
  });

  it('a review entered in error no longer decides the no-progress flag', async () => {
    const { p, plan } = await patientWithPlan();
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') });
    await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [{ goalId: g1.id, outcome: 'no change' }],
    });
    expect((await app.ok('rehab:summary', { patientId: p.id })).noProgress).toBe(true);
    const reviewId = (await app.ok('rehab:summary', { patientId: p.id })).plans[0]!.reviews[0]!.id;
    await app.ok('rehab:enteredInError', { target: 'review', id: reviewId, reason: 'Wrong patient' });
    const s = await app.ok('rehab:summary', { patientId: p.id });
    expect(s.noProgress).toBe(false);
    expect(s.plans[0]!.reviews[0]!.enteredInError?.reason).toBe('Wrong patient');
    expect(await app.ok('rehab:noProgress', {})).toEqual([]);
  });
});

describe('goals: edited, withdrawn, achieved', () => {
  it('an edit makes a new version (the old one kept, superseded); withdrawn goals leave reviews; each with a reason', async () => {
    const { p, plan } = await patientWithPlan();
    const g1 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') });
    const g2 = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('swim') });
    const edited = await app.ok('rehab:editGoal', {
      goalId: g1.id,
      goal: goal('walk', { target: '30 minutes' }),
      reason: 'Patient chose a bigger target',
    });
    expect(edited).toMatchObject({ replacesGoalId: g1.id, status: 'active', target: '30 minutes' });
    const withdrawn = await app.ok('rehab:goalStatus', {
      goalId: g2.id,
      status: 'withdrawn',
      reason: 'Pool closed',
    });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', statusReason: 'Pool closed' });
    const goals = (await app.ok('rehab:summary', { patientId: p.id })).plans[0]!.goals;
    expect(goals.map((g) => [g.activity, g.status])).toEqual([
      ['walk', 'superseded'],
      ['swim', 'withdrawn'],
      ['walk', 'active'],
    ]);
    const review = await app.ok('rehab:review', {
      planId: plan.id,
      reviewDate: '2026-11-20',
      ratings: [{ goalId: edited.id, outcome: 'achieved as expected' }],
    });
    expect(review.label).toBe('T-score 50.0 on 1 of 1 goal');
    await app.ok('rehab:goalStatus', { goalId: edited.id, status: 'achieved', reason: 'Walked 30 minutes' });
    expect(auditActions('rehab.goal.%')).toEqual(['rehab.goal.withdrawn', 'rehab.goal.achieved']);
    expect(auditActions('rehab.editGoal')).toEqual(['rehab.editGoal']);
  });
});

describe('dates make sense', () => {
  it('refuses a goal set in 1899, a target before the date set, and a measure dated 1900 (it would become the baseline)', async () => {
    const { p, plan } = await patientWithPlan();
    const g1899 = await app.call('rehab:addGoal', {
      planId: plan.id,
      goal: goal('walk', { setOn: '1899-03-01' }),
    });
    expect(g1899.ok).toBe(false);
    if (!g1899.ok)
      expect(g1899.error.fields?.['goal.setOn']).toMatch(/before the patient was born \(01-Jan-1970\)/);
    const before = await app.call('rehab:addGoal', {
      planId: plan.id,
      goal: goal('walk', { setOn: '2026-08-01' }),
    });
    expect(before.ok).toBe(false);
    if (!before.ok)
      expect(before.error.fields?.['goal.setOn']).toMatch(/before this plan’s referral \(01-Sep-2026\)/);
    const target = await app.call('rehab:addGoal', {
      planId: plan.id,
      goal: goal('walk', { setOn: '2026-10-01', targetDate: '2026-09-30' }),
    });
    expect(target.ok).toBe(false);
    if (!target.ok)
      expect(target.error.fields?.['goal.targetDate']).toMatch(/after the date the goal was set/);
    const m1900 = await app.call('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PHQ-9',
      timePoint: 'referral',
      administeredOn: '1900-01-01',
      answers: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(m1900.ok).toBe(false);
    if (!m1900.ok) expect(m1900.error.fields?.administeredOn).toMatch(/before the patient was born/);
    const preReferral = await app.call('rehab:recordMeasure', {
      patientId: p.id,
      measure: 'PHQ-9',
      timePoint: 'referral',
      administeredOn: '2026-08-31',
      answers: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(preReferral.ok).toBe(false);
    if (!preReferral.ok)
      expect(preReferral.error.fields?.administeredOn).toMatch(/before this plan’s referral/);
    const counts = app.dispatcher.conn.sqlite
      .prepare(`SELECT (SELECT count(*) FROM rehab_goals) g, (SELECT count(*) FROM rehab_measures) m`)
      .get();
    expect(counts).toEqual({ g: 0, m: 0 });
  });
});
