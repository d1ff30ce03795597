/**
 * Hold plans of a request (issue 14): computed for one procedure start, approved for that start only.
 * Any change of date, time, session, a cancellation or the medicines list clears the approval ("needs
 * re-approval", audited); booking refuses a start whose last permitted dose is already past.
 */
import { ageInYears } from '../../shared/dates';
import {
  bleedingTier,
  holdCoverage,
  planAnticoagulantHold,
  formatLondon,
  type BleedingTier,
  type HoldCoverage,
  type HoldPlan,
} from '../../shared/clinical/interventions/index';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import type { ReadinessRow, RequestContext } from './interventions-readiness';

/**
 * The bleeding-risk tier for this patient at `procedureStart`: the procedure's tier raised one step by age
 * (on the procedure date), renal or liver disease, coagulopathy or two or more antithrombotics (ASRA/ESRA
 * pain 2018; bleeding-tier.ts). Null for a procedure with no tier (cannula only).
 */
export function patientBleedingTier(
  rc: RequestContext<ReadinessRow>,
  procedureStart: string,
): BleedingTier | null {
  const procedureTier = rc.procedure.bleedingRisk;
  if (procedureTier === null) return null;
  const r = rc.record;
  return bleedingTier(procedureTier, {
    ageYears: rc.patientDob ? ageInYears(rc.patientDob, procedureStart.slice(0, 10)) : 0,
    renalDisease: r.renalDisease,
    liverDisease: r.liverDisease,
    coagulopathy: r.coagulopathy,
    antithrombotics: [...new Set(rc.antis.map((a) => a.drug))],
  });
}

/** The plan for one drug at `procedureStart`, keeping a prescriber's chosen hours when still in range. */
export function computePlan(
  rc: RequestContext<ReadinessRow>,
  drug: string,
  doseTimes: string[],
  procedureStart: string,
  todayIso: string,
  previous?: HoldPlan,
): HoldPlan {
  const tier = patientBleedingTier(rc, procedureStart);
  const withTier = (plan: HoldPlan): HoldPlan => {
    if (tier)
      plan.bleedingTier = {
        procedureTier: tier.procedureTier,
        tier: tier.tier,
        raised: tier.raised,
        reasons: tier.reasons,
        source: tier.source,
      };
    return plan;
  };
  const input: Parameters<typeof planAnticoagulantHold>[0] = {
    drug,
    procedureRisk: tier?.tier ?? 'low',
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
      return withTier(plan);
    } catch {
      // The choice no longer fits (renal band, rule set changed): fall back to the rule set's default.
    }
  }
  return withTier(clinical(() => planAnticoagulantHold(input, rc.rules.holds)));
}

export const samePlan = (a: HoldPlan, b: HoldPlan): boolean =>
  a.status === b.status &&
  a.holdHours === b.holdHours &&
  a.ruleSet === b.ruleSet &&
  // A plan made before the tier was recorded keeps its approval if the figures are the same.
  (!a.bleedingTier || !b.bleedingTier || a.bleedingTier.tier === b.bleedingTier.tier);

export const shown = (start: string): string => {
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
  rc: RequestContext<ReadinessRow>,
  start: string,
  todayIso: string,
): { drug: string; coverage: HoldCoverage; plan: HoldPlan }[] {
  return rc.antis.map((a) => {
    const old = JSON.parse(a.plan_json) as HoldPlan;
    const plan = computePlan(rc, a.drug, a.dose_times.split(','), start, todayIso, old);
    const coverage = holdCoverage(
      {
        drug: a.drug,
        plan: old,
        planFor: a.plan_for,
        approved: a.approved_by !== null,
        reapprovalNote: a.reapproval_note,
      },
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
