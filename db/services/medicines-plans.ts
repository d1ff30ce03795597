import { calendarDaysBetween } from '../../shared/clinical/calendar';
import {
  administrationsForDailyDose,
  reduceLargerDoseFirst,
  roundToAvailableStrengths,
  type AdministrationStep,
  type DoseForm,
} from '../../shared/clinical/medicines/index';
import { formatDose, type TaperPlan } from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import type { z } from 'zod';
import type { createPlanSchema } from '../../shared/domain/medicines';
import { doseFieldsOf } from '../mappers/medicines';
import { currentEntryOfItem, openPlanForItem, replaceSteps, stepsOfPlan } from '../queries/medicines';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { completeActionByLink } from './mdt-actions';
import { clinical } from './medicines';
import { isOpioid, taperAmount } from './medicines-ome';
import { requirePatient } from './patients';
import { medicineRules } from './rule-sets';
import {
  doseFormFor,
  planRuleSetFor,
  planStepsFor,
  taperStartFor,
  taperStrengths,
} from './medicines-plan-steps';
import { auditOf, loadPlan, requirePlan } from './medicines-plan-read';

/**
 * Drafting a taper plan (createPlan, insertDraftPlan), editing a draft's steps and signing it off. Working out
 * the steps is in medicines-plan-steps.ts; reviews in medicines-plan-review.ts; pause, resume and abandon in
 * medicines-plan-actions.ts.
 */

type CreatePlan = z.output<typeof createPlanSchema>;

export async function createPlan(ctx: HandlerContext, input: CreatePlan): Promise<TaperPlan> {
  await requirePatient(ctx, input.patientId);
  return ctx.conn.db.transaction().execute(async (trx) => {
    const { id } = await insertDraftPlan(trx, ctx, {
      ...input,
      percent: input.percent,
      intervalDays: input.intervalDays,
      targetDose: input.targetDose ?? null,
    });
    const plan = await loadPlan(trx, id, medicineRules(ctx.conn));
    await writeAudit(trx, ctx, {
      action: 'medicines.plan.create',
      entity: 'taper_plan',
      entityId: id,
      patientId: input.patientId,
      after: { ...auditOf(plan), reason: input.reason },
    });
    return plan;
  });
}

/**
 * Drafts a taper plan for one current regular medicine inside the caller's transaction: checks the medicine
 * can be tapered, generates the steps with the shared engine (rounded to the formulary in use) and inserts the
 * plan and its steps in status 'draft'. Used by createPlan and by MDT actions (db/services/mdt-links.ts);
 * the caller writes the audit row. Field errors are named `${fieldPrefix}itemId` / `${fieldPrefix}targetDose`.
 */
