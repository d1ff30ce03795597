import type { Selectable } from 'kysely';
import type { MeasureId } from '../../shared/clinical/rehab/measures';
import type { MeasureScore } from '../../shared/clinical/rehab/scoring';
import type {
  GasOutcome,
  LifeDomain,
  MeasureResponse,
  Pathway,
  RehabGoal,
  RehabPlan,
  RehabReview,
  ReviewRating,
  TimePointId,
} from '../../shared/domain/rehab';
import { GOAL_STATUSES, type EnteredInError, type GoalStatus } from '../../shared/domain/rehab-safety';
import { gasArithmetic, type RatedGoal } from '../services/rehab-gas';
import type {
  RehabGoalsTable,
  RehabMeasuresTable,
  RehabPlansTable,
  RehabReviewRatingsTable,
  RehabReviewsTable,
} from '../schema-rehab';

export type GoalRow = Selectable<RehabGoalsTable> & { owner_name: string | null };
export type ReviewRow = Selectable<RehabReviewsTable> & { reviewer_name: string | null };
export type MeasureRow = Selectable<RehabMeasuresTable> & { recorder_name: string | null };

/** Entered in error, when marked (the name of who marked it is not joined: the audit trail has it). */
function errorOf(row: {
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
}): EnteredInError | null {
  return row.entered_in_error_at
    ? { at: row.entered_in_error_at, by: null, reason: row.entered_in_error_reason ?? '' }
    : null;
}

export function toGoal(row: GoalRow): RehabGoal {
  return {
    id: row.id,
    planId: row.plan_id,
    patientId: row.patient_id,
    whatMatters: row.what_matters,
    activity: row.activity,
    measure: row.measure,
    target: row.target,
    setOn: row.set_on,
    targetDate: row.target_date,
    domain: row.domain as LifeDomain,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    baseline: row.baseline === -2 ? -2 : -1,
    levels: {
      minus2: row.level_minus2,
      minus1: row.level_minus1,
      zero: row.level_zero,
      plus1: row.level_plus1,
      plus2: row.level_plus2,
    },
    weight: row.weight,
    carriedFromGoalId: row.carried_from_goal_id,
    createdAt: row.created_at,
    status: (GOAL_STATUSES as readonly string[]).includes(row.status) ? (row.status as GoalStatus) : 'active',
    statusReason: row.status_reason,
    statusOn: row.status_on,
    replacesGoalId: row.replaces_goal_id,
    enteredInError: errorOf(row),
  };
}

export function toRating(row: Selectable<RehabReviewRatingsTable>): ReviewRating {
  return {
    goalId: row.goal_id,
    outcome: row.outcome as GasOutcome | null,
    level: row.level,
    note: row.note,
  };
}

/** The review's arithmetic, rebuilt from its stored ratings and results and the goals' baselines and weights. */
function arithmeticOf(row: ReviewRow, ratings: ReviewRating[], goals: readonly RehabGoal[]): string {
  const rated: RatedGoal[] = ratings.map((r) => {
    const g = goals.find((x) => x.id === r.goalId);
    return { baseline: g?.baseline ?? -1, level: r.level, weight: g?.weight ?? null };
  });
  return gasArithmetic(
    rated,
    {
      tScore: row.t_score,
      baselineTScore: row.baseline_t_score,
      change: row.change,
      ratedCount: row.rated_count,
      totalCount: row.total_count,
      label: row.label,
    },
    row.rho,
  );
}

export function toReview(row: ReviewRow, ratings: ReviewRating[], goals: readonly RehabGoal[]): RehabReview {
  return {
    id: row.id,
    planId: row.plan_id,
    reviewDate: row.review_date,
    notes: row.notes,
    patientView: row.patient_view,
    ratings,
    tScore: row.t_score,
    baselineTScore: row.baseline_t_score,
    change: row.change,
    ratedCount: row.rated_count,
    totalCount: row.total_count,
    label: row.label,
    noProgress: row.no_progress === 1,
    arithmetic: arithmeticOf(row, ratings, goals),
    ruleSet: { id: row.rule_set_id, version: row.rule_set_version },
    rho: row.rho,
    reviewedBy: row.reviewer_name,
    createdAt: row.created_at,
    enteredInError: errorOf(row),
  };
}

export function toPlan(
  row: Selectable<RehabPlansTable>,
  goals: RehabGoal[],
  reviews: RehabReview[],
): RehabPlan {
  return {
    id: row.id,
    patientId: row.patient_id,
    pathway: row.pathway as Pathway,
    referralDate: row.referral_date,
    treatmentStartDate: row.treatment_start_date,
    dischargeDate: row.discharge_date,
    status: row.status === 'closed' ? 'closed' : 'active',
    carriedFromPlanId: row.carried_from_plan_id,
    createdAt: row.created_at,
    version: row.version,
    goals,
    reviews,
  };
}

export function toMeasureResponse(row: MeasureRow): Omit<MeasureResponse, 'changeFromFirst'> {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    measure: row.measure as MeasureId,
    timePoint: row.time_point as TimePointId,
    administeredOn: row.administered_on,
    answers: JSON.parse(row.answers_json) as (number | null)[],
    activities: JSON.parse(row.activities_json) as string[],
    score: JSON.parse(row.score_json) as MeasureScore,
    ruleSet: { id: row.rule_set_id, version: row.rule_set_version },
    recordedBy: row.recorder_name,
    createdAt: row.created_at,
    enteredInError: errorOf(row),
  };
}

/** What the audit trail keeps of a goal (everything the clinician typed). */
export function goalAuditSnapshot(g: RehabGoal): Record<string, unknown> {
  return { ...g, levels: { ...g.levels } };
}
