import type { z } from 'zod';
import { ClinicalInputError } from '../../shared/clinical/errors';
import { gasLevelFromReview } from '../../shared/clinical/rehab/gas';
import { MEASURES, REHAB_MEASURES_RULE_SET, type MeasureId } from '../../shared/clinical/rehab/measures';
import { meaningfulChange } from '../../shared/clinical/rehab/change';
import { scoreMeasure, type MeasureScore } from '../../shared/clinical/rehab/scoring';
import { formatDateGb, londonToday } from '../../shared/dates';
import type {
  carryPlanSchema,
  GoalData,
  measureInputSchema,
  MeasureResponse,
  planDatesSchema,
  planInputSchema,
  RehabGoal,
  RehabPlan,
  RehabReview,
  reviewInputSchema,
} from '../../shared/domain/rehab';
import { AppError } from '../../shared/result';
import { goalAuditSnapshot, toGoal, toMeasureResponse, toPlan, toRating, toReview } from '../mappers/rehab';
import {
  activePlanForPatient,
  earliestOfPlan,
  goalById,
  goalsForPlans,
  latestLevels,
  measureById,
  planById,
  ratingsForReviews,
  reviewsForPlans,
  scoredMeasures,
  upsertPatientStatus,
} from '../queries/rehab';
import { writeAudit } from './audit';
import { activeRuleSet } from './rule-sets';
import type { HandlerContext, Trx } from './context';
import {
  goalCounts,
  insertActivePlan,
  refuse,
  refuseBeforeBirth,
  refusePlanDatesOutside,
  requirePatient,
  requireVersion,
} from './rehab-common';
import { raiseRiskAlerts } from './rehab-risk';
import { isNoProgress, summariseGoals, type RatedGoal } from './rehab-gas';

type PlanInput = z.output<typeof planInputSchema>;
type PlanDates = z.output<typeof planDatesSchema>;
type CarryInput = z.output<typeof carryPlanSchema>;
type ReviewData = z.output<typeof reviewInputSchema>;
type MeasureData = z.output<typeof measureInputSchema>;

async function requirePlan(trx: Trx, planId: number, mustBeActive: boolean) {
  const plan = await planById(trx, planId);
  if (!plan) throw new AppError('NOT_FOUND', 'That rehab plan does not exist.');
  if (mustBeActive && plan.status !== 'active')
    throw new AppError('CONFLICT', 'This plan is closed. Carry its goals into a new plan to continue.');
  return plan;
}

export async function loadPlan(db: Trx | HandlerContext['conn']['db'], planId: number): Promise<RehabPlan> {
  const row = await planById(db, planId);
  if (!row) throw new AppError('NOT_FOUND', 'That rehab plan does not exist.');
  const goals = (await goalsForPlans(db, [planId])).map(toGoal);
  const reviewRows = await reviewsForPlans(db, [planId]);
  const ratings = await ratingsForReviews(
    db,
    reviewRows.map((r) => r.id),
  );
  const reviews = reviewRows.map((r) =>
    toReview(r, ratings.filter((x) => x.review_id === r.id).map(toRating), goals),
  );
  return toPlan(row, goals, reviews);
}

export async function createPlan(ctx: HandlerContext, input: PlanInput): Promise<RehabPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    await requirePatient(trx, input.patientId);
    const existing = await activePlanForPatient(trx, input.patientId);
    if (existing)
      throw new AppError(
        'CONFLICT',
        'This patient already has an active rehab plan. Carry its goals into a new plan instead.',
      );
    await refusePlanDatesOutside(trx, ctx, input.patientId, input);
    const id = await insertActivePlan(trx, ctx, ctx.now().toISOString(), {
      patientId: input.patientId,
      pathway: input.pathway,
      referralDate: input.referralDate,
      treatmentStartDate: input.treatmentStartDate,
      dischargeDate: input.dischargeDate,
      carriedFromPlanId: null,
    });
    const plan = await loadPlan(trx, id);
    await writeAudit(trx, ctx, {
      action: 'rehab.createPlan',
      entity: 'rehab_plan',
      entityId: id,
      patientId: input.patientId,
      after: { ...plan, goals: undefined, reviews: undefined },
    });
    return plan;
  });
}

