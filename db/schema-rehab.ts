import type { Generated } from 'kysely';

export interface RehabPlansTable {
  id: Generated<number>;
  patient_id: number;
  pathway: string;
  referral_date: string | null;
  treatment_start_date: string | null;
  discharge_date: string | null;
  /** 'active' | 'closed' */
  status: string;
  carried_from_plan_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  version: number;
}

export interface RehabGoalsTable {
  id: Generated<number>;
  plan_id: number;
  patient_id: number;
  what_matters: string;
  activity: string;
  measure: string;
  target: string;
  set_on: string;
  target_date: string;
  domain: string;
  owner_id: number | null;
  baseline: number;
  level_minus2: string;
  level_minus1: string;
  level_zero: string;
  level_plus1: string;
  level_plus2: string;
  weight: number | null;
  carried_from_goal_id: number | null;
  created_at: string;
  created_by: number | null;
}

export interface RehabReviewsTable {
  id: Generated<number>;
  plan_id: number;
  patient_id: number;
  review_date: string;
  notes: string | null;
  patient_view: string | null;
  t_score: number | null;
  baseline_t_score: number | null;
  change: number | null;
  rated_count: number;
  total_count: number;
  label: string;
  no_progress: number;
  rule_set_id: string;
  rule_set_version: string;
  rho: number;
  created_at: string;
  created_by: number | null;
}

export interface RehabReviewRatingsTable {
  id: Generated<number>;
  review_id: number;
  goal_id: number;
  outcome: string | null;
  level: number | null;
  note: string | null;
}

export interface RehabMeasuresTable {
  id: Generated<number>;
  patient_id: number;
  plan_id: number | null;
  measure: string;
  time_point: string;
  administered_on: string;
  answers_json: string;
  activities_json: string;
  total: number | null;
  band: string | null;
  /** The whole MeasureScore from scoreMeasure (subscales, profile, reason, alerts). */
  score_json: string;
  rule_set_id: string;
  rule_set_version: string;
  created_at: string;
  created_by: number | null;
}

/**
 * Precomputed, kept in step in the same transaction as each measure write: first vs latest scored administration.
 * A cache rebuilt from rehab_measures (first_id/latest_id are ids there, deliberately not foreign keys), WITHOUT ROWID.
 */
export interface RehabMeasureChangeTable {
  patient_id: number;
  measure: string;
  pathway: string;
  first_id: number;
  latest_id: number;
  /** null while only one scored administration exists, or the measure has no change rule. */
  change: number | null;
  meaningful: number;
  improved: number | null;
  rule_set_version: string;
  updated_at: string;
}

/** Precomputed per patient, kept in step with plans and reviews: for the MDT module's suggestions. */
export interface RehabPatientStatusTable {
  patient_id: number;
  active_plan_id: number | null;
  latest_review_id: number | null;
  no_progress: number;
  updated_at: string;
}

/** The rehab module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export interface RehabTables {
  rehab_plans: RehabPlansTable;
  rehab_goals: RehabGoalsTable;
  rehab_reviews: RehabReviewsTable;
  rehab_review_ratings: RehabReviewRatingsTable;
  rehab_measures: RehabMeasuresTable;
  rehab_measure_change: RehabMeasureChangeTable;
  rehab_patient_status: RehabPatientStatusTable;
}
