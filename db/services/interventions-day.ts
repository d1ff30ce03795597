/**
 * After booking: cancelling a booking (with who cancelled and, for a hospital cancellation on the day, the
 * date by which the patient must be offered another), recording the day itself (consent stage 2, the
 * safety checklist, in-room times) and the outcome at follow-up. Split from interventions-booking.ts.
 */
import type { z } from 'zod';
import { addCalendarDays, findProcedure } from '../../shared/clinical/interventions/index';
import type {
  RequestDetail,
  cancelInputSchema,
  dayInputSchema,
  outcomeInputSchema,
} from '../../shared/domain/interventions';
import { formatDateGb } from '../../shared/dates';
import { AppError } from '../../shared/result';
import * as q from '../queries/interventions';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { interventionRules } from './rule-sets';
import { REBOOK_WITHIN_DAYS, siteKey, today, userId } from './interventions-common';
import { recomputeHolds } from './interventions-holds';
import { loadRequest, planTarget } from './interventions-readiness';
import { changedByOtherError } from './stale-edit';
import { getRequest } from './interventions-requests';

/** A booking's state in words ("did not attend" rather than the stored "dna"). */
const BOOKING_STATUS_WORDS: Record<string, string> = {
  cancelled: 'cancelled',
  dna: 'recorded as did not attend',
  done: 'done (the day is recorded)',
};

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Relief at or above this counts as a successful (positive) procedure, e.g. a diagnostic block. */
export const SUCCESS_RELIEF_PERCENT = 50;

export async function cancelBooking(
  ctx: HandlerContext,
  input: z.output<typeof cancelInputSchema>,
): Promise<RequestDetail> {
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const b = await q.bookingById(trx, input.bookingId);
    if (!b) throw new AppError('NOT_FOUND', 'That booking does not exist.');
    if (b.status !== 'booked')
      throw await changedByOtherError(
        trx,
        `This booking is already ${BOOKING_STATUS_WORDS[b.status] ?? b.status}.`,
        [{ entity: 'intervention_booking', entityId: b.id }],
      );
    const rebookBy =
      input.kind === 'non-clinical' && input.onTheDay
        ? addCalendarDays(b.session_date, REBOOK_WITHIN_DAYS)
        : null;
    await trx
      .updateTable('intervention_bookings')
      .set({
        status: input.kind === 'dna' ? 'dna' : 'cancelled',
        cancel_kind: input.kind,
        cancel_reason: input.reason,
        cancelled_on_day: input.onTheDay ? 1 : 0,
      })
      .where('id', '=', b.id)
      .execute();
    const req = await q.requestById(trx, b.request_id);
    // The approval was for the cancelled start: recompute for the next provisional date (cleared, audited).
    const rc = await loadRequest(trx, b.request_id, interventionRules(ctx.conn));
    rc.row.status = 'waiting';
    if (rc.antis.length)
      await recomputeHolds(
        trx,
        ctx,
        rc,
        await planTarget(trx, rc, today(ctx)),
        today(ctx),
        `the booking on ${b.session_date.split('-').reverse().join('/')} was cancelled`,
      );
    await trx
      .updateTable('intervention_requests')
      .set({
        status: 'waiting',
        rebook_by: rebookBy ?? req?.rebook_by ?? null,
        version: (req?.version ?? 0) + 1,
        updated_at: ctx.now().toISOString(),
      })
      .where('id', '=', b.request_id)
      .execute();
    await writeAudit(trx, ctx, {
      action: input.kind === 'dna' ? 'interventions.dna' : 'interventions.cancel',
      entity: 'intervention_booking',
      entityId: b.id,
      patientId: b.patient_id,
      before: { status: b.status },
      after: { ...input, rebookBy },
    });
    return b.request_id;
  });
  return getRequest(ctx, requestId);
}

