/**
 * "Find a slot" (the sessions that fit one patient) and "Fill this session" (the patients who fit one
 * session), split from interventions-booking.ts (issue 14).
 *
 * Find a slot honours, for each candidate session: the clocks (a start the clocks skip is never offered),
 * the hold plans recomputed for that start (a date whose last permitted dose is already past is not
 * offered; one the approval does not cover says so), the requested clinician, bank holidays and, for an
 * implant, the 4-week MRSA screen window on that date (the last two as warnings that rank the date lower).
 *
 * Fill this session walks the WHOLE waiting list in list order (priority, then breach date), not the
 * first page: patients whose procedure fits the session, each with their readiness for it, until enough
 * ready patients are found; ready patients first.
 */
import {
  MRSA_SCREEN_MAX_AGE_DAYS,
  addCalendarDays,
  addCalendarMonths,
  bankHolidayOn,
  calendarDaysBetween,
  checkBookingConflicts,
  checkCapacity,
  checkSessionSuitability,
  evaluateReadiness,
  startTimeProblem,
  type BookingConflict,
  type SessionSlot,
} from '../../shared/clinical/interventions/index';
import { formatDateGb } from '../../shared/dates';
import {
  FILL_NOT_READY_LIMIT,
  FILL_READY_LIMIT,
  type FillCandidate,
  type SlotOption,
} from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import { toWaitingListItem } from '../mappers/interventions';
import { groupBy } from '../../shared/group-by';
import * as q from '../queries/interventions';
import * as qr from '../queries/interventions-readiness';
import * as qf from '../queries/interventions-fill';
import type { ListPosition } from '../queries/interventions-fill';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';
import { interventionRules } from './rule-sets';
import { SLOT_HORIZON_MONTHS, plannedDuration, siteRef, today } from './interventions-common';
import {
  contextFromFacts,
  readinessOrWhy,
  readinessFacts,
  readinessInput,
  summarise,
  type ReadinessFacts,
} from './interventions-readiness';
import { loadSyncedRequest } from './interventions-medicines';
import { sessionViews, toProcedureSession } from './interventions-session-views';
import { otherBookings, plannedDurations } from './interventions-booking';
import { coverageAt } from './interventions-holds';
import { bankHolidays } from './interventions-sessions';

/** Booking warnings for hold plans that need (re-)approval for a candidate start. */
function holdWarnings(cov: ReturnType<typeof coverageAt>): BookingConflict[] {
  const out: BookingConflict[] = [];
  for (const { coverage, plan, drug } of cov) {
    // A plan the guideline leaves to a clinician is not waiting for a signature but for a decision.
    if (coverage.state === 'needs-approval' && plan.status === 'blocked')
      out.push({
        code: 'HOLD_NOT_DECIDED',
        severity: 'warn',
        message: `No hold plan could be computed for ${drug}: ${plan.reason ?? 'no reason given'}`,
      });
    else if (coverage.state === 'needs-approval' || coverage.state === 'needs-reapproval')
      out.push({ code: 'HOLD_NOT_APPROVED', severity: 'warn', message: coverage.message });
  }
  return out;
}

/**
 * The MRSA screen window on a candidate date (implants): the screen must be within 4 weeks (28 days)
 * before the procedure (HWE ICB SCS policy; a hard block in the service's clinical decisions (clinical lead)). A screen that will be too old by then
 * makes the date need a repeat screen first.
 */
export function mrsaWindowWarning(
  isImplant: boolean,
  screenDate: string | null,
  sessionDate: string,
): BookingConflict | null {
  if (!isImplant || !screenDate) return null;
  const age = calendarDaysBetween(screenDate, sessionDate);
  if (age <= MRSA_SCREEN_MAX_AGE_DAYS) return null;
  const lastDate = addCalendarDays(screenDate, MRSA_SCREEN_MAX_AGE_DAYS);
  return {
    code: 'MRSA_SCREEN_TOO_OLD',
    severity: 'warn',
    message: `The MRSA screen of ${formatDateGb(screenDate)} covers lists up to ${formatDateGb(lastDate)} (4 weeks); on ${formatDateGb(sessionDate)} it would be ${age} days old: repeat the screen before booking this date.`,
  };
}

