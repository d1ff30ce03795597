import type { RuleSetMeta } from '../errors';
import type { FormularyEntry } from './formulary';
import { cleanNumber, formatNumber } from './numbers';
import { patchCombination } from './ome';
import type { PatchRule } from './rule-sets';
import { roundToAvailableStrengths } from './taper';

/**
 * Checks made when a medicine line is entered (issue 13). Refusals are impossible entries (nothing is saved,
 * the message lands next to the field); warnings need a confirmed reason, which is audited.
 */

/** One line as entered, with its formulary product. Doses are in mg (microgram products: mg too). */
export interface EntryLine {
  product: FormularyEntry;
  strength: string;
  doseKind: 'regular' | 'prn' | 'patch';
  doseMg?: number | undefined;
  timesPerDay?: number | undefined;
  administrationsMg?: number[] | undefined;
  prnMaxMgPer24h?: number | undefined;
  prnMinIntervalHours?: number | undefined;
  patchMcgPerHour?: number | undefined;
}

/** The strengths of one unit of a solid product in mg (microgram strengths converted), or [] if not solid. */
export function solidStrengthsMg(product: FormularyEntry): number[] {
  if (!/tablet|capsule/.test(product.form)) return [];
  return product.strengths
    .filter((s) => s.unit === 'mg' || s.unit === 'mcg')
    .map((s) => (s.unit === 'mcg' ? cleanNumber(s.value / 1000) : s.value));
}

/** The strengths a dose may use: whole units, plus halves for scored immediate-release tablets. */
export function doseStrengthsMg(product: FormularyEntry): number[] {
  const whole = solidStrengthsMg(product);
  if (product.scored && product.release === 'immediate') return [...whole, ...whole.map((s) => s / 2)];
  return whole;
}

function makeable(doseMg: number, strengths: number[]): boolean {
  if (strengths.length === 0 || doseMg === 0) return true;
  return roundToAvailableStrengths(doseMg, strengths, 'down') === cleanNumber(doseMg);
}

