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
    .selectAll('a')
    .select('u.display_name as name')
    .where('a.meeting_id', '=', meetingId)
    .orderBy('u.display_name')
    .execute();
}

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

/** Which of the named tables exist (other modules land in parallel: a missing one contributes nothing). */
export async function existingTables(db: Kysely<DB>, names: string[]): Promise<Set<string>> {
  const rows = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${sql.join(names)})`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}

/** Patients with open actions from their last MDT due before `dueBefore` (partial index). */
export async function overdueActionPatients(db: Kysely<DB>, dueBefore: string, limit: number) {
  const rows = await sql<{
    patient_id: number;
    last_discussed_on: string | null;
    description: string;
    owner_name: string;
    due_date: string;
    status: string;
  }>`SELECT s.patient_id, s.last_discussed_on, a.description, u.display_name AS owner_name, a.due_date, a.status
     FROM (SELECT patient_id, last_discussed_on, last_outcome_id FROM mdt_patient_state
           WHERE earliest_open_action_due IS NOT NULL AND earliest_open_action_due < ${dueBefore}
           ORDER BY earliest_open_action_due LIMIT ${limit}) s
     JOIN mdt_outcomes o ON o.id = s.last_outcome_id
     JOIN mdt_actions a ON a.listing_id = o.listing_id
     JOIN users u ON u.id = a.owner_id`.execute(db);
  return rows.rows;
}

/** Patients with a high total OME not discussed since `discussedBefore` (medicines module, guarded). */
export async function highOmePatients(
  db: Kysely<DB>,
  minTotal: number,
  discussedBefore: string,
  limit: number,
) {
  const rows = await sql<{
    patient_id: number;
    total: number;
    complete: number;
    last_discussed_on: string | null;
  }>`SELECT o.patient_id, o.total_mg_per_24h AS total, o.complete, s.last_discussed_on
     FROM patient_ome o LEFT JOIN mdt_patient_state s ON s.patient_id = o.patient_id
     WHERE o.total_mg_per_24h >= ${minTotal}
       AND (s.last_discussed_on IS NULL OR s.last_discussed_on < ${discussedBefore})
     ORDER BY o.total_mg_per_24h DESC LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Tapers held or stepped back (medicines module, guarded). */
export async function heldTaperPatients(db: Kysely<DB>, minEvents: number, limit: number) {
  const rows = await sql<{
    patient_id: number;
    events: number;
  }>`SELECT patient_id, holds + step_backs AS events
     FROM taper_plans WHERE holds + step_backs >= ${minEvents}
       AND status NOT IN ('completed', 'abandoned', 'stopped')
     LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Rehabilitation reviewed with no progress (rehab module, guarded). */
export async function noProgressPatients(db: Kysely<DB>, limit: number) {
  const rows = await sql<{ patient_id: number; updated_at: string }>`SELECT patient_id, updated_at
     FROM rehab_patient_status WHERE no_progress = 1 LIMIT ${limit}`.execute(db);
  return rows.rows;
}

/** Intervention outcomes recorded since the patient was last discussed (interventions module, guarded). */
export async function interventionOutcomePatients(db: Kysely<DB>, since: string, limit: number) {
  const rows = await sql<{
    patient_id: number;
    procedure_code: string;
    procedure_date: string;
  }>`SELECT io.patient_id,
       io.procedure_code, io.procedure_date
     FROM intervention_outcomes io LEFT JOIN mdt_patient_state s ON s.patient_id = io.patient_id
     WHERE io.procedure_date >= ${since}
       AND (s.last_discussed_on IS NULL OR s.last_discussed_on < io.procedure_date)
     ORDER BY io.procedure_date DESC LIMIT ${limit}`.execute(db);
  return rows.rows;
}
