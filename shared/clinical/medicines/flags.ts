import { ClinicalInputError } from '../errors';
import type { RuleSetMeta } from '../errors';
import { formatNumber, formatOneDecimal, normaliseDrugName, requireNonNegative } from './numbers';
import type { DrugClass, Flag } from './types';
import { DRUG_CLASSES } from './types';

/** One OME threshold: at or above `mgPer24h` (inclusive) the flag `code` is raised. */
export interface OmeThreshold {
  code: string;
  mgPer24h: number;
  /** Short label, e.g. `high dose, review`. */
  label: string;
  source: string;
}

/** A versioned set of OME thresholds. Comparison is always inclusive (`total >= mgPer24h`). */
export interface OmeThresholdRuleSet {
  meta: RuleSetMeta;
  thresholds: OmeThreshold[];
}

/**
 * Default OME thresholds (mg OME per 24 hours, inclusive `>=`):
 * - 90: "high dose, review" (`OME_HIGH_DOSE`);
 * - 120: "harm rises without added benefit" (`OME_HARM_RISES`).
 *
 * Both are local settings (Settings › Clinical rule sets) that the service's clinical lead can change. The 90 mg
 * figure is the Faculty of Pain Medicine's revised Opioids Aware high-dose threshold (lowered from 120 mg in
 * 2025, and used in OpenPrescribing's opioid measures since November 2025); to be checked against the current
 * FPM text before sign-off.
 * 1.0.1: the sources name the publisher and year (1.0.0 cited a ticket number); no threshold changed.
 */
export const OME_THRESHOLDS: OmeThresholdRuleSet = {
  meta: {
    id: 'ome-thresholds-uk',
    name: 'UK OME thresholds (FPM Opioids Aware)',
    version: '1.0.1',
    source:
      'Faculty of Pain Medicine, Opioids Aware (harm rises above 120 mg/day oral morphine equivalent without ' +
      'added benefit; high-dose threshold revised to 90 mg/day in 2025). Local configurable thresholds, ' +
      'inclusive (at or above), set by the service’s clinical lead.',
  },
  thresholds: [
    {
      code: 'OME_HIGH_DOSE',
      mgPer24h: 90,
      label: 'high dose, review',
      source:
        'Faculty of Pain Medicine, Opioids Aware: high-dose threshold of 90 mg/day oral morphine equivalent ' +
        '(revised from 120 mg/day in 2025; also used by OpenPrescribing, Bennett Institute, University of ' +
        'Oxford, 2025). A local configurable threshold.',
    },
    {
      code: 'OME_HARM_RISES',
      mgPer24h: 120,
      label: 'harm rises without added benefit',
      source:
        'Faculty of Pain Medicine, Opioids Aware: the risk of harm rises substantially above 120 mg/day oral ' +
        'morphine equivalent with no increase in benefit (https://fpm.ac.uk/opioids-aware). A local ' +
        'configurable threshold.',
    },
  ],
};

function checkThresholds(rules: OmeThresholdRuleSet): void {
  if (!rules || !Array.isArray(rules.thresholds)) {
    throw new ClinicalInputError('INVALID_INPUT', 'The OME threshold rule set is missing.', 'thresholds');
  }
  rules.thresholds.forEach((t, i) => {
    if (typeof t.mgPer24h !== 'number' || !Number.isFinite(t.mgPer24h) || t.mgPer24h <= 0) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `OME threshold ${i + 1} must be a number of mg per 24 hours above 0.`,
        `thresholds.${i}.mgPer24h`,
      );
    }
  });
}

/**
 * The threshold flags a total OME raises: every threshold with `totalMgPer24h >= mgPer24h` (inclusive),
 * lowest threshold first. Compare on the unrounded total.
 *
 * @throws ClinicalInputError (`INVALID_DOSE`) for a negative or non-numeric total.
 */
export function omeThresholdFlags(
  totalMgPer24h: number,
  thresholds: OmeThresholdRuleSet = OME_THRESHOLDS,
): Flag[] {
  const total = requireNonNegative(totalMgPer24h, 'totalMgPer24h', 'The total OME');
  checkThresholds(thresholds);
  return [...thresholds.thresholds]
    .sort((a, b) => a.mgPer24h - b.mgPer24h)
    .filter((t) => total >= t.mgPer24h)
    .map((t) => ({
      code: t.code,
      message:
        `Total opioid load ${formatOneDecimal(total)} mg OME/24h is at or above ` +
        `${formatNumber(t.mgPer24h)} mg/24h: ${t.label}.`,
      source: t.source,
      ruleSet: { id: thresholds.meta.id, version: thresholds.meta.version, name: thresholds.meta.name },
    }));
}

/** The codes `combinationFlags` can raise. */
export type CombinationFlagCode =
  'OPIOID_BENZODIAZEPINE_Z_DRUG' | 'OPIOID_GABAPENTINOID' | 'MULTIPLE_OPIOIDS' | 'GABAPENTIN_PREGABALIN';

/** Message and source for one combination flag. */
export interface CombinationFlagRule {
  code: CombinationFlagCode;
  message: string;
  source: string;
}

/** A versioned set of combination-flag texts. The triggers are fixed by product decision. */
export interface CombinationFlagRuleSet {
  meta: RuleSetMeta;
  rules: Record<CombinationFlagCode, CombinationFlagRule>;
}

/**
 * Default combination flags (product decision, medicines 6):
 * opioid + benzodiazepine or Z-drug; opioid + gabapentinoid; two or more different opioids at once (PRN
 * included); gabapentin + pregabalin together.
 */
