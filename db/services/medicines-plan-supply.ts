import { calendarDaysBetween } from '../../shared/clinical/calendar';
import { deliveredMcgPerHour } from '../../shared/clinical/medicines/ome';
import { stepSupply } from '../../shared/clinical/medicines/taper-quantities';
import type { TaperStepView } from '../../shared/domain/medicines';
import type { MedicineRules } from '../../shared/domain/rule-sets';
import type { TaperProduct } from '../../shared/clinical/medicines/taper-products';
import type { Selectable } from 'kysely';
import type { TaperPlansTable, TaperStepsTable } from '../schema-medicines';

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
