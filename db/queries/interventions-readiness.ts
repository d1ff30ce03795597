/**
 * The facts readiness reads, for many requests at once (the waiting list, issue 14): one statement per kind
 * of fact for a whole page or candidate set, the ids passed as one JSON array (inIntegerList), so the cost is
 * the same handful of statements whatever the length of the list. Each returns the key (request or patient
 * id) beside what the single-request reads in interventions.ts return.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { inIntegerList } from './dialect';
import { procedureHistorySelect } from './interventions';

type Db = Kysely<DB>;

/**
 * The requests' columns readiness reads (ReadinessRow, db/services/interventions-readiness.ts: not every
 * column, which at 50,000 requests costs seconds) with their patient's date of birth (age raises the
 * bleeding-risk tier).
 */
export function requestsByIds(db: Db, requestIds: string) {
  return db
    .selectFrom('intervention_requests as r')
    .innerJoin('patients as p', 'p.id', 'r.patient_id')
    .select([
      'r.id',
      'r.patient_id',
      'r.procedure_code',
      'r.indication',
      'r.site',
      'r.side',
      'r.site_region',
      'r.site_levels',
      'r.priority',
      'r.rtt_clock_start',
      'r.status',
      'r.readiness_json',
      'r.override_items_json',
      'r.override_reason',
      'r.override_by',
      'r.override_at',
      'p.date_of_birth as patient_dob',
    ])
    .where(inIntegerList(db, 'r.id', requestIds))
    .execute();
}

/** The requests' antithrombotics, each request's in id order (as antithromboticsFor). */
export function antithromboticsForRequests(db: Db, requestIds: string) {
  return db
    .selectFrom('intervention_antithrombotics as a')
    .leftJoin('users as u', 'u.id', 'a.approved_by')
    .selectAll('a')
    .select('u.display_name as approver_name')
    .where(inIntegerList(db, 'a.request_id', requestIds))
    .orderBy('a.request_id')
    .orderBy('a.id')
    .execute();
}

/** The patients' allergies, each patient's in id order (as allergiesFor). */
export function allergiesForPatients(db: Db, patientIds: string) {
  return db
    .selectFrom('allergies')
    .select(['patient_id', 'agent', 'reaction', 'recorded_on'])
    .where(inIntegerList(db, 'patient_id', patientIds))
    .orderBy('patient_id')
    .orderBy('id')
    .execute();
}

/** The patients' active medicine lines' names (for SSRIs/SNRIs before high-risk procedures), by item id. */
export function activeMedicineNamesForPatients(db: Db, patientIds: string) {
  return db
    .selectFrom('medicine_entries')
    .select(['patient_id', 'generic', 'name'])
    .where(inIntegerList(db, 'patient_id', patientIds))
    .where('current', '=', 1)
    .where('status', '=', 'active')
    .orderBy('patient_id')
    .orderBy('item_id')
    .execute();
}

/** The patients' procedures done, with outcomes (the same select as procedureHistory), in booking id order. */
export async function procedureHistoryForPatients(db: Db, patientIds: string) {
  const rows = await procedureHistorySelect(db)
    .select(['b.patient_id', 'b.id'])
    .where(inIntegerList(db, 'b.patient_id', patientIds))
    .execute();
  // Sorted here, not in SQL: an ORDER BY id let SQLite walk the whole table in id order instead of the
  // (patient, status) index for the page's patients.
  return rows.sort((a, b) => a.id - b.id).map(({ id: _id, ...rest }) => rest);
}

/** Each request's booked (not done or cancelled) booking with its session, first booking first. */
export function bookedSessionsForRequests(db: Db, requestIds: string) {
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('intervention_sessions as s', 's.id', 'b.session_id')
    .selectAll('s')
    .select(['b.request_id', 'b.session_date'])
    .where(inIntegerList(db, 'b.request_id', requestIds))
    .where('b.status', '=', 'booked')
    .orderBy('b.id')
    .execute();
}

/**
 * The patients' booked cases from a date on (as patientBookings: the patient's other bookings a booking
 * checks against), in booking id order, index intervention_bookings_patient.
 */
export function bookingsForPatients(db: Db, patientIds: string, fromDate: string) {
  return db
    .selectFrom('intervention_bookings')
    .select(['patient_id', 'id', 'session_id', 'session_date', 'procedure_code'])
    .where(inIntegerList(db, 'patient_id', patientIds))
    .where('status', '=', 'booked')
    .where('session_date', '>=', fromDate)
    .orderBy('id')
    .execute();
}
