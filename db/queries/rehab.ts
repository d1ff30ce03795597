import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

export function plansForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('rehab_plans')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('id', 'desc')
    .execute();
}

export function planById(db: Db, planId: number) {
  return db.selectFrom('rehab_plans').selectAll().where('id', '=', planId).executeTakeFirst();
}

export function activePlanForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('rehab_plans')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function goalsForPlans(db: Db, planIds: readonly number[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_goals as g')
    .leftJoin('users as u', 'u.id', 'g.owner_id')
    .selectAll('g')
    .select('u.display_name as owner_name')
    .where('g.plan_id', 'in', planIds)
    .orderBy('g.id')
    .execute();
}

export function goalById(db: Db, goalId: number) {
  return db
    .selectFrom('rehab_goals as g')
    .leftJoin('users as u', 'u.id', 'g.owner_id')
    .selectAll('g')
    .select('u.display_name as owner_name')
    .where('g.id', '=', goalId)
    .executeTakeFirst();
}

export function reviewsForPlans(db: Db, planIds: readonly number[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name as reviewer_name')
    .where('r.plan_id', 'in', planIds)
    .orderBy('r.review_date')
    .orderBy('r.id')
    .execute();
}

export function ratingsForReviews(db: Db, reviewIds: readonly number[]) {
  if (reviewIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_review_ratings')
    .selectAll()
    .where('review_id', 'in', reviewIds)
    .orderBy('id')
    .execute();
}

/** The latest rating of each goal (for carrying goals into a new plan). */
export function latestLevels(db: Db, goalIds: readonly number[]) {
  if (goalIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_review_ratings as rr')
    .innerJoin('rehab_reviews as r', 'r.id', 'rr.review_id')
    .select(['rr.goal_id', 'rr.level', 'r.review_date', 'rr.id'])
    .where('rr.goal_id', 'in', goalIds)
    .where('rr.level', 'is not', null)
    .orderBy('r.review_date')
    .orderBy('rr.id')
    .execute();
}

export function measuresForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('rehab_measures as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .selectAll('m')
    .select('u.display_name as recorder_name')
    .where('m.patient_id', '=', patientId)
    .orderBy('m.measure')
    .orderBy('m.administered_on')
    .orderBy('m.id')
    .execute();
}

export function measureById(db: Db, id: number) {
  return db
    .selectFrom('rehab_measures as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .selectAll('m')
    .select('u.display_name as recorder_name')
    .where('m.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Scored administrations of one measure for one patient, oldest first (uses rehab_measures_patient). */
export function scoredMeasures(db: Db, patientId: number, measure: string) {
  return db
    .selectFrom('rehab_measures')
    .select(['id', 'administered_on', 'score_json', 'total'])
    .where('patient_id', '=', patientId)
    .where('measure', '=', measure)
    .orderBy('administered_on')
    .orderBy('id')
    .execute();
}

/** Service outcomes from the precomputed change table (covering index rehab_measure_change_service). */
export function serviceOutcomeCounts(db: Db, pathway: string | null) {
  let q = db
    .selectFrom('rehab_measure_change')
    .select(({ fn }) => [
      'measure',
      'pathway',
      fn.countAll<number>().as('paired'),
      fn.sum<number>('meaningful').as('meaningful'),
      fn.count<number>('improved').as('with_direction'),
    ])
    .where('change', 'is not', null)
    .groupBy(['measure', 'pathway']);
  if (pathway !== null) q = q.where('pathway', '=', pathway);
  return q.execute();
}

export function serviceImprovedCounts(db: Db, pathway: string | null) {
  let q = db
    .selectFrom('rehab_measure_change')
    .select(({ fn }) => ['measure', 'pathway', 'improved', fn.countAll<number>().as('n')])
    .where('change', 'is not', null)
    .where('meaningful', '=', 1)
    .groupBy(['measure', 'pathway', 'improved']);
  if (pathway !== null) q = q.where('pathway', '=', pathway);
  return q.execute();
}

export function noProgressPatients(db: Db, limit: number) {
  return db
    .selectFrom('rehab_patient_status as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .innerJoin('rehab_reviews as r', 'r.id', 's.latest_review_id')
    .select(['s.patient_id', 'p.surname', 'p.forename', 'r.review_date', 'r.t_score', 'r.label'])
    .where('s.no_progress', '=', 1)
    .orderBy('s.patient_id')
    .limit(limit)
    .execute();
}

export function countNoProgress(db: Db) {
  return db
    .selectFrom('rehab_patient_status')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('no_progress', '=', 1)
    .executeTakeFirstOrThrow();
}

/**
 * Active plans with a collection point that can fall due in [since, asOf]: an anchor date in that range, or a
 * discharge up to 12 months before it (the 6- and 12-month follow-ups).
 */
function duePlans(db: Db, since: string, asOf: string, sinceDischarge: string) {
  return db
    .selectFrom('rehab_plans as pl')
    .where('pl.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.between('pl.referral_date', since, asOf),
        eb.between('pl.treatment_start_date', since, asOf),
        eb.between('pl.discharge_date', sinceDischarge, asOf),
      ]),
    );
}

export function activePlansWithPatients(db: Db, since: string, asOf: string, sinceDischarge: string) {
  return duePlans(db, since, asOf, sinceDischarge)
    .innerJoin('patients as p', 'p.id', 'pl.patient_id')
    .select([
      'pl.id',
      'pl.patient_id',
      'pl.referral_date',
      'pl.treatment_start_date',
      'pl.discharge_date',
      'p.surname',
      'p.forename',
      'p.nhs_number',
    ])
    .execute();
}

export function completedForActivePlans(db: Db, since: string, asOf: string, sinceDischarge: string) {
  return db
    .selectFrom('rehab_measures as m')
    .select(['m.plan_id', 'm.time_point', 'm.measure'])
    .where('m.plan_id', 'in', duePlans(db, since, asOf, sinceDischarge).select('pl.id'))
    .execute();
}

export async function upsertPatientStatus(
  db: Db,
  row: {
    patient_id: number;
    active_plan_id?: number | null;
    latest_review_id?: number | null;
    no_progress?: number;
    updated_at: string;
  },
) {
  await db
    .insertInto('rehab_patient_status')
    .values({
      patient_id: row.patient_id,
      active_plan_id: row.active_plan_id ?? null,
      latest_review_id: row.latest_review_id ?? null,
      no_progress: row.no_progress ?? 0,
      updated_at: row.updated_at,
    })
    .onConflict((oc) =>
      oc.column('patient_id').doUpdateSet({
        ...(row.active_plan_id !== undefined ? { active_plan_id: row.active_plan_id } : {}),
        ...(row.latest_review_id !== undefined ? { latest_review_id: row.latest_review_id } : {}),
        ...(row.no_progress !== undefined ? { no_progress: row.no_progress } : {}),
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
