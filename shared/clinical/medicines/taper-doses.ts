import { ClinicalInputError } from '../errors';
import { cleanNumber, requireNonNegative, requirePositive } from './numbers';
import { doseStepFromStrengths, planTaper, roundToAvailableStrengths } from './taper';
import type { TaperInput, TaperStep } from './taper';

/**
 * Splitting a taper's daily doses into the doses given at each time of day, for uneven doses (morning
 * 20 mg, evening 10 mg) and for liquids (rounded to a volume that can be measured).
 *
 * Conventions (FPM Opioids Aware does not set one; these are the service's stated, conservative choices):
 * - **Larger dose first.** Each reduction comes off the largest dose of the day, one dose step (the
 *   strengths' common divisor, or one measurable volume of a liquid) at a time, so uneven doses level out
 *   before any dose is cut below the others. When two doses are equal, the **earlier** one in the day is
 *   reduced first, so the evening/night dose (sleep) is kept longest.
 * - **Never faster than planned.** Each dose is rounded **up** to what the strengths can give; a step whose
 *   rounded total would not go down is left out and the reduction comes at a later interval (as
 *   {@link planTaper} does). No dose of the day ever goes up from one step to the next.
 * - **Equal doses stay equal.** A start with the same dose at every time keeps equal doses (the daily dose
 *   is rounded to the dose step × the times a day), as the plans always have.
 * - **Liquids** round each dose to a multiple of {@link LIQUID_MEASURE_ML} (0.5 mL, measurable with an oral
 *   syringe) of the solution's concentration, and every dose carries its volume in mL beside the mg.
 */

/** The smallest liquid volume a dose is rounded to, in mL (an oral syringe measures 0.5 mL reliably). */
export const LIQUID_MEASURE_ML = 0.5;

/** How the medicine is given, for rounding: tablets/capsules (strengths in mg), a liquid, or neither. */
export type DoseForm =
  | { kind: 'solid'; strengthsMg: number[] }
  | { kind: 'liquid'; mgPerMl: number; measureMl?: number }
  | { kind: 'none' };

/** One dose of the day: mg, and for a liquid its volume in mL (otherwise `null`). */
export interface AdministrationDose {
  mg: number;
  ml: number | null;
}

/** A taper step with the dose at each time of day. `dose` is the daily total (the sum). */
export interface AdministrationStep extends TaperStep {
  administrations: AdministrationDose[];
}

/** Input to {@link planTaperAdministrations}: {@link TaperInput} without `startDose`/`roundTo`. */
export interface AdministrationTaperInput extends Omit<TaperInput, 'startDose' | 'roundTo'> {
  /** The doses taken now at each time of day, in mg, in the order taken (e.g. `[20, 10]`). */
  startAdministrations: number[];
  form: DoseForm;
}

/**
 * The liquid dose step in mg: the concentration × the measurable volume (1 mg/mL × 0.5 mL = 0.5 mg;
 * 2 mg/mL × 0.5 mL = 1 mg).
 *
 * @throws ClinicalInputError for a concentration or volume that is not above 0.
 */
export function liquidDoseStepMg(mgPerMl: number, measureMl: number = LIQUID_MEASURE_ML): number {
  const c = requirePositive(mgPerMl, 'mgPerMl', 'The concentration (mg/mL)');
  const v = requirePositive(measureMl, 'measureMl', 'The measurable volume (mL)');
  return cleanNumber(c * v);
}

/**
 * The volume of a liquid dose in mL (mg ÷ mg/mL), e.g. 5 mg of a 2 mg/mL solution = 2.5 mL.
 *
 * @throws ClinicalInputError for a negative dose or a concentration that is not above 0.
 */
export function mlForDose(mg: number, mgPerMl: number): number {
  const d = requireNonNegative(mg, 'mg', 'The dose');
  const c = requirePositive(mgPerMl, 'mgPerMl', 'The concentration (mg/mL)');
  return cleanNumber(d / c);
}

/** The dose step of a form (mg per dose), or `null` when there is nothing to round to. */
export function administrationStepMg(form: DoseForm): number | null {
  if (form.kind === 'solid')
    return form.strengthsMg.length > 0 ? doseStepFromStrengths(form.strengthsMg) : null;
  if (form.kind === 'liquid') return liquidDoseStepMg(form.mgPerMl, form.measureMl);
  return null;
}

/** Rounds one dose **up** to the nearest dose the form can give. */
function roundUpForForm(mg: number, form: DoseForm, step: number | null): number {
  if (mg === 0 || step === null) return mg;
  if (form.kind === 'solid') return roundToAvailableStrengths(mg, form.strengthsMg, 'up');
  return cleanNumber(Math.ceil(cleanNumber(mg / step)) * step);
}

function checkAdministrations(list: unknown, field: string): number[] {
  if (!Array.isArray(list) || list.length === 0 || list.length > 24) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'Give the dose at each time of day (1 to 24 doses).',
      field,
    );
  }
  return list.map((d, i) => requireNonNegative(d, `${field}.${i}`, `Dose ${i + 1}`));
}

/** Index of the largest dose; on a tie, the earliest in the day. */
function largest(doses: number[]): number {
  let best = 0;
  doses.forEach((d, i) => {
    if (d > doses[best]!) best = i;
  });
  return best;
}

