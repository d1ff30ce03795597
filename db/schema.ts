import type { Generated } from 'kysely';
import type { DataTables } from './schema-data';
import type { InterventionsTables } from './schema-interventions';
import type { MdtTables } from './schema-mdt';
import type { MedicinesTables } from './schema-medicines';
import type { RehabTables } from './schema-rehab';
import type { RuleSetTables } from './schema-rules';
import type { TrustTables } from './schema-trust';

/**
 * The database as Kysely sees it: snake_case tables and columns, SQLite storage types (booleans are 0/1,
 * dates and instants are TEXT). Domain types live in shared/; db/mappers converts between the two, which
 * is also the seam for a later PostgreSQL port.
 */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
  /** 1: the next sign-in must choose a new password (set by an administrator's reset). */
  must_change_password: Generated<number>;
  /** 1: a clinician who may approve clinical rule-set changes. */
  clinical_lead: Generated<number>;
  /** Moved on by every change to the account: a change from a screen read before a colleague's is refused (issue 19). */
  version: Generated<number>;
}

/** Failed sign-ins and unlocks per attempted name (known or not), for delays and the temporary lock. */
export interface SignInThrottleTable {
  name: string;
  failures: number;
  last_failure_at: string;
  /** No attempt is checked before this instant (the delay, or the temporary lock). */
  next_attempt_at: string | null;
}

/** A clinical rule-set change waiting for a clinical lead (db/services/rule-approvals.ts). */
export interface RuleSetProposalsTable {
  id: Generated<number>;
  kind: string;
  set_key: string;
  action: string;
  request_json: string;
  reason: string;
  proposed_by: number;
  proposed_by_name: string;
  proposed_at: string;
  status: string;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_note: string | null;
  version_id: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}

export interface PatientsTable {
  id: Generated<number>;
  nhs_number: string | null;
  hospital_number: string | null;
  surname: string;
  forename: string;
  /** Lower-case, accents and punctuation removed: what name search compares. */
  surname_key: string;
  forename_key: string;
  date_of_birth: string;
  sex: string;
  postcode: string | null;
  gp_practice: string | null;
  referral_date: string | null;
  referral_source: string | null;
  lead_clinician_id: number | null;
  diagnosis_code: string | null;
  diagnosis_site: string | null;
  diagnosis_notes: string | null;
  what_matters: string | null;
  /** 1: the patient has no known allergies (asked and recorded); 0: not recorded, unless allergies are listed. */
  no_known_allergies: Generated<number>;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AllergiesTable {
  id: Generated<number>;
  patient_id: number;
  agent: string;
  reaction: string;
  recorded_on: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  patient_id: number | null;
  before_json: string | null;
  after_json: string | null;
  /** The user's name and role as they were when the row was written (null on rows before issue 17). */
  user_name: string | null;
  user_role: string | null;
  /** Team mode: the workstation that made the request (declared name and the address the server saw). */
  workstation: string | null;
}

export interface FoundationTables {
  users: UsersTable;
  settings: SettingsTable;
  patients: PatientsTable;
  allergies: AllergiesTable;
  audit_log: AuditLogTable;
  sign_in_throttle: SignInThrottleTable;
  rule_set_proposals: RuleSetProposalsTable;
}

/** Every table. Each clinical module declares its tables in db/schema-<module>.ts. */
export type DB = FoundationTables &
  MedicinesTables &
  RehabTables &
  MdtTables &
  InterventionsTables &
  DataTables &
  RuleSetTables &
  TrustTables;
