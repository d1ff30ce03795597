import type { Generated } from 'kysely';

export interface MdtMeetingTypesTable {
  id: Generated<number>;
  code: string;
  name: string;
  purpose: string;
  recurrence_json: string;
  duration_minutes: number;
  cut_off_hours: number;
  chair_id: number | null;
  core_member_ids_json: string;
  default_minutes_per_case: number;
  quorum_rules_json: string;
  example: number;
  created_at: string;
  updated_at: string;
  /** Moved on by every save: a save from a screen read before a colleague's is refused (issue 19). */
  version: Generated<number>;
}

export interface MdtMeetingsTable {
  id: Generated<number>;
  meeting_type_id: number;
  meeting_date: string;
  start_local: string;
  start_at: string;
  duration_minutes: number;
  cut_off_at: string;
  status: string;
  chair_id: number | null;
  actual_start_at: string | null;
  actual_end_at: string | null;
  current_listing_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface MdtReferralsTable {
  id: Generated<number>;
  patient_id: number;
  meeting_type_id: number;
  meeting_id: number | null;
  listing_id: number | null;
  requested_by: number;
  requested_at: string;
  question: string;
  reason: string;
  urgency: string;
  presenter_id: number | null;
  patient_aware: number;
  what_matters: string;
  status: string;
  /** The referring clinician, apart from who keyed the referral (migration 0100; null: not recorded). */
  referrer_name: string | null;
  referrer_role: string | null;
  referrer_organisation: string | null;
  referrer_address: string | null;
  /** Moved on each time the referrer is recorded (migration 0310): recording it over a newer one is refused. */
  referrer_version: Generated<number>;
}

export interface MdtListingsTable {
  id: Generated<number>;
  meeting_id: number;
  patient_id: number;
  position: number;
  source: string;
  category: string;
  status: string;
  planned_minutes: number;
  presenter_id: number | null;
  case_categories_json: string;
  urgency: string;
  is_late_addition: number;
  late_approved_by: number | null;
  late_approved_at: string | null;
  deferral_count: number;
  defer_reason: string | null;
  carried_from_listing_id: number | null;
  escalate: number;
  suggestion_json: string | null;
  /** The listing's own question for the MDT (migration 0110); referral questions are used when null. */
  question: Generated<string | null>;
  /** Set when the case was moved to another meeting: the listing it was moved to (migration 0110). */
  moved_to_listing_id: Generated<number | null>;
  /** How many times the question was saved (migration 0260): an edit made against an older count is refused. */
  question_version: Generated<number>;
  added_at: string;
  started_at: string | null;
  ended_at: string | null;
  updated_at: string;
}

export interface MdtAttendanceTable {
  id: Generated<number>;
  meeting_id: number;
  user_id: number;
  discipline: string;
  status: string;
  deputy_for_user_id: number | null;
  joined_at: string | null;
  left_at: string | null;
  updated_at: string;
  /**
   * Moved on by every change to this person's attendance (recorded, left, rejoined; migration 0310): a change
   * made against an older version is refused.
   */
  version: Generated<number>;
}

export interface MdtOutcomesTable {
  id: Generated<number>;
  listing_id: number;
  patient_id: number;
  version: number;
  previous_version_id: number | null;
  status: string;
  kind: string;
  summary: string;
  options_json: string;
  rationale: string;
  preferences_considered: number;
  review_date: string | null;
  patient_summary: string;
  meeting_date: string;
  no_action: number;
  draft_actions_json: string | null;
  quorum_json: string | null;
  quorum_met: number | null;
  quorum_rule_set: string | null;
  amend_reason: string | null;
  amended_at: string | null;
  amended_by: number | null;
  confirmed_by: number | null;
  confirmed_at: string | null;
  patient_decision: string | null;
  patient_decision_notes: string | null;
  patient_decision_at: string | null;
  implementation_review_due: string | null;
  created_at: string;
  updated_at: string;
}

export interface MdtActionsTable {
  id: Generated<number>;
  outcome_id: number;
  listing_id: number;
  patient_id: number;
  description: string;
  type: string;
  owner_id: number;
  due_date: string;
  patient_wording: string | null;
  status: string;
  completed_at: string | null;
  completed_by: number | null;
  completion_note: string | null;
  created_at: string;
  /** What the MDT asked the module for (JSON of ActionLinkDetails; migration 0012). */
  link_json: string | null;
  /** Moved on by every status change (migration 0261): a change made against an older version is refused. */
  version: Generated<number>;
}

/** A rehab goal an MDT action asked for, waiting to be written as a goal (migration 0012). */
export interface RehabGoalDraftsTable {
  id: Generated<number>;
  patient_id: number;
  source_mdt_action_id: number;
  wording: string;
  domain: string;
  what_matters: string;
  owner_id: number | null;
  /** 'draft' | 'completed' | 'dismissed' */
  status: string;
  goal_id: number | null;
  resolve_note: string | null;
  created_at: string;
  created_by: number | null;
  resolved_at: string | null;
  resolved_by: number | null;
}

export interface MdtLettersTable {
  id: Generated<number>;
  outcome_id: number;
  patient_id: number;
  audience: string;
  recipient_name: string;
  template_id: string;
  template_version: string;
  body: string | null;
  problem: string | null;
  status: string;
  generated_at: string;
  sent_at: string | null;
  sent_by: number | null;
  /** Set when the outcome was amended: the letter stays as it was (as sent) and is marked superseded. */
  superseded_at: string | null;
  superseded_by_outcome_id: number | null;
  /** The letter (of the previous version) this one replaces. */
  replaces_letter_id: number | null;
}

/** One join/leave interval of an attendee (several when someone leaves and rejoins; migration 0011). */
export interface MdtAttendanceIntervalsTable {
  id: Generated<number>;
  attendance_id: number;
  meeting_id: number;
  /** Null: from the start of the meeting. */
  joined_at: string | null;
  /** Null: still there (to the end). */
  left_at: string | null;
  created_at: string;
}

/** Versioned letter templates; a version never changes once approved (migration 0011). */
export interface MdtLetterTemplatesTable {
  id: Generated<number>;
  template_id: string;
  audience: string;
  name: string;
  version: string;
  body: string;
  source: string;
  change_note: string;
  example: number;
  created_at: string;
  approved_by: number | null;
  approved_at: string | null;
}

/** A referral into the pain service waiting in (or sifted from) the triage queue. */
export interface ServiceReferralsTable {
  id: Generated<number>;
  patient_id: number;
  received_on: string;
  source: string;
  referrer_name: string;
  /** The referrer's role, organisation and address (migration 0100; '' when not recorded). */
  referrer_role: Generated<string>;
  referrer_organisation: Generated<string>;
  referrer_address: Generated<string>;
  referral_reason: string;
  urgency: string;
  status: string;
  pathway: string | null;
  meeting_type_id: number | null;
  decision_reason: string | null;
  triaged_by: number | null;
  triaged_at: string | null;
  mdt_referral_id: number | null;
  created_at: string;
  created_by: number | null;
  version: Generated<number>;
}

/** Precomputed per patient, kept in step in the same transactions that change listings and actions. */
export interface MdtPatientStateTable {
  patient_id: number;
  last_discussed_on: string | null;
  last_outcome_id: number | null;
  /** Earliest due date of open actions from the last MDT; null when none are open. */
  earliest_open_action_due: string | null;
  /** The upcoming meeting the patient is listed on, if any. */
  listed_meeting_id: number | null;
}

/** The mdt module's tables, as Kysely sees them (snake_case, SQLite storage types). */
export interface MdtTables {
  mdt_meeting_types: MdtMeetingTypesTable;
  mdt_meetings: MdtMeetingsTable;
  mdt_referrals: MdtReferralsTable;
  mdt_listings: MdtListingsTable;
  mdt_attendance: MdtAttendanceTable;
  mdt_outcomes: MdtOutcomesTable;
  mdt_actions: MdtActionsTable;
  mdt_letters: MdtLettersTable;
  mdt_attendance_intervals: MdtAttendanceIntervalsTable;
  mdt_letter_templates: MdtLetterTemplatesTable;
  mdt_patient_state: MdtPatientStateTable;
  rehab_goal_drafts: RehabGoalDraftsTable;
  service_referrals: ServiceReferralsTable;
}
