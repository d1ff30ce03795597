import {
  administrationStepMg,
  planTaperAdministrations,
  reduceLargerDoseFirst,
  type AdministrationStep,
  type DoseForm,
} from '../../shared/clinical/medicines/index';
import { deliveredMcgPerHour } from '../../shared/clinical/medicines/ome';
import { explainStepLengths } from '../../shared/clinical/medicines/taper-step-length';
import { solidStrengthsMg } from '../../shared/clinical/medicines/entry-checks';
import {
  planProductTaper,
  taperClassRule,
  taperGrid,
  type TaperProduct,
} from '../../shared/clinical/medicines/taper-products';
import { formularyEntry } from '../../shared/domain/medicines';
import { doseFieldsOf } from '../mappers/medicines';
import type { currentEntryOfItem } from '../queries/medicines';
import { clinical } from './medicines';
import { taperAmount } from './medicines-ome';
import { prnPlanSteps } from './medicines-plan-supply';
import { ASHTON_BENZODIAZEPINE_TAPER } from '../../shared/clinical/medicines/benzo-ashton';
import { ashtonStepsFor } from './medicines-benzo';
import { formularyEntryIn, SHIPPED_MEDICINE_RULES, type MedicineRules } from '../../shared/domain/rule-sets';

/**
 * Working out a taper's steps: the strengths and products a medicine can be given with, where a taper starts,
 * and the steps themselves (planStepsFor, generateTaper). Used to draft a plan (medicines-plans.ts) and to
 * revise one (medicines-plan-versions.ts).
 */

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