/** A plan's pathway dates as they now read, for a conflict: "Their dates: referral 01-Sep-2026, …". */
function planDatesInWords(p: {
  referral_date: string | null;
  treatment_start_date: string | null;
  discharge_date: string | null;
}): string {
  const d = (iso: string | null, label: string) =>
    iso ? `${label} ${formatDateGb(iso)}` : `no ${label} date`;
  return `Their dates: ${d(p.referral_date, 'referral')}, ${d(p.treatment_start_date, 'start of treatment')}, ${d(p.discharge_date, 'discharge')}.`;
}

export async function updatePlanDates(ctx: HandlerContext, input: PlanDates): Promise<RehabPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await requirePlan(trx, input.planId, false);
    await requireVersion(trx, before.version, input.version, {
      entity: 'rehab_plan',
      entityId: input.planId,
      thing: 'rehab plan',
      shown: planDatesInWords(before),
    });
    await refusePlanDatesOutside(trx, ctx, before.patient_id, input);
    // A later referral may not pass what the plan already holds: a measure before it would be the baseline.
    if (input.referralDate) {
      const first = await earliestOfPlan(trx, input.planId);
      if (first.measure && first.measure.administered_on < input.referralDate)
        refuse(
          'referralDate',
          `A ${first.measure.measure} in this plan was completed on ${formatDateGb(first.measure.administered_on)}, ` +
            'before this referral date. Mark it entered in error first if it was recorded wrongly.',
        );
      if (first.goal && first.goal.set_on < input.referralDate)
        refuse(
          'referralDate',
          `The goal “${first.goal.activity}” in this plan was set on ${formatDateGb(first.goal.set_on)}, ` +
            'before this referral date. Mark it entered in error first if it was recorded wrongly.',
        );
    }
    const at = ctx.now().toISOString();
    await trx
      .updateTable('rehab_plans')
      .set({
        referral_date: input.referralDate,
        treatment_start_date: input.treatmentStartDate,
        discharge_date: input.dischargeDate,
        updated_at: at,
        version: input.version + 1,
      })
      .where('id', '=', input.planId)
      .execute();
    const plan = await loadPlan(trx, input.planId);
    await writeAudit(trx, ctx, {
      action: 'rehab.updatePlanDates',
      entity: 'rehab_plan',
      entityId: input.planId,
      patientId: before.patient_id,
      before: {
        referralDate: before.referral_date,
        treatmentStartDate: before.treatment_start_date,
        dischargeDate: before.discharge_date,
      },
      after: {
        referralDate: plan.referralDate,
        treatmentStartDate: plan.treatmentStartDate,
        dischargeDate: plan.dischargeDate,
      },
    });
    return plan;
  });
}

