import { ClinicalInputError } from '../errors';
import type { RuleSetMeta } from '../errors';
import type { OpioidRoute } from './types';
import { OPIOID_ROUTES } from './types';

/**
 * One conversion factor: `OME mg/24h = amount × factor`.
 *
 * `unit: 'per-mg'` multiplies the mg per 24 hours; `unit: 'per-mcg'` multiplies micrograms per 24 hours
 * (the dose is still given in mg/24h and converted ×1000 first), for factors published per microgram such as
 * subcutaneous fentanyl 0.15 per microgram.
 */
export interface OmeFactor {
  /** Lower-case generic name. */
  drug: string;
  /** Any route except `transdermal` (patches use {@link PatchRule}). */
  route: OpioidRoute;
  factor: number;
  unit: 'per-mg' | 'per-mcg';
  /** Where this row comes from. */
  source: string;
}

/** One row of a patch lookup table: a listed strength and its OME. */
export interface PatchTableRow {
  mcgPerHour: number;
  omeMgPer24h: number;
  /**
   * What the product really delivers when it differs from the labelled strength (fentanyl "12" delivers
   * 12.5 micrograms/hour). Used whenever patches are combined or tapered, so combined lines agree with the
   * lines shown (12 + 25 = 12.5 + 25 = 37.5 micrograms/hour = 90 mg OME, as 30 + 60).
   */
  deliveredMcgPerHour?: number;
}

/**
 * How patches of one drug convert. The (summed) strength is looked up in `table`; a strength not listed is
 * multiplied by `unlistedFactorPerMcgPerHour` (or not totalled when that is `null`).
 */
export interface PatchRule {
  drug: string;
  table: PatchTableRow[];
  unlistedFactorPerMcgPerHour: number | null;
  source: string;
}

/** A drug (optionally only some routes) the rule set never puts into a total, with the reason shown. */
export interface NeverTotalledRule {
  drug: string;
  /** The routes affected, or `'all'`. */
  routes: OpioidRoute[] | 'all';
  reason: string;
}

/**
 * An OME rule set, as data, so an administrator can review, version and replace it.
 *
 * - `factors`: the main table (counts normally).
 * - `patches`: transdermal lookup tables.
 * - `lowConfidenceFactors`: factors that count but make the total "estimated" and name the item.
 * - `neverTotalled`: drug/route pairs always left out of the total (the total is then incomplete).
 *
 * Any drug/route not covered by these lists has no factor and is not totalled.
 */
export interface OmeRuleSet {
  meta: RuleSetMeta;
  factors: OmeFactor[];
  patches: PatchRule[];
  lowConfidenceFactors: OmeFactor[];
  neverTotalled: NeverTotalledRule[];
}

const FPM_2020 =
  'FPM Opioids Aware, "Dose equivalents and changing opioids", reviewed August 2020 to reflect BNF figures ' +
  '(https://fpm.ac.uk/opioids-aware-structured-approach-opioid-prescribing/dose-equivalents-and-changing-opioids)';

/**
 * The default UK rule set: Faculty of Pain Medicine *Opioids Aware* table (August 2020), with the service's
 * decisions on patches, parenteral routes and items never totalled.
 *
 * - Oral: codeine 0.1, dihydrocodeine 0.1, hydromorphone 5, morphine 1, oxycodone 1.5, tapentadol 0.4,
 *   tramadol 0.1.
 * - Patches by table (buprenorphine 5/10/15/20/35/52.5/70 mcg/h; fentanyl 12 → 30, 25/50/75/100 mcg/h);
 *   unlisted strengths × 2.4. The buprenorphine 15 mcg/h row is from West Midlands palliative care guidance
 *   (it fits × 2.4).
 * - Low-confidence (estimated) parenteral factors: morphine SC/IV 2, diamorphine SC 3, oxycodone SC/IV 3,
 *   alfentanil SC 30, fentanyl SC 0.15 per microgram. Not in the FPM table.
 * - Never totalled: methadone (any route), sublingual/buccal buprenorphine, transmucosal fentanyl
 *   (buccal, sublingual, intranasal).
 *
 * Not clinically signed off until the service's consultant/pharmacist lead approves this version.
 */
