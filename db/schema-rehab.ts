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
  /** Entered in error (issue 15): kept, struck through, left out of scores. */
  entered_in_error_at: string | null;
  entered_in_error_by: number | null;
  entered_in_error_reason: string | null;
  /** 'active' | 'achieved' | 'withdrawn' | 'superseded' (an edit made a new version). */
  status: Generated<string>;
  status_reason: string | null;
  status_on: string | null;
  /** The earlier version this goal replaces (an edit). */
  replaces_goal_id: number | null;
  /** The MDT action whose draft goal this goal completes (migration 0012). */
  source_mdt_action_id: number | null;
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
  /** Entered in error (issue 15): kept, struck through, left out of scores. */
  entered_in_error_at: string | null;
  entered_in_error_by: number | null;
  entered_in_error_reason: string | null;
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
  /** Entered in error (issue 15): kept, struck through, left out of scores. */
  entered_in_error_at: string | null;
  entered_in_error_by: number | null;
  entered_in_error_reason: string | null;
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
  /** The latest administration's date (migration 0300), so a period's changes are found by date. */
  latest_on: string | null;
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

/** Social prescribing (issue 6): a referral to a link worker or a community activity (PRSB standard, §5.3). */
export interface RehabSpReferralsTable {
  id: Generated<number>;
  patient_id: number;
  referred_on: string;
  referrer_id: number | null;
  /** 'link-worker' | 'community-activity' */
  route: string;
  link_worker: string | null;
  activity_type: string;
  activity: string;
  provider: string | null;
  frequency: string | null;
  reason: string;
  /** 'referred' | 'attending' | 'completed' | 'stopped' | 'declined' */
  status: string;
  /** SNOMED CT: 871731000000106 referral to social prescribing service; 871711000000103 declined. */
  snomed_code: string;
  started_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  declined_on: string | null;
  declined_reason: string | null;
  outcome_measure: string | null;
  before_measure_id: number | null;
  after_measure_id: number | null;
  outcome_notes: string | null;
  patient_experience: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  version: number;
}

export interface RehabSpAttendanceTable {
  id: Generated<number>;
  referral_id: number;
  patient_id: number;
  session_date: string;
  attended: number;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

/** Pain management programme groups: a cohort with dates, facilitators and its completion rule. */
export interface RehabProgrammesTable {
  id: Generated<number>;
  name: string;
  facilitators: string;
  location: string | null;
  capacity: number | null;
  /** A completer attended at least this percentage of the programme's sessions. */
  completion_percent: number;
  start_date: string;
  end_date: string;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  version: number;
}

export interface RehabProgrammeSessionsTable {
  id: Generated<number>;
  programme_id: number;
  session_no: number;
  session_date: string;
  topic: string | null;
  /** How many times the register was saved (migration 0260): a register taken against an older count is refused. */
  register_version: Generated<number>;
}

export interface RehabProgrammeEnrolmentsTable {
  id: Generated<number>;
  programme_id: number;
  patient_id: number;
  /** The participant's rehab plan whose goals and measures roll up into the cohort report. */
  plan_id: number | null;
  enrolled_on: string;
  /** 'enrolled' | 'withdrawn' */
  status: string;
  withdrawn_on: string | null;
  withdrawn_reason: string | null;
  created_at: string;
  created_by: number | null;
}

export interface RehabProgrammeAttendanceTable {
  id: Generated<number>;
  session_id: number;
  enrolment_id: number;
  /** 'attended' | 'apologies' | 'dna' */
  status: string;
  recorded_at: string;
  recorded_by: number | null;
}

/** The rehab module's tables, as Kysely sees them (snake_case, SQLite storage types). */
/** A persistent risk alert (issue 15): open until a clinician acknowledges it with the action taken. */
export interface RehabRiskAlertsTable {
  id: Generated<number>;
  patient_id: number;
  measure_id: number;
  measure: string;
  item: number;
  answer: number;
  item_label: string;
  administered_on: string;
  /** 'entry' | 'upgrade' (raised by migration 0040 from a form recorded before alerts were kept) */
  source: string;
  /** 'open' | 'acknowledged' */
  status: string;
  raised_at: string;
  raised_by: number | null;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  action_taken: string | null;
  version: Generated<number>;
}

export interface RehabTables {
  rehab_risk_alerts: RehabRiskAlertsTable;
  rehab_plans: RehabPlansTable;
  rehab_goals: RehabGoalsTable;
  rehab_reviews: RehabReviewsTable;
  rehab_review_ratings: RehabReviewRatingsTable;
  rehab_measures: RehabMeasuresTable;
  rehab_measure_change: RehabMeasureChangeTable;
  rehab_patient_status: RehabPatientStatusTable;
  rehab_sp_referrals: RehabSpReferralsTable;
  rehab_sp_attendance: RehabSpAttendanceTable;
  rehab_programmes: RehabProgrammesTable;
  rehab_programme_sessions: RehabProgrammeSessionsTable;
  rehab_programme_enrolments: RehabProgrammeEnrolmentsTable;
  rehab_programme_attendance: RehabProgrammeAttendanceTable;
}
