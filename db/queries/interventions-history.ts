/** A patient's procedure history (Kysely, async; both engines): the procedures done, with outcomes. */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

/**
 * The procedures done for a patient, earliest first (day done, then the order booked), each with the
 * request's site and side, the clinician and the outcome recorded at follow-up (null columns when none).
 * Uses the intervention_bookings_patient index (patient_id, status, session_date).
 */
export function proceduresDone(db: Db, patientId: number) {
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('intervention_requests as r', 'r.id', 'b.request_id')
    .leftJoin('users as u', 'u.id', 'b.clinician_id')
    .leftJoin('intervention_outcomes as o', 'o.booking_id', 'b.id')
    .select([
      'b.id as booking_id',
      'b.request_id',
      'b.procedure_code',
      'b.session_date',
      'b.in_room_start',
      'b.in_room_end',
      'r.site',
      'r.side',
      'r.site_region',
      'r.site_levels',
      'u.display_name as clinician_name',
      'o.id as outcome_id',
      'o.assessed_on',
      'o.relief_percent',
      'o.relief_duration_weeks',
      'o.relief_duration_hours',
      'o.pgic',
      'o.successful',
      'o.complications',
    ])
    .where('b.patient_id', '=', patientId)
    .where('b.status', '=', 'done')
    .orderBy('b.session_date')
    .orderBy('b.id')
    .execute();
}

/** Whether the patient exists (a history of nobody is refused, not shown empty). */
export async function patientExists(db: Db, patientId: number): Promise<boolean> {
  const row = await db.selectFrom('patients').select('id').where('id', '=', patientId).executeTakeFirst();
  return row !== undefined;
}
