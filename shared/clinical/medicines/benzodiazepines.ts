import type { RuleSetMeta } from '../errors';
import { cleanNumber, normaliseDrugName, requireNonNegative } from './numbers';

/**
 * One row of the UK benzodiazepine/Z-drug equivalence table: the dose (mg) approximately equivalent to
 * diazepam 5 mg. `low`/`high` differ where the table gives a range (loprazolam, lormetazepam 0.5-1 mg).
 */
export interface BenzodiazepineEquivalence {
  drug: string;
  mgEquivalentToDiazepam5: { low: number; high: number };
}

/**
 * The UK (Scottish Government "Quality prescribing for benzodiazepines and Z-drugs", adapted from the Ashton
 * Manual) equivalence table, as data. Product decision: UK/Ashton table only; the US VA/DoD values differ
 * and are not used. Equivalence is approximate.
 */
export const BENZODIAZEPINE_EQUIVALENCE: { meta: RuleSetMeta; rows: readonly BenzodiazepineEquivalence[] } = {
  meta: {
    id: 'benzodiazepine-equivalence-uk',
    name: 'UK benzodiazepine and Z-drug equivalence (Ashton)',
    version: '1.0.0',
    source:
      'Scottish Government, Quality prescribing for benzodiazepines and Z-drugs (2024-2027), adapted from the ' +
      'Ashton Manual; alprazolam value from NHS Specialist Pharmacy Service.',
  },
  rows: [
    { drug: 'diazepam', mgEquivalentToDiazepam5: { low: 5, high: 5 } },
    { drug: 'alprazolam', mgEquivalentToDiazepam5: { low: 0.25, high: 0.25 } },
    { drug: 'chlordiazepoxide', mgEquivalentToDiazepam5: { low: 12.5, high: 12.5 } },
    { drug: 'clobazam', mgEquivalentToDiazepam5: { low: 10, high: 10 } },
    { drug: 'clonazepam', mgEquivalentToDiazepam5: { low: 0.25, high: 0.25 } },
    { drug: 'loprazolam', mgEquivalentToDiazepam5: { low: 0.5, high: 1 } },
    { drug: 'lorazepam', mgEquivalentToDiazepam5: { low: 0.5, high: 0.5 } },
    { drug: 'lormetazepam', mgEquivalentToDiazepam5: { low: 0.5, high: 1 } },
    { drug: 'nitrazepam', mgEquivalentToDiazepam5: { low: 5, high: 5 } },
    { drug: 'oxazepam', mgEquivalentToDiazepam5: { low: 10, high: 10 } },
    { drug: 'temazepam', mgEquivalentToDiazepam5: { low: 10, high: 10 } },
    { drug: 'zolpidem', mgEquivalentToDiazepam5: { low: 10, high: 10 } },
    { drug: 'zopiclone', mgEquivalentToDiazepam5: { low: 7.5, high: 7.5 } },
  ],
};

function findRow(drug: string): BenzodiazepineEquivalence | undefined {
  return BENZODIAZEPINE_EQUIVALENCE.rows.find((r) => r.drug === drug);
}

/**
 * Approximate diazepam-equivalent range (mg per 24 hours) from the UK/Ashton table: `mgPer24h × 5 / mg
 * equivalent to diazepam 5 mg`. For a ranged row (loprazolam, lormetazepam: 0.5-1 mg ≈ diazepam 5 mg) `low`
 * uses the 1 mg end and `high` the 0.5 mg end. Returns `null` for a drug not in the table.
 *
 * @throws ClinicalInputError (`INVALID_DOSE`) for a negative or non-numeric dose.
 */
export function diazepamEquivalentRangeMg(
  drug: string,
  mgPer24h: number,
): { low: number; high: number } | null {
  const name = normaliseDrugName(drug, 'drug');
  const mg = requireNonNegative(mgPer24h, 'mgPer24h', `The ${name} daily dose`);
  const row = findRow(name);
  if (!row) return null;
  return {
    low: cleanNumber((mg * 5) / row.mgEquivalentToDiazepam5.high),
    high: cleanNumber((mg * 5) / row.mgEquivalentToDiazepam5.low),
  };
}

/**
 * Approximate diazepam-equivalent dose (mg per 24 hours) from the UK/Ashton table only, e.g. lorazepam
 * 1 mg/day → 1 × 5 / 0.5 = 10 mg diazepam. Returns `null` for a drug not in the table, and also for the two
 * rows the table gives only as a range (loprazolam, lormetazepam), rather than guessing a single value: use
 * {@link diazepamEquivalentRangeMg} for those.
 *
 * @throws ClinicalInputError (`INVALID_DOSE`) for a negative or non-numeric dose.
 */
export function diazepamEquivalentMg(drug: string, mgPer24h: number): number | null {
  const range = diazepamEquivalentRangeMg(drug, mgPer24h);
  if (!range || range.low !== range.high) return null;
  return range.low;
}
