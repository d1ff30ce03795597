/** The theatre list's SQL (Kysely, async): one day's sessions and everything printed for each case. */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { ACTIVE_BOOKING } from './interventions';

type Db = Kysely<DB>;

export function sessionsOn(db: Db, date: string) {
  return db
    .selectFrom('intervention_sessions as s')
    .innerJoin('users as u', 'u.id', 's.clinician_id')
    .selectAll('s')
    .select('u.display_name as clinician_name')
    .where('s.date', '=', date)
    .orderBy('s.room')
    .orderBy('s.start_time')
    .execute();
}

export function sessionDate(db: Db, id: number) {
  return db.selectFrom('intervention_sessions').select('date').where('id', '=', id).executeTakeFirst();
}

/** Active cases on these sessions, in list (booking) order, with the patient and the request's site. */
export function casesOn(db: Db, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('patients as p', 'p.id', 'b.patient_id')
    .innerJoin('intervention_requests as r', 'r.id', 'b.request_id')
    .select([
      'b.id',
      'b.session_id',
      'b.request_id',
      'b.patient_id',
      'b.procedure_code',
      'b.planned_minutes',
      'b.status',
      'p.surname',
      'p.forename',
      'p.nhs_number',
      'p.date_of_birth',
      'r.side',
      'r.site',
      'r.site_region',
      'r.site_levels',
      'r.readiness_json',
    ])
    .where('b.session_id', 'in', sessionIds)
    .where('b.status', 'in', ACTIVE_BOOKING)
    .orderBy('b.session_id')
    .orderBy('b.id')
    .execute();
}

export function allergiesOf(db: Db, patientIds: readonly number[]) {
  if (patientIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('allergies')
    .select(['patient_id', 'agent', 'reaction'])
    .where('patient_id', 'in', patientIds)
    .orderBy('id')
    .execute();
}

export function antithromboticsOf(db: Db, requestIds: readonly number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('intervention_antithrombotics')
    .select(['request_id', 'drug', 'plan_json', 'approved_by', 'reapproval_note'])
    .where('request_id', 'in', requestIds)
    .orderBy('id')
    .execute();
}
