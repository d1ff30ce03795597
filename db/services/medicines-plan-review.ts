import { addCalendarDays, calendarDaysBetween } from '../../shared/clinical/calendar';
import { scoreCows } from '../../shared/clinical/medicines/index';
import { formatDateGb, londonToday } from '../../shared/dates';
import { formatDose, PLAN_STATUS_LABELS, type TaperPlan } from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import type { z } from 'zod';
import type { recordReviewSchema } from '../../shared/domain/medicines';
import { doseFieldsOf } from '../mappers/medicines';
import { addStepLengthCause, currentEntryOfItem, stepsOfPlan } from '../queries/medicines';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { clinical, writeNewVersion } from './medicines';
import { taperAmount } from './medicines-ome';
import { recordMedicinesReview } from './medicines-reviews';
import { medicineRules } from './rule-sets';
import { auditOf, loadPlan, requirePlan } from './medicines-plan-read';

/** Reviews of an active taper plan: step taken, held or stepped back. */

type RecordReview = z.output<typeof recordReviewSchema>;

/** Moves every step after `fromStep` later so that step `fromStep + 1` falls no earlier than `earliest`. */
async function delayRemaining(trx: Trx, planId: number, fromStep: number, earliest: string): Promise<number> {
  const steps = await stepsOfPlan(trx, planId);
  const next = steps.find((s) => s.step_no === fromStep + 1);
  if (!next || next.date >= earliest) return 0;
  const shift = calendarDaysBetween(next.date, earliest);
  for (const s of steps.filter((x) => x.step_no > fromStep))
    await trx
      .updateTable('taper_steps')
      .set({ date: addCalendarDays(s.date, shift) })
      .where('id', '=', s.id)
      .execute();
  return shift;
}

/**
 * A review: step taken (the patient moves to the next planned step, never before its date), held (stays,
 * the rest of the plan moves later) or stepped back (back to the previous step's dose; the rest moves later).
 * Holds and step-backs are counted on the plan.
 */