/** The earliest sessions in the next 6 months that can take this case, fewest warnings first, then earliest. */
export async function findSlot(
  ctx: HandlerContext,
  input: { requestId: number; patientAgreedShortNotice: boolean },
): Promise<SlotOption[]> {
  const db = ctx.conn.db;
  const todayIso = today(ctx);
  const horizon = addCalendarMonths(todayIso, SLOT_HORIZON_MONTHS);
  const rc = await loadSyncedRequest(ctx, input.requestId, interventionRules(ctx.conn));
  const holidays = bankHolidays(ctx);
  const [sessions, patientBookings] = await Promise.all([
    q.compiledQueries.sessionsWithBookedMinutesBetween.all(db, { from: todayIso, to: horizon }),
    q.compiledQueries.patientBookings.all(db, { patientId: rc.row.patient_id, fromDate: todayIso }),
  ]);
  const requested = rc.row.requested_clinician_id;
  const requestedName = requested === null ? null : ((await q.userName(db, requested))?.display_name ?? null);
  const byClinicianDay = new Map<string, SessionSlot[]>();
  for (const s of sessions) {
    const key = `${s.clinician_id}|${s.date}`;
    const slot = { id: String(s.id), date: s.date, start: s.start_time, end: s.end_time };
    const list = byClinicianDay.get(key);
    if (list) list.push(slot);
    else byClinicianDay.set(key, [slot]);
  }
  const durations = await plannedDurations(
    db,
    rc.procedure,
    sessions.map((s) => s.clinician_id),
  );
  const patientOther = otherBookings(patientBookings);
  const site = siteRef(rc.row);
  const options: { row: (typeof sessions)[number]; warnings: BookingConflict[] }[] = [];
  for (const s of sessions) {
    // A list whose start or end the clocks skip (made before that was refused) is never offered.
    if (startTimeProblem(s.date, s.start_time) || startTimeProblem(s.date, s.end_time)) continue;
    const caseMinutes = durations.get(s.clinician_id)?.minutes ?? rc.procedure.defaultDurationMinutes;
    const ps = toProcedureSession(s, s.booked_minutes ? s.booked_minutes.split(',').map(Number) : []);
    // Quick capacity test before the full checks (most full sessions drop out here).
    if (checkCapacity(ps, caseMinutes).length) continue;
    const conflicts = clinical(() =>
      checkBookingConflicts({
        today: todayIso,
        procedure: rc.procedure,
        caseMinutes,
        session: ps,
        clinicianOtherSessions: byClinicianDay.get(`${s.clinician_id}|${s.date}`) ?? [],
        patientOtherBookings: patientOther,
        history: rc.history,
        site,
        commissionerRules: rc.rules.commissioner,
        rttBreachDate: rc.row.rtt_breach_date,
        patientAgreedShortNotice: input.patientAgreedShortNotice,
      }),
    );
    if (conflicts.some((c) => c.severity === 'block')) continue;
    // The hold plans recomputed for this session's start: a date whose last permitted dose is already past
    // is not offered; one the approval does not cover says so.
    const cov = rc.antis.length ? coverageAt(ctx, rc, `${s.date}T${s.start_time}`, todayIso) : [];
    if (cov.some((c) => c.coverage.state === 'last-dose-past')) continue;
    conflicts.push(...holdWarnings(cov));
    if (requested !== null && s.clinician_id !== requested)
      conflicts.push({
        code: 'NOT_REQUESTED_CLINICIAN',
        severity: 'warn',
        message: `Not the requested clinician (${requestedName ?? 'the clinician asked for'}).`,
      });
    const holiday = bankHolidayOn(holidays, s.date);
    if (holiday)
      conflicts.push({
        code: 'BANK_HOLIDAY',
        severity: 'warn',
        message: `${formatDateGb(s.date)} is a bank holiday (${holiday.name}).`,
      });
    const mrsa = mrsaWindowWarning(rc.procedure.isImplant, rc.record.mrsaScreenDate, s.date);
    if (mrsa) conflicts.push(mrsa);
    options.push({ row: s, warnings: conflicts });
  }
  options.sort(
    (a, b) =>
      a.warnings.length - b.warnings.length ||
      a.row.date.localeCompare(b.row.date) ||
      a.row.start_time.localeCompare(b.row.start_time),
  );
  const top = options.slice(0, 10);
  const views = await sessionViews(
    db,
    top.map((o) => o.row),
  );
  return top.map((o, i) => ({ session: views[i]!, warnings: o.warnings, score: o.warnings.length }));
}

