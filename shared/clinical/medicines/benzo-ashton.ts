import { addCalendarDays } from '../calendar';
import { ClinicalInputError } from '../errors';
import type { RuleSetMeta } from '../errors';
import { cleanNumber, formatNumber, normaliseDrugName, requireNonNegative, requirePositive } from './numbers';
import { reduceLargerDoseFirst } from './taper-doses';
import { unitsFor } from './taper-products';

/**
 * Benzodiazepine withdrawal as the Ashton Manual describes it (issue 13): a short-acting benzodiazepine may be
 * switched to the equivalent dose of diazepam (long-acting, so the level falls smoothly and there is no
 * "mini-withdrawal" between doses), then diazepam is reduced in small steps, smaller as the dose gets lower.
 * Never the opioid default (10% of the starting dose).
 */

/** One row of the Ashton equivalence table: this many mg of the drug ≈ diazepam 10 mg. */
export interface AshtonEquivalent {
  drug: string;
  mgEquivalentToDiazepam10: number;
}

/** While the daily diazepam dose is above `aboveMgPer24h`, each step takes off `stepMg` (not below the band). */
export interface AshtonReductionBand {
  aboveMgPer24h: number;
  stepMg: number;
}

export interface AshtonRuleSet {
  meta: RuleSetMeta;
  equivalents: AshtonEquivalent[];
  bands: AshtonReductionBand[];
  intervalDays: number;
  /** The diazepam products steps are written with (UK): tablets (the smallest halves), and the oral solution. */
  tabletStrengthsMg: number[];
  halvedTabletMg: number;
  liquidMgPer5Ml: number;
}

export const ASHTON_SOURCE = 'Ashton H. Benzodiazepines: How they work and how to withdraw, 2002';

/**
 * The rule set, as versioned data. Equivalents: the Ashton column (≈ diazepam 10 mg) as reproduced in
 * the Ashton Manual (2002), as in the Scottish Government benzodiazepine guide (alprazolam 0.5, chlordiazepoxide 25, clonazepam 0.5, lorazepam 1, oxazepam 20, temazepam
 * 20); nitrazepam 10 mg is the UK table's 5 ≈ 5 doubled (the Ashton column doubles both sides of the
 * Scottish ≈ diazepam 5 mg table); 1.1.0 adds clobazam 20, zolpidem 20, zopiclone 15 (Ashton 2002). Zaleplon is
 * left out: no longer marketed in the UK (EU marketing authorisation withdrawn 2015) and not on the formulary.
 * Reduction (Ashton, Chapter II "Dosage tapering" and the slow withdrawal schedules): about 2 mg at a time
 * above 20 mg a day, 1 mg at a time from 20 mg, 0.5 mg at a time from 5 mg (slower at low doses), every 1-2
 * weeks (default 2 weeks; the prescriber may choose longer). Products: diazepam 2, 5 and 10 mg tablets, the
 * 2 mg tablet halves to 1 mg (UKMi/SPS), 2 mg/5 mL oral solution for 0.5 mg (1.25 mL).
 * To be checked by the service pharmacist before sign-off.
 */