export async function recordDay(
  ctx: HandlerContext,
  input: z.output<typeof dayInputSchema>,
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  if (toMinutes(input.inRoomEnd) <= toMinutes(input.inRoomStart))
    throw new AppError('VALIDATION', 'The in-room end must be after the start.', {
      inRoomEnd: 'The in-room end must be after the start.',
    });
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const b = await q.bookingById(trx, input.bookingId);
    if (!b) throw new AppError('NOT_FOUND', 'That booking does not exist.');
    if (b.status !== 'booked')
      throw await changedByOtherError(trx, `This booking is ${BOOKING_STATUS_WORDS[b.status] ?? b.status}.`, [
        { entity: 'intervention_booking', entityId: b.id },
      ]);
    if (b.session_date > todayIso)
      throw new AppError(
        'VALIDATION',
        `The procedure is booked for ${b.session_date}; record the day on or after it.`,
        { inRoomStart: `The procedure is booked for ${b.session_date}.` },
      );
    const procedure = findProcedure(b.procedure_code, interventionRules(ctx.conn).catalogue);
    const at = ctx.now().toISOString();
    const followUpDue = addCalendarDays(b.session_date, (procedure?.followUpWeeks ?? 6) * 7);
    const actual = toMinutes(input.inRoomEnd) - toMinutes(input.inRoomStart);
    await trx
      .updateTable('intervention_bookings')
      .set({
        status: 'done',
        consent2_at: at,
        checklist_at: at,
        in_room_start: input.inRoomStart,
        in_room_end: input.inRoomEnd,
        actual_minutes: actual,
        follow_up_due: followUpDue,
      })
      .where('id', '=', b.id)
      .execute();
    const req = await q.requestById(trx, b.request_id);
    await trx
      .updateTable('intervention_requests')
      .set({ status: 'done', rebook_by: null, version: (req?.version ?? 0) + 1, updated_at: at })
      .where('id', '=', b.request_id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.day',
      entity: 'intervention_booking',
      entityId: b.id,
      patientId: b.patient_id,
      before: { status: b.status },
      after: { ...input, actualMinutes: actual, followUpDue },
    });
    return b.request_id;
  });
  return getRequest(ctx, requestId);
}

export async function recordOutcome(
  ctx: HandlerContext,
  input: z.output<typeof outcomeInputSchema>,
): Promise<RequestDetail> {
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const b = await q.bookingById(trx, input.bookingId);
    if (!b) throw new AppError('NOT_FOUND', 'That booking does not exist.');
    if (b.status !== 'done')
      throw new AppError('CONFLICT', 'Record the day of the procedure before its outcome.');
    if (b.follow_up_due === null) {
      const recorded = await trx
        .selectFrom('intervention_outcomes')
        .select('id')
        .where('booking_id', '=', b.id)
        .execute();
      throw await changedByOtherError(
        trx,
        'An outcome is already recorded for this procedure.',
        recorded.map((o) => ({ entity: 'intervention_outcome', entityId: o.id })),
      );
    }
    const req = await q.requestById(trx, b.request_id);
    const assessedOn = input.assessedOn ?? today(ctx);
    if (assessedOn < b.session_date || assessedOn > today(ctx))
      throw new AppError('VALIDATION', 'The assessment date must be between the procedure and today.', {
        assessedOn: `Enter a date from ${formatDateGb(b.session_date)} to ${formatDateGb(today(ctx))}.`,
      });
    const successful = input.reliefPercent >= SUCCESS_RELIEF_PERCENT;
    const at = ctx.now().toISOString();
    const row = await trx
      .insertInto('intervention_outcomes')
      .values({
        booking_id: b.id,
        request_id: b.request_id,
        patient_id: b.patient_id,
        procedure_code: b.procedure_code,
        procedure_date: b.session_date,
        site: req ? siteKey(req.site, req.side) : '',
        relief_percent: input.reliefPercent,
        relief_duration_weeks: input.reliefDurationWeeks,
        relief_duration_hours: input.reliefDurationHours,
        assessed_on: assessedOn,
        complications: input.complications,
        pgic: input.pgic,
        successful: successful ? 1 : 0,
        recorded_at: at,
        recorded_by: userId(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('intervention_bookings')
      .set({ follow_up_due: null })
      .where('id', '=', b.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.outcome',
      entity: 'intervention_outcome',
      entityId: row.id,
      patientId: b.patient_id,
      after: { ...input, assessedOn, successful, successThresholdPercent: SUCCESS_RELIEF_PERCENT },
    });
    return b.request_id;
  });
  return getRequest(ctx, requestId);
}