/**
 * "Fill this session": waiting patients whose procedure fits the session (setting, equipment, radiographer,
 * free minutes), each with their readiness for it, ready patients first, each group by priority then RTT
 * breach date (the list order). The whole waiting list is walked (issue 14: ready patients further down
 * were never reached when only the first 20 that fitted were checked) until {@link FILL_READY_LIMIT} ready
 * patients are found. Readiness here is the stored record (gates A-C, hold plans for this start) and the
 * session-specific checks (notice, repeat interval, patient already booked that day); booking repeats
 * every check.
 */
export async function fillSession(ctx: HandlerContext, sessionId: number): Promise<FillCandidate[]> {
  const db = ctx.conn.db;
  const todayIso = today(ctx);
  const rules = interventionRules(ctx.conn);
  const session = await q.sessionById(db, sessionId);
  if (!session) throw new AppError('NOT_FOUND', 'That session does not exist.');
  const gap = startTimeProblem(session.date, session.start_time);
  if (gap) throw new AppError('CONFLICT', `Nobody can be booked on this list: ${gap}`);
  const ps = toProcedureSession(
    session,
    (await q.bookedMinutesFor(db, sessionId)).map((b) => b.planned_minutes),
  );
  // The procedures that fit this session (setting, equipment, radiographer, free minutes for their planned
  // duration), decided once per procedure: only their requests are read. A request for a procedure that
  // does not fit (or is not in the catalogue) was never a candidate, so the answer is the same.
  const fits = new Map<string, number>();
  for (const procedure of rules.catalogue.procedures) {
    if (checkSessionSuitability(procedure, ps).length) continue;
    const planned = (await plannedDuration(db, procedure, session.clinician_id)).minutes;
    if (checkCapacity(ps, planned).length === 0) fits.set(procedure.code, planned);
  }
  if (fits.size === 0) return [];
  const ready: FillCandidate[] = [];
  const notReady: FillCandidate[] = [];
  const codes = [...fits.keys()];
  /** Judges a chunk of the list in order; true once enough ready patients are found. */
  const judge = async (chunk: readonly WaitingRow[]): Promise<boolean> => {
    // One statement per kind of fact for the chunk, not several per patient (at 28,000 waiting the
    // per-patient reads took over a minute on PostgreSQL).
    const facts = await candidateFacts(db, chunk, todayIso);
    for (const row of chunk) {
      const candidate = fillCandidate(
        ctx,
        row,
        facts,
        fits.get(row.procedure_code)!,
        ps,
        session,
        todayIso,
        notReady.length < FILL_NOT_READY_LIMIT,
      );
      if (!candidate) continue;
      if (candidate.ready) ready.push(candidate);
      else if (notReady.length < FILL_NOT_READY_LIMIT) notReady.push(candidate);
      if (ready.length >= FILL_READY_LIMIT) return true;
    }
    return false;
  };
  // The waiting list in list order from the top, a chunk at a time, every request judged, until the
  // not-ready patients shown are all found (or the list ends).
  let after: ListPosition | undefined;
  for (let size = FILL_FIRST_CHUNK; notReady.length < FILL_NOT_READY_LIMIT; size = FILL_CHUNK) {
    const chunk = await qf.waitingInOrder(db, codes, { ...(after ? { after } : {}), limit: size });
    if (chunk.length === 0 || (await judge(chunk)) || chunk.length < size) return [...ready, ...notReady];
    after = chunk[chunk.length - 1]!;
  }
  // From there only a ready patient changes the answer: the rest of the list is read with only the requests
  // whose consent stage 1 is recorded or overridden (the others cannot be ready), filtered in SQL so that
  // the others are never read (db/queries/interventions-fill.ts).
  for (;;) {
    const chunk = await qf.waitingInOrder(db, codes, {
      ...(after ? { after } : {}),
      limit: FILL_CHUNK,
      canBeReady: true,
    });
    if (chunk.length === 0 || (await judge(chunk)) || chunk.length < FILL_CHUNK) break;
    after = chunk[chunk.length - 1]!;
  }
  return [...ready, ...notReady];
}

