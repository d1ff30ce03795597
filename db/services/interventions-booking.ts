/**
 * Booking and what "find a slot" and "fill this session" share with it (the booking decision, the planned
 * durations). Cancellations, the day itself and outcomes are in interventions-day.ts.
 *
 * Booking refuses, whatever the reason given: every hard block (the service's clinical decisions (clinical lead): DOAC hold without a recent
 * creatinine clearance, dual antiplatelet therapy or a recent stent, an implant without an MRSA screen, a
 * fluoroscopy case with no radiographer), an overbooked session, a hold plan not approved by a prescriber,
 * and readiness warnings that are neither resolved nor covered by a prescriber's approved override. The
 * session-specific warnings (clinician double-booked, patient already booked that day, equipment missing,
 * repeat interval not passed, RTT breach, short notice) need an override reason, which is audited.
 */
import type { z } from 'zod';
import {
  checkBookingConflicts,
  evaluateReadiness,
  observedFromHistogram,
  plannedCaseDuration,
  type BookingConflict,
  type DurationBar,
  type PlannedDuration,
  type PlannedDurationInput,
  type ProcedureDefinition,
  type SessionSlot,
  startTimeProblem,
} from '../../shared/clinical/interventions/index';
import type { BookingResult, bookInputSchema } from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import { can } from '../../shared/domain/roles';
import * as q from '../queries/interventions';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import { interventionRules } from './rule-sets';
import type { InterventionRules } from '../../shared/domain/rule-sets';
import { siteRef, today, userId } from './interventions-common';
import { ensureMedicinesSynced, medicinesOutOfStep } from './interventions-medicines';
import { holdRecords, loadRequest, readinessInput, summarise } from './interventions-readiness';
import { toProcedureSession, toSessionView } from './interventions-session-views';
import { changedByOtherError } from './stale-edit';
import { coverageAt, coverageRefusals, recomputeHolds } from './interventions-holds';

/**
 * Warnings of the pure check that booking still refuses: a hold plan is a proposal until a prescriber
 * approves it (the service's clinical decisions (clinical lead), interventions 3), so approval, not an override reason, is the way past it.
 * (Overbooking is a 'block' in the pure rule itself.)
 */
const REFUSED: ReadonlySet<BookingConflict['code']> = new Set(['HOLD_NOT_APPROVED', 'HOLD_NOT_DECIDED']);

/**
 * Booking warnings that are clinical decisions (issue 14): only a clinician (interventions.clinical) may
 * book past them with a reason; a coordinator sees them but cannot accept them ("Patient keen").
 */
const CLINICAL_WARNINGS: ReadonlySet<BookingConflict['code']> = new Set(['REPEAT_TOO_SOON']);

/** The patient's other bookings as the conflict checks take them. */
export function otherBookings(
  rows: readonly { session_id: number; session_date: string; procedure_code: string }[],
): { sessionId: string; date: string; procedureCode: string }[] {
  return rows.map((b) => ({
    sessionId: String(b.session_id),
    date: b.session_date,
    procedureCode: b.procedure_code,
  }));
}

/**
 * Whether a booking goes ahead: what refuses it (readiness blocks, blocking conflicts, unapproved holds,
 * incomplete readiness) and the warnings an override reason may accept. One rule for the service and the
 * benchmark's hand-written baseline.
 */
export function bookingDecision(
  summary: { blocks: readonly string[]; openItems: readonly string[] },
  readiness: { items: readonly { id: string; title: string }[] },
  conflicts: readonly BookingConflict[],
): { refusals: string[]; warnings: BookingConflict[] } {
  const refusals = [
    ...summary.blocks,
    ...conflicts.filter((c) => c.severity === 'block' || REFUSED.has(c.code)).map((c) => c.message),
  ];
  if (summary.openItems.length) {
    const titles = readiness.items.filter((i) => summary.openItems.includes(i.id)).map((i) => i.title);
    refusals.push(
      `Readiness is not complete (${titles.join('; ')}): record them, or a prescriber must approve an override.`,
    );
  }
  return { refusals, warnings: conflicts.filter((c) => c.severity === 'warn' && !REFUSED.has(c.code)) };
}

/**
 * Planned case minutes of one procedure for each of `clinicianIds` (the same rule and answer as
 * plannedDuration in ./interventions), from two queries whatever the number of clinicians: one grouped
 * histogram of every timed case of the procedure, and the clinicians' names.
 */
export async function plannedDurations(
  db: Parameters<typeof q.observedDurationHistogram>[0],
  procedure: ProcedureDefinition,
  clinicianIds: readonly number[],
): Promise<Map<number, PlannedDuration>> {
  const [rows, users] = await Promise.all([
    q.compiledQueries.observedDurationHistogram.all(db, { procedureCode: procedure.code }),
    q.compiledQueries.usersByIdsJson.all(db, { ids: JSON.stringify([...new Set(clinicianIds)]) }),
  ]);
  return durationsFrom(rows, new Map(users.map((u) => [u.id, u.display_name])), procedure, clinicianIds);
}