export const COMBINATION_FLAG_RULES: CombinationFlagRuleSet = {
  meta: {
    id: 'combination-flags-uk',
    name: 'UK high-risk medicine combinations',
    version: '1.0.1',
    source:
      'MHRA Drug Safety Updates (March 2020; October 2017; February 2021) and the service’s clinical decisions ' +
      '(clinical lead). 1.0.1: sources worded for clinicians.',
  },
  rules: {
    OPIOID_BENZODIAZEPINE_Z_DRUG: {
      code: 'OPIOID_BENZODIAZEPINE_Z_DRUG',
      message:
        'Opioid with a benzodiazepine or Z-drug: risk of profound sedation and potentially fatal respiratory ' +
        'depression. Co-prescribe only if there is no alternative, at the lowest doses for the shortest time, ' +
        'and monitor.',
      source:
        'MHRA Drug Safety Update, March 2020: benzodiazepines and opioids, risk of respiratory depression.',
    },
    OPIOID_GABAPENTINOID: {
      code: 'OPIOID_GABAPENTINOID',
      message:
        'Opioid with a gabapentinoid: risk of CNS and respiratory depression. Watch for sedation and consider ' +
        'reducing the dose of either medicine.',
      source:
        'MHRA Drug Safety Updates: gabapentin, October 2017; pregabalin, February 2021 (severe respiratory ' +
        'depression).',
    },
    MULTIPLE_OPIOIDS: {
      code: 'MULTIPLE_OPIOIDS',
      message:
        'Two or more different opioids at once (as-needed doses included): review the total opioid load and ' +
        'whether each is needed.',
      source:
        'The service’s clinical decisions (clinical lead): two or more opioids at once are reviewed; FPM ' +
        'Opioids Aware (review the total opioid load).',
    },
    GABAPENTIN_PREGABALIN: {
      code: 'GABAPENTIN_PREGABALIN',
      message:
        'Gabapentin and pregabalin together: two gabapentinoids with the same action. There is no robust dose ' +
        'conversion between them; review whether both are intended.',
      source:
        'The service’s clinical decisions (clinical lead); both are Schedule 3 controlled drugs since 1 April ' +
        '2019 (Home Office); no robust ' +
        'gabapentin/pregabalin dose equivalence (OpenPrescribing).',
    },
  },
};

const OPIOID_CLASSES: readonly DrugClass[] = ['strong-opioid', 'weak-opioid'];

/**
 * High-risk combination flags for a list of current medicines (regular and as-needed alike).
 *
 * - `OPIOID_BENZODIAZEPINE_Z_DRUG`: any opioid and any benzodiazepine or Z-drug.
 * - `OPIOID_GABAPENTINOID`: any opioid and any gabapentinoid.
 * - `MULTIPLE_OPIOIDS`: two or more *different* opioids (by generic name; two products of the same opioid,
 *   e.g. morphine MR plus morphine oral solution as needed, do not raise it).
 * - `GABAPENTIN_PREGABALIN`: gabapentin and pregabalin both present.
 *
 * Each flag names the medicines involved. Flags come in the order above.
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) for a missing list, a missing name or an unknown class.
 */
export function combinationFlags(
  items: { drug: string; drugClass: DrugClass }[],
  rules: CombinationFlagRuleSet = COMBINATION_FLAG_RULES,
): Flag[] {
  if (!Array.isArray(items)) {
    throw new ClinicalInputError('INVALID_INPUT', 'The medicines list is missing.', 'items');
  }
  const meds = items.map((item, i) => {
    if (!item || typeof item !== 'object') {
      throw new ClinicalInputError('INVALID_INPUT', `Medicine ${i + 1} is missing.`, `items.${i}`);
    }
    const drug = normaliseDrugName(item.drug, `items.${i}.drug`);
    if (!DRUG_CLASSES.includes(item.drugClass)) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `Unknown medicine class "${String(item.drugClass)}" for ${drug}.`,
        `items.${i}.drugClass`,
      );
    }
    return { drug, drugClass: item.drugClass };
  });

  const namesOf = (pred: (m: { drug: string; drugClass: DrugClass }) => boolean): string[] => [
    ...new Set(meds.filter(pred).map((m) => m.drug)),
  ];
  const opioids = namesOf((m) => OPIOID_CLASSES.includes(m.drugClass));
  const benzos = namesOf((m) => m.drugClass === 'benzodiazepine-z-drug');
  const gabapentinoids = namesOf((m) => m.drugClass === 'gabapentinoid');
  const hasGabapentin = meds.some((m) => m.drug === 'gabapentin');
  const hasPregabalin = meds.some((m) => m.drug === 'pregabalin');

  const ruleSet = { id: rules.meta.id, version: rules.meta.version, name: rules.meta.name };
  const flag = (code: CombinationFlagCode, drugs: string[]): Flag => ({
    code,
    message: rules.rules[code].message,
    source: rules.rules[code].source,
    ruleSet,
    drugs,
  });

  const flags: Flag[] = [];
  if (opioids.length > 0 && benzos.length > 0) {
    flags.push(flag('OPIOID_BENZODIAZEPINE_Z_DRUG', [...opioids, ...benzos]));
  }
  if (opioids.length > 0 && gabapentinoids.length > 0) {
    flags.push(flag('OPIOID_GABAPENTINOID', [...opioids, ...gabapentinoids]));
  }
  if (opioids.length >= 2) {
    flags.push(flag('MULTIPLE_OPIOIDS', opioids));
  }
  if (hasGabapentin && hasPregabalin) {
    flags.push(flag('GABAPENTIN_PREGABALIN', ['gabapentin', 'pregabalin']));
  }
  return flags;
}