export async function insertGoal(
  trx: Trx,
  ctx: HandlerContext,
  planId: number,
  patientId: number,
  g: GoalData,
  carriedFrom: number | null,
  replaces: number | null = null,
): Promise<RehabGoal> {
  if (g.ownerId !== null) {
    const owner = await trx
      .selectFrom('users')
      .select(['id', 'role', 'active'])
      .where('id', '=', g.ownerId)
      .executeTakeFirst();
    if (!owner || owner.active !== 1 || owner.role === 'admin') {
      const message = 'Choose an active clinician as the goal’s owner.';
      throw new AppError('VALIDATION', message, { 'goal.ownerId': message });
    }
  }
  if (g.setOn > londonToday(ctx.now())) {
    const message = 'The date the goal was set is in the future.';
    throw new AppError('VALIDATION', message, { 'goal.setOn': message });
  }
  // A carried goal keeps its target date (it may already have passed); a new or edited goal's must be later.
  if (carriedFrom === null && g.targetDate <= g.setOn)
    refuse('goal.targetDate', 'The target date must be after the date the goal was set.');
  await refuseBeforeBirth(trx, patientId, 'goal.setOn', 'date the goal was set', g.setOn);
  const plan = await planById(trx, planId);
  if (plan?.referral_date && g.setOn < plan.referral_date)
    refuse(
      'goal.setOn',
      `The date the goal was set is before this plan’s referral (${formatDateGb(plan.referral_date)}).`,
    );
  const at = ctx.now().toISOString();
  const { id } = await trx
    .insertInto('rehab_goals')
    .values({
      plan_id: planId,
      patient_id: patientId,
      what_matters: g.whatMatters,
      activity: g.activity,
      measure: g.measure,
      target: g.target,
      set_on: g.setOn,
      target_date: g.targetDate,
      domain: g.domain,
      owner_id: g.ownerId,
      baseline: g.baseline,
      level_minus2: g.levelMinus2,
      level_minus1: g.levelMinus1,
      level_zero: g.levelZero,
      level_plus1: g.levelPlus1,
      level_plus2: g.levelPlus2,
      weight: g.weight,
      carried_from_goal_id: carriedFrom,
      replaces_goal_id: replaces,
      created_at: at,
      created_by: ctx.session?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const goal = toGoal((await goalById(trx, id))!);
  await writeAudit(trx, ctx, {
    action: 'rehab.addGoal',
    entity: 'rehab_goal',
    entityId: id,
    patientId,
    after: goalAuditSnapshot(goal),
  });
  return goal;
}

export async function addGoal(ctx: HandlerContext, planId: number, goal: GoalData): Promise<RehabGoal> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, planId, true);
    const count = await trx
      .selectFrom('rehab_goals')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow();
    if (count.n >= 20) throw new AppError('VALIDATION', 'A plan can have at most 20 goals.');
    return insertGoal(trx, ctx, planId, plan.patient_id, goal, null);
  });
}

export async function carryPlan(ctx: HandlerContext, input: CarryInput): Promise<RehabPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const from = await requirePlan(trx, input.fromPlanId, true);
    const all = (await goalsForPlans(trx, [from.id])).map(toGoal);
    const goals = all.filter(goalCounts);
    await refusePlanDatesOutside(trx, ctx, from.patient_id, {
      referralDate: from.referral_date,
      treatmentStartDate: input.treatmentStartDate,
      dischargeDate: null,
    });
    const setOn = input.treatmentStartDate ?? londonToday(ctx.now());
    input.goalIds.forEach((gid, i) => {
      const g = all.find((x) => x.id === gid);
      if (!g) refuse(`goalIds.${i}`, 'This goal does not belong to the plan being closed.');
      if (!goalCounts(g)) {
        const why = g.enteredInError
          ? 'entered in error'
          : g.status === 'superseded'
            ? 'replaced by an edited version'
            : g.status;
        refuse(`goalIds.${i}`, `Goal “${g.activity}” is ${why}, so it cannot be carried into the new plan.`);
      }
      // Issue 15: a goal's target is after the date set, also for a goal set again in the new plan.
      if (g.targetDate <= setOn)
        refuse(
          `goalIds.${i}`,
          `Goal “${g.activity}” has its target date (${formatDateGb(g.targetDate)}) on or before the start of the ` +
            `new plan (${formatDateGb(setOn)}): edit its target date first, or do not carry it.`,
        );
    });
    const last = new Map<number, number>();
    for (const r of await latestLevels(trx, input.goalIds))
      if (r.level !== null) last.set(r.goal_id, r.level);
    const at = ctx.now().toISOString();
    await trx
      .updateTable('rehab_plans')
      .set({ status: 'closed', updated_at: at, version: from.version + 1 })
      .where('id', '=', from.id)
      .execute();
    const id = await insertActivePlan(trx, ctx, at, {
      patientId: from.patient_id,
      pathway: input.pathway,
      referralDate: from.referral_date,
      treatmentStartDate: input.treatmentStartDate,
      dischargeDate: null,
      carriedFromPlanId: from.id,
    });
    await writeAudit(trx, ctx, {
      action: 'rehab.carryPlan',
      entity: 'rehab_plan',
      entityId: id,
      patientId: from.patient_id,
      before: { closedPlanId: from.id },
      after: { planId: id, pathway: input.pathway, carriedGoalIds: input.goalIds },
    });
    for (const gid of input.goalIds) {
      const g = goals.find((x) => x.id === gid)!;
      // The new baseline is where the goal stood at its last review: −2 stays −2, anything better starts at −1.
      const baseline = (last.get(gid) ?? g.baseline) <= -2 ? -2 : -1;
      await insertGoal(
        trx,
        ctx,
        id,
        from.patient_id,
        {
          whatMatters: g.whatMatters,
          activity: g.activity,
          measure: g.measure,
          target: g.target,
          setOn,
          targetDate: g.targetDate,
          domain: g.domain,
          ownerId: g.ownerId,
          baseline,
          levelMinus2: g.levels.minus2,
          levelMinus1: g.levels.minus1,
          levelZero: g.levels.zero,
          levelPlus1: g.levels.plus1,
          levelPlus2: g.levels.plus2,
          weight: g.weight,
        },
        g.id,
      );
    }
    return loadPlan(trx, id);
  });
}

