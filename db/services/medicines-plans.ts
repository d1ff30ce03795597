import { addCalendarDays, calendarDaysBetween } from '../../shared/clinical/calendar';
import {
  administrationsForDailyDose,
  administrationStepMg,
  planTaperAdministrations,
  reduceLargerDoseFirst,
  roundToAvailableStrengths,
  scoreCows,
  TAPER_DEFAULTS,
  type AdministrationStep,
  type DoseForm,
} from '../../shared/clinical/medicines/index';
import { formatDateGb, londonToday } from '../../shared/dates';
import { deliveredMcgPerHour } from '../../shared/clinical/medicines/ome';
import { explainStepLengths } from '../../shared/clinical/medicines/taper-step-length';
import { solidStrengthsMg } from '../../shared/clinical/medicines/entry-checks';
import {
  planProductTaper,
  taperClassRule,
  taperGrid,
  type TaperProduct,
} from '../../shared/clinical/medicines/taper-products';
import {
  formatDose,
  formularyEntry,
  PLAN_STATUS_LABELS,
  type PlanAction,
  type TaperPlan,
} from '../../shared/domain/medicines';
import { AppError } from '../../shared/result';
import type { z } from 'zod';
import type { createPlanSchema, recordReviewSchema } from '../../shared/domain/medicines';
import {
  doseFieldsOf,
  planSummaryFromRow,
  reviewFromRow,
  stepFromRow,
  withLengthNotes,
} from '../mappers/medicines';
import {
  addStepLengthCause,
  currentEntryOfItem,
  eventsOfPlan,
  openPlanForItem,
  planById,
  replaceSteps,
  reviewsOfPlan,
  stepsOfPlan,
  userName,
} from '../queries/medicines';
import type { DB } from '../schema';
import type { Kysely } from 'kysely';
import { writeAudit } from './audit';
import type { HandlerContext, Trx } from './context';
import { completeActionByLink } from './mdt-actions';
import { clinical, writeNewVersion } from './medicines';
import { isOpioid, taperAmount } from './medicines-ome';
import { recordMedicinesReview } from './medicines-reviews';
import { prnPlanSteps, withSupply } from './medicines-plan-supply';
import { shippedRuleSetText } from '../../shared/domain/rule-set-names';
import { ASHTON_BENZODIAZEPINE_TAPER } from '../../shared/clinical/medicines/benzo-ashton';
import { requirePatient } from './patients';
import { medicineRules } from './rule-sets';
import { ashtonStepsFor } from './medicines-benzo';
import { formularyEntryIn, SHIPPED_MEDICINE_RULES, type MedicineRules } from '../../shared/domain/rule-sets';
import { staleEditError } from './stale-edit';
import { nameOfVersion } from '../queries/rule-sets';

type CreatePlan = z.output<typeof createPlanSchema>;
type RecordReview = z.output<typeof recordReviewSchema>;

/** The strengths a taper can be given with (mg for tablets/capsules, mcg/h for patches), from the formulary. */
export function taperStrengths(
  formularyId: string,
  unit: string,
  formulary: Pick<MedicineRules, 'formulary'> = SHIPPED_MEDICINE_RULES,
): number[] {
  const f = formularyEntryIn(formulary, formularyId) ?? formularyEntry(formularyId);
  if (!f) return [];
  const want = unit === 'mcg/h' ? 'mcg/h' : 'mg';
  return f.strengths.filter((s) => s.unit === want).map((s) => s.value);
}

/**
 * The real products a taper of this medicine can use (issue 13): patch strengths with what each delivers,
 * tablet/capsule strengths (halves only for scored immediate-release tablets), or an oral liquid measured to
 * 0.5 mL. Null when the product has none of these (the older engine is used).
 */