/**
 * Takes `current` (mg at each time of day) down to a daily total of `newDailyMg`, larger dose first:
 * one `stepMg` at a time comes off the largest dose (ties: the earliest in the day), never below 0. Without
 * a step, the largest doses are levelled down continuously to a common level. A total at or above the
 * current one returns the doses unchanged.
 *
 * Examples: `[20, 10]` to 25 with step 5 → `[15, 10]`; to 20 → `[10, 10]`; to 15 → `[5, 10]`.
 *
 * @throws ClinicalInputError for a missing or negative dose, or a step that is not above 0.
 */
export function reduceLargerDoseFirst(
  current: number[],
  newDailyMg: number,
  stepMg: number | null,
): number[] {
  const doses = checkAdministrations(current, 'current');
  const target = requireNonNegative(newDailyMg, 'newDailyMg', 'The new daily dose');
  const total = cleanNumber(doses.reduce((a, b) => a + b, 0));
  let remaining = cleanNumber(total - target);
  if (remaining <= 0) return doses;
  if (target === 0) return doses.map(() => 0);
  if (stepMg === null) {
    // Continuous levelling: find the level L with sum(max(0, d - L)) = remaining.
    const sorted = [...doses].sort((a, b) => b - a);
    let level = 0;
    let taken = 0;
    for (let k = 0; k < sorted.length; k++) {
      const next = sorted[k + 1] ?? 0;
      const room = (sorted[k]! - next) * (k + 1);
      if (taken + room >= remaining) {
        level = sorted[k]! - (remaining - taken) / (k + 1);
        break;
      }
      taken += room;
    }
    return doses.map((d) => cleanNumber(Math.min(d, level)));
  }
  const step = requirePositive(stepMg, 'stepMg', 'The dose step');
  const out = [...doses];
  const maxRounds = Math.ceil(remaining / step) + out.length;
  for (let round = 0; remaining > 0 && round <= maxRounds; round++) {
    const i = largest(out);
    const take = Math.min(step, remaining, out[i]!);
    if (take <= 0) break;
    out[i] = cleanNumber(out[i]! - take);
    remaining = cleanNumber(remaining - take);
  }
  return out;
}

function withMl(mgs: number[], form: DoseForm): AdministrationDose[] {
  return mgs.map((mg) => ({ mg, ml: form.kind === 'liquid' ? mlForDose(mg, form.mgPerMl) : null }));
}

function sum(values: number[]): number {
  return cleanNumber(values.reduce((a, b) => a + b, 0));
}

/**
 * Plans a taper (with {@link planTaper}) and gives the dose at each time of day for every step, using the
 * conventions above: larger dose first (ties: earlier dose first), rounded up to what the form can give
 * (tablet strengths, or 0.5 mL of a liquid), never faster than planned, equal doses kept equal.
 *
 * The first step is the start on the start date; the last step is 0. `dose` is always the sum of the
 * step's `administrations`.
 *
 * @throws ClinicalInputError for invalid doses, strengths or concentration, plus anything
 *   {@link planTaper} throws.
 */
export function planTaperAdministrations(input: AdministrationTaperInput): AdministrationStep[] {
  if (!input || typeof input !== 'object') {
    throw new ClinicalInputError('INVALID_INPUT', 'The taper settings are missing.', 'input');
  }
  const start = checkAdministrations(input.startAdministrations, 'startAdministrations');
  const startDose = sum(start);
  const form = input.form;
  const step = administrationStepMg(form);
  const even = start.every((d) => d === start[0]);
  const times = start.length;
  const { startAdministrations: _s, form: _f, ...rest } = input;
  const raw = planTaper({
    ...rest,
    startDose,
    ...(step !== null ? { roundTo: even ? cleanNumber(step * times) : step } : {}),
  });
  const out: AdministrationStep[] = [
    { date: raw[0]!.date, dose: startDose, administrations: withMl(start, form) },
  ];
  let current = start;
  for (const s of raw.slice(1)) {
    let next: number[];
    if (s.dose === 0) {
      next = current.map(() => 0);
    } else if (even) {
      const per = roundUpForForm(cleanNumber(s.dose / times), form, step);
      next = current.map((c) => Math.min(c, per));
    } else {
      next = reduceLargerDoseFirst(current, s.dose, step).map((d, i) =>
        Math.min(current[i]!, roundUpForForm(d, form, step)),
      );
    }
    if (sum(next) >= sum(current)) continue;
    out.push({ date: s.date, dose: sum(next), administrations: withMl(next, form) });
    current = next;
  }
  return out;
}

/**
 * The doses at each time of day for a daily total reached from `previous` (larger dose first, rounded up
 * to what the form can give, never above the previous dose). Used when a clinician edits a step's daily
 * dose or a plan ends at a target dose.
 *
 * @throws ClinicalInputError for invalid doses or form.
 */
export function administrationsForDailyDose(
  previous: number[],
  dailyMg: number,
  form: DoseForm,
): AdministrationDose[] {
  const prev = checkAdministrations(previous, 'previous');
  const target = requireNonNegative(dailyMg, 'dailyMg', 'The daily dose');
  const step = administrationStepMg(form);
  const even = prev.every((d) => d === prev[0]);
  let next: number[];
  if (target === 0) next = prev.map(() => 0);
  else if (target >= sum(prev)) next = prev;
  else if (even && step === null) next = prev.map(() => cleanNumber(target / prev.length));
  else next = reduceLargerDoseFirst(prev, target, step);
  return withMl(
    next.map((d, i) => Math.min(prev[i]!, roundUpForForm(d, form, step))),
    form,
  );
}
