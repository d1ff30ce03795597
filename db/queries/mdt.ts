import { sql, type Kysely } from 'kysely';
import { compiledWith } from '../compiled';
import type { DB } from '../schema';
import { inIntegerList } from './dialect';

/**
 * Reads for the MDT module. Writes live in db/services/mdt*.ts, inside their transactions. The hot reads (a
 * meeting's list, a case summary, the suggested list's lookups) are compiled once (db/compiled.ts).
 */

/** `column IN (the ids of a JSON array)`: one statement for any number of ids. */
const inIds = (db: Kysely<DB>, ids: string, column: string) => inIntegerList(db, column, ids);

const meetingTypeById = compiledWith<{ id: number }>()((db, p) =>
  db.selectFrom('mdt_meeting_types').selectAll().where('id', '=', p('id')),
);

export function meetingTypeRow(db: Kysely<DB>, id: number) {
  return meetingTypeById.first(db, { id });
}

const meetingById = compiledWith<{ id: number }>()((db, p) =>
  db.selectFrom('mdt_meetings').selectAll().where('id', '=', p('id')),
);

export function meetingRowById(db: Kysely<DB>, id: number) {
  return meetingById.first(db, { id });
}

const listingById = compiledWith<{ id: number }>()((db, p) =>
  db.selectFrom('mdt_listings').selectAll().where('id', '=', p('id')),
);

export function listingRowById(db: Kysely<DB>, id: number) {
  return listingById.first(db, { id });
}