export async function insertDraftPlan(
  trx: Trx,
  ctx: HandlerContext,
  input: {
    patientId: number;
    itemId: number;
    goal: 'stop' | 'reduce';
    targetDose: number | null;
    /** Undefined: the class default (TAPER_CLASS_DEFAULTS). */
    percent: number | undefined;
    intervalDays: number | undefined;
    startDate: string;
    nurseId: number | null;
    reason: string;
    sourceMdtActionId?: number;
    avoidWeekends?: boolean;
  },
  fieldPrefix = '',
): Promise<{
  id: number;
  steps: AdministrationStep[];
  startDose: number;
  unit: string;
  medicineName: string;
}> {
  const itemField = `${fieldPrefix}itemId`;
  const med = await currentEntryOfItem(trx, input.itemId);
  if (!med || med.patient_id !== input.patientId) {
    const m = 'That medicine is not on this patient’s list.';
    throw new AppError('NOT_FOUND', m, { [itemField]: m });
  }
  if (med.status !== 'active') {
    const m = 'This medicine has been stopped.';
    throw new AppError('CONFLICT', m, { [itemField]: m });
  }
  if (await openPlanForItem(trx, input.itemId)) {
    const m = 'This medicine already has a plan that is not finished.';
    throw new AppError('CONFLICT', m, { [itemField]: m });
  }
  const rules = medicineRules(ctx.conn);
  const { startDose, unit, startAdministrations, mgPerMl } = taperStartFor(med, rules);
  const targetDose = input.goal === 'reduce' ? input.targetDose : null;
  if (input.goal === 'reduce' && targetDose === null) {
    const m = 'Enter the dose to reduce to.';
    throw new AppError('VALIDATION', m, { [`${fieldPrefix}targetDose`]: m });
  }
  if (targetDose !== null && targetDose >= startDose) {
    const m = `The target must be below the current dose (${formatDose(startDose)} ${unit}).`;
    throw new AppError('VALIDATION', m, { [`${fieldPrefix}targetDose`]: m });
  }
  const { steps, roundTo, percent, intervalDays } = planStepsFor(
    rules,
    med,
    { ...input, targetDose, avoidWeekends: input.avoidWeekends ?? false },
    fieldPrefix,
  );
  const times = startAdministrations.length;
  const at = ctx.now().toISOString();
  // The rule set the steps were made with (Settings › Clinical rule sets): issue 13 (stop 6) found a diazepam
  // plan, made with the Ashton reduction, labelled "Default opioid taper".
  const defaults = planRuleSetFor(rules, med, input.percent);
  const { id } = await trx
    .insertInto('taper_plans')
    .values({
      patient_id: input.patientId,
      item_id: input.itemId,
      medicine_name: med.name,
      generic: med.generic,
      is_opioid: isOpioid(med.drug_class) ? 1 : 0,
      goal: input.goal,
      target_dose: targetDose,
      unit,
      times_per_day: unit === 'mcg/h' ? null : times,
      reason: input.reason,
      mode: 'percent-of-start',
      percent,
      interval_days: intervalDays,
      start_date: input.startDate,
      start_dose: startDose,
      round_to: roundTo,
      current_step: 0,
      current_dose: startDose,
      status: 'draft',
      patient_agreed: 0,
      agreement_note: null,
      signed_off_by: null,
      signed_off_at: null,
      nurse_id: input.nurseId,
      next_review_date: null,
      holds: 0,
      step_backs: 0,
      start_ome: med.ome_mg_per_24h,
      current_ome: med.ome_mg_per_24h,
      rule_set_id: defaults.setKey,
      rule_set_version: defaults.version,
      created_at: at,
      created_by: ctx.session?.userId ?? null,
      updated_at: at,
      version: 1,
      mg_per_ml: mgPerMl,
      source_mdt_action_id: input.sourceMdtActionId ?? null,
      avoid_weekends: input.avoidWeekends ? 1 : 0,
      // An as-needed line (issue 13): counted at its 24-hour maximum; 0 when no minimum interval was given.
      prn_min_interval_hours: med.dose_kind === 'prn' ? (med.prn_min_interval_hours ?? 0) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceSteps(trx, id, steps);
  return { id, steps, startDose, unit, medicineName: med.name };
}

/** A dose per administration that the strengths can make exactly. */
function makeable(dose: number, strengths: number[]): boolean {
  if (strengths.length === 0 || dose === 0) return true;
  return roundToAvailableStrengths(dose, strengths, 'down') === dose;
}

const sumOf = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;

/**
 * The doses of the day for edited steps, from step 0's doses (larger dose first, rounded up to what the
 * form can give). A step whose daily dose cannot be split that way gets a field message instead.
 */
function editedAdministrations(
  start: number[],
  steps: { date: string; dose: number }[],
  form: DoseForm,
  exactLast: boolean,
  fields: Record<string, string>,
): (number[] | null)[] {
  const out: (number[] | null)[] = [start];
  let prev = start;
  steps.slice(1).forEach((s, j) => {
    const i = j + 1;
    if (s.dose >= sumOf(prev) || s.dose < 0) {
      out.push(null);
      return;
    }
    const last = i === steps.length - 1;
    const mgs =
      last && exactLast
        ? reduceLargerDoseFirst(prev, s.dose, null)
        : administrationsForDailyDose(prev, s.dose, form).map((a) => a.mg);
    if (sumOf(mgs) !== s.dose) {
      const unit = form.kind === 'liquid' ? ` (0.5 mL of ${formatDose(form.mgPerMl)} mg/mL)` : '';
      fields[`steps.${i}.dose`] ??=
        `${formatDose(s.dose)} mg a day cannot be made from the available strengths${unit} (nearest: ${formatDose(sumOf(mgs))} mg, split larger dose first).`;
    }
    out.push(mgs);
    prev = mgs;
  });
  return out;
}

export async function updateSteps(
  ctx: HandlerContext,
  input: { planId: number; version: number; steps: { date: string; dose: number }[] },
): Promise<TaperPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const r = await requirePlan(trx, input.planId, input.version);
    if (r.status !== 'draft')
      throw new AppError(
        'CONFLICT',
        'Steps can be edited only before the plan starts. Pause it and change the plan.',
      );
    if (r.prn_min_interval_hours !== null) {
      const m =
        'The steps of an as-needed plan are worked out from the dose each time and the most doses in 24 hours: change the reduction or the interval by abandoning this draft and making a new plan.';
      throw new AppError('VALIDATION', m, { 'steps.0.dose': m });
    }
    const med = await currentEntryOfItem(trx, r.item_id);
    const strengths = med ? taperStrengths(med.formulary_id, r.unit, medicineRules(ctx.conn)) : [];
    const times = r.times_per_day ?? 1;
    const fields: Record<string, string> = {};
    const oldSteps = await stepsOfPlan(trx, r.id);
    const step0 = oldSteps.find((x) => x.step_no === 0);
    const start = step0?.administrations_json ? (JSON.parse(step0.administrations_json) as number[]) : null;
    input.steps.forEach((s, i) => {
      const prev = input.steps[i - 1];
      if (i === 0 && s.dose !== r.start_dose)
        fields[`steps.${i}.dose`] =
          `The first step is the current dose (${formatDose(r.start_dose)} ${r.unit}).`;
      if (prev && s.date <= prev.date)
        fields[`steps.${i}.date`] = 'Each step must come after the one before.';
      if (prev && s.dose >= prev.dose) fields[`steps.${i}.dose`] = 'Each step must lower the dose.';
      if (start === null && !makeable(s.dose / times, strengths))
        fields[`steps.${i}.dose`] =
          `${formatDose(s.dose / times)} mg a dose cannot be made from the strengths ${strengths.join(', ')}.`;
    });
    const last = input.steps[input.steps.length - 1]!;
    const end = r.goal === 'stop' ? 0 : (r.target_dose ?? 0);
    if (last.dose !== end)
      fields[`steps.${input.steps.length - 1}.dose`] =
        r.goal === 'stop'
          ? 'The last step of a plan to stop is 0.'
          : `The last step is the target (${formatDose(end)}).`;
    const admins =
      start === null || !med
        ? input.steps.map(() => null)
        : clinical(() =>
            editedAdministrations(
              start,
              input.steps,
              doseFormFor(med.formulary_id, r.unit, medicineRules(ctx.conn)),
              r.goal === 'reduce',
              fields,
            ),
          );
    const first = Object.values(fields)[0];
    if (first) throw new AppError('VALIDATION', first, fields);
    const before = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    await replaceSteps(
      trx,
      r.id,
      input.steps.map((s, i) => ({
        ...s,
        administrations: admins[i] ? admins[i].map((mg) => ({ mg, ml: null })) : null,
        lengthCauses: editedLengthCauses(oldSteps, input.steps, i, r.interval_days),
      })),
    );
    await trx
      .updateTable('taper_plans')
      .set({ start_date: input.steps[0]!.date, updated_at: ctx.now().toISOString(), version: r.version + 1 })
      .where('id', '=', r.id)
      .execute();
    const after = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    await writeAudit(trx, ctx, {
      action: 'medicines.plan.steps',
      entity: 'taper_plan',
      entityId: r.id,
      patientId: r.patient_id,
      before: auditOf(before),
      after: auditOf(after),
    });
    return after;
  });
}