export const OPIOIDS_AWARE_2020: OmeRuleSet = {
  meta: {
    id: 'opioids-aware-2020',
    name: 'UK FPM Opioids Aware (August 2020)',
    version: '1.1.0',
    source:
      FPM_2020 +
      '; parenteral factors from BNF/OpenPrescribing and UK palliative care charts (West Midlands, Scottish ' +
      'Palliative Care Guidelines); buprenorphine 15 mcg/h row from West Midlands palliative care guidance.',
  },
  factors: [
    { drug: 'codeine', route: 'oral', factor: 0.1, unit: 'per-mg', source: FPM_2020 },
    { drug: 'dihydrocodeine', route: 'oral', factor: 0.1, unit: 'per-mg', source: FPM_2020 },
    { drug: 'hydromorphone', route: 'oral', factor: 5, unit: 'per-mg', source: FPM_2020 },
    { drug: 'morphine', route: 'oral', factor: 1, unit: 'per-mg', source: FPM_2020 },
    { drug: 'oxycodone', route: 'oral', factor: 1.5, unit: 'per-mg', source: FPM_2020 },
    { drug: 'tapentadol', route: 'oral', factor: 0.4, unit: 'per-mg', source: FPM_2020 },
    { drug: 'tramadol', route: 'oral', factor: 0.1, unit: 'per-mg', source: FPM_2020 },
  ],
  patches: [
    {
      drug: 'buprenorphine',
      table: [
        { mcgPerHour: 5, omeMgPer24h: 12 },
        { mcgPerHour: 10, omeMgPer24h: 24 },
        { mcgPerHour: 15, omeMgPer24h: 36 },
        { mcgPerHour: 20, omeMgPer24h: 48 },
        { mcgPerHour: 35, omeMgPer24h: 84 },
        { mcgPerHour: 52.5, omeMgPer24h: 126 },
        { mcgPerHour: 70, omeMgPer24h: 168 },
      ],
      unlistedFactorPerMcgPerHour: 2.4,
      source: FPM_2020 + '; 15 mcg/h row: West Midlands palliative care transdermal equivalents',
    },
    {
      drug: 'fentanyl',
      table: [
        { mcgPerHour: 12, omeMgPer24h: 30, deliveredMcgPerHour: 12.5 },
        { mcgPerHour: 25, omeMgPer24h: 60 },
        { mcgPerHour: 50, omeMgPer24h: 120 },
        { mcgPerHour: 75, omeMgPer24h: 180 },
        { mcgPerHour: 100, omeMgPer24h: 240 },
      ],
      unlistedFactorPerMcgPerHour: 2.4,
      source:
        FPM_2020 +
        ' (72-hour fentanyl patches); the 12 micrograms/hour patch delivers 12.5 micrograms/hour (product ' +
        'labelling; the FPM row 12 -> 30 mg equals 12.5 x 2.4), so combined patches add 12.5',
    },
  ],
  lowConfidenceFactors: [
    {
      drug: 'morphine',
      route: 'subcutaneous',
      factor: 2,
      unit: 'per-mg',
      source: 'BNF via OpenPrescribing; West Midlands palliative care (not in the FPM table)',
    },
    {
      drug: 'morphine',
      route: 'intravenous',
      factor: 2,
      unit: 'per-mg',
      source: 'BNF via OpenPrescribing (not in the FPM table; some charts use 3 for IV)',
    },
    {
      drug: 'diamorphine',
      route: 'subcutaneous',
      factor: 3,
      unit: 'per-mg',
      source: 'West Midlands palliative care; BNF palliative care (not in the FPM table)',
    },
    {
      drug: 'oxycodone',
      route: 'subcutaneous',
      factor: 3,
      unit: 'per-mg',
      source: 'BNF oxycodone monograph via OpenPrescribing; UK palliative chart (not in the FPM table)',
    },
    {
      drug: 'oxycodone',
      route: 'intravenous',
      factor: 3,
      unit: 'per-mg',
      source: 'BNF oxycodone monograph via OpenPrescribing (not in the FPM table)',
    },
    {
      drug: 'alfentanil',
      route: 'subcutaneous',
      factor: 30,
      unit: 'per-mg',
      source:
        'Scottish Palliative Care Guidelines via OpenPrescribing; UK palliative chart (not in the FPM table)',
    },
    {
      drug: 'fentanyl',
      route: 'subcutaneous',
      factor: 0.15,
      unit: 'per-mcg',
      source:
        'Gloucestershire palliative chart via OpenPrescribing; UK palliative chart (not in the FPM table)',
    },
  ],
  neverTotalled: [
    {
      drug: 'methadone',
      routes: 'all',
      reason:
        'Methadone has no fixed conversion factor in Opioids Aware: its potency depends on the dose and how long ' +
        'it has been taken. Convert only with specialist advice.',
    },
    {
      drug: 'buprenorphine',
      routes: ['sublingual', 'buccal'],
      reason:
        'Sublingual buprenorphine is not in the Opioids Aware table and published factors disagree widely ' +
        '(10 to 60); it is shown but not totalled.',
    },
    {
      drug: 'fentanyl',
      routes: ['buccal', 'sublingual', 'intranasal'],
      reason:
        'Opioids Aware gives no direct conversion for transmucosal fentanyl (buccal, sublingual or nasal); it is ' +
        'shown but not totalled.',
    },
  ],
};