export async function recordReview(ctx: HandlerContext, input: RecordReview): Promise<TaperPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const r = await requirePlan(trx, input.planId, input.version);
    if (r.status !== 'active')
      throw new AppError(
        'CONFLICT',
        `Reviews are recorded on active plans; this one is ${PLAN_STATUS_LABELS[r.status as 'draft'].toLowerCase()}.`,
      );
    const today = londonToday(ctx.now());
    if (input.reviewDate > today) {
      // Issue 13: a review records what happened; one dated ahead would let a step be "taken" early.
      const m = `A review cannot be dated after today (${formatDateGb(today)}).`;
      throw new AppError('VALIDATION', m, { reviewDate: m });
    }
    if (input.nextReviewDate !== null && input.nextReviewDate < input.reviewDate) {
      const m = 'The next review cannot be before this review.';
      throw new AppError('VALIDATION', m, { nextReviewDate: m });
    }
    if (r.needs_review_reason !== null && input.outcome !== 'held') {
      // Issue 13: the dose was changed outside the plan; a prescriber revises the plan first.
      const m =
        'This plan needs review: the dose was changed outside it. A prescriber must change the plan (with a reason) before a step is taken or stepped back; a hold can be recorded.';
      throw new AppError('CONFLICT', m, { outcome: m });
    }
    const cows = input.cows === null ? null : clinical(() => scoreCows(input.cows!), 'cows.');
    const steps = await stepsOfPlan(trx, r.id);
    const next = steps.find((s) => s.step_no === r.current_step + 1);
    const before = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    let currentStep = r.current_step;
    let holds = r.holds;
    let stepBacks = r.step_backs;
    if (input.outcome === 'taken') {
      if (!next) throw new AppError('CONFLICT', 'There is no further step in this plan.');
      if (next.date > input.reviewDate) {
        const m = `The next step is planned for ${next.date}. Nothing moves faster than planned: a clinician must change the plan to bring it forward.`;
        throw new AppError('VALIDATION', m, { outcome: m });
      }
      currentStep += 1;
    } else if (input.outcome === 'held') {
      holds += 1;
    } else {
      if (r.current_step === 0) {
        const m = 'The patient is still on the starting dose: there is no step to go back from.';
        throw new AppError('VALIDATION', m, { outcome: m });
      }
      stepBacks += 1;
      currentStep -= 1;
    }
    const newDose = steps.find((s) => s.step_no === currentStep)!.dose;
    if (input.outcome !== 'taken') {
      const moved = await delayRemaining(
        trx,
        r.id,
        currentStep,
        addCalendarDays(input.reviewDate, r.interval_days),
      );
      // The step now lasts longer: say why on the plan and in the letter.
      if (moved > 0)
        await addStepLengthCause(
          trx,
          r.id,
          currentStep,
          input.outcome === 'held'
            ? `Held at the review on ${formatDateGb(input.reviewDate)}.`
            : `The patient went back to this dose at the review on ${formatDateGb(input.reviewDate)}.`,
        );
    }
    const after = await stepsOfPlan(trx, r.id);
    const following = after.find((s) => s.step_no === currentStep + 1);
    const finished = input.outcome === 'taken' && !following;
    let currentOme = r.current_ome;
    if (newDose !== r.current_dose) {
      const med = await currentEntryOfItem(trx, r.item_id);
      if (!med || med.status !== 'active')
        throw new AppError('CONFLICT', 'The medicine on this plan has been stopped or changed elsewhere.');
      if (taperAmount(doseFieldsOf(med)).dose !== r.current_dose)
        throw new AppError(
          'CONFLICT',
          `${med.name} was changed outside this plan (now ${formatDose(taperAmount(doseFieldsOf(med)).dose)} ${r.unit}; the plan expects ${formatDose(r.current_dose)} ${r.unit}). Pause the plan and review it with the prescriber, or abandon it and make a new plan.`,
        );
      const stepRow = after.find((s) => s.step_no === currentStep);
      const admins = stepRow?.administrations_json
        ? (JSON.parse(stepRow.administrations_json) as number[])
        : null;
      const dose =
        r.unit === 'mcg/h'
          ? { patchMcgPerHour: newDose }
          : r.prn_min_interval_hours !== null && admins && admins.length > 0
            ? // As needed: the dose each time and the most doses in 24 hours (the maximum follows).
              {
                doseMg: admins[0]!,
                timesPerDay: admins.length,
                administrationsMg: null,
                prnMaxMgPer24h: newDose,
              }
            : admins && admins.some((a) => a !== admins[0])
              ? { doseMg: null, timesPerDay: admins.length, administrationsMg: admins }
              : admins
                ? { doseMg: admins[0]!, timesPerDay: admins.length, administrationsMg: null }
                : { doseMg: Math.round((newDose / (r.times_per_day ?? 1)) * 1000) / 1000 };
      const reason = `Taper plan ${r.id}: ${input.outcome === 'taken' ? `step ${currentStep}` : 'stepped back'} to ${formatDose(newDose)} ${r.unit}`;
      const entry = await writeNewVersion(trx, ctx, r.item_id, med.version, {
        ...(newDose === 0 ? { stoppedOn: input.reviewDate } : { dose }),
        reason,
        action: 'medicines.taperStep',
      });
      currentOme = newDose === 0 ? 0 : (entry.ome?.omeMgPer24h ?? null);
    }
    const { id: taperReviewId } = await trx
      .insertInto('taper_reviews')
      .values({
        plan_id: r.id,
        patient_id: r.patient_id,
        step_no: currentStep,
        review_date: input.reviewDate,
        outcome: input.outcome,
        cows_json: input.cows ? JSON.stringify(input.cows) : null,
        cows_total: cows?.total ?? null,
        cows_band: cows?.band ?? null,
        withdrawal_symptoms: input.withdrawalSymptoms,
        pain_score: input.painScore,
        function_score: input.functionScore,
        notes: input.notes,
        next_review_date: input.nextReviewDate,
        recorded_at: ctx.now().toISOString(),
        recorded_by: ctx.session?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // PRN amounts taken, recorded at this review: the review's OME counts them (the service's clinical decisions (clinical lead), medicines 7).
    if (input.prnTaken.length > 0)
      await recordMedicinesReview(trx, ctx, {
        patientId: r.patient_id,
        reviewDate: input.reviewDate,
        taperReviewId,
        taken: input.prnTaken,
        notes: input.notes,
        fieldPrefix: 'prnTaken',
      });
    await trx
      .updateTable('taper_plans')
      .set({
        current_step: currentStep,
        current_dose: newDose,
        current_ome: currentOme,
        holds,
        step_backs: stepBacks,
        status: finished ? 'completed' : 'active',
        next_review_date: finished ? null : (input.nextReviewDate ?? following?.date ?? null),
        updated_at: ctx.now().toISOString(),
        version: r.version + 1,
      })
      .where('id', '=', r.id)
      .execute();
    const plan = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    await writeAudit(trx, ctx, {
      action: 'medicines.plan.review',
      entity: 'taper_plan',
      entityId: r.id,
      patientId: r.patient_id,
      before: auditOf(before),
      after: {
        ...auditOf(plan),
        outcome: input.outcome,
        cows: cows ? `${cows.total} (${cows.band})` : null,
        pain: input.painScore,
        function: input.functionScore,
      },
    });
    return plan;
  });
}
