/** Interventions: every SQL statement of the module (Kysely). */
import { sql, type Kysely, type Selectable } from 'kysely';
import { compiledWith } from '../compiled';
import type { DB } from '../schema';
import { groupConcat, inIntegerList } from './dialect';
import type {
  InterventionBookingsTable,
  InterventionRequestsTable,
  InterventionSessionsTable,
} from '../schema-interventions';

type Db = Kysely<DB>;
export type RequestRow = Selectable<InterventionRequestsTable>;
export type SessionRow = Selectable<InterventionSessionsTable>;
export type BookingRow = Selectable<InterventionBookingsTable>;

/** Bookings that take up time on a session. */
export const ACTIVE_BOOKING = ['booked', 'done'] as const;

export function requestById(db: Db, id: number) {
  return db.selectFrom('intervention_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function patientName(db: Db, patientId: number) {
  return db
    .selectFrom('patients')
    .select(['id', 'surname', 'forename', 'nhs_number', 'date_of_birth'])
    .where('id', '=', patientId)
    .executeTakeFirst();
}

export function antithromboticsFor(db: Db, requestId: number) {
  return db
    .selectFrom('intervention_antithrombotics as a')
    .leftJoin('users as u', 'u.id', 'a.approved_by')
    .selectAll('a')
    .select('u.display_name as approver_name')
    .where('a.request_id', '=', requestId)
    .orderBy('a.id')
    .execute();
}

export function allergiesFor(db: Db, patientId: number) {
  return db
    .selectFrom('allergies')
    .select(['agent', 'reaction', 'recorded_on'])
    .where('patient_id', '=', patientId)
    .orderBy('id')
    .execute();
}

/** The patient's procedures done in this app, with their outcomes where recorded (prerequisites, repeats). */
/**
 * The procedures done (booking status 'done') as readiness reads them: code, date, the request's site and
 * side, the outcome's relief and success, and, for an SCS trial, its episode's outcome and decision
 * (migration 0210; toHistoryEntry takes the trial's success from the episode). ONE builder for the
 * single-patient read (compiledQueries.procedureHistory) and the waiting list's batch read
 * (procedureHistoryForPatients, interventions-readiness.ts); each adds its own patient filter.
 */
export function procedureHistorySelect(db: Db) {
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('intervention_requests as r', 'r.id', 'b.request_id')
    .leftJoin('intervention_outcomes as o', 'o.booking_id', 'b.id')
    .leftJoin('intervention_scs_trials as t', 't.request_id', 'b.request_id')
    .select([
      'b.procedure_code',
      'b.session_date',
      'r.site',
      'r.side',
      'r.site_region',
      'r.site_levels',
      'o.relief_percent',
      'o.successful',
      't.relief_percent as trial_relief_percent',
      't.successful as trial_successful',
    ])
    .where('b.status', '=', 'done');
}

export function bookingsForRequest(db: Db, requestId: number) {
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('intervention_sessions as s', 's.id', 'b.session_id')
    .leftJoin('intervention_outcomes as o', 'o.booking_id', 'b.id')
    .selectAll('b')
    .select([
      's.start_time',
      's.room',
      'o.relief_percent',
      'o.relief_duration_weeks',
      'o.relief_duration_hours',
      'o.assessed_on',
      'o.complications',
      'o.pgic',
      'o.successful',
      'o.recorded_at',
    ])
    .where('b.request_id', '=', requestId)
    .orderBy('b.id')
    .execute();
}

export function sessionById(db: Db, id: number) {
  return db.selectFrom('intervention_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function sessionsBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom('intervention_sessions')
    .selectAll()
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('start_time')
    .execute();
}

/** Booked minutes per session in a date range (find a slot). */
export function bookedMinutesBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom('intervention_sessions as s')
    .innerJoin('intervention_bookings as b', 'b.session_id', 's.id')
    .select(['s.id as session_id', 'b.planned_minutes'])
    .where('s.date', '>=', from)
    .where('s.date', '<=', to)
    .where('b.status', 'in', ACTIVE_BOOKING)
    .execute();
}

export function bookedMinutesFor(db: Db, sessionId: number) {
  return db
    .selectFrom('intervention_bookings')
    .select('planned_minutes')
    .where('session_id', '=', sessionId)
    .where('status', 'in', ACTIVE_BOOKING)
    .execute();
}

export function clinicianSessionsOn(db: Db, clinicianId: number, date: string) {
  return db
    .selectFrom('intervention_sessions')
    .select(['id', 'date', 'start_time', 'end_time'])
    .where('clinician_id', '=', clinicianId)
    .where('date', '=', date)
    .execute();
}

export function patientBookings(db: Db, patientId: number, fromDate: string) {
  return db
    .selectFrom('intervention_bookings')
    .select(['id', 'session_id', 'session_date', 'procedure_code'])
    .where('patient_id', '=', patientId)
    .where('status', '=', 'booked')
    .where('session_date', '>=', fromDate)
    .execute();
}

export function bookingById(db: Db, id: number) {
  return db.selectFrom('intervention_bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Observed in-room minutes: how many, and the median (per procedure, optionally per clinician). */
export async function observedMedian(
  db: Db,
  procedureCode: string,
  clinicianId?: number,
): Promise<{ count: number; median: number | null }> {
  let base = db
    .selectFrom('intervention_bookings')
    .where('procedure_code', '=', procedureCode)
    .where('actual_minutes', 'is not', null);
  if (clinicianId !== undefined) base = base.where('clinician_id', '=', clinicianId);
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const count = Number(countRow?.n ?? 0);
  if (count === 0) return { count, median: null };
  const rows = await base
    .select('actual_minutes')
    .orderBy('actual_minutes')
    .limit(count % 2 === 0 ? 2 : 1)
    .offset(count % 2 === 0 ? count / 2 - 1 : (count - 1) / 2)
    .execute();
  const values = rows.map((r) => r.actual_minutes ?? 0);
  const median = values.length ? Math.round(values.reduce((s, v) => s + v, 0) / values.length) : null;
  return { count, median };
}

/**
 * Timed cases of one procedure as a histogram per clinician and minutes: one grouped query for every
 * clinician's observed durations (covered by index intervention_bookings_duration_clinician).
 */
export function observedDurationHistogram(db: Db, procedureCode: string) {
  return db
    .selectFrom('intervention_bookings')
    .select(['clinician_id', 'actual_minutes', (eb) => eb.fn.countAll<number>().as('cases')])
    .where('procedure_code', '=', procedureCode)
    .where('actual_minutes', 'is not', null)
    .groupBy(['clinician_id', 'actual_minutes'])
    .execute();
}

/** The waiting list's columns (also read by fill this session: interventions-fill.ts). */
export const LIST_COLUMNS = [
  'r.id',
  'r.patient_id',
  'r.procedure_code',
  'r.side',
  'r.site',
  'r.priority',
  'r.rtt_clock_start',
  'r.rtt_breach_date',
  'r.status',
  'r.rebook_by',
  'p.surname',
  'p.forename',
  'p.nhs_number',
  'u.display_name as clinician_name',
] as const;

export interface ListFilter {
  status: string;
  priority?: string | undefined;
  procedureCode?: string | undefined;
  clinicianId?: number | undefined;
  /** Breach date on or before this date. */
  breachBy?: string | undefined;
  /** Surname key prefix (nameKey of the search), or an exact NHS number. */
  surnameKeyPrefix?: string | undefined;
  nhsNumber?: string | undefined;
}

export function listBase(db: Db, f: ListFilter) {
  let qb = db
    .selectFrom('intervention_requests as r')
    .innerJoin('patients as p', 'p.id', 'r.patient_id')
    .leftJoin('users as u', 'u.id', 'r.requested_clinician_id')
    .where('r.status', '=', f.status);
  if (f.priority !== undefined) qb = qb.where('r.priority', '=', f.priority);
  if (f.procedureCode !== undefined) qb = qb.where('r.procedure_code', '=', f.procedureCode);
  if (f.clinicianId !== undefined) qb = qb.where('r.requested_clinician_id', '=', f.clinicianId);
  if (f.breachBy !== undefined) qb = qb.where('r.rtt_breach_date', '<=', f.breachBy);
  if (f.nhsNumber !== undefined) qb = qb.where('p.nhs_number', '=', f.nhsNumber);
  else if (f.surnameKeyPrefix !== undefined)
    qb = qb
      .where('p.surname_key', '>=', f.surnameKeyPrefix)
      .where('p.surname_key', '<', `${f.surnameKeyPrefix}\uffff`);
  return qb;
}

/**
 * The same rows counted: the patients table is joined only when the filter reads it (every request has
 * its patient, and the users join never removes a row), so the usual count is an index-only count of
 * intervention_requests_list rather than a join over every waiting request (team server, 100,000 patients).
 */
function countBase(db: Db, f: ListFilter) {
  if (f.nhsNumber !== undefined || f.surnameKeyPrefix !== undefined) return listBase(db, f);
  let qb = db.selectFrom('intervention_requests as r').where('r.status', '=', f.status);
  if (f.priority !== undefined) qb = qb.where('r.priority', '=', f.priority);
  if (f.procedureCode !== undefined) qb = qb.where('r.procedure_code', '=', f.procedureCode);
  if (f.clinicianId !== undefined) qb = qb.where('r.requested_clinician_id', '=', f.clinicianId);
  if (f.breachBy !== undefined) qb = qb.where('r.rtt_breach_date', '<=', f.breachBy);
  return qb;
}

/** The waiting list page, by priority then breach date (index intervention_requests_list). */
export async function waitingList(db: Db, f: ListFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    listBase(db, f)
      .select(LIST_COLUMNS)
      .orderBy('r.priority_rank')
      .orderBy('r.rtt_breach_date')
      .orderBy('r.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    countBase(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export function requestsForPatient(db: Db, patientId: number) {
  return db
    .selectFrom('intervention_requests as r')
    .innerJoin('patients as p', 'p.id', 'r.patient_id')
    .leftJoin('users as u', 'u.id', 'r.requested_clinician_id')
    .select(LIST_COLUMNS)
    .where('r.patient_id', '=', patientId)
    .orderBy('r.id', 'desc')
    .execute();
}

/** The stored readiness record and overrides of a request (whether consent stage 1 is recorded). */
export const READINESS_COLUMNS = [
  'r.readiness_json',
  'r.override_items_json',
  'r.override_reason',
  'r.override_by',
  'r.override_at',
] as const;

/** Done procedures without an outcome (follow_up_due is cleared when one is recorded), by due date. */
export function followUpsDue(db: Db, limit: number) {
  return db
    .selectFrom('intervention_bookings as b')
    .innerJoin('patients as p', 'p.id', 'b.patient_id')
    .select([
      'b.id',
      'b.request_id',
      'b.patient_id',
      'b.procedure_code',
      'b.session_date',
      'b.follow_up_due',
      'p.surname',
      'p.forename',
    ])
    .where('b.follow_up_due', 'is not', null)
    .orderBy('b.follow_up_due')
    .limit(limit)
    .execute();
}

export function userName(db: Db, id: number | null) {
  if (id === null) return Promise.resolve(undefined);
  return db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
}

/** Waiting requests breaching on or before `breachBy` (the at-risk count; index intervention_requests_breach). */
export async function atRiskCount(db: Db, breachBy: string): Promise<number> {
  const row = await db
    .selectFrom('intervention_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'waiting')
    .where('rtt_breach_date', '<=', breachBy)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------- compiled once (db/compiled.ts)

/** The hot reads and writes of booking and "find a slot", each built and compiled once (db/compiled.ts). */
export const compiledQueries = {
  requestById: compiledWith<{ id: number }>()((db, p) =>
    db.selectFrom('intervention_requests').selectAll().where('id', '=', p('id')),
  ),
  antithromboticsFor: compiledWith<{ requestId: number }>()((db, p) =>
    db
      .selectFrom('intervention_antithrombotics as a')
      .leftJoin('users as u', 'u.id', 'a.approved_by')
      .selectAll('a')
      .select('u.display_name as approver_name')
      .where('a.request_id', '=', p('requestId'))
      .orderBy('a.id'),
  ),
  allergiesFor: compiledWith<{ patientId: number }>()((db, p) =>
    db
      .selectFrom('allergies')
      .select(['agent', 'reaction', 'recorded_on'])
      .where('patient_id', '=', p('patientId'))
      .orderBy('id'),
  ),
  procedureHistory: compiledWith<{ patientId: number }>()((db, p) =>
    procedureHistorySelect(db).where('b.patient_id', '=', p('patientId')),
  ),
  activeMedicines: compiledWith<{ patientId: number }>()((db, p) =>
    db
      .selectFrom('medicine_entries')
      .select([
        'item_id',
        'version',
        'generic',
        'name',
        'route',
        'dose_kind',
        'dose_mg',
        'times_per_day',
        'indication',
        'start_date',
      ])
      .where('patient_id', '=', p('patientId'))
      .where('current', '=', 1)
      .where('status', '=', 'active')
      .orderBy('item_id'),
  ),
  /**
   * One session with its clinician's name and the planned minutes of its booked or done cases as a
   * comma-separated list (null when none): booking's session, capacity and name in one statement (primary
   * key, then index intervention_bookings_session).
   */
  sessionForBooking: compiledWith<{ id: number }>()((db, p) =>
    db
      .selectFrom('intervention_sessions as s')
      .leftJoin('users as u', 'u.id', 's.clinician_id')
      .selectAll('s')
      .select('u.display_name as clinician_name')
      .select((eb) =>
        eb
          .selectFrom('intervention_bookings as b')
          .select(groupConcat(db, sql`b.planned_minutes`, sql.lit(',')).as('m'))
          .whereRef('b.session_id', '=', 's.id')
          .where('b.status', 'in', ACTIVE_BOOKING)
          .as('booked_minutes'),
      )
      .where('s.id', '=', p('id')),
  ),
  /**
   * Sessions in a date range with the planned minutes of their booked or done cases as a comma-separated
   * list (null when none): find a slot's sessions and capacity in one statement (index
   * intervention_sessions_date, then intervention_bookings_session per session).
   */
  sessionsWithBookedMinutesBetween: compiledWith<{ from: string; to: string }>()((db, p) =>
    db
      .selectFrom('intervention_sessions as s')
      .selectAll('s')
      .select((eb) =>
        eb
          .selectFrom('intervention_bookings as b')
          .select(groupConcat(db, sql`b.planned_minutes`, sql.lit(',')).as('m'))
          .whereRef('b.session_id', '=', 's.id')
          .where('b.status', 'in', ACTIVE_BOOKING)
          .as('booked_minutes'),
      )
      .where('s.date', '>=', p('from'))
      .where('s.date', '<=', p('to'))
      .orderBy('s.date')
      .orderBy('s.start_time'),
  ),
  observedDurationHistogram: compiledWith<{ procedureCode: string }>()((db, p) =>
    db
      .selectFrom('intervention_bookings')
      .select(['clinician_id', 'actual_minutes', (eb) => eb.fn.countAll<number>().as('cases')])
      .where('procedure_code', '=', p('procedureCode'))
      .where('actual_minutes', 'is not', null)
      .groupBy(['clinician_id', 'actual_minutes']),
  ),
  clinicianSessionsOn: compiledWith<{ clinicianId: number; date: string }>()((db, p) =>
    db
      .selectFrom('intervention_sessions')
      .select(['id', 'date', 'start_time', 'end_time'])
      .where('clinician_id', '=', p('clinicianId'))
      .where('date', '=', p('date')),
  ),
  patientBookings: compiledWith<{ patientId: number; fromDate: string }>()((db, p) =>
    db
      .selectFrom('intervention_bookings')
      .select(['id', 'session_id', 'session_date', 'procedure_code'])
      .where('patient_id', '=', p('patientId'))
      .where('status', '=', 'booked')
      .where('session_date', '>=', p('fromDate')),
  ),
  /** Users by id, the ids as a JSON array (`json_each`, so one statement whatever their number). */
  usersByIdsJson: compiledWith<{ ids: string }>()((db, p) =>
    db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where(inIntegerList(db, 'id', p('ids'))),
  ),
  /**
   * Cases on sessions (booked or done), for capacity and the calendar: the session ids as a JSON array
   * (`json_each`, so one statement whatever their number), index intervention_bookings_session.
   */
  casesOnSessionsJson: compiledWith<{ sessionIds: string }>()((db, p) =>
    db
      .selectFrom('intervention_bookings as b')
      .innerJoin('patients as p', 'p.id', 'b.patient_id')
      .select([
        'b.id',
        'b.session_id',
        'b.request_id',
        'b.procedure_code',
        'b.planned_minutes',
        'b.status',
        'p.surname',
        'p.forename',
      ])
      .where(inIntegerList(db, 'b.session_id', p('sessionIds')))
      .where('b.status', 'in', ACTIVE_BOOKING)
      .orderBy('b.id'),
  ),
  insertBooking: compiledWith<{
    request_id: number;
    session_id: number;
    patient_id: number;
    procedure_code: string;
    clinician_id: number;
    session_date: string;
    planned_minutes: number;
    short_notice_agreed: number;
    override_reason: string | null;
    overridden_json: string | null;
    booked_at: string;
    booked_by: number | null;
  }>()((db, p) =>
    db
      .insertInto('intervention_bookings')
      .values({
        request_id: p('request_id'),
        session_id: p('session_id'),
        patient_id: p('patient_id'),
        procedure_code: p('procedure_code'),
        clinician_id: p('clinician_id'),
        session_date: p('session_date'),
        planned_minutes: p('planned_minutes'),
        status: 'booked',
        short_notice_agreed: p('short_notice_agreed'),
        override_reason: p('override_reason'),
        overridden_json: p('overridden_json'),
        cancel_kind: null,
        cancel_reason: null,
        cancelled_on_day: 0,
        consent2_at: null,
        checklist_at: null,
        in_room_start: null,
        in_room_end: null,
        actual_minutes: null,
        follow_up_due: null,
        booked_at: p('booked_at'),
        booked_by: p('booked_by'),
      })
      .returning('id'),
  ),
  markRequestBooked: compiledWith<{ id: number; version: number; updatedAt: string }>()((db, p) =>
    db
      .updateTable('intervention_requests')
      .set({ status: 'booked', version: p('version'), updated_at: p('updatedAt') })
      .where('id', '=', p('id')),
  ),
};
