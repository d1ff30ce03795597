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

/** A maximum daily dose for an adult (mg in 24 hours, all routes of the product given), with its source. */
export interface MaxDailyDose {
  generic: string;
  maxMgPer24h: number;
  note: string;
  /** Where the maximum comes from (the BNF monograph or the SPC). */
  source?: string;
}

export interface EntryWarningRuleSet {
  meta: RuleSetMeta;
  maxDaily: MaxDailyDose[];
  paracetamolMaxMgPer24h: number;
  /** An opioid line at or above this OME (mg/24h) is "an order of magnitude above usual". */
  implausibleOmeMgPer24h: number;
  /**
   * A line at or above this many times its maximum daily dose (or paracetamol, a combination's included, at
   * this many times 4 g) is impossible and refused: a pharmacist would stop it, not ask for a reason.
   */
  impossibleMultipleOfMax: number;
}

const BNF = 'BNF (bnf.nice.org.uk), adult oral maximum daily dose in the drug monograph';
const bnf = (drug: string, detail: string) => `BNF ${drug} monograph (adult, ${detail})`;

/**
 * Entry warnings, as versioned data. Maximum daily doses are the adult maxima printed in the BNF monographs
 * and SPCs (to be checked by the service pharmacist before sign-off); above one is a warning that needs a
 * reason (audited), ten times one is refused. Strong opioids have no BNF maximum and are caught by the "order
 * of magnitude" check instead (10 × the 90 mg/day high-dose threshold). No renal or age adjustment here (the
 * reference gives none; gabapentinoid doses against creatinine clearance are checked in medicine-checks-uk).
 * 1.1.0 (issue 13): a source per medicine; benzodiazepines other than diazepam; the refusal at 10 ×.
 * 1.2.0 (issue 13, stop 6, the pharmacist's review): alprazolam's usual and elderly doses written out beside its
 * 3 mg maximum (BNF); the rule set's source says which figures are service rules.
 */