/** Fill this session reads the facts of this many candidates first (a short list), then this many at a time. */
const FILL_FIRST_CHUNK = 25;
const FILL_CHUNK = 1000;

type WaitingRow = Awaited<ReturnType<typeof qf.waitingInOrder>>[number];

/** A chunk's facts: what readiness reads, and the patients' other bookings the booking checks read. */
interface Facts extends ReadinessFacts {
  bookingsOf: Map<number, Awaited<ReturnType<typeof qr.bookingsForPatients>>>;
}

async function candidateFacts(
  db: HandlerContext['conn']['db'],
  rows: readonly WaitingRow[],
  todayIso: string,
): Promise<Facts> {
  const patientIds = JSON.stringify([...new Set(rows.map((r) => r.patient_id))]);
  const [facts, bookings] = await Promise.all([
    readinessFacts(db, rows),
    rows.length ? qr.bookingsForPatients(db, patientIds, todayIso) : [],
  ]);
  return { ...facts, bookingsOf: groupBy(bookings, (b) => b.patient_id) };
}

function fillCandidate(
  ctx: HandlerContext,
  row: WaitingRow,
  facts: Facts,
  minutes: number,
  ps: ReturnType<typeof toProcedureSession>,
  session: q.SessionRow,
  todayIso: string,
  /** False once the not-ready patients shown are all found: a patient who is not ready is then left out
   * as soon as their readiness says so, before the booking checks and the view are worked out. */
  wantNotReady: boolean,
): FillCandidate | null {
  const rc = contextFromFacts(facts, row.id, interventionRules(ctx.conn));
  // Changed status since the list was read (booked or removed meanwhile): no longer a candidate.
  if (!rc || rc.row.status !== 'waiting') return null;
  const result = readinessOrWhy(() =>
    evaluateReadiness(readinessInput(rc, todayIso, { session: ps, caseMinutes: minutes })),
  );
  if ('why' in result) {
    if (!wantNotReady) return null;
    return {
      ...toWaitingListItem(row, todayIso),
      ready: false,
      notReady: [result.why],
      warnings: [],
      plannedMinutes: minutes,
    };
  }
  const summary = summarise(rc, result);
  // Blocks and open items make the patient not ready whatever the hold plans say.
  if (!wantNotReady && (summary.blocks.length > 0 || summary.openItems.length > 0)) return null;
  const conflicts = clinical(() =>
    checkBookingConflicts({
      today: todayIso,
      procedure: rc.procedure,
      caseMinutes: minutes,
      session: ps,
      patientOtherBookings: otherBookings(facts.bookingsOf.get(row.patient_id) ?? []),
      history: rc.history,
      site: siteRef(rc.row),
      commissionerRules: rc.rules.commissioner,
      rttBreachDate: row.rtt_breach_date,
    }),
  );
  const cov = rc.antis.length ? coverageAt(ctx, rc, `${session.date}T${session.start_time}`, todayIso) : [];
  const notReady = [
    ...cov
      .filter((c) => c.coverage.state === 'last-dose-past')
      .map((c) => (c.coverage as { message: string }).message),
    ...summary.blocks,
    ...(summary.openItems.length
      ? [
          `Readiness incomplete: ${summary.readiness.items
            .filter((i) => summary.openItems.includes(i.id))
            .map((i) => i.title)
            .join('; ')}.`,
        ]
      : []),
    ...cov
      .filter((c) => c.coverage.state === 'needs-approval' || c.coverage.state === 'needs-reapproval')
      .map((c) => (c.coverage as { message: string }).message),
  ];
  return {
    ...toWaitingListItem(row, todayIso),
    ready: notReady.length === 0,
    notReady,
    warnings: conflicts.filter((c) => c.code !== 'HOLD_NOT_APPROVED' && c.code !== 'HOLD_NOT_DECIDED'),
    plannedMinutes: minutes,
  };
}
