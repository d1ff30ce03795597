/**
 * Intervention sessions as the screens show them: capacity and utilisation from their cases, and a week of
 * sessions. Split from interventions.ts.
 */
import type { Kysely } from 'kysely';
import {
  addCalendarDays,
  sessionCapacity,
  startTimeProblem,
  type Equipment,
  type ProcedureSession,
} from '../../shared/clinical/interventions/index';
import type { SessionView } from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import * as q from '../queries/interventions';
import type { DB } from '../schema';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';

type Db = Kysely<DB>;
/** The module's queries compiled once (db/queries/interventions.ts). */
const cq = q.compiledQueries;

// ---------------------------------------------------------------- sessions

export function equipmentOf(row: Pick<q.SessionRow, 'equipment'>): Equipment[] {
  return row.equipment ? (row.equipment.split(',') as Equipment[]) : [];
}

export function toProcedureSession(row: q.SessionRow, bookedMinutes: readonly number[]): ProcedureSession {
  return {
    id: String(row.id),
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    clinicianId: String(row.clinician_id),
    setting: row.setting as ProcedureSession['setting'] & string,
    hasRadiographer: row.radiographer !== null && row.radiographer !== '',
    equipment: equipmentOf(row),
    unavailableMinutes: row.unavailable_minutes,
    turnaroundMinutes: row.turnaround_minutes,
    bookedCaseMinutes: bookedMinutes,
  };
}

export async function sessionViews(db: Db, rows: q.SessionRow[]): Promise<SessionView[]> {
  if (rows.length === 0) return [];
  const [cases, users] = await Promise.all([
    cq.casesOnSessionsJson.all(db, { sessionIds: JSON.stringify(rows.map((r) => r.id)) }),
    cq.usersByIdsJson.all(db, { ids: JSON.stringify([...new Set(rows.map((r) => r.clinician_id))]) }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  return rows.map((row) =>
    toSessionView(
      row,
      cases.filter((c) => c.session_id === row.id),
      names.get(row.clinician_id) ?? 'Unknown',
    ),
  );
}

/** The columns a session view needs from a session row and from each of its active bookings. */
type SessionViewRow = Pick<
  q.SessionRow,
  | 'id'
  | 'date'
  | 'start_time'
  | 'end_time'
  | 'room'
  | 'setting'
  | 'clinician_id'
  | 'radiographer'
  | 'equipment'
  | 'unavailable_minutes'
  | 'turnaround_minutes'
>;
interface SessionViewCase {
  id: number;
  request_id: number;
  surname: string;
  forename: string;
  procedure_code: string;
  planned_minutes: number;
  status: string;
}

/** A session as the screens show it: capacity and utilisation from its cases (sessionCapacity), and the cases. */
export function toSessionView(
  row: SessionViewRow,
  cases: readonly SessionViewCase[],
  clinicianName: string,
): SessionView {
  // Real elapsed minutes across a clock change; a list made before times the clocks skip were refused
  // falls back on its wall-clock length rather than hiding the week.
  const real =
    startTimeProblem(row.date, row.start_time) === null && startTimeProblem(row.date, row.end_time) === null;
  const cap = sessionCapacity({
    start: real ? `${row.date}T${row.start_time}` : row.start_time,
    end: real ? `${row.date}T${row.end_time}` : row.end_time,
    unavailableMinutes: row.unavailable_minutes,
    turnaroundMinutes: row.turnaround_minutes,
    caseMinutes: cases.map((c) => c.planned_minutes),
  });
  return {
    id: row.id,
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    room: row.room,
    setting: row.setting as SessionView['setting'],
    clinicianId: row.clinician_id,
    clinicianName,
    radiographer: row.radiographer,
    equipment: equipmentOf(row),
    unavailableMinutes: row.unavailable_minutes,
    turnaroundMinutes: row.turnaround_minutes,
    bookableMinutes: cap.bookableMinutes,
    usedMinutes: cap.usedMinutes,
    freeMinutes: cap.freeMinutes,
    utilisationPercent: cap.bookableMinutes
      ? Math.round((Math.min(cap.usedMinutes, cap.bookableMinutes) / cap.bookableMinutes) * 100)
      : 0,
    cases: cases.map((c) => ({
      bookingId: c.id,
      requestId: c.request_id,
      patientName: `${c.surname.toUpperCase()}, ${c.forename}`,
      procedureCode: c.procedure_code,
      minutes: c.planned_minutes,
      status: c.status as SessionView['cases'][number]['status'],
    })),
  };
}

export async function getSession(ctx: HandlerContext, id: number): Promise<SessionView> {
  const row = await q.sessionById(ctx.conn.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That session does not exist.');
  const [view] = await sessionViews(ctx.conn.db, [row]);
  return view!;
}

export async function weekSessions(ctx: HandlerContext, weekStart: string): Promise<SessionView[]> {
  const end = clinical(() => addCalendarDays(weekStart, 6, 'weekStart'));
  return sessionViews(ctx.conn.db, await q.sessionsBetween(ctx.conn.db, weekStart, end));
}
