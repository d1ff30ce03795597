import type { Generated } from 'kysely';

/** One version of one medicine line. A change inserts a new version; the old row is kept (current = 0). */
export interface MedicineEntriesTable {
  id: Generated<number>;
  /** The id of the first version: stable across the line's versions. */
  item_id: number;
  version: number;
  patient_id: number;
  formulary_id: string;
  formulary_version: string;
  name: string;
  generic: string;
  drug_class: string;
  form: string;
  route: string;
  strength: string;
  dose_kind: string;
  dose_mg: number | null;
  times_per_day: number | null;
  prn_max_mg_per_24h: number | null;
  /** As needed: the minimum hours between doses (migration 0020). */
  prn_min_interval_hours: number | null;
  /** Entry warnings confirmed with a reason, JSON `{ codes, reason }` (migration 0020). */
  confirmed_warnings_json: string | null;
  patch_mcg_per_hour: number | null;
  patch_change_every_days: number | null;
  start_date: string;
  prescriber: string;
  indication: string;
  status: string;
  stopped_on: string | null;
  change_reason: string | null;
  effective_from: string;
  /** 1 for the latest version of the line. */
  current: number;
  /** OME of this version (null: not an opioid, or not totalled) and how it was worked out. */
  ome_mg_per_24h: number | null;
  ome_json: string | null;
  rule_set_id: string | null;
  rule_set_version: string | null;
  recorded_at: string;
  recorded_by: number | null;
  /** Regular doses that differ through the day: JSON array of mg at each time (null: equal doses). */
  administrations_json: string | null;
  /** The dose as written with its components, JSON `WrittenDose` (migration 0150; null: entered in mg). */
  written_json: string | null;
  /** Not on the formulary: the dose as written (migration 0150). */
  as_written: string | null;
}

/** The patient's current OME total and flags, kept in step with every medicine write (one row per patient). */
export interface PatientOmeTable {
  patient_id: number;
  total_mg_per_24h: number;
  complete: number;
  estimated: number;
  high_dose: number;
  harm_rises: number;
  flag_opioid_benzo: number;
  flag_opioid_gabapentinoid: number;
  flag_multiple_opioids: number;
  flag_gabapentin_pregabalin: number;
  active_count: number;
  rule_set_id: string;
  rule_set_version: string;
  computed_at: string;
}

/** The OME total after each medicine write, dated by the day the change took effect (the chart). */
export interface OmeSnapshotsTable {
  id: Generated<number>;
  patient_id: number;
  effective_date: string;
  total_mg_per_24h: number;
  complete: number;
  recorded_at: string;
  /** Set when the point is a review's OME (PRN at the amount taken). */
  review_id: number | null;
}

/** A review of the opioid load on a date, with the OME for that review (PRN at the amount taken). */
export interface MedicineReviewsTable {
  id: Generated<number>;
  patient_id: number;
  review_date: string;
  taper_review_id: number | null;
  total_mg_per_24h: number;
  complete: number;
  estimated: number;
  ome_json: string;
  rule_set_id: string;
  rule_set_version: string;
  notes: string;
  recorded_at: string;
  recorded_by: number | null;
}

/** The amount of an as-needed medicine taken per 24 hours, recorded at a review, for one version of the line. */
export interface PrnTakenTable {
  id: Generated<number>;
  review_id: number;
  patient_id: number;
  item_id: number;
  entry_id: number;
  review_date: string;
  taken_mg_per_24h: number;
  prescribed_max_mg_per_24h: number | null;
}

export interface TaperPlansTable {
  id: Generated<number>;
  patient_id: number;
  item_id: number;
  medicine_name: string;
  generic: string;
  is_opioid: number;
  goal: string;
  target_dose: number | null;
  unit: string;
  times_per_day: number | null;
  reason: string;
  mode: string;
  percent: number;
  interval_days: number;
  start_date: string;
  start_dose: number;
  round_to: number | null;
  current_step: number;
  current_dose: number;
  status: string;
  patient_agreed: number;
  agreement_note: string | null;
  signed_off_by: number | null;
  signed_off_at: string | null;
  nurse_id: number | null;
  next_review_date: string | null;
  holds: number;
  step_backs: number;
  start_ome: number | null;
  current_ome: number | null;
  rule_set_id: string;
  rule_set_version: string;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  version: number;
  /** The MDT action that created this plan as a draft (migration 0012). */
  source_mdt_action_id: number | null;
  /** Liquids: the solution's concentration, for the volume of each dose (migration 0008). */
  mg_per_ml: number | null;
  /** Set when the dose was changed outside the plan (migration 0020); null when the plan is in step. */
  needs_review_reason: string | null;
  needs_review_since: string | null;
  /** The clinical version of the plan, why it was made and the day it took effect (migration 0155). */
  plan_version: Generated<number>;
  version_reason: string | null;
  version_from: string | null;
  /** 1: step dates move off weekends and bank holidays (migration 0155). */
  avoid_weekends: Generated<number>;
  /** Set for a plan tapering an as-needed line: its minimum hours between doses (migration 0235). */
  prn_min_interval_hours: number | null;
}

