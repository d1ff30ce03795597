import type { Kysely } from 'kysely';
import { compiled } from '../compiled';
import type { DB } from '../schema';

type Db = Kysely<DB>;
/** The parameter marker `compiled` hands its builder (db/compiled.ts). */
type Param<P> = <K extends keyof P & string>(name: K) => P[K];
type ById = { id: number };

// A programme with its sessions, enrolments and register: read on every register screen and by the cohort
// report, so each query is compiled once (db/compiled.ts); inside a transaction they run in it.

function programmeQuery(db: Db, p: Param<ById>) {
  return db.selectFrom('rehab_programmes').selectAll().where('id', '=', p('id'));
}
const programmeQ = compiled<ById, ReturnType<typeof programmeQuery>>(programmeQuery);
export function programmeById(db: Db, id: number) {
  return programmeQ.first(db, { id });
}

function sessionsQuery(db: Db, p: Param<ById>) {
  return db
    .selectFrom('rehab_programme_sessions')
    .selectAll()
    .where('programme_id', '=', p('id'))
    .orderBy('session_no');
}
const sessionsQ = compiled<ById, ReturnType<typeof sessionsQuery>>(sessionsQuery);
export function sessionsOf(db: Db, programmeId: number) {
  return sessionsQ.all(db, { id: programmeId });
}

function enrolmentsQuery(db: Db, p: Param<ById>) {
  return db
    .selectFrom('rehab_programme_enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .selectAll('e')
    .select(['p.surname', 'p.forename', 'p.nhs_number'])
    .where('e.programme_id', '=', p('id'))
    .orderBy('p.surname')
    .orderBy('p.forename')
    .orderBy('e.id');
}
const enrolmentsQ = compiled<ById, ReturnType<typeof enrolmentsQuery>>(enrolmentsQuery);
export function enrolmentsOf(db: Db, programmeId: number) {
  return enrolmentsQ.all(db, { id: programmeId });
}

function attendanceQuery(db: Db, p: Param<ById>) {
  return db
    .selectFrom('rehab_programme_attendance as a')
    .innerJoin('rehab_programme_sessions as s', 's.id', 'a.session_id')
    .select(['a.session_id', 'a.enrolment_id', 'a.status'])
    .where('s.programme_id', '=', p('id'));
}
const attendanceQ = compiled<ById, ReturnType<typeof attendanceQuery>>(attendanceQuery);
export function attendanceOf(db: Db, programmeId: number) {
  return attendanceQ.all(db, { id: programmeId });
}

export function enrolmentById(db: Db, id: number) {
  return db.selectFrom('rehab_programme_enrolments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function sessionById(db: Db, id: number) {
  return db.selectFrom('rehab_programme_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A session's register was saved: its version moves on (the version the next save must send back). */
export function bumpRegisterVersion(db: Db, sessionId: number) {
  return db
    .updateTable('rehab_programme_sessions')
    .set((eb) => ({ register_version: eb('register_version', '+', 1) }))
    .where('id', '=', sessionId)
    .execute();
}

export function programmeList(db: Db, limit: number) {
  return db
    .selectFrom('rehab_programmes as g')
    .select((eb) => [
      'g.id',
      'g.name',
      'g.facilitators',
      'g.start_date',
      'g.end_date',
      eb
        .selectFrom('rehab_programme_sessions as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.programme_id', '=', 'g.id')
        .as('sessions'),
      eb
        .selectFrom('rehab_programme_enrolments as e')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('e.programme_id', '=', 'g.id')
        .where('e.status', '=', 'enrolled')
        .as('enrolled'),
    ])
    .orderBy('g.start_date', 'desc')
    .orderBy('g.id', 'desc')
    .limit(limit)
    .execute();
}

export function programmesForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('rehab_programme_enrolments as e')
    .innerJoin('rehab_programmes as g', 'g.id', 'e.programme_id')
    .select((eb) => [
      'e.id as enrolment_id',
      'g.id as programme_id',
      'g.name',
      'g.start_date',
      'g.end_date',
      'e.status',
      eb
        .selectFrom('rehab_programme_attendance as a')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('a.enrolment_id', '=', 'e.id')
        .where('a.status', '=', 'attended')
        .as('attended'),
      eb
        .selectFrom('rehab_programme_sessions as s')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('s.programme_id', '=', 'g.id')
        .as('sessions'),
    ])
    .where('e.patient_id', '=', patientId)
    .orderBy('g.start_date', 'desc')
    .execute();
}

type CohortWindow = { programmeId: number; from: string; to: string };

function reviewsForCohortQuery(db: Db, p: Param<CohortWindow>) {
  return db
    .selectFrom('rehab_reviews')
    .select(['id', 'plan_id', 'review_date', 't_score', 'baseline_t_score', 'change', 'label'])
    .where('plan_id', 'in', (eb) =>
      eb
        .selectFrom('rehab_programme_enrolments')
        .select('plan_id')
        .where('programme_id', '=', p('programmeId')),
    )
    .where('review_date', '>=', p('from'))
    .where('review_date', '<=', p('to'))
    .orderBy('plan_id')
    .orderBy('review_date')
    .orderBy('id');
}
/**
 * GAS reviews dated in [from, to] of the plans the programme's enrolments are linked to, by plan and date
 * (rehab_reviews_plan, through rehab_programme_enrolments_programme).
 */
export const reviewsForCohort = compiled<CohortWindow, ReturnType<typeof reviewsForCohortQuery>>(
  reviewsForCohortQuery,
);

function measuresForCohortQuery(db: Db, p: Param<CohortWindow>) {
  return db
    .selectFrom('rehab_measures')
    .select(['id', 'patient_id', 'measure', 'administered_on', 'total', 'score_json'])
    .where('patient_id', 'in', (eb) =>
      eb
        .selectFrom('rehab_programme_enrolments')
        .select('patient_id')
        .where('programme_id', '=', p('programmeId')),
    )
    .where('administered_on', '>=', p('from'))
    .where('administered_on', '<=', p('to'))
    .orderBy('patient_id')
    .orderBy('measure')
    .orderBy('administered_on')
    .orderBy('id');
}
/**
 * Measures administered in [from, to] by the programme's enrolled patients (withdrawn included), by patient,
 * measure and date (rehab_measures_patient, through rehab_programme_enrolments_programme).
 */
export const measuresForCohort = compiled<CohortWindow, ReturnType<typeof measuresForCohortQuery>>(
  measuresForCohortQuery,
);
