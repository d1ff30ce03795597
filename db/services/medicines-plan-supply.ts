import { calendarDaysBetween } from '../../shared/clinical/calendar';
import { deliveredMcgPerHour } from '../../shared/clinical/medicines/ome';
import { stepSupply } from '../../shared/clinical/medicines/taper-quantities';
import type { TaperStepView } from '../../shared/domain/medicines';
import { clinical } from './medicines';
import type { MedicineRules } from '../../shared/domain/rule-sets';
import { taperGrid, type TaperProduct } from '../../shared/clinical/medicines/taper-products';
import { planPrnTaper } from '../../shared/clinical/medicines/taper-prn';
import { AppError } from '../../shared/result';
import type { AdministrationStep } from '../../shared/clinical/medicines/taper-doses';
import type { Selectable } from 'kysely';
import type { TaperPlansTable, TaperStepsTable } from '../schema-medicines';

/** A planned step (as medicines-plans.ts PlannedStep). */
type PlannedStep = AdministrationStep & { products?: string; note?: string | null };

/**
 * The quantities a GP prescribes for each step of a plan (issue 13), worked out on reading the plan from the
 * step's products and its length (its date to the next step's date), so a step held or moved later is never
 * short: see shared/clinical/medicines/taper-quantities.ts for the arithmetic.
 */
export function withSupply(
  views: TaperStepView[],
  rows: Selectable<TaperStepsTable>[],
  plan: Pick<Selectable<TaperPlansTable>, 'unit' | 'times_per_day' | 'generic' | 'prn_min_interval_hours'>,
  /** The plan's products (taperProductFor), or null when the formulary has none: no quantities. */
  product: TaperProduct | null,
  rules: Pick<MedicineRules, 'ome'>,
): TaperStepView[] {
  if (!product) return views;
  const patchRule = rules.ome.patches.find((p) => p.drug === plan.generic);
  return views.map((v, i) => {
    const row = rows[i];
    const next = views[i + 1];
    if (!row || !next || v.dose <= 0) return v;
    const stored = row.administrations_json ? (JSON.parse(row.administrations_json) as number[]) : null;
    const administrations =
      product.kind === 'patch'
        ? [stored?.[0] ?? (patchRule ? deliveredMcgPerHour(v.dose, patchRule) : v.dose)]
        : (stored ??
          Array.from({ length: plan.times_per_day ?? 1 }, () => v.dose / (plan.times_per_day ?? 1)));
    const supply = stepSupply({
      generic: plan.generic,
      product,
      administrations,
      days: calendarDaysBetween(v.date, next.date),
      asNeeded: plan.prn_min_interval_hours !== null,
    });
    return { ...v, supply };
  });
}

/**
 * The steps of a plan tapering an as-needed line (issue 13): planPrnTaper from the dose each time and the most
 * doses in 24 hours; each step stores the dose each time once per dose allowed, so its sum is the maximum.
 */
export function prnPlanSteps(
  med: { dose_mg: number | null; times_per_day: number | null },
  product: TaperProduct | null,
  input: {
    stepAmount: number;
    intervalDays: number;
    startDate: string;
    targetDose: number | null;
    fieldPrefix: string;
  },
): { steps: PlannedStep[]; roundTo: number | null } {
  if (!product || product.kind === 'patch' || med.dose_mg === null || med.times_per_day === null) {
    const m =
      'This as-needed medicine has no tablet, capsule or oral liquid strengths on the formulary to plan steps with.';
    throw new AppError('VALIDATION', m, { [`${input.fieldPrefix}itemId`]: m });
  }
  const planned = clinical(
    () =>
      planPrnTaper({
        dosePerTimeMg: med.dose_mg!,
        maxDoses: med.times_per_day!,
        product,
        stepAmount: input.stepAmount,
        intervalDays: input.intervalDays,
        startDate: input.startDate,
        ...(input.targetDose !== null ? { targetDose: input.targetDose } : {}),
      }),
    input.fieldPrefix,
  );
  return {
    steps: planned.map((x) => ({
      date: x.date,
      dose: x.dose,
      administrations: x.administrations.map((mg) => ({
        mg,
        ml: product.kind === 'liquid' ? Math.round((mg / product.mgPerMl) * 1000) / 1000 : null,
      })),
      products: x.products,
      note: x.note,
    })),
    roundTo: taperGrid(product),
  };
}