/** The rule of {@link plannedDurations} on its two reads: the histogram rows and the clinicians' names. */
function durationsFrom(
  rows: readonly { clinician_id: number; actual_minutes: number | null; cases: number }[],
  names: ReadonlyMap<number, string>,
  procedure: ProcedureDefinition,
  clinicianIds: readonly number[],
): Map<number, PlannedDuration> {
  const all = new Map<number, number>();
  const byClinician = new Map<number, DurationBar[]>();
  for (const r of rows) {
    const minutes = r.actual_minutes ?? 0;
    const cases = Number(r.cases);
    all.set(minutes, (all.get(minutes) ?? 0) + cases);
    const bars = byClinician.get(r.clinician_id);
    if (bars) bars.push({ minutes, cases });
    else byClinician.set(r.clinician_id, [{ minutes, cases }]);
  }
  const procedureObserved = clinical(() =>
    observedFromHistogram([...all].map(([minutes, cases]) => ({ minutes, cases }))),
  );
  const out = new Map<number, PlannedDuration>();
  for (const id of clinicianIds) {
    if (out.has(id)) continue;
    const input: PlannedDurationInput = {
      catalogueMinutes: procedure.defaultDurationMinutes,
      procedure: procedureObserved,
    };
    const name = names.get(id);
    if (name !== undefined)
      input.clinician = { ...clinical(() => observedFromHistogram(byClinician.get(id) ?? [])), name };
    out.set(
      id,
      clinical(() => plannedCaseDuration(input)),
    );
  }
  return out;
}

/**
 * Books a waiting request on a session after every check. The whole booking is one transaction whose
 * reads and writes run synchronously on the connection it holds (compiled prepared statements, no queue):
 * the request and its context, the session with its booked minutes and clinician, one histogram of timed
 * cases, the clinician's other sessions and the patient's bookings; then the booking, the request's status,
 * the audit row and the session as the calendar shows it. When the medicines list has moved on since the
 * request's hold plans were made, nothing is written: the plans are brought in line first in their own
 * transaction (as {@link ensureMedicinesSynced} does for every read of the request), then the booking runs.
 */
export async function bookRequest(
  ctx: HandlerContext,
  input: z.output<typeof bookInputSchema>,
): Promise<BookingResult> {
  const todayIso = today(ctx);
  const rules = interventionRules(ctx.conn);
  const attempt = (checkMedicines: boolean) =>
    ctx.conn.db
      .transaction()
      .execute((trx) => bookInTransaction(trx, ctx, input, todayIso, rules, checkMedicines));
  const first = await attempt(true);
  if (first !== MEDICINES_CHANGED) return first;
  await ensureMedicinesSynced(ctx, input.requestId);
  const second = await attempt(false);
  if (second === MEDICINES_CHANGED) throw new Error('bookRequest: medicines checked twice');
  return second;
}

const MEDICINES_CHANGED = Symbol('medicines changed');

