import type { z } from 'zod';
import { gasLevelFromReview } from '../../shared/clinical/rehab/gas';
import type { MeasureId } from '../../shared/clinical/rehab/measures';
import { londonToday } from '../../shared/dates';
import type { GasOutcome, goalInputSchema, RehabGoal } from '../../shared/domain/rehab';
import type { enteredInErrorSchema, goalStatusSchema } from '../../shared/domain/rehab-safety';
import { AppError } from '../../shared/result';
import { goalAuditSnapshot, toGoal } from '../mappers/rehab';
import { goalById, goalsForPlans, planById, upsertPatientStatus } from '../queries/rehab';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { refreshMeasureChange } from './rehab';
import { isNoProgress, summariseGoals } from './rehab-gas';
import { changedByOtherError } from './stale-edit';

/**
 * Corrections (issue 15): a measure, goal or review marked "entered in error" with a reason is kept and shown
 * struck through, and left out of scores, changes and service figures; goals can be marked achieved or
 * withdrawn, or edited (a new version replaces the old one, which is kept). Every change is audited.
 */

type ErrorInput = z.output<typeof enteredInErrorSchema>;
type StatusInput = z.output<typeof goalStatusSchema>;
type GoalData = z.output<typeof goalInputSchema>;

/**
 * Recomputes the stored GAS results of a plan's reviews leaving out goals entered in error (their ratings are
 * kept), then the patient's latest-review status. The rule set and rho each review was stored with are kept.
 */
export async function recomputeReviews(trx: Trx, planId: number, at: string): Promise<void> {
  const goals = (await goalsForPlans(trx, [planId])).map(toGoal);
  const reviews = await trx
    .selectFrom('rehab_reviews')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('review_date')
    .orderBy('id')
    .execute();
  for (const r of reviews) {
    const ratings = await trx
      .selectFrom('rehab_review_ratings')
      .selectAll()
      .where('review_id', '=', r.id)
      .execute();
    const rated = ratings.flatMap((x) => {
      const g = goals.find((y) => y.id === x.goal_id);
      if (!g || g.enteredInError) return [];
      const level = x.outcome === null ? null : gasLevelFromReview(g.baseline, x.outcome as GasOutcome);
      return [{ baseline: g.baseline, level, weight: g.weight }];
    });
    const summary = summariseGoals(rated, r.rho);
    await trx
      .updateTable('rehab_reviews')
      .set({
        t_score: summary.tScore,
        baseline_t_score: summary.baselineTScore,
        change: summary.change,
        rated_count: summary.ratedCount,
        total_count: summary.totalCount,
        label: summary.label,
        no_progress: isNoProgress(rated) ? 1 : 0,
      })
      .where('id', '=', r.id)
      .execute();
  }
  await refreshPatientStatus(trx, planId, at);
}

/** The latest review not entered in error decides the plan's no-progress flag for the patient. */
export async function refreshPatientStatus(trx: Trx, planId: number, at: string): Promise<void> {
  const plan = await planById(trx, planId);
  if (!plan || plan.status !== 'active') return;
  const latest = await trx
    .selectFrom('rehab_reviews')
    .select(['id', 'no_progress'])
    .where('plan_id', '=', planId)
    .where('entered_in_error_at', 'is', null)
    .orderBy('review_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  await upsertPatientStatus(trx, {
    patient_id: plan.patient_id,
    active_plan_id: plan.id,
    latest_review_id: latest?.id ?? null,
    no_progress: latest?.no_progress ?? 0,
    updated_at: at,
  });
}

const WHAT: Record<ErrorInput['target'], string> = {
  measure: 'outcome measure',
  goal: 'goal',
  review: 'goal review',
};

