import {
  calculateOme,
  CDC_2022,
  OPIOID_ROUTES,
  opioidDoseFromEntry,
  type OpioidDose,
  type OpioidRoute,
} from '../../shared/clinical/medicines/index';
import type { CdcComparison, MedicineEntry } from '../../shared/domain/medicines';
import { doseEntryOf, isOpioid, type DoseFields } from './medicines-ome';

/** The label shown wherever the comparison appears. */
export const CDC_COMPARISON_LABEL = 'CDC 2022 (US) — comparison only, not used for UK totals or flags';

function cdcDose(d: DoseFields): OpioidDose | null {
  if (!isOpioid(d.drugClass) || !(OPIOID_ROUTES as readonly string[]).includes(d.route)) return null;
  return opioidDoseFromEntry(d.generic, d.route as OpioidRoute, doseEntryOf(d));
}

/**
 * The US CDC 2022 morphine milligram equivalents (MME) of the current medicines, per item and in total,
 * beside the UK Opioids Aware OME (the service's clinical decisions (clinical lead), medicines 1: "CDC 2022 may be shown beside it as a labelled
 * comparison, never mixed into the UK total"). Computed with the shared calculateOme and the CDC_2022 rule
 * set; nothing here is stored or used for the UK total, the thresholds or the combination flags. PRN doses
 * count at the prescribed maximum, as in the UK total.
 */
export function cdcComparisonFor(
  current: { entry: MedicineEntry; fields: DoseFields }[],
  ukTotalMgPer24h: number,
): CdcComparison {
  const opioids = current
    .map((c) => ({ ...c, dose: cdcDose(c.fields) }))
    .filter((c): c is typeof c & { dose: OpioidDose } => c.dose !== null);
  const total = calculateOme(
    opioids.map((o) => o.dose),
    CDC_2022,
  );
  return {
    label: CDC_COMPARISON_LABEL,
    ruleSet: { ...total.ruleSet, source: CDC_2022.meta.source },
    totalMgPer24h: total.totalMgPer24h,
    complete: total.complete,
    cautions: total.cautions,
    ukTotalMgPer24h,
    items: opioids.map((o) => {
      const item = calculateOme([o.dose], CDC_2022).items[0]!;
      return {
        itemId: o.entry.itemId,
        name: o.entry.name,
        ukOmeMgPer24h: o.entry.ome?.omeMgPer24h ?? null,
        ukFactor: o.entry.ome?.factor ?? null,
        cdcMmeMgPer24h: item.omeMgPer24h,
        cdcFactor: item.factor,
        // The shared arithmetic says "mg OME"; in this comparison the unit is the US MME.
        cdcExplanation: item.explanation.replace(/mg OME/g, 'mg MME'),
      };
    }),
  };
}