export function taperProductFor(
  formularyId: string,
  unit: string,
  rules: Pick<MedicineRules, 'formulary' | 'ome'> & Partial<Pick<MedicineRules, 'ashton'>>,
): TaperProduct | null {
  const f = formularyEntryIn(rules, formularyId) ?? formularyEntry(formularyId);
  if (!f) return null;
  if (unit === 'mcg/h') {
    const rule = rules.ome.patches.find((p) => p.drug === f.generic);
    const patches = f.strengths
      .filter((x) => x.unit === 'mcg/h')
      .map((x) => ({
        labelled: x.value,
        delivered: rule?.table.find((r) => r.mcgPerHour === x.value)?.deliveredMcgPerHour ?? x.value,
      }));
    return patches.length > 0 ? { kind: 'patch', patches, changeEveryDays: f.changeEveryDays ?? 3 } : null;
  }
  const solid = solidStrengthsMg(f);
  if (solid.length > 0)
    return {
      kind: 'solid',
      strengthsMg: solid,
      halvable: f.scored === true && f.release === 'immediate',
      unit: f.form.replace('modified-release ', 'modified-release ').replace('gastro-resistant ', ''),
      // Ashton steps of 0.5 mg: the part below half a 2 mg tablet is 2 mg/5 mL oral solution (0.4 mg/mL).
      ...(f.generic === 'diazepam' && f.release === 'immediate'
        ? { liquidTopUpMgPerMl: (rules.ashton ?? ASHTON_BENZODIAZEPINE_TAPER).liquidMgPer5Ml / 5 }
        : {}),
    };
  const liquid = f.route === 'oral' ? f.strengths.find((x) => x.unit === 'mg/mL') : undefined;
  if (liquid && f.strengths.length === 1) return { kind: 'liquid', mgPerMl: liquid.value, measureMl: 0.5 };
  return null;
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

/**
 * How a medicine's doses can be given, for rounding a taper: tablet/capsule strengths (mg), patch strengths
 * (mcg/h), or a liquid's concentration (rounded to 0.5 mL, shown in mL as well as mg).
 */
export function doseFormFor(
  formularyId: string,
  unit: string,
  formulary: Pick<MedicineRules, 'formulary'> = SHIPPED_MEDICINE_RULES,
): DoseForm {
  const f = formularyEntryIn(formulary, formularyId) ?? formularyEntry(formularyId);
  if (!f) return { kind: 'none' };
  const solid = taperStrengths(formularyId, unit, formulary);
  if (solid.length > 0) return { kind: 'solid', strengthsMg: solid };
  // Oral liquids only: injections are measured differently and are not rounded here.
  const liquid =
    unit === 'mcg/h' || f.route !== 'oral' ? undefined : f.strengths.find((x) => x.unit === 'mg/mL');
  if (liquid && f.strengths.length === 1) return { kind: 'liquid', mgPerMl: liquid.value };
  return { kind: 'none' };
}

/**
 * Where a taper of this medicine version starts: the doses at each time of day (uneven doses as recorded,
 * otherwise the dose × times a day; a patch is one "dose" in mcg/h), the form to round to, and a liquid's
 * concentration. For callers that draft plans (createPlan, MDT actions).
 */
export function taperStartFor(
  med: Parameters<typeof doseFieldsOf>[0],
  formulary: Pick<MedicineRules, 'formulary'> = SHIPPED_MEDICINE_RULES,
): {
  startDose: number;
  unit: 'mg/day' | 'mcg/h';
  startAdministrations: number[];
  form: DoseForm;
  mgPerMl: number | null;
} {
  const fields = doseFieldsOf(med);
  const { dose, unit } = taperAmount(fields);
  const times = unit === 'mcg/h' ? 1 : (med.times_per_day ?? 1);
  const startAdministrations =
    unit === 'mcg/h'
      ? [dose]
      : (fields.administrationsMg ?? Array.from({ length: times }, () => fields.doseMg ?? dose / times));
  const form = doseFormFor(med.formulary_id, unit, formulary);
  return {
    startDose: dose,
    unit,
    startAdministrations,
    form,
    mgPerMl: form.kind === 'liquid' ? form.mgPerMl : null,
  };
}

/**
 * Generates the taper with the shared engine, rounded to doses the formulary strengths (or 0.5 mL of a
 * liquid) can give, with the dose at each time of day for every step (planTaperAdministrations: larger dose
 * first, ties the earlier dose; equal doses stay equal; rounded up so the plan is never faster than
 * configured). For a "reduce to" goal the plan ends at the target dose.
 *
 * Without `startAdministrations`/`form` (older callers), the dose is split equally over `timesPerDay` and
 * rounded to the solid `strengths`, exactly as before.
 */
export function generateTaper(input: {
  startDose: number;
  percent: number;
  intervalDays: number;
  startDate: string;
  strengths: number[];
  timesPerDay: number;
  goal: 'stop' | 'reduce';
  targetDose: number | null;
  startAdministrations?: number[];
  form?: DoseForm;
}): { steps: AdministrationStep[]; roundTo: number | null } {
  const times = input.timesPerDay;
  const start =
    input.startAdministrations ??
    Array.from({ length: times }, () => Math.round((input.startDose / times) * 1000) / 1000);
  const form: DoseForm =
    input.form ??
    (input.strengths.length > 0 ? { kind: 'solid', strengthsMg: input.strengths } : { kind: 'none' });
  const stepMg = administrationStepMg(form);
  const even = start.every((d) => d === start[0]);
  const roundTo = stepMg === null ? null : even ? Math.round(stepMg * start.length * 1e6) / 1e6 : stepMg;
  const steps = planTaperAdministrations({
    mode: 'percent-of-start',
    percent: input.percent,
    intervalDays: input.intervalDays,
    startDate: input.startDate,
    startAdministrations: start,
    form,
  });
  if (input.goal === 'reduce' && input.targetDose !== null) {
    const target = input.targetDose;
    const cut = steps.findIndex((s, i) => i > 0 && s.dose <= target);
    if (cut > 0) {
      const prev = steps[cut - 1]!.administrations.map((a) => a.mg);
      const mgs = reduceLargerDoseFirst(prev, target, even ? null : stepMg);
      steps.splice(cut + 1);
      steps[cut] = {
        date: steps[cut]!.date,
        dose: target,
        administrations: mgs.map((mg) => ({
          mg,
          ml: form.kind === 'liquid' ? Math.round((mg / form.mgPerMl) * 1000) / 1000 : null,
        })),
      };
    }
  }
  return { steps, roundTo };
}

type CurrentEntry = NonNullable<Awaited<ReturnType<typeof currentEntryOfItem>>>;
export type PlannedStep = AdministrationStep & {
  products?: string;
  note?: string | null;
  /** Why the step lasts longer than the plan's interval (taper-step-length.ts). */
  lengthCauses?: string[];
};

/**
 * The steps of a taper of `med` from its current dose: real products where the formulary has them
 * (planProductTaper), otherwise the older engine; the class default (TAPER_CLASS_DEFAULTS) when % or interval
 * is not given; dates off weekends and bank holidays when asked. Used to draft a plan and to revise one.
 */
/** The rule set {@link planStepsFor} takes its reduction from, as stored on the plan (set key and version). */
export function planRuleSetFor(
  rules: MedicineRules,
  med: CurrentEntry,
  percent: number | undefined,
): { setKey: string; version: string } {
  const { unit } = taperStartFor(med, rules);
  const meta =
    med.generic === 'diazepam' && percent === undefined && unit === 'mg/day'
      ? rules.ashton.meta
      : percent === undefined && taperClassRule(med.generic, med.drug_class, rules.taperClasses)
        ? rules.taperClasses.meta
        : rules.taper.meta;
  return { setKey: meta.id, version: meta.version };
}

export function planStepsFor(
  rules: MedicineRules,
  med: CurrentEntry,
  input: {
    percent: number | undefined;
    intervalDays: number | undefined;
    startDate: string;
    goal: 'stop' | 'reduce';
    targetDose: number | null;
    avoidWeekends: boolean;
  },
  fieldPrefix = '',
): { steps: PlannedStep[]; roundTo: number | null; percent: number; intervalDays: number } {
  const { startDose, unit, startAdministrations, form } = taperStartFor(med, rules);
  const targetDose = input.targetDose;
  if (med.generic === 'diazepam' && input.percent === undefined && unit === 'mg/day') {
    // Issue 13: diazepam's default is the Ashton reduction (never the opioid 10% default).
    const ashton = ashtonStepsFor(med, startAdministrations, input, fieldPrefix, rules.ashton);
    const tablets = taperProductFor(med.formulary_id, unit, rules);
    return {
      ...ashton,
      steps: explainStepLengths(ashton.steps, ashton.intervalDays, tablets, input.avoidWeekends),
    };
  }
  const product = taperProductFor(med.formulary_id, unit, rules);
  const classRule = taperClassRule(med.generic, med.drug_class, rules.taperClasses);
  const stepAmount =
    input.percent !== undefined
      ? (startDose * input.percent) / 100
      : (classRule?.stepMg ?? (startDose * (classRule?.percentOfStart ?? rules.taper.percent)) / 100);
  const intervalDays = input.intervalDays ?? classRule?.intervalDays ?? rules.taper.intervalDays;
  const percent = Math.round((stepAmount / startDose) * 100 * 1000) / 1000;
  let steps: PlannedStep[];
  let roundTo: number | null;
  if (med.dose_kind === 'prn') {
    // As needed (issue 13): the 24-hour maximum comes down by the dose each time and/or the doses allowed.
    ({ steps, roundTo } = prnPlanSteps(med, product, {
      stepAmount,
      intervalDays,
      startDate: input.startDate,
      targetDose,
      fieldPrefix,
    }));
  } else if (product) {
    // Real products (issue 13): patches counted by what they deliver (fentanyl 12 = 12.5).
    const rule = rules.ome.patches.find((p) => p.drug === med.generic);
    const start = unit === 'mcg/h' && rule ? [deliveredMcgPerHour(startDose, rule)] : startAdministrations;
    const planned = clinical(
      () =>
        planProductTaper({
          startAdministrations: start,
          product,
          stepAmount,
          intervalDays,
          startDate: input.startDate,
          ...(targetDose !== null ? { targetDose } : {}),
        }),
      fieldPrefix,
    );
    steps = planned.map((x, i) => ({
      date: x.date,
      // Step 0 keeps the dose as recorded (a 12 patch stays 12), so the plan matches the medicine line.
      dose: i === 0 ? startDose : x.dose,
      administrations: x.administrations.map((mg) => ({
        mg,
        ml: product.kind === 'liquid' ? Math.round((mg / product.mgPerMl) * 1000) / 1000 : null,
      })),
      products: x.products,
      note: x.note,
    }));
    const grid = taperGrid(product);
    roundTo = start.every((d) => d === start[0]) ? Math.round(grid * start.length * 1e6) / 1e6 : grid;
  } else {
    const strengths = taperStrengths(med.formulary_id, unit, rules);
    ({ steps, roundTo } = clinical(
      () =>
        generateTaper({
          startDose,
          percent,
          intervalDays,
          startDate: input.startDate,
          strengths,
          timesPerDay: startAdministrations.length,
          goal: input.goal,
          targetDose,
          startAdministrations,
          form,
        }),
      fieldPrefix,
    ));
  }
  // Why a step lasts longer than the interval (rounding, then dates moved off weekends and bank holidays).
  steps = explainStepLengths(steps, intervalDays, product, input.avoidWeekends);
  return { steps, roundTo, percent, intervalDays };
}

async function loadPlan(db: Kysely<DB>, planId: number, rules: MedicineRules): Promise<TaperPlan> {
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

function auditOf(p: TaperPlan): Record<string, unknown> {
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

async function requirePlan(trx: Trx, planId: number, version: number) {
  const r = await planById(trx, planId);
  if (!r) throw new AppError('NOT_FOUND', 'That plan is not on record.');
  if (r.version !== version)
    throw await staleEditError(trx, { entity: 'taper_plan', entityId: planId, thing: 'taper plan' });
  return r;
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
