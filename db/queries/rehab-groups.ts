import type { Kysely } from 'kysely';
import type { DB } from '../schema';

type Db = Kysely<DB>;

export function programmeById(db: Db, id: number) {
  return db.selectFrom('rehab_programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function sessionsOf(db: Db, programmeId: number) {
  return db
    .selectFrom('rehab_programme_sessions')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('session_no')
    .execute();
}

export function enrolmentsOf(db: Db, programmeId: number) {
  return db
    .selectFrom('rehab_programme_enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .selectAll('e')
    .select(['p.surname', 'p.forename', 'p.nhs_number'])
    .where('e.programme_id', '=', programmeId)
    .orderBy('p.surname')
    .orderBy('p.forename')
    .orderBy('e.id')
    .execute();
}

export function attendanceOf(db: Db, programmeId: number) {
  return db
    .selectFrom('rehab_programme_attendance as a')
    .innerJoin('rehab_programme_sessions as s', 's.id', 'a.session_id')
    .select(['a.id', 'a.session_id', 'a.enrolment_id', 'a.status'])
    .where('s.programme_id', '=', programmeId)
    .execute();
}

export function enrolmentById(db: Db, id: number) {
  return db.selectFrom('rehab_programme_enrolments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function sessionById(db: Db, id: number) {
  return db.selectFrom('rehab_programme_sessions').selectAll().where('id', '=', id).executeTakeFirst();
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

/** Latest GAS review of each plan dated on or after `from` (uses rehab_reviews_plan). */
export function reviewsForCohort(db: Db, planIds: readonly number[], from: string, to: string) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_reviews')
    .select(['id', 'plan_id', 'review_date', 't_score', 'baseline_t_score', 'change', 'label'])
    .where('plan_id', 'in', planIds)
    .where('review_date', '>=', from)
    .where('review_date', '<=', to)
    .orderBy('plan_id')
    .orderBy('review_date')
    .orderBy('id')
    .execute();
}

/** Measures of the cohort's patients in a date window (uses rehab_measures_patient). */
export function measuresForCohort(db: Db, patientIds: readonly number[], from: string, to: string) {
  if (patientIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rehab_measures')
    .select(['id', 'patient_id', 'measure', 'administered_on', 'total', 'score_json'])
    .where('patient_id', 'in', patientIds)
    .where('administered_on', '>=', from)
    .where('administered_on', '<=', to)
    .orderBy('patient_id')
    .orderBy('measure')
    .orderBy('administered_on')
    .orderBy('id')
    .execute();
}