export async function reviewGoals(ctx: HandlerContext, input: ReviewData): Promise<RehabReview> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, input.planId, true);
    const today = londonToday(ctx.now());
    if (input.reviewDate > today) {
      const message = 'The review date is in the future.';
      throw new AppError('VALIDATION', message, { reviewDate: message });
    }
    const goals = (await goalsForPlans(trx, [plan.id])).map(toGoal).filter(goalCounts);
    if (goals.length === 0) throw new AppError('VALIDATION', 'This plan has no goals to review yet.');
    if (plan.referral_date && input.reviewDate < plan.referral_date)
      refuse(
        'reviewDate',
        `The review date is before this plan’s referral (${formatDateGb(plan.referral_date)}).`,
      );
    const byGoal = new Map<
      number,
      { outcome: ReviewData['ratings'][number]['outcome']; note: string | null }
    >();
    input.ratings.forEach((r, i) => {
      if (!goals.some((g) => g.id === r.goalId)) {
        const message = 'This goal is not in the plan being reviewed.';
        throw new AppError('VALIDATION', message, { [`ratings.${i}.goalId`]: message });
      }
      if (byGoal.has(r.goalId)) {
        const message = 'This goal is rated twice.';
        throw new AppError('VALIDATION', message, { [`ratings.${i}.goalId`]: message });
      }
      byGoal.set(r.goalId, { outcome: r.outcome, note: r.note });
    });
    for (const g of goals)
      if (byGoal.get(g.id)?.outcome && input.reviewDate < g.setOn) {
        const message = `The review date is before goal “${g.activity}” was set (${g.setOn}).`;
        throw new AppError('VALIDATION', message, { reviewDate: message });
      }
    // Every goal of the plan is counted: one left out of the request is unrated, never silently dropped.
    const rated: (RatedGoal & { goalId: number; outcome: string | null; note: string | null })[] = goals.map(
      (g) => {
        const r = byGoal.get(g.id);
        const outcome = r?.outcome ?? null;
        return {
          goalId: g.id,
          baseline: g.baseline,
          level: outcome === null ? null : gasLevelFromReview(g.baseline, outcome),
          weight: g.weight,
          outcome,
          note: r?.note ?? null,
        };
      },
    );
    const gas = activeRuleSet(ctx.conn, 'gas');
    const summary = summariseGoals(rated, gas.value.rho);
    const noProgress = isNoProgress(rated);
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('rehab_reviews')
      .values({
        plan_id: plan.id,
        patient_id: plan.patient_id,
        review_date: input.reviewDate,
        notes: input.notes,
        patient_view: input.patientView,
        t_score: summary.tScore,
        baseline_t_score: summary.baselineTScore,
        change: summary.change,
        rated_count: summary.ratedCount,
        total_count: summary.totalCount,
        label: summary.label,
        no_progress: noProgress ? 1 : 0,
        rule_set_id: gas.setKey,
        rule_set_version: gas.version,
        rho: gas.value.rho,
        created_at: at,
        created_by: ctx.session?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of rated)
      await trx
        .insertInto('rehab_review_ratings')
        .values({ review_id: id, goal_id: r.goalId, outcome: r.outcome, level: r.level, note: r.note })
        .execute();
    // Keep the per-patient status in step: the latest review (by date) decides the no-progress flag.
    const latest = await trx
      .selectFrom('rehab_reviews')
      .select(['id', 'no_progress'])
      .where('plan_id', '=', plan.id)
      .where('entered_in_error_at', 'is', null)
      .orderBy('review_date', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await upsertPatientStatus(trx, {
      patient_id: plan.patient_id,
      active_plan_id: plan.id,
      latest_review_id: latest.id,
      no_progress: latest.no_progress,
      updated_at: at,
    });
    const review = (await loadPlan(trx, plan.id)).reviews.find((r) => r.id === id)!;
    await writeAudit(trx, ctx, {
      action: 'rehab.review',
      entity: 'rehab_review',
      entityId: id,
      patientId: plan.patient_id,
      after: { ...review, arithmetic: undefined },
    });
    return review;
  });
}