export const ASHTON_BENZODIAZEPINE_TAPER: AshtonRuleSet = {
  meta: {
    id: 'benzodiazepine-taper-ashton',
    name: 'Benzodiazepine switch to diazepam and reduction (Ashton)',
    version: '1.1.0',
    source:
      `${ASHTON_SOURCE} (Chapter II: switching to diazepam, dosage tapering, slow withdrawal schedules); ` +
      'diazepam 2 mg tablets halve to 1 mg: UKMi/SPS "Calculating equivalent doses of oral benzodiazepines". ' +
      '1.1.0: Z-drugs and clobazam, approximate equivalents to diazepam 10 mg (Ashton 2002): clobazam 20 mg, ' +
      'zolpidem 20 mg, zopiclone 15 mg (Scottish Government, Quality prescribing for benzodiazepines and ' +
      'Z-drugs 2024-2027: 10, 10 and 7.5 mg ≈ diazepam 5 mg). All equivalents are approximate.',
  },
  equivalents: [
    { drug: 'diazepam', mgEquivalentToDiazepam10: 10 },
    { drug: 'alprazolam', mgEquivalentToDiazepam10: 0.5 },
    { drug: 'chlordiazepoxide', mgEquivalentToDiazepam10: 25 },
    { drug: 'clonazepam', mgEquivalentToDiazepam10: 0.5 },
    { drug: 'lorazepam', mgEquivalentToDiazepam10: 1 },
    { drug: 'nitrazepam', mgEquivalentToDiazepam10: 10 },
    { drug: 'oxazepam', mgEquivalentToDiazepam10: 20 },
    { drug: 'temazepam', mgEquivalentToDiazepam10: 20 },
    // 1.1.0: the Z-drugs and clobazam (Ashton 2002; the Scottish guide's ≈ diazepam 5 mg column doubled).
    { drug: 'clobazam', mgEquivalentToDiazepam10: 20 },
    { drug: 'zolpidem', mgEquivalentToDiazepam10: 20 },
    { drug: 'zopiclone', mgEquivalentToDiazepam10: 15 },
  ],
  bands: [
    { aboveMgPer24h: 20, stepMg: 2 },
    { aboveMgPer24h: 5, stepMg: 1 },
    { aboveMgPer24h: 0, stepMg: 0.5 },
  ],
  intervalDays: 14,
  tabletStrengthsMg: [2, 5, 10],
  halvedTabletMg: 1,
  liquidMgPer5Ml: 2,
};

/** The smallest amount of diazepam the products give (0.5 mg = 1.25 mL of 2 mg/5 mL). */
const GRID = 0.5;
const EPS = 1e-9;
const sum = (xs: number[]) => cleanNumber(xs.reduce((a, b) => a + b, 0));
const onGrid = (mg: number) => Math.abs(mg / GRID - Math.round(mg / GRID)) < EPS;

/** The Ashton row for a drug, or null. */
export function ashtonEquivalent(
  drug: string,
  rules: AshtonRuleSet = ASHTON_BENZODIAZEPINE_TAPER,
): AshtonEquivalent | null {
  const name = normaliseDrugName(drug, 'drug');
  return rules.equivalents.find((r) => r.drug === name) ?? null;
}

export interface DiazepamSwitch {
  fromDrug: string;
  fromMgPer24h: number;
  /** fromMgPer24h × 10 / (mg ≈ diazepam 10 mg), before rounding. */
  workedMgPer24h: number;
  /** Rounded to the nearest 0.5 mg the products can give. */
  diazepamMgPer24h: number;
  /** The diazepam dose at each time of day (same number of times a day; any remainder at the last dose). */
  administrationsMg: number[];
  /** "lorazepam 1 mg ≈ diazepam 10 mg" */
  equivalence: string;
  /** "2 mg a day × 10 ÷ 1 = 20 mg a day" (and the rounding, if any). */
  working: string;
  products: string;
  source: string;
}

/**
 * The diazepam a short-acting benzodiazepine is switched to (Ashton equivalents only), e.g. lorazepam 1 mg
 * twice a day = 2 mg a day × 10 ÷ 1 = diazepam 20 mg a day, 10 mg twice a day.
 *
 * @throws ClinicalInputError for a drug without an Ashton equivalent, diazepam itself, a dose that is not
 *   above 0, or an equivalent below the smallest dose diazepam products give (0.5 mg).
 */
