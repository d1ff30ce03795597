import { sql, type Kysely } from 'kysely';
import { compiled } from '../compiled';
import type { DB } from '../schema';

type Db = Kysely<DB>;
/** The parameter marker `compiled` hands its builder (db/compiled.ts). */
type Param<P> = <K extends keyof P & string>(name: K) => P[K];
type ByPatient = { patientId: number };

// ---- A patient's rehab summary: one compiled query per table, each by patient (no id lists) -------------

function patientExistsQuery(db: Db, p: Param<ByPatient>) {
  return db.selectFrom('patients').select('id').where('id', '=', p('patientId'));
}
/** Whether the patient exists (primary key). */
export const patientExists = compiled<ByPatient, ReturnType<typeof patientExistsQuery>>(patientExistsQuery);

function plansOfPatientQuery(db: Db, p: Param<ByPatient>) {
  return db
    .selectFrom('rehab_plans')
    .selectAll()
    .where('patient_id', '=', p('patientId'))
    .orderBy('id', 'desc');
}
/** The patient's plans, newest first (rehab_plans_patient). */
export const plansOfPatient = compiled<ByPatient, ReturnType<typeof plansOfPatientQuery>>(
  plansOfPatientQuery,
);

function goalsOfPatientQuery(db: Db, p: Param<ByPatient>) {
  return db
    .selectFrom('rehab_goals as g')
    .leftJoin('users as u', 'u.id', 'g.owner_id')
    .selectAll('g')
    .select('u.display_name as owner_name')
    .where('g.plan_id', 'in', (eb) =>
      eb.selectFrom('rehab_plans').select('id').where('patient_id', '=', p('patientId')),
    )
    .orderBy('g.id');
}
/** The goals of all the patient's plans (rehab_goals_plan through the patient's plans). */
export const goalsOfPatient = compiled<ByPatient, ReturnType<typeof goalsOfPatientQuery>>(
  goalsOfPatientQuery,
);

function reviewsOfPatientQuery(db: Db, p: Param<ByPatient>) {
  return db
    .selectFrom('rehab_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name as reviewer_name')
    .where('r.plan_id', 'in', (eb) =>
      eb.selectFrom('rehab_plans').select('id').where('patient_id', '=', p('patientId')),
    )
    .orderBy('r.review_date')
    .orderBy('r.id');
}
/** The GAS reviews of all the patient's plans, oldest first (rehab_reviews_plan). */
export const reviewsOfPatient = compiled<ByPatient, ReturnType<typeof reviewsOfPatientQuery>>(
  reviewsOfPatientQuery,
);

function ratingsOfPatientQuery(db: Db, p: Param<ByPatient>) {
  return db
    .selectFrom('rehab_review_ratings')
    .selectAll()
    .where('review_id', 'in', (eb) =>
      eb
        .selectFrom('rehab_reviews as r')
        .select('r.id')
        .where('r.plan_id', 'in', (e) =>
          e.selectFrom('rehab_plans').select('id').where('patient_id', '=', p('patientId')),
        ),
    )
    .orderBy('id');
}
/** The goal ratings of all those reviews (rehab_review_ratings_review). */
export const ratingsOfPatient = compiled<ByPatient, ReturnType<typeof ratingsOfPatientQuery>>(
  ratingsOfPatientQuery,
);

function measuresOfPatientQuery(db: Db, p: Param<ByPatient>) {
  return db
    .selectFrom('rehab_measures as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .selectAll('m')
    .select('u.display_name as recorder_name')
    .where('m.patient_id', '=', p('patientId'))
    .orderBy('m.measure')
    .orderBy('m.administered_on')
    .orderBy('m.id');
}
/** The patient's outcome measures by measure, oldest first (rehab_measures_patient). */
export const measuresOfPatient = compiled<ByPatient, ReturnType<typeof measuresOfPatientQuery>>(
  measuresOfPatientQuery,
);

export function planById(db: Db, planId: number) {
  return db.selectFrom('rehab_plans').selectAll().where('id', '=', planId).executeTakeFirst();
}

/** The earliest measure and goal of a plan that still count (not entered in error): its referral may not pass them. */
export async function earliestOfPlan(db: Db, planId: number) {
  const measure = await db
    .selectFrom('rehab_measures')
    .select(['measure', 'administered_on'])
    .where('plan_id', '=', planId)
    .where('entered_in_error_at', 'is', null)
    .orderBy('administered_on')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const goal = await db
    .selectFrom('rehab_goals')
    .select(['activity', 'set_on'])
    .where('plan_id', '=', planId)
    .where('entered_in_error_at', 'is', null)
    .orderBy('set_on')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return { measure, goal };
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
    .where('r.entered_in_error_at', 'is', null)
    .orderBy('r.review_date')
    .orderBy('rr.id')
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
    .where('entered_in_error_at', 'is', null)
    .orderBy('administered_on')
    .orderBy('id')
    .execute();
}

/**
 * Service outcomes from the precomputed change table in one pass over its covering index
 * (rehab_measure_change_service): per measure and pathway, the paired patients and how many changed
 * meaningfully for the better or the worse. Compiled once for all pathways and once for one pathway.
 */
function serviceOutcomeQuery(db: Db) {
  return db
    .selectFrom('rehab_measure_change')
    .select((eb) => [
      'measure',
      'pathway',
      eb.fn.countAll<number>().as('paired'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('meaningful', '=', eb.lit(1)), eb('improved', '=', eb.lit(1))]))
            .then(eb.lit(1))
            .else(eb.lit(0))
            .end(),
        )
        .as('improved'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('meaningful', '=', eb.lit(1)), eb('improved', '=', eb.lit(0))]))
            .then(eb.lit(1))
            .else(eb.lit(0))
            .end(),
        )
        .as('deteriorated'),
    ])
    .where('change', 'is not', null)
    .groupBy(['measure', 'pathway']);
}
export const serviceOutcomeCounts = compiled<Record<string, never>, ReturnType<typeof serviceOutcomeQuery>>(
  (db) => serviceOutcomeQuery(db),
);
export const serviceOutcomeCountsForPathway = compiled<
  { pathway: string },
  ReturnType<typeof serviceOutcomeQuery>
>((db, p) => serviceOutcomeQuery(db).where('pathway', '=', p('pathway')));

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

/** Patients whose latest GAS review shows no progress (partial index rehab_patient_status_no_progress). */
export const countNoProgress = compiled<Record<string, never>, ReturnType<typeof countNoProgressQuery>>(
  (db) => countNoProgressQuery(db),
);
function countNoProgressQuery(db: Db) {
  return db
    .selectFrom('rehab_patient_status')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('no_progress', '=', sql.lit(1));
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