function clinicalToValidation(err: unknown): never {
  if (err instanceof ClinicalInputError) {
    const field = err.field ? err.field.replace(/\[(\d+)\]/g, '.$1') : null;
    throw new AppError('VALIDATION', err.message, field ? { [field]: err.message } : undefined);
  }
  throw err;
}

function isScored(score: MeasureScore): boolean {
  return score.total !== null || score.profile !== undefined;
}

/** Recomputes the precomputed first-vs-latest change for one patient and measure, inside the caller's transaction. */
export async function refreshMeasureChange(
  trx: Trx,
  patientId: number,
  measure: MeasureId,
  pathway: string,
  at: string,
): Promise<void> {
  const rows = (await scoredMeasures(trx, patientId, measure))
    .map((r) => ({ id: r.id, on: r.administered_on, score: JSON.parse(r.score_json) as MeasureScore }))
    .filter((r) => isScored(r.score));
  await trx
    .deleteFrom('rehab_measure_change')
    .where('patient_id', '=', patientId)
    .where('measure', '=', measure)
    .execute();
  const first = rows[0];
  const latest = rows[rows.length - 1];
  if (!first || !latest) return;
  let change: number | null = null;
  let meaningful = 0;
  let improved: number | null = null;
  if (first.id !== latest.id && MEASURES[measure].changeFlags.length > 0) {
    const result = meaningfulChange(measure, first.score, latest.score);
    change = result.change ?? (result.meaningful ? 0 : null);
    meaningful = result.meaningful ? 1 : 0;
    improved = result.improved === null ? null : result.improved ? 1 : 0;
  }
  await trx
    .insertInto('rehab_measure_change')
    .values({
      patient_id: patientId,
      measure,
      pathway,
      first_id: first.id,
      latest_id: latest.id,
      latest_on: latest.on,
      change,
      meaningful,
      improved,
      rule_set_version: REHAB_MEASURES_RULE_SET.version,
      updated_at: at,
    })
    .execute();
}

export async function recordMeasure(
  ctx: HandlerContext,
  input: MeasureData,
): Promise<Omit<MeasureResponse, 'changeFromFirst'> & { changeFromFirst: null }> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const plan = await planForMeasures(trx, ctx, input.patientId, input.planId, input.administeredOn);
    return storeMeasure(trx, ctx, plan, input);
  });
}

