import { afterEach, beforeEach, expect, it } from 'vitest';
import type { GoalInput } from '../../shared/domain/rehab';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';

/**
 * Issue 15, "Dates make sense": nothing before the patient's birth or the plan's referral. Found in the
 * browser walk (fifth stop): a plan could be started with a referral in 1950 for a patient born in 1965,
 * after which a measure "before the referral" was accepted as the baseline. And carrying goals forward:
 * a carried goal must still have its target after the date it is set in the new plan.
 * Clock: 21-Nov-2026 (createTestApp). Patient born 05-May-1965. Expected messages written by hand.
 */

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

describeEachEngine('rehab plan dates (issue 15)', (engine) => {
  let app: TestApp;
  let patientId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'physiotherapist');
    patientId = (
      await app.ok('patients:create', {
        surname: 'Walker',
        forename: 'Nina',
        dateOfBirth: '1965-05-05',
        sex: 'female',
        allergies: [],
      })
    ).id;
  });
  afterEach(async () => app.close());

  const plans = async () => (await app.ok('rehab:summary', { patientId })).plans.map((p) => p.referralDate);

  it('refuses a plan whose referral is before the patient was born, in the future, or after its start of treatment; nothing saved', async () => {
    const born = await app.call('rehab:createPlan', {
      patientId,
      pathway: 'physiotherapy',
      referralDate: '1950-01-01',
    });
    expect(born.ok).toBe(false);
    if (!born.ok)
      expect(born.error.fields?.referralDate).toBe(
        'The referral date is before the patient was born (05-May-1965).',
      );
    const future = await app.call('rehab:createPlan', {
      patientId,
      pathway: 'physiotherapy',
      referralDate: '2026-12-01',
    });
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.error.fields?.referralDate).toBe('The referral date is in the future.');
    const start = await app.call('rehab:createPlan', {
      patientId,
      pathway: 'physiotherapy',
      referralDate: '2026-08-03',
      treatmentStartDate: '2026-07-01',
    });
    expect(start.ok).toBe(false);
    if (!start.ok)
      expect(start.error.fields?.treatmentStartDate).toBe(
        'The start of treatment is before the referral date (03-Aug-2026).',
      );
    expect(await plans()).toEqual([]);
    await app.ok('rehab:createPlan', { patientId, pathway: 'physiotherapy', referralDate: '2026-08-03' });
    expect(await plans()).toEqual(['2026-08-03']);
  });

  it('refuses moving the referral before birth, or after a measure already in the plan (it would sit before the referral)', async () => {
    const plan = await app.ok('rehab:createPlan', {
      patientId,
      pathway: 'physiotherapy',
      referralDate: '2026-08-03',
    });
    await app.ok('rehab:recordMeasure', {
      patientId,
      measure: 'PHQ-9',
      timePoint: 'referral',
      administeredOn: '2026-09-01',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    const born = await app.call('rehab:updatePlanDates', {
      planId: plan.id,
      version: plan.version,
      referralDate: '1960-01-01',
    });
    expect(born.ok).toBe(false);
    if (!born.ok)
      expect(born.error.fields?.referralDate).toBe(
        'The referral date is before the patient was born (05-May-1965).',
      );
    const late = await app.call('rehab:updatePlanDates', {
      planId: plan.id,
      version: plan.version,
      referralDate: '2026-10-01',
    });
    expect(late.ok).toBe(false);
    if (!late.ok)
      expect(late.error.fields?.referralDate).toBe(
        'A PHQ-9 in this plan was completed on 01-Sep-2026, before this referral date. Mark it entered in error first if it was recorded wrongly.',
      );
    expect(await plans()).toEqual(['2026-08-03']);
  });

  it('carrying goals: a withdrawn, replaced or in-error goal is refused by name; a carried goal whose target is not after the new start is refused beside it', async () => {
    const plan = await app.ok('rehab:createPlan', {
      patientId,
      pathway: 'physiotherapy',
      referralDate: '2026-08-03',
    });
    const walk = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('walk') });
    const swim = await app.ok('rehab:addGoal', {
      planId: plan.id,
      goal: goal('swim', { targetDate: '2026-11-15' }),
    });
    const sing = await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('sing') });
    await app.ok('rehab:goalStatus', { goalId: sing.id, status: 'withdrawn', reason: 'Chose another goal' });
    const withdrawn = await app.call('rehab:carryPlan', {
      fromPlanId: plan.id,
      pathway: 'psychology',
      treatmentStartDate: '2026-11-20',
      goalIds: [walk.id, sing.id],
    });
    expect(withdrawn.ok).toBe(false);
    if (!withdrawn.ok)
      expect(withdrawn.error.fields?.['goalIds.1']).toBe(
        'Goal “sing” is withdrawn, so it cannot be carried into the new plan.',
      );
    // "swim" was to be reached by 15-Nov-2026; in a plan starting 20-Nov-2026 that target has passed.
    const passed = await app.call('rehab:carryPlan', {
      fromPlanId: plan.id,
      pathway: 'psychology',
      treatmentStartDate: '2026-11-20',
      goalIds: [walk.id, swim.id],
    });
    expect(passed.ok).toBe(false);
    if (!passed.ok)
      expect(passed.error.fields?.['goalIds.1']).toBe(
        'Goal “swim” has its target date (15-Nov-2026) on or before the start of the new plan (20-Nov-2026): edit its target date first, or do not carry it.',
      );
    const before = await app.call('rehab:carryPlan', {
      fromPlanId: plan.id,
      pathway: 'psychology',
      treatmentStartDate: '2026-07-01',
      goalIds: [walk.id],
    });
    expect(before.ok).toBe(false);
    if (!before.ok)
      expect(before.error.fields?.treatmentStartDate).toBe(
        'The start of treatment is before the referral date (03-Aug-2026).',
      );
    const summary = await app.ok('rehab:summary', { patientId });
    expect(summary.plans.map((p) => p.status)).toEqual(['active']);
    const next = await app.ok('rehab:carryPlan', {
      fromPlanId: plan.id,
      pathway: 'psychology',
      treatmentStartDate: '2026-11-20',
      goalIds: [walk.id],
    });
    expect(next.goals.map((g) => [g.activity, g.setOn, g.targetDate])).toEqual([
      ['walk', '2026-11-20', '2027-01-15'],
    ]);
  });
});
