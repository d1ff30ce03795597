/**
 * Shared types for the medicines calculations (OME, flags, tapering, COWS, benzodiazepine equivalence).
 *
 * Everything here is plain data: no Node, DOM or Electron imports.
 */

/** How an opioid is given. Patches are `transdermal`; everything else is measured in mg per 24 hours. */
export type OpioidRoute =
  'oral' | 'transdermal' | 'subcutaneous' | 'intravenous' | 'sublingual' | 'buccal' | 'intranasal';

/** Every route `calculateOme` accepts, in a fixed order (for validation and pickers). */
export const OPIOID_ROUTES: readonly OpioidRoute[] = [
  'oral',
  'transdermal',
  'subcutaneous',
  'intravenous',
  'sublingual',
  'buccal',
  'intranasal',
];

/**
 * The therapeutic group a medicine belongs to, as used by the combination flags.
 * `benzodiazepine-z-drug` covers benzodiazepines and the Z-drugs (zopiclone, zolpidem).
 */
export type DrugClass =
  | 'strong-opioid'
  | 'weak-opioid'
  | 'gabapentinoid'
  | 'benzodiazepine-z-drug'
  | 'antidepressant'
  | 'nsaid'
  | 'topical'
  | 'other';

/** Every `DrugClass` value, in a fixed order (for validation and pickers). */
export const DRUG_CLASSES: readonly DrugClass[] = [
  'strong-opioid',
  'weak-opioid',
  'gabapentinoid',
  'benzodiazepine-z-drug',
  'antidepressant',
  'nsaid',
  'topical',
  'other',
];

/**
 * One opioid the patient takes, already reduced to a daily amount.
 *
 * - `drug`: lower-case generic name of the opioid itself (for combination products, the opioid component:
 *   co-codamol is `codeine`, co-dydramol is `dihydrocodeine`).
 * - Patches (`transdermal`) give `mcgPerHour`, the labelled strength; every other route gives `mgPer24h`,
 *   the total mg of the opioid in 24 hours (use {@link dailyDoseMg} to get it from a structured dose).
 */
export interface OpioidDose {
  drug: string;
  route: OpioidRoute;
  mgPer24h?: number;
  mcgPerHour?: number;
}

/** How sure the rule set is of a factor: `standard` (from the rule set's main table) or `low` (estimated). */
export type FactorConfidence = 'standard' | 'low';

/** What happened to one line of an OME calculation. */
export type OmeItemStatus = 'counted' | 'estimated' | 'not-totalled';

/** One line of an OME result: a dose (or, for patches, all the patches of one drug added together). */
export interface OmeItem {
  /** Lower-case generic name. */
  drug: string;
  /** The route as given. */
  route: string;
  /** OME in mg per 24 hours, or `null` when this item was not totalled. */
  omeMgPer24h: number | null;
  /**
   * The factor used (per mg, per microgram for `factorUnit: 'per-mcg'`, per mcg/h for patches converted by
   * factor). For a patch found in the lookup table this is the table value divided by the strength.
   * `null` when not totalled.
   */
  factor: number | null;
  /** Why the item was not totalled, or why it is an estimate. Absent for an ordinary counted item. */
  reason?: string;
  /** Whether the item counted normally, counted as an estimate, or was left out of the total. */
  status: OmeItemStatus;
  /** The arithmetic in words, e.g. `oxycodone oral 40 mg/24h × 1.5 = 60 mg OME`. */
  explanation: string;
  /** The amount the calculation started from. Patches: the strengths added together. */
  input: { amount: number; unit: 'mg/24h' | 'mcg/h' };
  /** Positions in the input array this item came from (several for patches of one drug). */
  doseIndices: number[];
}

/** The total daily opioid load as oral morphine equivalent (OME), with what went into it. */
export interface OmeResult {
  /** Sum of every counted and estimated item, in mg OME per 24 hours (full precision). */
  totalMgPer24h: number;
  /** `false` when at least one item was not totalled (see `excluded`). */
  complete: boolean;
  /** `true` when at least one item used a low-confidence (estimated) factor (see `estimatedItems`). */
  estimated: boolean;
  items: OmeItem[];
  /** The rule set that produced this result. */
  ruleSet: { id: string; name: string; version: string };
  /** Human-readable names of the items left out of the total, e.g. `methadone oral`. */
  excluded: string[];
  /** Human-readable names of the items counted with an estimated factor, e.g. `oxycodone subcutaneous`. */
  estimatedItems: string[];
  /** Clinician-readable cautions to show beside the total (estimated conversion, incomplete total). */
  cautions: string[];
}

/** A clinical flag: a stable code, a clinician-readable message and where the rule comes from. */
export interface Flag {
  code: string;
  message: string;
  source: string;
  /** The rule set that raised the flag (the name is shown; flags stored before names were kept have none). */
  ruleSet: { id: string; version: string; name?: string };
  /** The medicines involved (lower-case generic names), where the flag is about medicines. */
  drugs?: string[];
}