/** The listing as zero or one row. */
export function listingRowsById(db: Kysely<DB>, id: number) {
  return listingById.all(db, { id });
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

const meetingSummaryById = compiledWith<{ id: number }>()((db, p) =>
  meetingRows(db).where('m.id', '=', p('id')),
);

/** One meeting's row with its type name, chair and case count (the summary; also the meeting row itself). */
export function meetingSummaryRow(db: Kysely<DB>, id: number) {
  return meetingSummaryById.first(db, { id });
}

const listingsOfMeeting = compiledWith<{ meetingId: number }>()((db, p) =>
  db
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
    .where('l.meeting_id', '=', p('meetingId'))
    .orderBy('l.position')
    .orderBy('l.id'),
);

/** A meeting's listings in list order, with the patient, presenter, approver and latest outcome status. */
export function listingRows(db: Kysely<DB>, meetingId: number) {
  return listingsOfMeeting.all(db, { meetingId });
}

const referralsOfListings = compiledWith<{ ids: string }>()((db, p) =>
  db
    .selectFrom('mdt_referrals as r')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .selectAll('r')
    .select('u.display_name as requester_name')
    .where(inIds(db, p('ids'), 'r.listing_id'))
    .where('r.status', '!=', 'withdrawn')
    .orderBy('r.requested_at')
    .orderBy('r.id'),
);

/**
 * The live referrals of these listings, oldest first. The ids go in as one JSON array (`json_each`), so the
 * statement is compiled once whatever their number (index mdt_referrals_listing).
 */
export function referralRowsForListings(db: Kysely<DB>, listingIds: readonly number[]) {
  if (listingIds.length === 0) return Promise.resolve([]);
  return referralsOfListings.all(db, { ids: JSON.stringify(listingIds) });
}

const referralsOfListing = compiledWith<{ listingId: number }>()((db, p) =>
  db
    .selectFrom('mdt_referrals as r')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .selectAll('r')
    .select('u.display_name as requester_name')
    .where('r.listing_id', '=', p('listingId'))
    .where('r.status', '!=', 'withdrawn')
    .orderBy('r.requested_at')
    .orderBy('r.id'),
);

/** One listing's live referrals (`referralRowsForListings` for one id, compiled once), for the case summary. */
export function referralRowsForListing(db: Kysely<DB>, listingId: number) {
  return referralsOfListing.all(db, { listingId });
}

const openActionsOfPatient = compiledWith<{ patientId: number }>()((db, p) =>
  db
    .selectFrom('mdt_actions as a')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .select(['a.id', 'a.description', 'u.display_name as owner_name', 'a.due_date'])
    .where('a.patient_id', '=', p('patientId'))
    .where('a.status', 'in', ['open', 'in-progress'])
    .orderBy('a.due_date')
    .limit(20),
);

/** A patient's open MDT actions, soonest due first (the case summary shows 20). */
export function openActionRowsForPatient(db: Kysely<DB>, patientId: number) {
  return openActionsOfPatient.all(db, { patientId });
}

const previousOutcomesOfPatient = compiledWith<{ patientId: number; listingId: number }>()((db, p) =>
  db
    .selectFrom('mdt_outcomes')
    .select(['meeting_date', 'kind', 'summary'])
    .where('patient_id', '=', p('patientId'))
    .where('status', '=', 'confirmed')
    .where('listing_id', '!=', p('listingId'))
    .orderBy('meeting_date', 'desc')
    .limit(3),
);

/** The patient's last three confirmed MDT outcomes other than this listing's (index mdt_outcomes_patient). */
export function previousOutcomeRows(db: Kysely<DB>, patientId: number, listingId: number) {
  return previousOutcomesOfPatient.all(db, { patientId, listingId });
}

const attendanceOfMeeting = compiledWith<{ meetingId: number }>()((db, p) =>
  db
    .selectFrom('mdt_attendance as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('users as d', 'd.id', 'a.deputy_for_user_id')
    .selectAll('a')
    .select(['u.display_name as name', 'd.display_name as deputy_for_name', 'd.role as deputy_for_role'])
    .where('a.meeting_id', '=', p('meetingId'))
    .orderBy('u.display_name'),
);

export function attendanceRows(db: Kysely<DB>, meetingId: number) {
  return attendanceOfMeeting.all(db, { meetingId });
}

const intervalsOfMeeting = compiledWith<{ meetingId: number }>()((db, p) =>
  db
    .selectFrom('mdt_attendance_intervals')
    .select(['id', 'attendance_id', 'joined_at', 'left_at'])
    .where('meeting_id', '=', p('meetingId'))
    .orderBy('attendance_id')
    .orderBy('id'),
);

/** Every join/leave interval of a meeting's attendees (index mdt_attendance_intervals_meeting). */
export function attendanceIntervalRows(db: Kysely<DB>, meetingId: number) {
  return intervalsOfMeeting.all(db, { meetingId });
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
      'a.completion_note',
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

const listedAmong = compiledWith<{ ids: string; meetingId: number }>()((db, p) =>
  db
    .selectFrom('mdt_patient_state')
    .select('patient_id')
    .where(inIds(db, p('ids'), 'patient_id'))
    .where('listed_meeting_id', 'is not', null)
    .union(
      db
        .selectFrom('mdt_listings')
        .select('patient_id')
        .where('meeting_id', '=', p('meetingId'))
        .where(inIds(db, p('ids'), 'patient_id')),
    ),
);

/**
 * Which of these patients are already listed, for an upcoming meeting or this one. The ids go in as one JSON
 * array (`json_each`), so the statement is compiled once whatever their number.
 */
export function listedPatients(db: Kysely<DB>, patientIds: readonly number[], meetingId: number) {
  return listedAmong.all(db, { ids: JSON.stringify(patientIds), meetingId });
}

const patientNamesAmong = compiledWith<{ ids: string }>()((db, p) =>
  db
    .selectFrom('patients')
    .select(['id', 'surname', 'forename', 'nhs_number'])
    .where(inIds(db, p('ids'), 'id')),
);

/** Names and NHS numbers of these patients (by primary key; the ids as one JSON array). */
export function patientNames(db: Kysely<DB>, patientIds: readonly number[]) {
  return patientNamesAmong.all(db, { ids: JSON.stringify(patientIds) });
}
