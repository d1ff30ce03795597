/**
 * Approving a hold plan for one procedure start (issue 14), apart from the plan arithmetic in
 * interventions-holds.ts so that the request service can use that arithmetic without a cycle.
 */
import { planAnticoagulantHold, type HoldPlan } from '../../shared/clinical/interventions/index';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext } from './context';
import { ensureMedicinesSynced } from './interventions-medicines';
import { getRequest } from './interventions-requests';
import { loadRequest } from './interventions-readiness';
import { today, userId } from './interventions-common';
import { computePlan, nowLocal, samePlan, shown } from './interventions-holds';
import { interventionRules } from './rule-sets';
import * as q from '../queries/interventions';

export interface ApproveHoldInput {
  antithromboticId: number;
  /** Approve for this session's start (the plan is recomputed for it first). */
  sessionId?: number | undefined;
  /** Hours chosen within the guideline's range for this patient; needs `reason`. */
  chosenHoldHours?: number | undefined;
  reason?: string | undefined;
  /** For a plan the source leaves to a clinician ("individualise"): the decision, required. */
  decision?: string | undefined;
}

/**
 * Approves a proposed hold plan for ONE procedure start: the booked session, a chosen session, or (with
 * neither) the start it was computed for. Refused when that start's last permitted dose is already past,
 * when the request is booked on another session, when hours outside the range are chosen or without a
 * reason, and for a plan the source leaves to a clinician without their recorded decision.
 */
export async function approveHold(ctx: HandlerContext, input: ApproveHoldInput): Promise<RequestDetailOf> {
  const first = await ctx.conn.db
    .selectFrom('intervention_antithrombotics')
    .select('request_id')
    .where('id', '=', input.antithromboticId)
    .executeTakeFirst();
  // A medicine change since the page was opened replaces or removes plans: approve only the current one.
  if (first && (await ensureMedicinesSynced(ctx, first.request_id)))
    throw new AppError(
      'CONFLICT',
      'The medicines list changed since this request was opened. Reload and review the new plan; nothing was approved.',
    );
  if (input.chosenHoldHours !== undefined && !input.reason?.trim())
    throw new AppError('VALIDATION', 'Give the reason for choosing these hours for this patient.', {
      reason: 'Give the reason for choosing these hours for this patient.',
    });
  const todayIso = today(ctx);
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('intervention_antithrombotics')
      .selectAll()
      .where('id', '=', input.antithromboticId)
      .executeTakeFirst();
    if (!row)
      throw new AppError(
        'NOT_FOUND',
        'That hold plan no longer exists (the medicines list changed). Reload the request; nothing was approved.',
      );
    const rc = await loadRequest(trx, row.request_id, interventionRules(ctx.conn));
    const booked = (await q.bookingsForRequest(trx, rc.row.id)).find((b) => b.status === 'booked');
    let start = row.plan_for;
    if (input.sessionId !== undefined) {
      const s = await q.sessionById(trx, input.sessionId);
      if (!s) throw new AppError('NOT_FOUND', 'That session does not exist.');
      if (booked && booked.session_id !== s.id)
        throw new AppError(
          'CONFLICT',
          'This request is booked on another session; approve the plan for the booked date, or cancel that booking first.',
        );
      start = `${s.date}T${s.start_time}`;
    } else if (booked) {
      start = `${booked.session_date}T${booked.start_time}`;
    }
    const old = JSON.parse(row.plan_json) as HoldPlan;
    let plan: HoldPlan;
    if (input.chosenHoldHours !== undefined) {
      const base: Parameters<typeof planAnticoagulantHold>[0] = {
        drug: row.drug,
        procedureRisk: rc.procedure.bleedingRisk ?? 'low',
        procedureStart: start,
        doseTimes: row.dose_times.split(','),
        today: todayIso,
        chosenHoldHours: input.chosenHoldHours,
      };
      if (rc.record.crclMlPerMin !== null && rc.record.crclDate)
        base.creatinineClearance = { mlPerMin: rc.record.crclMlPerMin, date: rc.record.crclDate };
      plan = clinical(() => planAnticoagulantHold(base, rc.rules.holds));
      plan.chosenReason = input.reason?.trim() ?? '';
    } else {
      plan = computePlan(rc, row.drug, row.dose_times.split(','), start, todayIso, old);
    }
    if (!plan.needsApproval)
      throw new AppError('CONFLICT', `No hold is needed for ${row.drug}; there is nothing to approve.`);
    if (plan.status === 'blocked') {
      const decision = input.decision?.trim();
      if (!decision)
        throw new AppError(
          'VALIDATION',
          `The rule set gives no fixed plan for ${row.drug} here: record your decision (what the patient does and when) to approve it.`,
          { decision: 'Record the decision for this patient.' },
        );
      plan.clinicianDecision = decision;
    }
    if (
      plan.status === 'hold' &&
      plan.latestLastDoseAt !== undefined &&
      plan.latestLastDoseAt < nowLocal(ctx)
    )
      throw new AppError(
        'CONFLICT',
        `The last permitted dose of ${row.drug} for a start at ${shown(start)} was ${shown(plan.latestLastDoseAt)}, which is already past; nothing was approved.`,
      );
    if (row.approved_by !== null && row.plan_for === start && samePlan(old, plan) && !input.chosenHoldHours)
      throw new AppError('CONFLICT', 'This hold plan is already approved for this start.');
    const at = ctx.now().toISOString();
    await trx
      .updateTable('intervention_antithrombotics')
      .set({
        plan_json: JSON.stringify(plan),
        plan_for: start,
        approved_by: userId(ctx),
        approved_at: at,
        reapproval_note: null,
      })
      .where('id', '=', input.antithromboticId)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.hold.approve',
      entity: 'intervention_antithrombotic',
      entityId: input.antithromboticId,
      patientId: row.patient_id,
      before: { approved: row.approved_by !== null, planFor: row.plan_for },
      after: {
        approved: true,
        signer: userId(ctx),
        planFor: start,
        plan,
        chosenHoldHours: input.chosenHoldHours,
        reason: input.reason,
        decision: plan.clinicianDecision,
      },
    });
    return row.request_id;
  });
  return getRequest(ctx, requestId);
}

type RequestDetailOf = Awaited<ReturnType<typeof getRequest>>;
