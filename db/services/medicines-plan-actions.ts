import { addCalendarDays, calendarDaysBetween } from '../../shared/clinical/calendar';
import { formatDateGb, londonToday } from '../../shared/dates';
import { PLAN_STATUS_LABELS, type PlanAction, type TaperPlan } from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import { addStepLengthCause, stepsOfPlan } from '../queries/medicines';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { medicineRules } from './rule-sets';
import { auditOf, loadPlan, requirePlan } from './medicines-plan-read';

/** Pausing, resuming and abandoning a taper plan. */

const ALLOWED: Record<PlanAction, string[]> = {
  pause: ['active'],
  resume: ['paused'],
  abandon: ['draft', 'active', 'paused'],
};

export async function planAction(
  ctx: HandlerContext,
  input: { planId: number; version: number; action: PlanAction; reason: string },
): Promise<TaperPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const r = await requirePlan(trx, input.planId, input.version);
    if (!ALLOWED[input.action].includes(r.status))
      throw new AppError(
        'CONFLICT',
        `A ${PLAN_STATUS_LABELS[r.status as 'draft'].toLowerCase()} plan cannot be ${input.action === 'pause' ? 'paused' : input.action === 'resume' ? 'resumed' : 'abandoned'}.`,
      );
    const before = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    const today = londonToday(ctx.now());
    let status = r.status;
    let nextReview = r.next_review_date;
    if (input.action === 'pause') status = 'paused';
    if (input.action === 'abandon') {
      status = 'abandoned';
      nextReview = null;
    }
    if (input.action === 'resume') {
      status = 'active';
      // The steps not yet taken move later by the time the plan was paused: nothing catches up.
      const paused = await trx
        .selectFrom('taper_events')
        .select('at')
        .where('plan_id', '=', r.id)
        .where('kind', '=', 'pause')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const pausedOn = paused ? londonToday(new Date(paused.at)) : today;
      const days = calendarDaysBetween(pausedOn, today);
      if (days > 0) {
        await addStepLengthCause(
          trx,
          r.id,
          r.current_step,
          `The plan was paused from ${formatDateGb(pausedOn)} to ${formatDateGb(today)}.`,
        );
        const steps = await stepsOfPlan(trx, r.id);
        for (const s of steps.filter((x) => x.step_no > r.current_step))
          await trx
            .updateTable('taper_steps')
            .set({ date: addCalendarDays(s.date, days) })
            .where('id', '=', s.id)
            .execute();
      }
      const next = (await stepsOfPlan(trx, r.id)).find((s) => s.step_no === r.current_step + 1);
      nextReview = next ? (next.date > today ? next.date : today) : today;
    }
    await trx
      .insertInto('taper_events')
      .values({
        plan_id: r.id,
        kind: input.action,
        reason: input.reason,
        at: ctx.now().toISOString(),
        by_user: ctx.session?.userId ?? null,
      })
      .execute();
    await trx
      .updateTable('taper_plans')
      .set({
        status,
        next_review_date: nextReview,
        updated_at: ctx.now().toISOString(),
        version: r.version + 1,
      })
      .where('id', '=', r.id)
      .execute();
    const after = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    await writeAudit(trx, ctx, {
      action: `medicines.plan.${input.action}`,
      entity: 'taper_plan',
      entityId: r.id,
      patientId: r.patient_id,
      before: auditOf(before),
      after: { ...auditOf(after), reason: input.reason },
    });
    return after;
  });
}
