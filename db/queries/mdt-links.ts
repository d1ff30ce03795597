/**
 * Queries for MDT action links (issue 3): the draft items MDT actions created in the interventions,
 * medicines and rehab modules, found by their source_mdt_action_id (indexed, migration 0012).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

/** Draft requests created by these actions (unique partial index intervention_requests_mdt_action). */
export function requestsForActions(db: Db, actionIds: readonly number[]) {
  return db
    .selectFrom('intervention_requests')
    .select([
      'id',
      'patient_id',
      'procedure_code',
      'side',
      'site',
      'indication',
      'status',
      'source_mdt_action_id',
    ])
    .where('source_mdt_action_id', 'in', [0, ...actionIds])
    .execute();
}

/** Draft taper plans created by these actions (unique partial index taper_plans_mdt_action). */
export function plansForActions(db: Db, actionIds: readonly number[]) {
  return db
    .selectFrom('taper_plans')
    .select([
      'id',
      'patient_id',
      'medicine_name',
      'goal',
      'target_dose',
      'unit',
      'status',
      'source_mdt_action_id',
    ])
    .where('source_mdt_action_id', 'in', [0, ...actionIds])
    .execute();
}

/** Draft goals created by these actions (unique index on source_mdt_action_id). */
export function goalDraftsForActions(db: Db, actionIds: readonly number[]) {
  return db
    .selectFrom('rehab_goal_drafts')
    .select([
      'id',
      'patient_id',
      'wording',
      'domain',
      'what_matters',
      'status',
      'goal_id',
      'source_mdt_action_id',
    ])
    .where('source_mdt_action_id', 'in', [0, ...actionIds])
    .execute();
}

/** The MDT context of actions: meeting, outcome, owner, patient (primary keys and mdt_actions ids). */
export function actionContext(db: Db, actionIds: readonly number[]) {
  return db
    .selectFrom('mdt_actions as a')
    .innerJoin('mdt_outcomes as o', 'o.id', 'a.outcome_id')
    .innerJoin('mdt_listings as l', 'l.id', 'a.listing_id')
    .innerJoin('mdt_meetings as m', 'm.id', 'l.meeting_id')
    .innerJoin('mdt_meeting_types as t', 't.id', 'm.meeting_type_id')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .select([
      'a.id',
      'a.outcome_id',
      'a.listing_id',
      'a.patient_id',
      'a.description',
      'a.type',
      'a.due_date',
      'a.created_at',
      'a.link_json',
      'o.meeting_date',
      'l.meeting_id',
      't.name as meeting_type_name',
      'u.display_name as owner_name',
      'p.surname',
      'p.forename',
      'p.nhs_number',
    ])
    .where('a.id', 'in', [0, ...actionIds])
    .execute();
}
export type ActionContextRow = Awaited<ReturnType<typeof actionContext>>[number];

/** The questions asked of the MDT for these listings (index mdt_referrals_listing). */
export function questionsForListings(db: Db, listingIds: readonly number[]) {
  return db
    .selectFrom('mdt_referrals')
    .select(['listing_id', 'question'])
    .where('listing_id', 'in', [0, ...listingIds])
    .orderBy('id')
    .execute();
}

/**
 * What the three linked-draft lists below share: drafts only unless resolved ones are wanted, one patient
 * or all, at most `limit`. (Their tables, columns and order differ, so each keeps its own typed query.)
 */
export interface LinkedFilter {
  patientId: number | null;
  includeResolved: boolean;
  limit: number;
}

/** Draft (or all) requests from MDT actions, newest first: index intervention_requests_list (status ...). */
export function linkedRequests(db: Db, f: LinkedFilter) {
  let q = db
    .selectFrom('intervention_requests')
    .select([
      'id',
      'patient_id',
      'procedure_code',
      'side',
      'site',
      'indication',
      'status',
      'source_mdt_action_id',
    ])
    .where('source_mdt_action_id', 'is not', null);
  if (!f.includeResolved) q = q.where('status', '=', 'draft');
  if (f.patientId !== null) q = q.where('patient_id', '=', f.patientId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Draft (or all) taper plans from MDT actions, newest first. */
export function linkedPlans(db: Db, f: LinkedFilter) {
  let q = db
    .selectFrom('taper_plans')
    .select([
      'id',
      'patient_id',
      'medicine_name',
      'goal',
      'target_dose',
      'unit',
      'status',
      'source_mdt_action_id',
    ])
    .where('source_mdt_action_id', 'is not', null);
  if (!f.includeResolved) q = q.where('status', '=', 'draft');
  if (f.patientId !== null) q = q.where('patient_id', '=', f.patientId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Draft (or all) goals from MDT actions, newest first: index rehab_goal_drafts_status / _patient. */
export function linkedGoalDrafts(db: Db, f: LinkedFilter) {
  let q = db
    .selectFrom('rehab_goal_drafts')
    .select([
      'id',
      'patient_id',
      'wording',
      'domain',
      'what_matters',
      'status',
      'goal_id',
      'source_mdt_action_id',
    ]);
  if (!f.includeResolved) q = q.where('status', '=', 'draft');
  if (f.patientId !== null) q = q.where('patient_id', '=', f.patientId);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