/** A superseded version of a taper plan, with its steps as they were (migration 0155). */
export interface TaperPlanVersionsTable {
  id: Generated<number>;
  plan_id: number;
  plan_version: number;
  reason: string | null;
  valid_from: string;
  superseded_on: string;
  current_dose: number;
  /** JSON array of { stepNo, date, dose, products } as the steps were in this version. */
  steps_json: string;
  superseded_at: string;
  superseded_by: number | null;
}

export interface TaperStepsTable {
  id: Generated<number>;
  plan_id: number;
  step_no: number;
  date: string;
  dose: number;
  /** JSON array of mg at each time of day (null for patches and older plans: equal doses). */
  administrations_json: string | null;
  /** The product combination of the step (migration 0020). */
  products_text: string | null;
  /** Why the step is larger than the chosen step (migration 0020). */
  note: string | null;
  /** Why the step lasts longer than the plan's interval: a JSON array of sentences (migration 0270). */
  length_causes: string | null;
}

export interface TaperReviewsTable {
  id: Generated<number>;
  plan_id: number;
  patient_id: number;
  step_no: number;
  review_date: string;
  outcome: string;
  cows_json: string | null;
  cows_total: number | null;
  cows_band: string | null;
  withdrawal_symptoms: string;
  pain_score: number;
  function_score: number;
  notes: string;
  next_review_date: string | null;
  recorded_at: string;
  recorded_by: number | null;
}

export interface TaperEventsTable {
  id: Generated<number>;
  plan_id: number;
  kind: string;
  reason: string;
  at: string;
  by_user: number | null;
}

/** Facts the medicine checks need (migration 0140): kind 'renal' or 'pregnancy'; the latest of each wins. */
export interface MedicinePatientFactsTable {
  id: Generated<number>;
  patient_id: number;
  kind: string;
  weight_kg: number | null;
  creatinine_umol_l: number | null;
  result_date: string | null;
  pregnancy_status: string | null;
  recorded_at: string;
  recorded_by: number | null;
}

/** A reason or note recorded against one medicine check key (migration 0140). */
export interface MedicineCheckAcksTable {
  id: Generated<number>;
  patient_id: number;
  check_key: string;
  code: string;
  rule_set_id: string;
  rule_set_version: string;
  reason: string;
  acknowledged_at: string;
  acknowledged_by: number | null;
}

/** Migration 0230: a short-acting benzodiazepine line switched to diazepam (Ashton). */
export interface BenzodiazepineSwitchesTable {
  id: Generated<number>;
  patient_id: number;
  from_item_id: number;
  to_item_id: number;
  from_text: string;
  from_mg_per_24h: number;
  worked_mg_per_24h: number;
  diazepam_mg_per_24h: number;
  equivalence: string;
  working: string;
  rule_set_id: string;
  rule_set_version: string;
  switched_on: string;
  reason: string;
  recorded_at: string;
  recorded_by: number | null;
}

/** The medicines module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export interface MedicinesTables {
  medicine_entries: MedicineEntriesTable;
  patient_ome: PatientOmeTable;
  ome_snapshots: OmeSnapshotsTable;
  taper_plans: TaperPlansTable;
  taper_steps: TaperStepsTable;
  taper_reviews: TaperReviewsTable;
  taper_events: TaperEventsTable;
  taper_plan_versions: TaperPlanVersionsTable;
  medicine_reviews: MedicineReviewsTable;
  prn_taken: PrnTakenTable;
  medicine_patient_facts: MedicinePatientFactsTable;
  medicine_check_acks: MedicineCheckAcksTable;
  benzodiazepine_switches: BenzodiazepineSwitchesTable;
}
