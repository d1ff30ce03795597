import { TAPER_DEFAULTS } from '../../shared/clinical/medicines/index';
import { formatDose, type TaperPlan } from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import { planSummaryFromRow, reviewFromRow, stepFromRow, withLengthNotes } from '../mappers/medicines';
import {
  currentEntryOfItem,
  eventsOfPlan,
  planById,
  reviewsOfPlan,
  stepsOfPlan,
  userName,
} from '../queries/medicines';
import type { DB } from '../schema';
import type { Kysely } from 'kysely';
import type { HandlerContext, Trx } from './context';
import { withSupply } from './medicines-plan-supply';
import { shippedRuleSetText } from '../../shared/domain/rule-set-names';
import { medicineRules } from './rule-sets';
import type { MedicineRules } from '../../shared/domain/rule-sets';
import { staleEditError } from './stale-edit';
import { nameOfVersion } from '../queries/rule-sets';
import { taperProductFor } from './medicines-plan-steps';

/**
 * One taper plan as the plan page shows it (loadPlan, getPlan), its summary for the audit trail, and the
 * check every change starts with (the plan exists and is the version the user saw).
 */

export async function loadPlan(db: Kysely<DB>, planId: number, rules: MedicineRules): Promise<TaperPlan> {
  const r = await planById(db, planId);
  if (!r) throw new AppError('NOT_FOUND', 'That plan is not on record.');
  const [steps, reviews, events, signer, nurse, med, saved] = await Promise.all([
    stepsOfPlan(db, planId),
    reviewsOfPlan(db, planId),
    eventsOfPlan(db, planId),
    userName(db, r.signed_off_by),
    userName(db, r.nurse_id),
    currentEntryOfItem(db, r.item_id),
    nameOfVersion(db, r.rule_set_id, r.rule_set_version),
  ]);
  const shipped = shippedRuleSetText(r.rule_set_id);
  return {
    ...planSummaryFromRow(r),
    reason: r.reason,
    percent: r.percent,
    intervalDays: r.interval_days,
    startDate: r.start_date,
    roundTo: r.round_to,
    timesPerDay: r.times_per_day,
    mgPerMl: r.mg_per_ml,
    isOpioid: r.is_opioid === 1,
    currentStep: r.current_step,
    patientAgreed: r.patient_agreed === 1,
    agreementNote: r.agreement_note,
    signedOffBy: signer?.display_name ?? null,
    signedOffAt: r.signed_off_at,
    nurseId: r.nurse_id,
    nurseName: nurse?.display_name ?? null,
    // The rule set the plan was made with (Ashton for diazepam, the class default, or the taper default), as
    // that version was saved (a local version's own name and source), else as shipped.
    ruleSet: {
      id: r.rule_set_id,
      version: r.rule_set_version,
      name: saved?.name ?? shipped?.name ?? TAPER_DEFAULTS.meta.name,
      source: saved?.source ?? shipped?.source ?? TAPER_DEFAULTS.meta.source,
    },
    steps: withLengthNotes(
      withSupply(
        steps.map((s) => stepFromRow(s, r)),
        steps,
        r,
        med ? taperProductFor(med.formulary_id, r.unit, rules) : null,
        rules,
      ),
      steps,
      r.interval_days,
    ),
    reviews: reviews.map(reviewFromRow),
    events: events.map((e) => ({ at: e.at, kind: e.kind, reason: e.reason, by: e.by_name })),
    createdAt: r.created_at,
    avoidWeekends: r.avoid_weekends === 1,
    asNeeded: r.prn_min_interval_hours !== null,
  };
}

export async function getPlan(ctx: HandlerContext, planId: number): Promise<TaperPlan> {
  return loadPlan(ctx.conn.db, planId, medicineRules(ctx.conn));
}

export function auditOf(p: TaperPlan): Record<string, unknown> {
  return {
    medicine: p.medicineName,
    status: p.status,
    goal: p.goal,
    targetDose: p.targetDose,
    currentDose: p.currentDose,
    currentStep: p.currentStep,
    nextReviewDate: p.nextReviewDate,
    holds: p.holds,
    stepBacks: p.stepBacks,
    steps: p.steps.map((s) => `${s.date}: ${formatDose(s.dose)} ${p.unit}`).join('; '),
    version: p.version,
  };
}

export async function requirePlan(trx: Trx, planId: number, version: number) {
  const r = await planById(trx, planId);
  if (!r) throw new AppError('NOT_FOUND', 'That plan is not on record.');
  if (r.version !== version)
    throw await staleEditError(trx, { entity: 'taper_plan', entityId: planId, thing: 'taper plan' });
  return r;
}