/**
 * Why an edited draft step lasts longer than the interval: the reasons it had when its dates are unchanged,
 * otherwise the prescriber's choice of dates.
 */
function editedLengthCauses(
  old: readonly { date: string; length_causes: string | null }[],
  edited: readonly { date: string }[],
  i: number,
  intervalDays: number,
): string[] {
  const next = edited[i + 1];
  if (!next || calendarDaysBetween(edited[i]!.date, next.date) <= intervalDays) return [];
  if (old[i]?.date === edited[i]!.date && old[i + 1]?.date === next.date)
    return old[i]!.length_causes ? (JSON.parse(old[i]!.length_causes) as string[]) : [];
  return ['The prescriber set these step dates before the plan was signed off.'];
}

export async function signOffPlan(
  ctx: HandlerContext,
  input: { planId: number; version: number; agreementNote: string },
): Promise<TaperPlan> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const r = await requirePlan(trx, input.planId, input.version);
    if (r.status !== 'draft') throw new AppError('CONFLICT', 'This plan has already been signed off.');
    const med = await currentEntryOfItem(trx, r.item_id);
    if (!med || med.status !== 'active' || taperAmount(doseFieldsOf(med)).dose !== r.start_dose)
      throw new AppError(
        'CONFLICT',
        'The medicine changed since the plan was drafted. Abandon this draft and make a new plan.',
      );
    const steps = await stepsOfPlan(trx, r.id);
    const before = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    await trx
      .updateTable('taper_plans')
      .set({
        status: 'active',
        patient_agreed: 1,
        agreement_note: input.agreementNote,
        signed_off_by: ctx.session?.userId ?? null,
        signed_off_at: ctx.now().toISOString(),
        next_review_date: steps[1]?.date ?? null,
        updated_at: ctx.now().toISOString(),
        version: r.version + 1,
      })
      .where('id', '=', r.id)
      .execute();
    await trx
      .insertInto('taper_events')
      .values({
        plan_id: r.id,
        kind: 'signed-off',
        reason: input.agreementNote,
        at: ctx.now().toISOString(),
        by_user: ctx.session?.userId ?? null,
      })
      .execute();
    const after = await loadPlan(trx, r.id, medicineRules(ctx.conn));
    await writeAudit(trx, ctx, {
      action: 'medicines.plan.signOff',
      entity: 'taper_plan',
      entityId: r.id,
      patientId: r.patient_id,
      before: auditOf(before),
      after: { ...auditOf(after), patientAgreed: true, agreementNote: input.agreementNote },
    });
    // A plan drafted from an MDT action completes that action (same transaction, its own audit row).
    await completeActionByLink(trx, ctx, r.source_mdt_action_id, {
      kind: 'taper-plan',
      itemId: r.id,
      what: 'taper plan signed off (Medicines)',
    });
    return after;
  });
}