export const ENTRY_WARNING_RULES: EntryWarningRuleSet = {
  meta: {
    id: 'medicine-entry-warnings-uk',
    name: 'Medicine entry warnings (UK adult maximum doses)',
    version: '1.2.0',
    source:
      `${BNF}; SPCs (electronic medicines compendium); paracetamol 4 g in 24 hours across all products (BNF, ` +
      'MHRA); ten times a maximum is refused (service rule); implausible opioid dose: 10 × the FPM Opioids Aware ' +
      '90 mg/day high-dose threshold (service rule).',
  },
  maxDaily: [
    {
      generic: 'codeine',
      maxMgPer24h: 240,
      note: '30-60 mg every 4 hours, max 240 mg daily',
      source: bnf('codeine phosphate', 'max 240 mg daily'),
    },
    {
      generic: 'dihydrocodeine',
      maxMgPer24h: 240,
      note: 'max 240 mg daily',
      source: bnf('dihydrocodeine', 'max 240 mg daily'),
    },
    {
      generic: 'tramadol',
      maxMgPer24h: 400,
      note: 'max 400 mg daily',
      source: bnf('tramadol', 'max 400 mg daily'),
    },
    {
      generic: 'tapentadol',
      maxMgPer24h: 500,
      note: 'modified-release max 500 mg daily',
      source: 'Palexia SR SPC 4.2 (max 500 mg daily)',
    },
    {
      generic: 'gabapentin',
      maxMgPer24h: 3600,
      note: 'max 3.6 g daily',
      source: bnf('gabapentin', 'neuropathic pain, max 3.6 g daily'),
    },
    {
      generic: 'pregabalin',
      maxMgPer24h: 600,
      note: 'max 600 mg daily',
      source: bnf('pregabalin', 'max 600 mg daily'),
    },
    {
      generic: 'amitriptyline',
      maxMgPer24h: 75,
      note: 'neuropathic pain, max 75 mg daily',
      source: bnf('amitriptyline', 'neuropathic pain, max 75 mg daily'),
    },
    {
      generic: 'nortriptyline',
      maxMgPer24h: 75,
      note: 'neuropathic pain, max 75 mg daily',
      source: bnf('nortriptyline', 'neuropathic pain, max 75 mg daily'),
    },
    {
      generic: 'duloxetine',
      maxMgPer24h: 120,
      note: 'max 120 mg daily',
      source: bnf('duloxetine', 'max 120 mg daily in divided doses'),
    },
    {
      generic: 'ibuprofen',
      maxMgPer24h: 2400,
      note: 'max 2.4 g daily',
      source: bnf('ibuprofen', 'max 2.4 g daily'),
    },
    {
      generic: 'naproxen',
      maxMgPer24h: 1000,
      note: 'musculoskeletal pain, 0.5-1 g daily',
      source: bnf('naproxen', 'musculoskeletal disorders, 0.5-1 g daily'),
    },
    {
      generic: 'diclofenac',
      maxMgPer24h: 150,
      note: 'max 150 mg daily',
      source: bnf('diclofenac sodium', 'max 150 mg daily'),
    },
    {
      generic: 'celecoxib',
      maxMgPer24h: 400,
      note: 'max 400 mg daily',
      source: bnf('celecoxib', 'max 400 mg daily'),
    },
    {
      generic: 'diazepam',
      maxMgPer24h: 30,
      note: 'anxiety, max 30 mg daily',
      source: bnf('diazepam', 'anxiety, max 30 mg daily in divided doses'),
    },
    {
      generic: 'lorazepam',
      maxMgPer24h: 4,
      note: 'anxiety, 1-4 mg daily',
      source: bnf('lorazepam', 'anxiety, 1-4 mg daily in divided doses'),
    },
    {
      generic: 'clonazepam',
      maxMgPer24h: 20,
      note: 'max 20 mg daily',
      source: bnf('clonazepam', 'epilepsy, max 20 mg daily'),
    },
    {
      generic: 'temazepam',
      maxMgPer24h: 40,
      note: 'insomnia, up to 40 mg at bedtime in exceptional circumstances',
      source: bnf('temazepam', 'insomnia, 10-20 mg at bedtime, up to 40 mg exceptionally'),
    },
    {
      generic: 'nitrazepam',
      maxMgPer24h: 10,
      note: 'insomnia, 5-10 mg at bedtime',
      source: bnf('nitrazepam', 'insomnia, 5-10 mg at bedtime'),
    },
    {
      generic: 'oxazepam',
      maxMgPer24h: 120,
      note: 'anxiety, 15-30 mg 3-4 times a day',
      source: bnf('oxazepam', 'anxiety, 15-30 mg 3-4 times daily'),
    },
    {
      generic: 'chlordiazepoxide',
      maxMgPer24h: 100,
      note: 'anxiety, max 100 mg daily',
      source: bnf('chlordiazepoxide hydrochloride', 'anxiety, max 100 mg daily in divided doses'),
    },
    {
      generic: 'alprazolam',
      maxMgPer24h: 3,
      note: 'anxiety, 250-500 micrograms three times a day, max 3 mg daily; elderly or debilitated 250 micrograms 2-3 times a day',
      source: bnf(
        'alprazolam',
        'anxiety, 250-500 micrograms three times daily, max 3 mg daily; elderly or debilitated 250 micrograms 2-3 times daily',
      ),
    },
    {
      generic: 'zopiclone',
      maxMgPer24h: 7.5,
      note: '7.5 mg at bedtime',
      source: bnf('zopiclone', '7.5 mg at bedtime'),
    },
    {
      generic: 'zolpidem',
      maxMgPer24h: 10,
      note: '10 mg at bedtime',
      source: bnf('zolpidem tartrate', '10 mg at bedtime'),
    },
    {
      generic: 'paracetamol',
      maxMgPer24h: 4000,
      note: 'max 4 g daily',
      source: bnf('paracetamol', 'max 4 g daily'),
    },
  ],
  paracetamolMaxMgPer24h: 4000,
  implausibleOmeMgPer24h: 900,
  impossibleMultipleOfMax: 10,
};

/**
 * The impossible, refused (field → message): a line at or above ten times its maximum daily dose, or whose
 * paracetamol (a combination's included) is at or above ten times 4 g. `dailyMg` is the line's mg in 24 hours
 * (as needed: at the maximum).
 */
export function impossibleDoseRefusals(
  line: EntryLine,
  dailyMg: number | null,
  rules: EntryWarningRuleSet = ENTRY_WARNING_RULES,
): Record<string, string> {
  if (dailyMg === null) return {};
  const field = line.administrationsMg ? 'administrationsMg' : 'doseMg';
  const times = rules.impossibleMultipleOfMax;
  const max = rules.maxDaily.find((m) => m.generic === line.product.generic);
  const why = `Check the dose (mg, not micrograms; each dose, not the day's total).`;
  if (max && dailyMg >= times * max.maxMgPer24h)
    return {
      [field]:
        `${formatNumber(dailyMg)} mg of ${line.product.generic} in 24 hours is ${formatNumber(cleanNumber(dailyMg / max.maxMgPer24h))} ` +
        `times the maximum daily dose (${max.note}); this cannot be given. ${why}`,
    };
  const paracetamol = paracetamolMgPer24h(line, dailyMg);
  if (paracetamol >= times * rules.paracetamolMaxMgPer24h)
    return {
      [field]:
        `This gives ${formatNumber(paracetamol)} mg of paracetamol in 24 hours, ${formatNumber(cleanNumber(paracetamol / rules.paracetamolMaxMgPer24h))} ` +
        `times the 4 g maximum; this cannot be given. ${why}`,
    };
  return {};
}

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
      source: `${max.source ?? BNF} (${rules.meta.name} v${rules.meta.version})`,
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
