import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { inIntegerList } from './dialect';

/**
 * The case summaries of a whole meeting (issue 18: opening a meeting read one summary per case). Each read
 * below is ONE statement for all the meeting's patients (ids passed as one JSON array), the same columns
 * as the single summary's reads (db/queries/mdt.ts, db/services/mdt-case-sections.ts). Reads limited per
 * patient in the single summary (20 open actions, 3 intervention outcomes) are ranked per patient
 * (row_number over a partition, on both engines) and cut at the same number. Filters on a status column
 * that has an index of its own are applied by the caller (see outcomeRowsOfPatients).
 */
const list = (ids: readonly number[]) => JSON.stringify(ids);

/** The meeting's listings in list order (every status: the screen decides what it shows). */
export function listingRowsOfMeeting(db: Kysely<DB>, meetingId: number) {
  return db
    .selectFrom('mdt_listings')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function patientRowsByIds(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('patients')
    .leftJoin('users', 'users.id', 'patients.lead_clinician_id')
    .selectAll('patients')
    .select('users.display_name as lead_clinician_name')
    .where(inIntegerList(db, 'patients.id', list(patientIds)))
    .execute();
}

export function allergyRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('allergies')
    .selectAll()
    .where(inIntegerList(db, 'patient_id', list(patientIds)))
    .orderBy('id')
    .execute();
}

/** Each patient's open MDT actions, soonest due first, at most 20 a patient (as the single summary). */
export function openActionRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  const ranked = db
    .selectFrom('mdt_actions as a')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .select((eb) => [
      'a.id',
      'a.patient_id',
      'a.description',
      'u.display_name as owner_name',
      'a.due_date',
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy('a.patient_id').orderBy('a.due_date').orderBy('a.id'))
        .as('rn'),
    ])
    .where(inIntegerList(db, 'a.patient_id', list(patientIds)))
    .where('a.status', 'in', ['open', 'in-progress']);
  return db
    .selectFrom(ranked.as('x'))
    .select(['x.id', 'x.patient_id', 'x.description', 'x.owner_name', 'x.due_date'])
    .where('x.rn', '<=', 20)
    .orderBy('x.patient_id')
    .orderBy('x.due_date')
    .orderBy('x.id')
    .execute();
}

/**
 * Every MDT outcome of these patients, latest meeting first (index mdt_outcomes_patient). The status is
 * filtered by the caller: in SQL it steers SQLite onto the status index and a scan of every confirmed
 * outcome (100 ms at 100,000 patients instead of under 1 ms).
 */
export function outcomeRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('mdt_outcomes')
    .select(['id', 'patient_id', 'listing_id', 'status', 'meeting_date', 'kind', 'summary'])
    .where(inIntegerList(db, 'patient_id', list(patientIds)))
    .orderBy('patient_id')
    .orderBy('meeting_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function omeRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('patient_ome')
    .selectAll()
    .where(inIntegerList(db, 'patient_id', list(patientIds)))
    .execute();
}

export function currentMedicineRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('medicine_entries')
    .select([
      'patient_id',
      'name',
      'dose_kind',
      'dose_mg',
      'times_per_day',
      'prn_max_mg_per_24h',
      'patch_mcg_per_hour',
    ])
    .where(inIntegerList(db, 'patient_id', list(patientIds)))
    .where('current', '=', 1)
    .where('status', '=', 'active')
    .orderBy('patient_id')
    .orderBy('name')
    .execute();
}

/** These patients' taper plans (the caller keeps the running ones; see outcomeRowsOfPatients on why). */
export function taperRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('taper_plans')
    .select(['patient_id', 'medicine_name', 'status', 'holds', 'step_backs'])
    .where(inIntegerList(db, 'patient_id', list(patientIds)))
    .orderBy('patient_id')
    .orderBy('id')
    .execute();
}

/**
 * These patients' intervention requests, soonest breach first (the caller keeps the open ones: with the
 * status in SQL, SQLite walked the status index over every waiting request, 260 ms at 100,000 patients).
 */
export function requestRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('intervention_requests')
    .select(['patient_id', 'procedure_code', 'side', 'site', 'priority', 'status', 'rtt_breach_date'])
    .where(inIntegerList(db, 'patient_id', list(patientIds)))
    .orderBy('patient_id')
    .orderBy('rtt_breach_date')
    .orderBy('id')
    .execute();
}

/** Each patient's three latest intervention outcomes, latest first. */
export function latestOutcomeRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  const ranked = db
    .selectFrom('intervention_outcomes as o')
    .innerJoin('intervention_requests as r', 'r.id', 'o.request_id')
    .select((eb) => [
      'r.patient_id',
      'r.procedure_code',
      'o.relief_percent',
      'o.relief_duration_weeks',
      'o.successful',
      'o.recorded_at',
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy('r.patient_id').orderBy('o.recorded_at', 'desc').orderBy('o.id', 'desc'))
        .as('rn'),
    ])
    .where(inIntegerList(db, 'r.patient_id', list(patientIds)));
  return db
    .selectFrom(ranked.as('x'))
    .select([
      'x.patient_id',
      'x.procedure_code',
      'x.relief_percent',
      'x.relief_duration_weeks',
      'x.successful',
      'x.recorded_at',
    ])
    .where('x.rn', '<=', 3)
    .orderBy('x.patient_id')
    .orderBy('x.rn')
    .execute();
}

/** A patient's rehab status for a case summary (one patient, or a meeting's patients in one statement). */
export const REHAB_STATUS_COLUMNS = [
  's.active_plan_id',
  'p.pathway',
  'r.review_date',
  'r.t_score',
  'r.baseline_t_score',
  'r.change',
  'r.rated_count',
  'r.total_count',
  'r.label',
  'r.no_progress',
  'r.rule_set_id',
  'r.rule_set_version',
] as const;

export function rehabStatusRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('rehab_patient_status as s')
    .leftJoin('rehab_plans as p', 'p.id', 's.active_plan_id')
    .leftJoin('rehab_reviews as r', 'r.id', 's.latest_review_id')
    .select(['s.patient_id', ...REHAB_STATUS_COLUMNS])
    .where(inIntegerList(db, 's.patient_id', list(patientIds)))
    .execute();
}

export function rehabMeasureRowsOfPatients(db: Kysely<DB>, patientIds: readonly number[]) {
  return db
    .selectFrom('rehab_measure_change as c')
    .innerJoin('rehab_measures as m', 'm.id', 'c.latest_id')
    .select([
      'c.patient_id',
      'c.measure',
      'c.change',
      'c.meaningful',
      'c.improved',
      'm.total',
      'm.band',
      'm.administered_on',
      'm.rule_set_id',
      'm.rule_set_version',
    ])
    .where(inIntegerList(db, 'c.patient_id', list(patientIds)))
    .orderBy('c.patient_id')
    .orderBy('c.measure')
    .execute();
}
