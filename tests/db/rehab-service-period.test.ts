import { afterEach, beforeEach, expect, it } from 'vitest';
import type { GoalInput, Pathway } from '../../shared/domain/rehab';
import { periodChoices } from '../../shared/domain/rehab-service';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';

/**
 * Issue 15, "Service view: a date range (quarter, financial year), a GAS summary, paired-score
 * completeness". Figures worked by hand from the records below (GAS: Kiresuk & Sherman 1968 with
 * ρ = 0.3, the service's clinical decisions (clinical lead), rehab 1; PHQ-9 total: sum of the nine items, Kroenke et al. 2001).
 *
 *  A (physiotherapy, referred 01-Sep-2026): PHQ-9 02-Sep 16 and 10-Nov 0; GAD-7 02-Sep once; GAS review
 *    20-Nov with levels 0 and +2 → T = 50 + 10×2/√(0.7×2 + 0.3×4) = 62.40.
 *  B (physiotherapy, referred 15-Sep-2026): PHQ-9 16-Sep; a second PHQ-9 01-Nov entered in error (left out);
 *    GAS review 19-Nov, one goal at 0 → T = 50.
 *  C (psychology, referred 01-Jun-2026): PHQ-9 once.
 */
const goal = (activity: string): GoalInput => ({
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
});
const PHQ_16 = [2, 2, 2, 2, 2, 2, 2, 2, 0];
const PHQ_0 = [0, 0, 0, 0, 0, 0, 0, 0, 0];

describeEachEngine('rehab service view for a period', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine); // clock: 21 Nov 2026
    await signedInAs(app, 'physiotherapist');
  });
  afterEach(async () => app.close());

  async function episode(surname: string, pathway: Pathway, referralDate: string) {
    const p = await app.ok('patients:create', {
      surname,
      forename: 'Jo',
      dateOfBirth: '1970-01-01',
      sex: 'female',
      allergies: [],
    });
    const plan = await app.ok('rehab:createPlan', { patientId: p.id, pathway, referralDate });
    const measure = (measureId: 'PHQ-9' | 'GAD-7', administeredOn: string, answers: number[]) =>
      app.ok('rehab:recordMeasure', {
        patientId: p.id,
        measure: measureId,
        timePoint: 'referral',
        administeredOn,
        answers,
      });
    return { p, plan, measure };
  }

  async function seed() {
    const a = await episode('Able', 'physiotherapy', '2026-09-01');
    await a.measure('PHQ-9', '2026-09-02', PHQ_16);
    await a.measure('PHQ-9', '2026-11-10', PHQ_0);
    await a.measure('GAD-7', '2026-09-02', [1, 1, 1, 1, 1, 1, 1]);
    const a1 = await app.ok('rehab:addGoal', { planId: a.plan.id, goal: goal('walk') });
    const a2 = await app.ok('rehab:addGoal', { planId: a.plan.id, goal: goal('swim') });
    await app.ok('rehab:review', {
      planId: a.plan.id,
      reviewDate: '2026-11-20',
      ratings: [
        { goalId: a1.id, outcome: 'achieved as expected' },
        { goalId: a2.id, outcome: 'a lot more than expected' },
      ],
    });
    const b = await episode('Baker', 'physiotherapy', '2026-09-15');
    await b.measure('PHQ-9', '2026-09-16', PHQ_16);
    const wrong = await b.measure('PHQ-9', '2026-11-01', PHQ_0);
    await app.ok('rehab:enteredInError', {
      target: 'measure',
      id: wrong.id,
      reason: 'Another patient’s form',
    });
    const b1 = await app.ok('rehab:addGoal', { planId: b.plan.id, goal: goal('cook') });
    await app.ok('rehab:review', {
      planId: b.plan.id,
      reviewDate: '2026-11-19',
      ratings: [{ goalId: b1.id, outcome: 'achieved as expected' }],
    });
    const c = await episode('Cole', 'psychology', '2026-06-01');
    await c.measure('PHQ-9', '2026-06-02', PHQ_16);
  }

  it('financial year 2026/27, physiotherapy: episodes, paired completeness, outcomes and the GAS summary', async () => {
    await seed();
    const r = await app.ok('rehab:servicePeriod', {
      pathway: 'physiotherapy',
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(r.episodes).toBe(2);
    expect(r.completeness).toEqual([
      { measure: 'PHQ-9', baseline: 2, paired: 1, percentPaired: 50 },
      { measure: 'GAD-7', baseline: 1, paired: 0, percentPaired: 0 },
    ]);
    expect(r.outcomes).toEqual([
      { measure: 'PHQ-9', paired: 1, improved: 1, deteriorated: 0, percentImproved: 100 },
    ]);
    expect(r.gas.episodesReviewed).toBe(2);
    expect(r.gas.meanTScore).toBeCloseTo((62.403 + 50) / 2, 2); // 56.20
    expect(r.gas.atOrAbove50).toBe(2);
    expect(r.gas.noProgress).toBe(0);
  });

  it('a quarter counts only what falls in it; all pathways include psychology', async () => {
    await seed();
    const q2 = await app.ok('rehab:servicePeriod', {
      pathway: 'physiotherapy',
      from: '2026-07-01',
      to: '2026-09-30',
    });
    expect(q2.episodes).toBe(2);
    expect(q2.outcomes).toEqual([]); // the later PHQ-9 (10-Nov) is in Q3
    expect(q2.gas).toEqual({ episodesReviewed: 0, meanTScore: null, atOrAbove50: 0, noProgress: 0 });
    const all = await app.ok('rehab:servicePeriod', { pathway: null, from: '2026-04-01', to: '2027-03-31' });
    expect(all.episodes).toBe(3);
    expect(all.completeness[0]).toEqual({ measure: 'PHQ-9', baseline: 3, paired: 1, percentPaired: 100 / 3 });
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await app.call('rehab:servicePeriod', { pathway: null, from: '2026-10-01', to: '2026-09-30' });
    expect(!r.ok && r.error.fields).toEqual({ to: 'The end of the period is before its start.' });
  });
});

it('period choices: the UK financial year (April to March) and its quarters so far, then the year before', () => {
  const choices = periodChoices('2026-11-21');
  expect(choices.slice(0, 4).map((c) => [c.label, c.from, c.to])).toEqual([
    ['Financial year 2026/27', '2026-04-01', '2027-03-31'],
    ['Q3 2026/27 (01-Oct-2026 to 31-Dec-2026)', '2026-10-01', '2026-12-31'],
    ['Q2 2026/27 (01-Jul-2026 to 30-Sep-2026)', '2026-07-01', '2026-09-30'],
    ['Q1 2026/27 (01-Apr-2026 to 30-Jun-2026)', '2026-04-01', '2026-06-30'],
  ]);
  expect(choices[4]).toMatchObject({ label: 'Financial year 2025/26', from: '2025-04-01', to: '2026-03-31' });
  expect(choices.find((c) => c.value === 'q4-2025')).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
  // In February the financial year is the one that started the April before.
  expect(periodChoices('2027-02-10')[0]).toMatchObject({ label: 'Financial year 2026/27' });
});