const CDC_2022_SOURCE =
  'CDC Clinical Practice Guideline for Prescribing Opioids for Pain, United States, 2022 (MMWR RR 71(3)), ' +
  'morphine milligram equivalent table (https://www.cdc.gov/mmwr/volumes/71/rr/pdfs/rr7103a1-H.pdf)';

/**
 * US comparison only: the CDC 2022 morphine milligram equivalent (MME) table. Show it beside the UK total,
 * clearly labelled; never add its results into the UK total.
 *
 * Oral factors: codeine 0.15, hydrocodone 1, hydromorphone 5, methadone 4.7, morphine 1, oxycodone 1.5,
 * oxymorphone 3, tapentadol 0.4, tramadol 0.2; fentanyl patches × 2.4 per mcg/h (no lookup rows, so 12 mcg/h
 * gives 28.8). Buprenorphine is excluded by CDC (partial agonist).
 */
export const CDC_2022: OmeRuleSet = {
  meta: {
    id: 'cdc-2022-comparison',
    name: 'US CDC 2022 MME table (comparison only)',
    version: '1.0.0',
    source: CDC_2022_SOURCE,
  },
  factors: [
    { drug: 'codeine', route: 'oral', factor: 0.15, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'hydrocodone', route: 'oral', factor: 1, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'hydromorphone', route: 'oral', factor: 5, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'methadone', route: 'oral', factor: 4.7, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'morphine', route: 'oral', factor: 1, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'oxycodone', route: 'oral', factor: 1.5, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'oxymorphone', route: 'oral', factor: 3, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'tapentadol', route: 'oral', factor: 0.4, unit: 'per-mg', source: CDC_2022_SOURCE },
    { drug: 'tramadol', route: 'oral', factor: 0.2, unit: 'per-mg', source: CDC_2022_SOURCE },
  ],
  patches: [
    {
      drug: 'fentanyl',
      table: [],
      unlistedFactorPerMcgPerHour: 2.4,
      source: CDC_2022_SOURCE,
    },
  ],
  lowConfidenceFactors: [],
  neverTotalled: [
    {
      drug: 'buprenorphine',
      routes: 'all',
      reason: 'The CDC 2022 table excludes buprenorphine (a partial agonist).',
    },
  ],
};

/** The OME rule sets shipped with the app, by id. `opioids-aware-2020` is the default. */
export const OME_RULE_SETS: Readonly<Record<string, OmeRuleSet>> = {
  [OPIOIDS_AWARE_2020.meta.id]: OPIOIDS_AWARE_2020,
  [CDC_2022.meta.id]: CDC_2022,
};

function invalid(message: string, field: string): never {
  throw new ClinicalInputError('INVALID_INPUT', message, field);
}