export function diazepamSwitch(
  drug: string,
  mgPer24h: number,
  timesPerDay: number,
  rules: AshtonRuleSet = ASHTON_BENZODIAZEPINE_TAPER,
): DiazepamSwitch {
  const name = normaliseDrugName(drug, 'drug');
  const mg = requirePositive(mgPer24h, 'mgPer24h', `The ${name} daily dose`, 'INVALID_DOSE');
  const times = requirePositive(timesPerDay, 'timesPerDay', 'The number of doses a day');
  if (name === 'diazepam')
    throw new ClinicalInputError('INVALID_INPUT', 'This medicine is already diazepam.', 'itemId');
  const row = ashtonEquivalent(name, rules);
  if (!row)
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${ASHTON_SOURCE} gives no diazepam equivalent for ${name} in this rule set: taper it as it is.`,
      'itemId',
    );
  const worked = cleanNumber((mg * 10) / row.mgEquivalentToDiazepam10);
  const rounded = cleanNumber(Math.round(worked / GRID) * GRID);
  if (rounded < GRID)
    throw new ClinicalInputError(
      'INVALID_DOSE',
      `${formatNumber(mg)} mg of ${name} a day is about ${formatNumber(worked)} mg of diazepam, less than the ` +
        'smallest dose diazepam products give (0.5 mg). Taper it as it is.',
      'itemId',
    );
  const n = Math.max(1, Math.min(4, Math.round(times)));
  const per = cleanNumber(Math.floor(rounded / n / GRID) * GRID);
  const administrationsMg = Array.from({ length: n }, (_, i) =>
    i === n - 1 ? cleanNumber(rounded - per * (n - 1)) : per,
  ).filter((d, i, all) => d > 0 || all.length === 1 || i === all.length - 1);
  const equivalence = `${name} ${formatNumber(row.mgEquivalentToDiazepam10)} mg ≈ diazepam 10 mg`;
  const working =
    `${formatNumber(mg)} mg a day × 10 ÷ ${formatNumber(row.mgEquivalentToDiazepam10)} = ${formatNumber(worked)} mg a day` +
    (rounded !== worked ? `, rounded to ${formatNumber(rounded)} mg a day (the nearest 0.5 mg)` : '');
  return {
    fromDrug: name,
    fromMgPer24h: mg,
    workedMgPer24h: worked,
    diazepamMgPer24h: rounded,
    administrationsMg,
    equivalence,
    working,
    products: diazepamProductsText(administrationsMg, false, rules),
    source: `${rules.meta.source} (${rules.meta.name} v${rules.meta.version})`,
  };
}

const TIMES: Record<number, string[]> = {
  1: ['at night'],
  2: ['morning', 'night'],
  3: ['morning', 'midday', 'night'],
  4: ['morning', 'midday', 'afternoon', 'night'],
};

/** One dose of diazepam as products: tablets (halves of the 2 mg) and, for a 0.5 mg part, the oral solution. */
function doseText(mg: number, liquidOnly: boolean, rules: AshtonRuleSet): string {
  const perMl = rules.liquidMgPer5Ml / 5;
  const liquid = (x: number) =>
    `${formatNumber(cleanNumber(x / perMl))} mL (${formatNumber(x)} mg) of 2 mg/5 mL oral solution`;
  if (liquidOnly) return liquid(mg);
  const tabletPart = cleanNumber(Math.floor(mg + EPS));
  const liquidPart = cleanNumber(mg - tabletPart);
  const parts = unitsFor(tabletPart, [...rules.tabletStrengthsMg, rules.halvedTabletMg]).map(([s, n]) =>
    rules.tabletStrengthsMg.includes(s)
      ? `${n} × ${formatNumber(s)} mg tablet${n === 1 ? '' : 's'}`
      : `${n === 1 ? 'half' : `${n} halves`} of a ${formatNumber(s * 2)} mg tablet`,
  );
  if (liquidPart > EPS) parts.push(liquid(liquidPart));
  return parts.join(' + ');
}

/** The diazepam products for one step, in words ("2 × 5 mg tablets morning; ..."). */
export function diazepamProductsText(
  administrationsMg: number[],
  liquidOnly = false,
  rules: AshtonRuleSet = ASHTON_BENZODIAZEPINE_TAPER,
): string {
  if (sum(administrationsMg) === 0) return 'none (stopped)';
  const labels = TIMES[administrationsMg.length] ?? administrationsMg.map((_, i) => `dose ${i + 1}`);
  return administrationsMg
    .map((mg, i) => (mg === 0 ? `nothing ${labels[i]}` : `${doseText(mg, liquidOnly, rules)} ${labels[i]}`))
    .join('; ');
}

/** The Ashton step for a daily dose: the band's step, never taking the dose below the band's floor in one go. */
export function ashtonStepMg(dailyMg: number, rules: AshtonRuleSet = ASHTON_BENZODIAZEPINE_TAPER): number {
  const band = rules.bands.find((b) => dailyMg > b.aboveMgPer24h + EPS);
  if (!band) return 0;
  return cleanNumber(Math.min(band.stepMg, dailyMg - band.aboveMgPer24h) || band.stepMg);
}

export interface AshtonTaperStep {
  date: string;
  dose: number;
  administrations: number[];
  products: string;
  /** Which band and source the step came from. */
  note: string | null;
}

export interface AshtonTaperInput {
  /** Diazepam now at each time of day (mg). */
  startAdministrations: number[];
  startDate: string;
  intervalDays?: number;
  /** Stop at this daily dose instead of 0. */
  targetDose?: number;
  /** A diazepam oral solution line: every dose in mL of 2 mg/5 mL. */
  liquidOnly?: boolean;
}

function refuseOffGrid(mg: number, field: string, what: string): void {
  if (!onGrid(mg))
    throw new ClinicalInputError(
      'INVALID_DOSE',
      `${what} of ${formatNumber(mg)} mg cannot be given with diazepam 2, 5 and 10 mg tablets (the 2 mg halved) ` +
        'and 2 mg/5 mL oral solution: doses go in steps of 0.5 mg.',
      field,
    );
}

/**
 * Plans a diazepam reduction as the Ashton Manual describes: 2 mg a step above 20 mg a day, 1 mg a step from
 * 20 mg, 0.5 mg a step from 5 mg, every `intervalDays` (default 14). The larger dose of the day comes down
 * first (ties: the earlier dose, so the night dose is kept longest), in whole mg while the step is 1 mg or
 * more (tablets only) and in 0.5 mg at the end (the oral solution). Every dose is one the products give.
 *
 * Worked example (diazepam 5 mg three times a day): 15, 14, 13, ..., 6, 5, then 4.5, 4, ..., 1, 0.5, 0.
 *
 * @throws ClinicalInputError for a start or target dose the products cannot give, or a target at or above
 *   the start.
 */
export function planAshtonDiazepamTaper(
  input: AshtonTaperInput,
  rules: AshtonRuleSet = ASHTON_BENZODIAZEPINE_TAPER,
): AshtonTaperStep[] {
  const start = input.startAdministrations.map((d, i) =>
    requireNonNegative(d, `startAdministrations.${i}`, `Dose ${i + 1}`),
  );
  const interval = requirePositive(input.intervalDays ?? rules.intervalDays, 'intervalDays', 'The interval');
  const startDose = sum(start);
  if (startDose <= 0)
    throw new ClinicalInputError('INVALID_DOSE', 'The starting dose must be above 0.', 'startDose');
  start.forEach((d) => refuseOffGrid(d, 'startDose', 'A dose'));
  const floor = input.targetDose ?? 0;
  refuseOffGrid(floor, 'targetDose', 'A target dose');
  if (floor >= startDose)
    throw new ClinicalInputError(
      'INVALID_DOSE',
      'The dose to reduce to must be below the current dose.',
      'targetDose',
    );
  const liquidOnly = input.liquidOnly ?? false;
  const steps: AshtonTaperStep[] = [
    {
      date: input.startDate,
      dose: startDose,
      administrations: start,
      products: diazepamProductsText(start, liquidOnly, rules),
      note: null,
    },
  ];
  let current = start;
  let lastBand: AshtonReductionBand | null = null;
  for (let k = 1; k <= 500 && sum(current) > floor + EPS; k++) {
    const total = sum(current);
    const step = ashtonStepMg(total, rules);
    const target = Math.max(floor, cleanNumber(total - step));
    const grid = step >= 1 && Number.isInteger(cleanNumber(target)) ? 1 : GRID;
    const next = target === 0 ? current.map(() => 0) : reduceLargerDoseFirst(current, target, grid);
    const band = rules.bands.find((b) => total > b.aboveMgPer24h + EPS)!;
    steps.push({
      date: addCalendarDays(input.startDate, k * interval),
      dose: sum(next),
      administrations: next,
      products: diazepamProductsText(next, liquidOnly, rules),
      // The band is named where it starts, so the prescriber sees why the steps get smaller.
      note: band === lastBand ? null : `${bandLabel(band)} (${ASHTON_SOURCE}).`,
    });
    lastBand = band;
    current = next;
  }
  return steps;
}

function bandLabel(b: AshtonReductionBand): string {
  return b.aboveMgPer24h > 0
    ? `Above ${formatNumber(b.aboveMgPer24h)} mg a day: ${formatNumber(b.stepMg)} mg less a step`
    : `${formatNumber(b.stepMg)} mg less a step at low doses`;
}