export async function markEnteredInError(ctx: HandlerContext, input: ErrorInput): Promise<{ ok: true }> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const at = ctx.now().toISOString();
    const table = ({ measure: 'rehab_measures', goal: 'rehab_goals', review: 'rehab_reviews' } as const)[
      input.target
    ];
    const row = await trx
      .selectFrom(table)
      .select(['id', 'patient_id', 'entered_in_error_at'])
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `That ${WHAT[input.target]} does not exist.`);
    if (row.entered_in_error_at)
      throw await changedByOtherError(trx, `This ${WHAT[input.target]} is already marked entered in error.`, [
        { entity: table.slice(0, -1), entityId: input.id },
      ]);
    await trx
      .updateTable(table)
      .set({
        entered_in_error_at: at,
        entered_in_error_by: ctx.session?.userId ?? null,
        entered_in_error_reason: input.reason,
      })
      .where('id', '=', input.id)
      .execute();
    if (input.target === 'measure') {
      const m = await trx
        .selectFrom('rehab_measures as m')
        .leftJoin('rehab_plans as p', 'p.id', 'm.plan_id')
        .select(['m.measure', 'p.pathway'])
        .where('m.id', '=', input.id)
        .executeTakeFirstOrThrow();
      await refreshMeasureChange(trx, row.patient_id, m.measure as MeasureId, m.pathway ?? 'other', at);
    } else {
      const planOf = await trx
        .selectFrom(table === 'rehab_goals' ? 'rehab_goals' : 'rehab_reviews')
        .select('plan_id')
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      await recomputeReviews(trx, planOf.plan_id, at);
    }
    await writeAudit(trx, ctx, {
      action: `rehab.enteredInError.${input.target}`,
      entity: table.slice(0, -1),
      entityId: input.id,
      patientId: row.patient_id,
      before: { enteredInError: false },
      after: { enteredInError: true, reason: input.reason },
    });
    return { ok: true as const };
  });
}

async function requireCurrentGoal(trx: Trx, goalId: number): Promise<RehabGoal> {
  const row = await goalById(trx, goalId);
  if (!row) throw new AppError('NOT_FOUND', 'That goal does not exist.');
  const goal = toGoal(row);
  const record = { entity: 'rehab_goal', entityId: goalId };
  if (goal.enteredInError)
    throw await changedByOtherError(trx, 'This goal was marked entered in error.', [record]);
  if (goal.status === 'superseded') {
    // The edit is audited under the new version of the goal.
    const next = await trx
      .selectFrom('rehab_goals')
      .select('id')
      .where('replaces_goal_id', '=', goalId)
      .execute();
    throw await changedByOtherError(
      trx,
      'This goal was replaced by an edited version: change that one instead.',
      [record, ...next.map((g) => ({ entity: 'rehab_goal', entityId: g.id }))],
    );
  }
  const plan = await planById(trx, goal.planId);
  if (plan?.status !== 'active')
    throw new AppError('CONFLICT', 'This goal belongs to a closed plan, which is kept as it was.');
  return goal;
}

export async function setGoalStatus(ctx: HandlerContext, input: StatusInput): Promise<RehabGoal> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await requireCurrentGoal(trx, input.goalId);
    if (before.status !== 'active')
      throw await changedByOtherError(trx, `This goal is already marked ${before.status}.`, [
        { entity: 'rehab_goal', entityId: input.goalId },
      ]);
    await trx
      .updateTable('rehab_goals')
      .set({ status: input.status, status_reason: input.reason, status_on: londonToday(ctx.now()) })
      .where('id', '=', input.goalId)
      .execute();
    const after = toGoal((await goalById(trx, input.goalId))!);
    await writeAudit(trx, ctx, {
      action: `rehab.goal.${input.status}`,
      entity: 'rehab_goal',
      entityId: input.goalId,
      patientId: before.patientId,
      before: { status: before.status },
      after: { status: after.status, reason: input.reason },
    });
    return after;
  });
}

export async function editGoal(
  ctx: HandlerContext,
  input: { goalId: number; goal: GoalData; reason: string },
  insert: (
    trx: Trx,
    planId: number,
    patientId: number,
    g: GoalData,
    replaces: RehabGoal,
  ) => Promise<RehabGoal>,
): Promise<RehabGoal> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const before = await requireCurrentGoal(trx, input.goalId);
    if (before.status !== 'active')
      throw await changedByOtherError(
        trx,
        'Only an active goal can be edited.',
        [{ entity: 'rehab_goal', entityId: input.goalId }],
        'goal',
      );
    await trx
      .updateTable('rehab_goals')
      .set({ status: 'superseded', status_reason: input.reason, status_on: londonToday(ctx.now()) })
      .where('id', '=', input.goalId)
      .execute();
    const next = await insert(trx, before.planId, before.patientId, input.goal, before);
    await writeAudit(trx, ctx, {
      action: 'rehab.editGoal',
      entity: 'rehab_goal',
      entityId: next.id,
      patientId: before.patientId,
      before: goalAuditSnapshot(before),
      after: { ...goalAuditSnapshot(next), reason: input.reason },
    });
    return next;
  });
}