function firstNumber(text: string): number | null {
  const m = /(\d+(?:\.\d+)?)/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Refusals, as field → message (empty: nothing refused):
 * - a patch whose strength contradicts its dose (a 25 micrograms/hour patch saved with 50);
 * - a patch dose no combination of the product's patches makes (96);
 * - an as-needed maximum that is not dose × doses (10 mg up to 4 times a day is at most 40 mg), or more doses
 *   than the minimum interval allows in 24 hours;
 * - halving a modified-release tablet;
 * - a dose that no strength of the product can make.
 */
export function entryRefusals(line: EntryLine, patchRule?: PatchRule): Record<string, string> {
  const out: Record<string, string> = {};
  const p = line.product;
  if (line.doseKind === 'patch' && line.patchMcgPerHour !== undefined) {
    const dose = line.patchMcgPerHour;
    const written = firstNumber(line.strength);
    if (written !== null && written !== dose) {
      out.patchMcgPerHour =
        `The patch chosen is ${formatNumber(written)} micrograms/hour but the dose says ${formatNumber(dose)}. ` +
        'Enter the same strength, or record each patch strength worn together as its own line.';
    }
    const strengths = p.strengths.filter((s) => s.unit === 'mcg/h').map((s) => s.value);
    const rule: PatchRule = {
      drug: p.generic,
      table: strengths.map((s) => {
        const delivered = patchRule?.table.find((r) => r.mcgPerHour === s)?.deliveredMcgPerHour;
        return {
          mcgPerHour: s,
          omeMgPer24h: 0,
          ...(delivered !== undefined ? { deliveredMcgPerHour: delivered } : {}),
        };
      }),
      unlistedFactorPerMcgPerHour: null,
      source: '',
    };
    if (strengths.length > 0 && out.patchMcgPerHour === undefined && patchCombination(dose, rule) === null) {
      out.patchMcgPerHour =
        `No combination of ${p.name.toLowerCase()} makes ${formatNumber(dose)} micrograms/hour ` +
        `(strengths: ${strengths.map(formatNumber).join(', ')}).`;
    }
    return out;
  }
  if (line.doseKind === 'prn' && line.doseMg !== undefined && line.timesPerDay !== undefined) {
    const max = cleanNumber(line.doseMg * line.timesPerDay);
    if (line.prnMaxMgPer24h !== undefined && line.prnMaxMgPer24h !== max) {
      out.prnMaxMgPer24h =
        `${formatNumber(line.doseMg)} mg up to ${line.timesPerDay} times a day is at most ${formatNumber(max)} mg ` +
        `in 24 hours, not ${formatNumber(line.prnMaxMgPer24h)} mg. Leave the maximum empty and it is worked out.`;
    }
    if (line.prnMinIntervalHours !== undefined && line.timesPerDay * line.prnMinIntervalHours > 24) {
      out.timesPerDay =
        `With at least ${formatNumber(line.prnMinIntervalHours)} hours between doses, at most ` +
        `${Math.floor(24 / line.prnMinIntervalHours)} doses fit in 24 hours.`;
    }
  }
  const whole = solidStrengthsMg(p);
  if (whole.length === 0) return out;
  const allowed = doseStrengthsMg(p);
  const doses = line.administrationsMg ?? (line.doseMg !== undefined ? [line.doseMg] : []);
  const field = line.administrationsMg ? 'administrationsMg' : 'doseMg';
  for (const d of doses) {
    if (makeable(d, allowed)) continue;
    const halves = whole.map((s) => s / 2);
    if (p.release === 'modified' && makeable(d, [...whole, ...halves])) {
      out[field] =
        `${formatNumber(d)} mg needs half a modified-release ${p.form.replace('modified-release ', '')}: ` +
        'modified-release tablets and capsules must not be halved or crushed. Choose a dose the strengths make.';
    } else {
      out[field] =
        `No strength of ${p.name.toLowerCase()} makes ${formatNumber(d)} mg a dose ` +
        `(strengths: ${whole.map(formatNumber).join(', ')} mg${p.scored ? ', tablets may be halved' : ''}).`;
    }
    break;
  }
  return out;
}

/** The warnings entry can raise; each needs a confirmed reason. */
export type EntryWarningCode =
  'ABOVE_MAX_DAILY_DOSE' | 'PARACETAMOL_OVER_4G' | 'DUPLICATE_LINE' | 'IMPLAUSIBLE_DOSE';

export interface EntryWarning {
  code: EntryWarningCode;
  message: string;
  source: string;
}

/** A maximum daily dose for an adult (mg in 24 hours, all routes of the product given). */
export interface MaxDailyDose {
  generic: string;
  maxMgPer24h: number;
  note: string;
}

export interface EntryWarningRuleSet {
  meta: RuleSetMeta;
  maxDaily: MaxDailyDose[];
  paracetamolMaxMgPer24h: number;
  /** An opioid line at or above this OME (mg/24h) is "an order of magnitude above usual". */
  implausibleOmeMgPer24h: number;
}

const BNF = 'BNF (bnf.nice.org.uk), adult oral maximum daily dose in the drug monograph';

/**
 * Entry warnings, as versioned data. Maximum daily doses are the adult maxima printed in the BNF monographs
 * (to be checked by the service pharmacist before sign-off); strong opioids have no BNF maximum and are
 * caught by the "order of magnitude" check instead (10 × the 90 mg/day high-dose threshold).
 */
export const ENTRY_WARNING_RULES: EntryWarningRuleSet = {
  meta: {
    id: 'medicine-entry-warnings-uk',
    name: 'Medicine entry warnings (UK adult maximum doses)',
    version: '1.0.0',
    source:
      `${BNF}; paracetamol 4 g in 24 hours across all products (BNF, MHRA); implausible dose: 10 × the FPM ` +
      'Opioids Aware 90 mg/day high-dose threshold (service rule).',
  },
  maxDaily: [
    { generic: 'codeine', maxMgPer24h: 240, note: '30-60 mg every 4 hours, max 240 mg daily' },
    { generic: 'dihydrocodeine', maxMgPer24h: 240, note: 'max 240 mg daily' },
    { generic: 'tramadol', maxMgPer24h: 400, note: 'max 400 mg daily' },
    { generic: 'tapentadol', maxMgPer24h: 500, note: 'modified-release max 500 mg daily' },
    { generic: 'gabapentin', maxMgPer24h: 3600, note: 'max 3.6 g daily' },
    { generic: 'pregabalin', maxMgPer24h: 600, note: 'max 600 mg daily' },
    { generic: 'amitriptyline', maxMgPer24h: 75, note: 'neuropathic pain, max 75 mg daily' },
    { generic: 'nortriptyline', maxMgPer24h: 75, note: 'neuropathic pain, max 75 mg daily' },
    { generic: 'duloxetine', maxMgPer24h: 120, note: 'max 120 mg daily' },
    { generic: 'ibuprofen', maxMgPer24h: 2400, note: 'max 2.4 g daily' },
    { generic: 'naproxen', maxMgPer24h: 1000, note: 'musculoskeletal pain, 0.5-1 g daily' },
    { generic: 'diclofenac', maxMgPer24h: 150, note: 'max 150 mg daily' },
    { generic: 'celecoxib', maxMgPer24h: 400, note: 'max 400 mg daily' },
    { generic: 'diazepam', maxMgPer24h: 30, note: 'anxiety, max 30 mg daily' },
    { generic: 'zopiclone', maxMgPer24h: 7.5, note: '7.5 mg at bedtime' },
    { generic: 'zolpidem', maxMgPer24h: 10, note: '10 mg at bedtime' },
    { generic: 'paracetamol', maxMgPer24h: 4000, note: 'max 4 g daily' },
  ],
  paracetamolMaxMgPer24h: 4000,
  implausibleOmeMgPer24h: 900,
};

/** Paracetamol in one line, mg per 24 hours (paracetamol itself, or the paracetamol in a combination). */
export function paracetamolMgPer24h(line: EntryLine, dailyMg: number): number {
  if (line.product.generic === 'paracetamol') return dailyMg;
  const m = /paracetamol (\d+(?:\.\d+)?) mg/.exec(line.product.combinedWith ?? '');
  if (!m) return 0;
  const perUnit = Number(m[1]);
  const strengths = solidStrengthsMg(line.product);
  const written = firstNumber(line.strength);
  const unit =
    strengths.length === 1 ? strengths[0]! : written !== null && strengths.includes(written) ? written : null;
  if (unit === null) return 0;
  return cleanNumber((dailyMg / unit) * perUnit);
}

/**
 * Warnings for a line (each needs a confirmed reason): above the maximum daily dose; paracetamol over 4 g in
 * 24 hours across every active product; a second active line of the same drug and form; an opioid dose an
 * order of magnitude above usual.
 *
 * `dailyMg` is this line's mg in 24 hours (as needed: at the maximum); `others` the other active lines with
 * their mg in 24 hours; `omeMgPer24h` this line's OME (null: not an opioid or not totalled).
 */
export function entryWarnings(
  line: EntryLine,
  dailyMg: number | null,
  omeMgPer24h: number | null,
  others: { line: EntryLine; dailyMg: number | null }[],
  rules: EntryWarningRuleSet = ENTRY_WARNING_RULES,
): EntryWarning[] {
  const out: EntryWarning[] = [];
  const p = line.product;
  const max = rules.maxDaily.find((m) => m.generic === p.generic);
  if (max && dailyMg !== null && dailyMg > max.maxMgPer24h) {
    out.push({
      code: 'ABOVE_MAX_DAILY_DOSE',
      message: `${formatNumber(dailyMg)} mg in 24 hours is above the maximum daily dose of ${p.generic} (${max.note}).`,
      source: `${BNF} (${rules.meta.name} v${rules.meta.version})`,
    });
  }
  if (omeMgPer24h !== null && omeMgPer24h >= rules.implausibleOmeMgPer24h) {
    out.push({
      code: 'IMPLAUSIBLE_DOSE',
      message:
        `This line alone is ${formatNumber(omeMgPer24h)} mg OME a day, more than ten times the 90 mg/day high-dose ` +
        'threshold. Check the dose was typed as intended (mg, not micrograms; per dose, not per day).',
      source: `FPM Opioids Aware high-dose threshold × 10 (${rules.meta.name} v${rules.meta.version})`,
    });
  }
  const paracetamol =
    (dailyMg === null ? 0 : paracetamolMgPer24h(line, dailyMg)) +
    others.reduce((sum, o) => sum + (o.dailyMg === null ? 0 : paracetamolMgPer24h(o.line, o.dailyMg)), 0);
  if (
    paracetamol > rules.paracetamolMaxMgPer24h &&
    (dailyMg === null ? 0 : paracetamolMgPer24h(line, dailyMg)) > 0
  ) {
    out.push({
      code: 'PARACETAMOL_OVER_4G',
      message:
        `Paracetamol from all products comes to ${formatNumber(cleanNumber(paracetamol))} mg in 24 hours, over 4 g ` +
        '(combination products such as co-codamol count their paracetamol).',
      source: `BNF paracetamol monograph: max 4 g daily (${rules.meta.name} v${rules.meta.version})`,
    });
  }
  // Patches worn together are recorded one strength a line, so two patch lines are not duplicates.
  const dup =
    line.doseKind === 'patch'
      ? undefined
      : others.find((o) => o.line.product.generic === p.generic && o.line.product.form === p.form);
  if (dup) {
    out.push({
      code: 'DUPLICATE_LINE',
      message: `${dup.line.product.name} is already on the list: two active lines of the same medicine and form.`,
      source: `Service rule set (${rules.meta.name} v${rules.meta.version})`,
    });
  }
  return out;
}