/**
 * The plan a form (or a collection point's set of forms) is recorded in, with the date checks every form of
 * the set shares: not in the future, not before birth, not before the plan's referral.
 */
export async function planForMeasures(
  trx: Trx,
  ctx: HandlerContext,
  patientId: number,
  planId: number | null,
  administeredOn: string,
) {
  await requirePatient(trx, patientId);
  const plan =
    planId === null ? await activePlanForPatient(trx, patientId) : await requirePlan(trx, planId, false);
  if (!plan)
    throw new AppError('VALIDATION', 'Start a rehab plan for this patient before recording measures.');
  if (plan.patient_id !== patientId)
    throw new AppError('VALIDATION', 'That plan belongs to another patient.', {
      planId: 'That plan belongs to another patient.',
    });
  if (administeredOn > londonToday(ctx.now())) {
    const message = 'The date completed is in the future.';
    throw new AppError('VALIDATION', message, { administeredOn: message });
  }
  await refuseBeforeBirth(trx, patientId, 'administeredOn', 'date completed', administeredOn);
  // A measure before the plan's referral would become the episode's baseline: refuse it.
  if (plan.referral_date && administeredOn < plan.referral_date)
    refuse(
      'administeredOn',
      `The date completed is before this plan’s referral (${formatDateGb(plan.referral_date)}). ` +
        'A measure from before the referral cannot be this episode’s baseline.',
    );
  return plan;
}

type MeasurePlan = NonNullable<Awaited<ReturnType<typeof planById>>>;

/** Scores and stores one form in `plan` (dates already checked), audited, risk items raised, change kept in step. */
export async function storeMeasure(
  trx: Trx,
  ctx: HandlerContext,
  plan: MeasurePlan,
  input: Omit<MeasureData, 'planId'>,
): Promise<Omit<MeasureResponse, 'changeFromFirst'> & { changeFromFirst: null }> {
  const score = scoreChecked(input);
  const at = ctx.now().toISOString();
  const { id } = await trx
    .insertInto('rehab_measures')
    .values({
      patient_id: input.patientId,
      plan_id: plan.id,
      measure: input.measure,
      time_point: input.timePoint,
      administered_on: input.administeredOn,
      answers_json: JSON.stringify(input.answers),
      activities_json: JSON.stringify(input.activities),
      total: score.total,
      band: score.band ?? null,
      score_json: JSON.stringify(score),
      rule_set_id: REHAB_MEASURES_RULE_SET.id,
      rule_set_version: REHAB_MEASURES_RULE_SET.version,
      created_at: at,
      created_by: ctx.session?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await refreshMeasureChange(trx, input.patientId, input.measure, plan.pathway, at);
  const response = toMeasureResponse(await measureById(trx, id));
  await writeAudit(trx, ctx, {
    action: 'rehab.recordMeasure',
    entity: 'rehab_measure',
    entityId: id,
    patientId: input.patientId,
    after: response,
  });
  await raiseRiskAlerts(trx, ctx, {
    id,
    patientId: input.patientId,
    measure: input.measure,
    administeredOn: input.administeredOn,
    answers: input.answers,
  });
  return { ...response, changeFromFirst: null };
}

/** The form's own checks (PSFS activities, item ranges) and its score; a refusal names the field. */
export function scoreChecked(input: Pick<MeasureData, 'measure' | 'answers' | 'activities'>): MeasureScore {
  if (input.measure === 'PSFS' && input.activities.length !== input.answers.length) {
    const message = 'Name each PSFS activity the patient rated (one name per rating).';
    throw new AppError('VALIDATION', message, { activities: message });
  }
  if (input.measure !== 'PSFS' && input.activities.length > 0) {
    const message = 'Activities are recorded for PSFS only.';
    throw new AppError('VALIDATION', message, { activities: message });
  }
  try {
    return scoreMeasure(input.measure, input.answers);
  } catch (err) {
    clinicalToValidation(err);
  }
}
