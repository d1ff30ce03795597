import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** Reads for the FHIR exports (one patient's record; the service-wide bulk export's paging). */

/** A patient's intervention requests, oldest first, with the requesting clinician's name. */
export function requestsForExport(db: Kysely<DB>, patientId: number) {
  return db
    .selectFrom('intervention_requests as r')
    .leftJoin('users as u', 'u.id', 'r.requested_clinician_id')
    .select([
      'r.id',
      'r.procedure_code',
      'r.side',
      'r.site',
      'r.indication',
      'r.priority',
      'r.status',
      'r.rtt_clock_start',
      'u.display_name as clinician_name',
    ])
    .where('r.patient_id', '=', patientId)
    .orderBy('r.id')
    .execute();
}

/** A patient's bookings with their list (date, times, room), clinician and outcome, oldest first. */
export function bookingsForExport(db: Kysely<DB>, patientId: number) {
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('intervention_sessions as s', 's.id', 'b.session_id')
    .innerJoin('intervention_requests as r', 'r.id', 'b.request_id')
    .leftJoin('users as u', 'u.id', 'b.clinician_id')
    .leftJoin('intervention_outcomes as o', 'o.booking_id', 'b.id')
    .select([
      'b.id',
      'b.request_id',
      'b.procedure_code',
      'b.status',
      'b.session_date',
      'b.cancel_reason',
      'b.in_room_start',
      'b.in_room_end',
      's.start_time',
      's.end_time',
      's.room',
      'r.side',
      'r.site',
      'u.display_name as clinician_name',
      'o.id as outcome_id',
      'o.relief_percent',
      'o.relief_duration_weeks',
      'o.pgic',
      'o.successful',
      'o.complications',
    ])
    .where('b.patient_id', '=', patientId)
    .orderBy('b.id')
    .execute();
}

/** How many patients the service holds (the bulk export's denominator). */
export async function patientCount(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('patients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The next page of patient ids after `afterId`, in id order. */
export async function patientIdsAfter(db: Kysely<DB>, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('patients')
    .select('id')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