async function bookInTransaction(
  trx: Trx,
  ctx: HandlerContext,
  input: z.output<typeof bookInputSchema>,
  todayIso: string,
  rules: InterventionRules,
  checkMedicines: boolean,
): Promise<BookingResult | typeof MEDICINES_CHANGED> {
  const cq = q.compiledQueries;
  const row = (await cq.requestById.all(trx, { id: input.requestId }))[0];
  if (!row) throw new AppError('NOT_FOUND', 'That procedure request does not exist.');
  const rc = await loadRequest(trx, row.id, rules, row);
  if (checkMedicines && (await medicinesOutOfStep(trx, row, rc.antis))) return MEDICINES_CHANGED;
  if (rc.row.status !== 'waiting') {
    // Booked, done or removed by someone: the booking rows are audited apart from the request.
    const bookings = await trx
      .selectFrom('intervention_bookings')
      .select('id')
      .where('request_id', '=', row.id)
      .execute();
    throw await changedByOtherError(
      trx,
      `This request is ${rc.row.status}; only a waiting request can be booked.`,
      [
        { entity: 'intervention_request', entityId: row.id },
        ...bookings.map((b) => ({ entity: 'intervention_booking', entityId: b.id })),
      ],
    );
  }
  const session = (await cq.sessionForBooking.all(trx, { id: input.sessionId }))[0];
  if (!session) throw new AppError('NOT_FOUND', 'That session does not exist.');
  // A start the clocks skip (01:00-01:59 on the spring-forward night) does not exist: nobody is booked on it.
  const gap = startTimeProblem(session.date, session.start_time);
  if (gap) throw new AppError('CONFLICT', `Not booked. ${gap}`, { sessionId: gap });
  const names = new Map<number, string>();
  if (session.clinician_name !== null) names.set(session.clinician_id, session.clinician_name);
  const duration = durationsFrom(
    await cq.observedDurationHistogram.all(trx, { procedureCode: rc.procedure.code }),
    names,
    rc.procedure,
    [session.clinician_id],
  ).get(session.clinician_id);
  if (!duration) throw new Error('plannedDurations: no duration for the session clinician');
  const ps = toProcedureSession(
    session,
    session.booked_minutes ? session.booked_minutes.split(',').map(Number) : [],
  );
  // A hold approval is for one start: check each plan against THIS session's start before anything is
  // recomputed (approved for another date = needs re-approval; last permitted dose already past = refused).
  const start = `${session.date}T${session.start_time}`;
  const holdRefusals =
    rc.antis.length && session.date >= todayIso ? coverageRefusals(coverageAt(ctx, rc, start, todayIso)) : [];
  if (rc.antis.length && session.date >= todayIso) await recomputeHolds(trx, ctx, rc, start, todayIso);
  const readiness = clinical(() =>
    evaluateReadiness(
      readinessInput(rc, todayIso, {
        session: ps,
        caseMinutes: duration.minutes,
        patientAgreedShortNotice: input.patientAgreedShortNotice,
      }),
    ),
  );
  const summary = summarise(rc, readiness);
  const clinicianSessions = await cq.clinicianSessionsOn.all(trx, {
    clinicianId: session.clinician_id,
    date: session.date,
  });
  const patientBookings = await cq.patientBookings.all(trx, {
    patientId: rc.row.patient_id,
    fromDate: todayIso,
  });
  const conflicts = clinical(() =>
    checkBookingConflicts({
      today: todayIso,
      procedure: rc.procedure,
      caseMinutes: duration.minutes,
      session: ps,
      clinicianOtherSessions: clinicianSessions.map((s): SessionSlot => ({
        id: String(s.id),
        date: s.date,
        start: s.start_time,
        end: s.end_time,
      })),
      patientOtherBookings: otherBookings(patientBookings),
      history: rc.history,
      site: siteRef(rc.row),
      commissionerRules: rc.rules.commissioner,
      holdPlans: holdRecords(rc),
      rttBreachDate: rc.row.rtt_breach_date,
      patientAgreedShortNotice: input.patientAgreedShortNotice,
    }),
  );
  const decided = bookingDecision(summary, readiness, conflicts);
  const warnings = decided.warnings;
  const refusals = holdRefusals.length
    ? [...holdRefusals, ...decided.refusals.filter((r) => !/hold plan|No hold plan/i.test(r))]
    : decided.refusals;
  if (refusals.length)
    throw new AppError('CONFLICT', `Not booked. ${refusals.join(' ')}`, { sessionId: refusals.join(' ') });
  const reason = input.overrideReason?.trim();
  const clinicalWarnings = warnings.filter((w) => CLINICAL_WARNINGS.has(w.code));
  if (clinicalWarnings.length && !(ctx.session && can(ctx.session.role, 'interventions.clinical'))) {
    const message = `Not booked: ${clinicalWarnings.map((w) => w.message).join(' ')} This is a clinical decision: a clinician must accept it with the reason.`;
    throw new AppError('FORBIDDEN', message, { overrideReason: message });
  }
  if (warnings.length && !reason) {
    const message = `Not booked: ${warnings.map((w) => w.message).join(' ')} Give an override reason to book anyway.`;
    throw new AppError('CONFLICT', message, { overrideReason: message });
  }
  const at = ctx.now().toISOString();
  const inserted = await cq.insertBooking.first(trx, {
    request_id: rc.row.id,
    session_id: session.id,
    patient_id: rc.row.patient_id,
    procedure_code: rc.procedure.code,
    clinician_id: session.clinician_id,
    session_date: session.date,
    planned_minutes: duration.minutes,
    short_notice_agreed: input.patientAgreedShortNotice ? 1 : 0,
    override_reason: warnings.length ? (reason ?? null) : null,
    overridden_json: warnings.length ? JSON.stringify(warnings) : null,
    booked_at: at,
    booked_by: userId(ctx),
  });
  const bookingId = Number(inserted!.id);
  await cq.markRequestBooked.execute(trx, { id: rc.row.id, version: rc.row.version + 1, updatedAt: at });
  await writeAudit(trx, ctx, {
    action: 'interventions.book',
    entity: 'intervention_booking',
    entityId: bookingId,
    patientId: rc.row.patient_id,
    after: {
      requestId: rc.row.id,
      sessionId: session.id,
      date: session.date,
      plannedMinutes: duration.minutes,
      durationSource: duration.source,
      rebookBy: rc.row.rebook_by,
      overrideReason: warnings.length ? reason : undefined,
      warningsOverridden: warnings,
    },
  });
  // The session as the calendar shows it, with this booking (read in the transaction that wrote it).
  const view = toSessionView(
    session,
    await cq.casesOnSessionsJson.all(trx, { sessionIds: JSON.stringify([session.id]) }),
    session.clinician_name ?? 'Unknown',
  );
  return { bookingId, warningsOverridden: warnings, session: view };
}
