/**
 * Hold plans of a request (issue 14): computed for one procedure start, approved for that start only.
 * Any change of date, time, session, a cancellation or the medicines list clears the approval ("needs
 * re-approval", audited); booking refuses a start whose last permitted dose is already past.
 */
import {
  holdCoverage,
  planAnticoagulantHold,
  formatLondon,
  type HoldCoverage,
  type HoldPlan,
} from '../../shared/clinical/interventions/index';
import { AppError } from '../../shared/result';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import {
  ensureMedicinesSynced,
  getRequest,
  loadRequest,
  today,
  userId,
  type RequestContext,
} from './interventions';
import { interventionRules } from './rule-sets';
import * as q from '../queries/interventions';

/** The plan for one drug at `procedureStart`, keeping a prescriber's chosen hours when still in range. */
export function computePlan(
  rc: RequestContext,
  drug: string,
  doseTimes: string[],
  procedureStart: string,
  todayIso: string,
  previous?: HoldPlan,
): HoldPlan {
  const input: Parameters<typeof planAnticoagulantHold>[0] = {
    drug,
    procedureRisk: rc.procedure.bleedingRisk ?? 'low',
    procedureStart,
    doseTimes,
    today: todayIso,
  };
  if (rc.record.crclMlPerMin !== null && rc.record.crclDate)
    input.creatinineClearance = { mlPerMin: rc.record.crclMlPerMin, date: rc.record.crclDate };
  if (previous?.chosenHoldHours !== undefined) {
    try {
      const plan = planAnticoagulantHold(
        { ...input, chosenHoldHours: previous.chosenHoldHours },
        rc.rules.holds,
      );
      if (previous.chosenReason) plan.chosenReason = previous.chosenReason;
      return plan;
    } catch {
      // The choice no longer fits (renal band, rule set changed): fall back to the rule set's default.
    }
  }
  return clinical(() => planAnticoagulantHold(input, rc.rules.holds));
}

const samePlan = (a: HoldPlan, b: HoldPlan): boolean =>
  a.status === b.status && a.holdHours === b.holdHours && a.ruleSet === b.ruleSet;

const shown = (start: string): string => {
  const [d, t] = start.split('T');
  const [y, m, day] = (d ?? '').split('-');
  return `${day}/${m}/${y}${t ? ` ${t}` : ''}`;
};

/**
 * Recomputes every hold plan of a request for `procedureStart`. An approval is for one start: it stays only
 * while the start is the same and the plan's status, hours and rule set are unchanged; otherwise it is
 * cleared with a note saying why (audited). `why` names the change when the caller knows it (a cancellation).
 */
export async function recomputeHolds(
  trx: Trx,
  ctx: HandlerContext,
  rc: RequestContext,
  procedureStart: string,
  todayIso: string,
  why?: string,
): Promise<void> {
  for (const a of rc.antis) {
    const old = JSON.parse(a.plan_json) as HoldPlan;
    const plan = computePlan(rc, a.drug, a.dose_times.split(','), procedureStart, todayIso, old);
    const sameStart = a.plan_for === procedureStart;
    const keep = a.approved_by !== null && sameStart && samePlan(old, plan);
    if (keep && old.clinicianDecision) plan.clinicianDecision = old.clinicianDecision;
    if (JSON.stringify(old) === JSON.stringify(plan) && sameStart) continue;
    const cleared = a.approved_by !== null && !keep;
    const note = cleared
      ? `Re-approval needed: ${
          why ??
          (sameStart
            ? `the plan changed for the procedure start ${shown(procedureStart)}`
            : `it was approved for a start at ${shown(a.plan_for)}; the procedure is now planned for ${shown(procedureStart)}`)
        }.`
      : a.reapproval_note;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({
        plan_json: JSON.stringify(plan),
        plan_for: procedureStart,
        approved_by: keep ? a.approved_by : null,
        approved_at: keep ? a.approved_at : null,
        reapproval_note: note,
      })
      .where('id', '=', a.id)
      .execute();
    if (cleared)
      await writeAudit(trx, ctx, {
        action: 'interventions.hold.approval-cleared',
        entity: 'intervention_antithrombotic',
        entityId: a.id,
        patientId: rc.row.patient_id,
        before: { plan: old, planFor: a.plan_for },
        after: { plan, planFor: procedureStart, note },
      });
    a.plan_json = JSON.stringify(plan);
    a.plan_for = procedureStart;
    a.approved_by = keep ? a.approved_by : null;
    a.approved_at = keep ? a.approved_at : null;
    a.reapproval_note = note;
  }
}

/** The current UK local time, 'YYYY-MM-DDTHH:mm'. */
export const nowLocal = (ctx: Pick<HandlerContext, 'now'>): string => formatLondon(ctx.now().getTime());

/**
 * Whether each stored hold plan covers a procedure at `start` (recomputed for that start, not saved):
 * approved for exactly this start, needing (re-)approval, or refused because its last permitted dose is
 * already past.
 */
export function coverageAt(
  ctx: Pick<HandlerContext, 'now'>,
  rc: RequestContext,
  start: string,
  todayIso: string,
): { drug: string; coverage: HoldCoverage; plan: HoldPlan }[] {
  return rc.antis.map((a) => {
    const old = JSON.parse(a.plan_json) as HoldPlan;
    const plan = computePlan(rc, a.drug, a.dose_times.split(','), start, todayIso, old);
    const coverage = holdCoverage(
      { drug: a.drug, plan: old, planFor: a.plan_for, approved: a.approved_by !== null },
      plan,
      start,
      nowLocal(ctx),
    );
    return { drug: a.drug, coverage, plan };
  });
}

/** Messages of the coverages that stop a booking at that start (anything not approved and needing it). */
export function coverageRefusals(cov: ReturnType<typeof coverageAt>): string[] {
  const out: string[] = [];
  for (const { coverage, plan, drug } of cov) {
    if (coverage.state === 'approved' || coverage.state === 'no-hold') continue;
    if (coverage.state === 'needs-approval' && plan.status === 'blocked')
      out.push(
        `No hold plan could be computed for ${drug}: ${plan.reason ?? ''} A clinician must record a decision.`,
      );
    else out.push(coverage.message);
  }
  return out;
}

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
