import type { Generated } from 'kysely';

/** A waiting-list request for a procedure, with its readiness record. */
export interface InterventionRequestsTable {
  id: Generated<number>;
  patient_id: number;
  procedure_code: string;
  catalogue_version: string;
  side: string;
  site: string;
  indication: string;
  priority: string;
  /** 1 (P1a) .. 7 (P6): what the list sorts on. */
  priority_rank: number;
  source: string;
  requested_clinician_id: number | null;
  rtt_clock_start: string;
  rtt_breach_date: string;
  status: string;
  /** A non-clinical cancellation on the day: the date the patient must be rebooked by (28 days). */
  rebook_by: string | null;
  /** The readiness record (JSON of ReadinessRecord). */
  readiness_json: string;
  commissioner_rule_set: string;
  anticoagulant_rule_set: string;
  override_reason: string | null;
  override_items_json: string | null;
  override_by: number | null;
  override_at: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  version: number;
  /** The MDT action that created this request as a draft (migration 0012); null for a clinic request. */
  source_mdt_action_id: number | null;
  /** Structured site (migration 0130): region, or null when the site could not be structured. */
  site_region: string | null;
  /** Normalised levels, comma-separated ('L4-L5,L5-S1'); '' for a whole region. */
  site_levels: string | null;
}

/** An anticoagulant or antiplatelet the patient takes, with the proposed hold plan for this request. */
export interface InterventionAntithromboticsTable {
  id: Generated<number>;
  request_id: number;
  patient_id: number;
  drug: string;
  dose: string;
  dose_times: string;
  plan_json: string;
  plan_for: string;
  rule_set_id: string;
  rule_set_version: string;
  approved_by: number | null;
  approved_at: string | null;
  created_at: string;
  /** The medicines-list line this was read from (its item id and version); null: entered by hand. */
  medicine_item_id: number | null;
  medicine_version: number | null;
  /** Why the rule-set key was chosen (enoxaparin dose, aspirin indication), when it needed a choice. */
  basis: string | null;
  /** Set when a medicine change cleared an approval: what changed (shown until re-approved). */
  reapproval_note: string | null;
}

export interface InterventionSessionsTable {
  id: Generated<number>;
  date: string;
  start_time: string;
  end_time: string;
  room: string;
  setting: string;
  clinician_id: number;
  radiographer: string | null;
  /** Comma-separated equipment keys. */
  equipment: string;
  unavailable_minutes: number;
  turnaround_minutes: number;
  created_at: string;
  /** Warnings accepted when the list was created (bank holiday, clinician on another list), JSON. */
  warnings_json: string | null;
  /** The reason given to create the list past those warnings. */
  override_reason: string | null;
  /** From a term template: the template's note (bank holidays skipped). */
  term_note: string | null;
}

export interface InterventionBookingsTable {
  id: Generated<number>;
  request_id: number;
  session_id: number;
  patient_id: number;
  procedure_code: string;
  clinician_id: number;
  session_date: string;
  planned_minutes: number;
  status: string;
  short_notice_agreed: number;
  override_reason: string | null;
  overridden_json: string | null;
  cancel_kind: string | null;
  cancel_reason: string | null;
  cancelled_on_day: number;
  consent2_at: string | null;
  checklist_at: string | null;
  in_room_start: string | null;
  in_room_end: string | null;
  actual_minutes: number | null;
  follow_up_due: string | null;
  booked_at: string;
  booked_by: number | null;
}

export interface InterventionOutcomesTable {
  id: Generated<number>;
  booking_id: number;
  request_id: number;
  patient_id: number;
  procedure_code: string;
  procedure_date: string;
  site: string;
  relief_percent: number;
  relief_duration_weeks: number | null;
  assessed_on: string | null;
  relief_duration_hours: number | null;
  complications: string;
  pgic: number;
  successful: number;
  recorded_at: string;
  recorded_by: number | null;
}

/** An SCS trial episode (migration 0210): insertion, lead removal, outcome, implant decision. */
export interface InterventionScsTrialsTable {
  id: Generated<number>;
  request_id: number;
  patient_id: number;
  inserted_on: string;
  leads_removed_on: string | null;
  relief_percent: number | null;
  analgesia: string | null;
  patient_satisfied: number | null;
  successful: number | null;
  outcome_on: string | null;
  decision: string | null;
  decision_on: string | null;
  decision_reason: string | null;
  decided_by: number | null;
  recorded_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** The interventions module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export interface InterventionsTables {
  intervention_requests: InterventionRequestsTable;
  intervention_antithrombotics: InterventionAntithromboticsTable;
  intervention_sessions: InterventionSessionsTable;
  intervention_bookings: InterventionBookingsTable;
  intervention_outcomes: InterventionOutcomesTable;
  intervention_scs_trials: InterventionScsTrialsTable;
}