function checkMeta(meta: RuleSetMeta | undefined, field: string): void {
  if (!meta) invalid('The rule set has no name, version and source.', field);
  for (const key of ['id', 'name', 'version', 'source'] as const) {
    if (typeof meta[key] !== 'string' || meta[key].trim() === '') {
      invalid(`The rule set needs a ${key}.`, `${field}.${key}`);
    }
  }
}

/**
 * Checks an OME rule set (for example one edited in Settings) and throws `ClinicalInputError` on the first
 * problem: missing metadata, a non-positive factor, a patch row in the factor tables, a duplicated
 * drug/route, an unknown route or a bad patch row. Returns the same rule set when it is valid.
 */
export function validateOmeRuleSet(ruleSet: OmeRuleSet): OmeRuleSet {
  if (!ruleSet || typeof ruleSet !== 'object') invalid('No OME rule set was given.', 'ruleSet');
  checkMeta(ruleSet.meta, 'ruleSet.meta');
  const seen = new Set<string>();
  const checkFactor = (row: OmeFactor, field: string): void => {
    if (typeof row.drug !== 'string' || row.drug.trim() === '' || row.drug !== row.drug.toLowerCase()) {
      invalid('Each factor row needs a lower-case generic drug name.', `${field}.drug`);
    }
    if (!OPIOID_ROUTES.includes(row.route))
      invalid(`Unknown route "${String(row.route)}".`, `${field}.route`);
    if (row.route === 'transdermal') {
      invalid('Patches are converted by the patch table, not by a factor row.', `${field}.route`);
    }
    if (typeof row.factor !== 'number' || !Number.isFinite(row.factor) || row.factor <= 0) {
      invalid(`The factor for ${row.drug} ${row.route} must be a number above 0.`, `${field}.factor`);
    }
    if (row.unit !== 'per-mg' && row.unit !== 'per-mcg') invalid('Unknown factor unit.', `${field}.unit`);
    const key = `${row.drug}|${row.route}`;
    if (seen.has(key)) invalid(`${row.drug} ${row.route} has more than one factor.`, field);
    seen.add(key);
  };
  ruleSet.factors.forEach((row, i) => checkFactor(row, `ruleSet.factors.${i}`));
  ruleSet.lowConfidenceFactors.forEach((row, i) => checkFactor(row, `ruleSet.lowConfidenceFactors.${i}`));
  const patchDrugs = new Set<string>();
  ruleSet.patches.forEach((rule, i) => {
    const field = `ruleSet.patches.${i}`;
    if (typeof rule.drug !== 'string' || rule.drug.trim() === '')
      invalid('Each patch rule needs a drug.', field);
    if (patchDrugs.has(rule.drug)) invalid(`${rule.drug} has more than one patch rule.`, field);
    patchDrugs.add(rule.drug);
    const strengths = new Set<number>();
    rule.table.forEach((row, j) => {
      if (!Number.isFinite(row.mcgPerHour) || row.mcgPerHour <= 0 || !Number.isFinite(row.omeMgPer24h)) {
        invalid(`Patch row ${j + 1} for ${rule.drug} is not valid.`, `${field}.table.${j}`);
      }
      if (row.omeMgPer24h < 0 || strengths.has(row.mcgPerHour)) {
        invalid(`Patch row ${j + 1} for ${rule.drug} is not valid.`, `${field}.table.${j}`);
      }
      strengths.add(row.mcgPerHour);
    });
    const f = rule.unlistedFactorPerMcgPerHour;
    if (f !== null && (!Number.isFinite(f) || f <= 0)) {
      invalid(`The unlisted-strength factor for ${rule.drug} patches must be above 0.`, `${field}.unlisted`);
    }
  });
  ruleSet.neverTotalled.forEach((rule, i) => {
    const field = `ruleSet.neverTotalled.${i}`;
    if (typeof rule.drug !== 'string' || rule.drug.trim() === '') invalid('Each rule needs a drug.', field);
    if (rule.routes !== 'all' && !rule.routes.every((r) => OPIOID_ROUTES.includes(r))) {
      invalid('Unknown route in a never-totalled rule.', `${field}.routes`);
    }
    if (typeof rule.reason !== 'string' || rule.reason.trim() === '') {
      invalid('Each never-totalled rule needs a reason to show.', `${field}.reason`);
    }
  });
  return ruleSet;
}
