import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema';

/** Reads for the MDT module. Writes live in db/services/mdt*.ts, inside their transactions. */

export function meetingTypeRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('mdt_meeting_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export function meetingRows(db: Kysely<DB>) {
  return db
    .selectFrom('mdt_meetings as m')
    .innerJoin('mdt_meeting_types as t', 't.id', 'm.meeting_type_id')
    .leftJoin('users as c', 'c.id', 'm.chair_id')
    .selectAll('m')
    .select([
      't.name as type_name',
      'c.display_name as chair_name',
      (eb) =>
        eb
          .selectFrom('mdt_listings as l')
          .whereRef('l.meeting_id', '=', 'm.id')
          .where('l.status', 'not in', ['withdrawn', 'deferred'])
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('case_count'),
    ]);
}

export function listingRows(db: Kysely<DB>, meetingId: number) {
  return db
    .selectFrom('mdt_listings as l')
    .innerJoin('patients as p', 'p.id', 'l.patient_id')
    .leftJoin('users as pr', 'pr.id', 'l.presenter_id')
    .leftJoin('users as ap', 'ap.id', 'l.late_approved_by')
    .selectAll('l')
    .select([
      'p.surname',
      'p.forename',
      'p.nhs_number',
      'pr.display_name as presenter_name',
      'ap.display_name as approver_name',
      (eb) =>
        eb
          .selectFrom('mdt_outcomes as o')
          .whereRef('o.listing_id', '=', 'l.id')
          .where('o.status', '!=', 'superseded')
          .select('o.status')
          .orderBy('o.version', 'desc')
          .limit(1)
          .as('outcome_status'),
    ])
    .where('l.meeting_id', '=', meetingId)
    .orderBy('l.position')
    .orderBy('l.id')
    .execute();
}

export function referralRowsForListings(db: Kysely<DB>, listingIds: number[]) {
  if (listingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mdt_referrals as r')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .selectAll('r')
    .select('u.display_name as requester_name')
    .where('r.listing_id', 'in', listingIds)
    .where('r.status', '!=', 'withdrawn')
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
}

export function attendanceRows(db: Kysely<DB>, meetingId: number) {
  return db
    .selectFrom('mdt_attendance as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('users as d', 'd.id', 'a.deputy_for_user_id')
    .selectAll('a')
    .select(['u.display_name as name', 'd.display_name as deputy_for_name', 'd.role as deputy_for_role'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('u.display_name')
    .execute();
}

/** Every join/leave interval of a meeting's attendees (index mdt_attendance_intervals_meeting). */
export function attendanceIntervalRows(db: Kysely<DB>, meetingId: number) {
  return db
    .selectFrom('mdt_attendance_intervals')
    .select(['id', 'attendance_id', 'joined_at', 'left_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('attendance_id')
    .orderBy('id')
    .execute();
}

export type AttendanceRow = Awaited<ReturnType<typeof attendanceRows>>[number];
export type AttendanceIntervalRow = Awaited<ReturnType<typeof attendanceIntervalRows>>[number];

export function outcomeRows(db: Kysely<DB>) {
  return db
    .selectFrom('mdt_outcomes as o')
    .leftJoin('users as ab', 'ab.id', 'o.amended_by')
    .leftJoin('users as cb', 'cb.id', 'o.confirmed_by')
    .selectAll('o')
    .select(['ab.display_name as amended_by_name', 'cb.display_name as confirmed_by_name']);
}

export function actionRowsForListing(db: Kysely<DB>, listingId: number) {
  return db
    .selectFrom('mdt_actions as a')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .select([
      'a.id',
      'a.description',
      'a.type',
      'a.owner_id',
      'u.display_name as owner_name',
      'a.due_date',
      'a.status',
      'a.patient_wording',
    ])
    .where('a.listing_id', '=', listingId)
    .orderBy('a.id')
    .execute();
}

/** Patients with open actions from their last MDT due before `dueBefore` (partial index mdt_patient_state_overdue). */
export function overdueActionPatients(db: Kysely<DB>, dueBefore: string, limit: number) {
  const state = db
    .selectFrom('mdt_patient_state')
    .select(['patient_id', 'last_discussed_on', 'last_outcome_id', 'earliest_open_action_due'])
    .where('earliest_open_action_due', 'is not', null)
    .where('earliest_open_action_due', '<', dueBefore)
    .orderBy('earliest_open_action_due')
    .limit(limit)
    .as('s');
  return db
    .selectFrom(state)
    .innerJoin('mdt_outcomes as o', 'o.id', 's.last_outcome_id')
    .innerJoin('mdt_actions as a', 'a.listing_id', 'o.listing_id')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .select([
      's.patient_id',
      's.last_discussed_on',
      'a.description',
      'u.display_name as owner_name',
      'a.due_date',
      'a.status',
    ])
    .execute();
}

/** Patients with a high total OME not discussed since `discussedBefore` (index patient_ome_total). */
export function highOmePatients(db: Kysely<DB>, minTotal: number, discussedBefore: string, limit: number) {
  return db
    .selectFrom('patient_ome as o')
    .leftJoin('mdt_patient_state as s', 's.patient_id', 'o.patient_id')
    .select(['o.patient_id', 'o.total_mg_per_24h as total', 'o.complete', 's.last_discussed_on'])
    .where('o.total_mg_per_24h', '>=', minTotal)
    .where((eb) =>
      eb.or([eb('s.last_discussed_on', 'is', null), eb('s.last_discussed_on', '<', discussedBefore)]),
    )
    .orderBy('o.total_mg_per_24h', 'desc')
    .limit(limit)
    .execute();
}

/** Tapers still running that were held or stepped back at least `minEvents` times. */
export function heldTaperPatients(db: Kysely<DB>, minEvents: number, limit: number) {
  const events = sql<number>`holds + step_backs`;
  return (
    db
      .selectFrom('taper_plans')
      .select(['patient_id', events.as('events')])
      // `holds + step_backs > 0` lets SQLite use the partial expression index taper_plans_concerns.
      .where(sql<boolean>`holds + step_backs > 0`)
      .where(events, '>=', minEvents)
      .where('status', 'not in', ['completed', 'abandoned', 'stopped'])
      .limit(limit)
      .execute()
  );
}

/** Rehabilitation reviewed with no progress (precomputed rehab_patient_status). */
export function noProgressPatients(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom('rehab_patient_status')
    .select(['patient_id', 'updated_at'])
    .where('no_progress', '=', 1)
    .limit(limit)
    .execute();
}

/** Intervention outcomes recorded since the patient was last discussed. */
export function interventionOutcomePatients(db: Kysely<DB>, since: string, limit: number) {
  return db
    .selectFrom('intervention_outcomes as io')
    .leftJoin('mdt_patient_state as s', 's.patient_id', 'io.patient_id')
    .select(['io.patient_id', 'io.procedure_code', 'io.procedure_date'])
    .where('io.procedure_date', '>=', since)
    .where((eb) =>
      eb.or([
        eb('s.last_discussed_on', 'is', null),
        eb('s.last_discussed_on', '<', eb.ref('io.procedure_date')),
      ]),
    )
    .orderBy('io.procedure_date', 'desc')
    .limit(limit)
    .execute();
}
