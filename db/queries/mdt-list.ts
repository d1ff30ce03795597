import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema';

/**
 * Reads and writes for editing a meeting's list (issue 16): a listing's question, withdrawing or moving a
 * case, and the signals that rank suggestions (open risk alerts, the rehabilitation review with no progress).
 * Services call these inside their transactions.
 */

/** A confirmed outcome (an amended one keeps its superseded versions) of a listing, if any. */
export function confirmedOutcomeOf(db: Kysely<DB>, listingId: number) {
  return db
    .selectFrom('mdt_outcomes')
    .select(['id', 'status'])
    .where('listing_id', '=', listingId)
    .where('status', 'in', ['confirmed', 'superseded'])
    .executeTakeFirst();
}

/** Saves the listing's own question and moves its version on (the version an editor sends back). */
export function setListingQuestion(db: Kysely<DB>, listingId: number, question: string, at: string) {
  return db
    .updateTable('mdt_listings')
    .set((eb) => ({ question, updated_at: at, question_version: eb('question_version', '+', 1) }))
    .where('id', '=', listingId)
    .execute();
}

/** Another listing of the same patient on that meeting (a patient is listed once per meeting). */
export function listingOfPatientOn(db: Kysely<DB>, meetingId: number, patientId: number) {
  return db
    .selectFrom('mdt_listings')
    .select(['id', 'status'])
    .where('meeting_id', '=', meetingId)
    .where('patient_id', '=', patientId)
    .where('status', 'not in', ['withdrawn', 'deferred'])
    .executeTakeFirst();
}

/** Copies a listing onto another meeting (a move): same case details, a new place at the end of the list. */
export function insertMovedListing(
  db: Kysely<DB>,
  from: {
    patient_id: number;
    source: string;
    category: string;
    planned_minutes: number;
    presenter_id: number | null;
    case_categories_json: string;
    urgency: string;
    deferral_count: number;
    suggestion_json: string | null;
    question: string | null;
  },
  to: { meetingId: number; position: number; late: boolean; at: string },
) {
  return db
    .insertInto('mdt_listings')
    .values({
      meeting_id: to.meetingId,
      patient_id: from.patient_id,
      position: to.position,
      source: from.source,
      category: from.category,
      status: 'proposed',
      planned_minutes: from.planned_minutes,
      presenter_id: from.presenter_id,
      case_categories_json: from.case_categories_json,
      urgency: from.urgency,
      is_late_addition: to.late ? 1 : 0,
      deferral_count: from.deferral_count,
      escalate: 0,
      suggestion_json: from.suggestion_json,
      question: from.question,
      added_at: to.at,
      updated_at: to.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Marks a listing as moved: withdrawn from its meeting, with the reason and the listing it went to. */
export function markListingMoved(
  db: Kysely<DB>,
  listingId: number,
  toListingId: number,
  reason: string,
  at: string,
) {
  return db
    .updateTable('mdt_listings')
    .set({ status: 'withdrawn', defer_reason: reason, moved_to_listing_id: toListingId, updated_at: at })
    .where('id', '=', listingId)
    .execute();
}

/** Moves a listing's live referrals (and any draft outcome) with the case. */
export async function moveListingChildren(
  db: Kysely<DB>,
  fromListingId: number,
  toListingId: number,
  toMeetingId: number,
  at: string,
) {
  await db
    .updateTable('mdt_referrals')
    .set({ listing_id: toListingId, meeting_id: toMeetingId })
    .where('listing_id', '=', fromListingId)
    .execute();
  await db
    .updateTable('mdt_outcomes')
    .set({ listing_id: toListingId, updated_at: at })
    .where('listing_id', '=', fromListingId)
    .where('status', '=', 'draft')
    .execute();
}

/**
 * Whether the MDT has started on any listing in this case's carry-over chain (this listing and the ones it was
 * carried or moved from): started, discussed, or with an outcome of any status.
 */
export async function mdtStartedOnChain(db: Kysely<DB>, listingId: number): Promise<boolean> {
  return (await mdtStartedOnChains(db, [listingId])).has(listingId);
}

/**
 * Of these listings, those whose MDT case has started on their own listing or on any earlier listing it was
 * carried or moved from (discussed, started, or with an outcome). One recursive query for the whole set, the
 * same on SQLite and PostgreSQL; the walk stops after 200 links, far beyond ten years of weekly meetings, so a
 * damaged chain that loops cannot run forever.
 */
export async function mdtStartedOnChains(db: Kysely<DB>, listingIds: number[]): Promise<Set<number>> {
  const ids = [...new Set(listingIds)];
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ origin: number }>`
    WITH RECURSIVE chain(origin, id, depth) AS (
      SELECT l.id, l.id, 0 FROM mdt_listings l WHERE l.id IN (${sql.join(ids)})
      UNION ALL
      SELECT c.origin,
             COALESCE(l.carried_from_listing_id,
                      (SELECT m.id FROM mdt_listings m WHERE m.moved_to_listing_id = l.id ORDER BY m.id LIMIT 1)),
             c.depth + 1
        FROM chain c JOIN mdt_listings l ON l.id = c.id
       WHERE c.depth < 200
         AND COALESCE(l.carried_from_listing_id,
                      (SELECT m.id FROM mdt_listings m WHERE m.moved_to_listing_id = l.id ORDER BY m.id LIMIT 1))
             IS NOT NULL
    )
    SELECT DISTINCT c.origin AS origin
      FROM chain c JOIN mdt_listings l ON l.id = c.id
     WHERE l.status = 'discussed'
        OR l.started_at IS NOT NULL
        OR EXISTS (SELECT 1 FROM mdt_outcomes o WHERE o.listing_id = l.id)`.execute(db);
  return new Set(rows.map((r) => Number(r.origin)));
}

/** Patients with a risk alert not yet acknowledged (index rehab_risk_alerts_status). */
export function openRiskAlertPatients(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom('rehab_risk_alerts')
    .select(['patient_id', 'measure', 'item_label', 'administered_on'])
    .where('status', '=', 'open')
    .orderBy('administered_on', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Patients whose latest rehabilitation review recorded no progress: the review's own date and the goals rated
 * in it (with level and baseline, so the caller names the goals that did not move).
 */
export function noProgressReviews(db: Kysely<DB>, limit: number) {
  const status = db
    .selectFrom('rehab_patient_status')
    .select(['patient_id', 'latest_review_id'])
    .where('no_progress', '=', 1)
    .where('latest_review_id', 'is not', null)
    .limit(limit)
    .as('s');
  return db
    .selectFrom(status)
    .innerJoin('rehab_reviews as r', 'r.id', 's.latest_review_id')
    .leftJoin('rehab_review_ratings as rr', 'rr.review_id', 'r.id')
    .leftJoin('rehab_goals as g', 'g.id', 'rr.goal_id')
    .select(['s.patient_id', 'r.review_date', 'g.activity', 'rr.level', 'g.baseline'])
    .orderBy('s.patient_id')
    .orderBy('g.id')
    .execute();
}
