import type { FormularyEntry, Strength } from './formulary';
import { cleanNumber, formatNumber } from './numbers';

/**
 * Medicines entered as clinicians write them (issue 13): a product found by generic or UK brand name, one of
 * its strengths, the dose as units × strength (2 × 30/500 tablets; one 25 micrograms/hour patch; 5 mL of
 * 10 mg/5 mL) and the usual frequency words. Every component of a combination is carried (co-codamol's
 * codeine and its paracetamol). Pure: the service and the form use the same arithmetic.
 */

/** What one dose is counted in. */
export type DoseUnit = 'tablet' | 'capsule' | 'patch' | 'mL' | 'spray';

/** One ingredient in one unit (a tablet, a capsule, a spray, or one mL of a liquid). */
export interface ProductComponent {
  generic: string;
  amount: number;
  unit: 'mg' | 'mcg';
}

export interface ProductStrength {
  /** As written on the product: `30/500`, `25 micrograms/hour`, `10 mg/5 mL (2 mg/mL)`, `200 micrograms`. */
  label: string;
  /** The formulary strength this is, as stored on the line (e.g. `30 mg`, `25 mcg/h`, `2 mg/mL`). */
  formularyStrength: string;
  /** Per unit (per mL for liquids); empty for patches. */
  components: ProductComponent[];
  /** Patches: micrograms per hour. */
  mcgPerHour?: number;
}

/** A product a clinician can pick: the generic product or one of its UK brands. */
export interface ProductLine {
  /** `oxycodone-mr-tablet` (generic) or `oxycodone-mr-tablet~OxyContin` (brand). */
  id: string;
  /** `OxyContin (oxycodone modified-release tablet)` or `Oxycodone modified-release tablets (12-hourly)`. */
  label: string;
  brand: string | null;
  /** The name used in the written dose: the brand, or the generic product without its form words. */
  shortName: string;
  formularyId: string;
  generic: string;
  unit: DoseUnit;
  /** Whole units only, unless an immediate-release tablet is scored (halves allowed). */
  halvesAllowed: boolean;
  /** Patches: the product's change interval in days. */
  changeEveryDays?: number;
  strengths: ProductStrength[];
}

const BRAND_SEPARATOR = '~';

function unitOf(entry: FormularyEntry): DoseUnit | null {
  const form = entry.form.toLowerCase();
  if (entry.route === 'topical') return null;
  if (form.includes('patch')) return 'patch';
  if (form.includes('spray')) return 'spray';
  if (form.includes('capsule')) return 'capsule';
  if (form.includes('tablet')) return 'tablet';
  if (form.includes('solution') || form.includes('suspension') || form.includes('liquid')) {
    return entry.strengths.every((s) => s.unit === 'mg/mL' || s.unit === 'mcg/mL') ? 'mL' : null;
  }
  return null;
}

/** The other ingredients of a combination per unit: `paracetamol 500 mg`, or naloxone at half strength. */
function otherComponents(entry: FormularyEntry, main: number): ProductComponent[] {
  const text = entry.combinedWith?.trim().toLowerCase();
  if (!text) return [];
  const fixed = /^([a-z][a-z -]*?) (\d+(?:\.\d+)?) (mg|mcg)$/.exec(text);
  if (fixed) return [{ generic: fixed[1]!, amount: Number(fixed[2]), unit: fixed[3] as 'mg' | 'mcg' }];
  const half = /^([a-z][a-z -]*?) \(half the /.exec(text);
  if (half) return [{ generic: half[1]!, amount: cleanNumber(main / 2), unit: 'mg' }];
  return [];
}

function strengthOf(entry: FormularyEntry, s: Strength): ProductStrength {
  const stored = `${s.value} ${s.unit}`;
  if (s.unit === 'mcg/h')
    return {
      label: `${formatNumber(s.value)} micrograms/hour`,
      formularyStrength: stored,
      components: [],
      mcgPerHour: s.value,
    };
  if (s.unit === 'mg/mL' || s.unit === 'mcg/mL') {
    const u = s.unit === 'mg/mL' ? 'mg' : 'micrograms';
    const label =
      s.value < 10 && s.unit === 'mg/mL'
        ? `${formatNumber(cleanNumber(s.value * 5))} mg/5 mL (${formatNumber(s.value)} mg/mL)`
        : `${formatNumber(s.value)} ${u}/mL`;
    return {
      label,
      formularyStrength: stored,
      components: [{ generic: entry.generic, amount: s.value, unit: s.unit === 'mg/mL' ? 'mg' : 'mcg' }],
    };
  }
  const unit = s.unit === 'mcg' ? 'mcg' : 'mg';
  const others = otherComponents(entry, s.value);
  const label =
    others.length > 0
      ? [s.value, ...others.map((o) => o.amount)].map(formatNumber).join('/')
      : `${formatNumber(s.value)} ${unit === 'mcg' ? 'micrograms' : 'mg'}`;
  return {
    label,
    formularyStrength: stored,
    components: [{ generic: entry.generic, amount: s.value, unit }, ...others],
  };
}

/**
 * The products a clinician can choose from a formulary: each entry as its generic product, then each of
 * its UK brands with that brand's strengths. Topicals and forms not dosed in units are left out (they are
 * recorded with the dose in mg).
 */
export function productLines(entries: readonly FormularyEntry[]): ProductLine[] {
  const out: ProductLine[] = [];
  for (const e of entries) {
    const unit = unitOf(e);
    if (!unit) continue;
    const strengths = e.strengths.filter((s) => s.unit !== '%').map((s) => strengthOf(e, s));
    if (strengths.length === 0) continue;
    const base = {
      formularyId: e.id,
      generic: e.generic,
      unit,
      halvesAllowed: e.scored === true && e.release === 'immediate' && unit === 'tablet',
      ...(e.changeEveryDays !== undefined ? { changeEveryDays: e.changeEveryDays } : {}),
    };
    const short = e.name
      .replace(/ \(.*\)$/, '')
      .replace(/ \d.*$/, '')
      .replace(/ (tablets?|capsules?)$/i, '');
    const shortName = lowerFirst(short);
    out.push({ ...base, id: e.id, label: e.name, brand: null, shortName, strengths });
    for (const b of e.brands ?? []) {
      const mine = b.strengths
        ? strengths.filter((_, i) => b.strengths!.includes(e.strengths[i]!.value))
        : strengths;
      if (mine.length === 0) continue;
      out.push({
        ...base,
        id: `${e.id}${BRAND_SEPARATOR}${b.name}`,
        label: `${b.name} (${lowerFirst(e.name.replace(/ \(.*\)$/, ''))})`,
        brand: b.name,
        shortName: b.name,
        strengths: mine,
      });
    }
  }
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * Type-ahead: products whose brand, name or generic contains what was typed (case, spaces and hyphens
 * ignored: "co codamol", "oxycontin", "Zomorph"). Brands and names that start with it come first.
 */
export function searchProducts(lines: readonly ProductLine[], query: string, limit = 12): ProductLine[] {
  const q = squash(query);
  if (q.length < 2) return [];
  const scored = lines.flatMap((l) => {
    const terms = [l.brand ?? '', l.label, l.generic].map(squash);
    if (!terms.some((t) => t.includes(q))) return [];
    const rank = terms[0]!.startsWith(q) ? 0 : terms[1]!.startsWith(q) || terms[2]!.startsWith(q) ? 1 : 2;
    return [{ l, rank }];
  });
  return scored
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map((s) => s.l);
}

/** A frequency as written, understood. */
export interface Frequency {
  /** Regular doses a day (od 1, bd 2, tds 3, qds 4, nocte 1, every 4 hours 6). */
  timesPerDay?: number;
  /** "every N hours": the hours between doses (as needed: the minimum interval). */
  everyHours?: number;
  /** Patches: changed every N days. */
  everyDays?: number;
  /** In words, e.g. `twice a day`, `at night`, `every 4 hours`, `every 3 days`. */
  text: string;
}

const WORDS: { re: RegExp; times: number; text: string }[] = [
  { re: /^(od|o\.d\.|once daily|once a day|daily|once)$/, times: 1, text: 'once a day' },
  { re: /^(mane|om|each morning|in the morning)$/, times: 1, text: 'each morning' },
  { re: /^(nocte|on|at night|at bedtime)$/, times: 1, text: 'at night' },
  { re: /^(bd|b\.d\.|bid|twice daily|twice a day|12 ?hourly)$/, times: 2, text: 'twice a day' },
  {
    re: /^(tds|t\.d\.s\.|tid|three times daily|three times a day|8 ?hourly)$/,
    times: 3,
    text: 'three times a day',
  },
  {
    re: /^(qds|q\.d\.s\.|qid|four times daily|four times a day|6 ?hourly)$/,
    times: 4,
    text: 'four times a day',
  },
];

/**
 * Reads the usual frequency words: od, bd, tds, qds, mane, nocte, "every N hours" (also "qNh", "N hourly"),
 * and for patches "every N days", "every 72 hours", "weekly". Null when the words are not understood.
 */
export function parseFrequency(words: string): Frequency | null {
  const w = words
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ ?(prn|when needed|when required|as needed)$/, '');
  for (const f of WORDS) if (f.re.test(w)) return { timesPerDay: f.times, text: f.text };
  const days = /^(?:every|change every|changed every) (\d+) days?$/.exec(w);
  if (days) return { everyDays: Number(days[1]), text: `every ${days[1]} days` };
  if (/^(weekly|once a week|every week)$/.test(w)) return { everyDays: 7, text: 'every 7 days' };
  const hours =
    /^(?:every (\d+(?:\.\d+)?) ?(?:hours?|hrs?|h)|q(\d+(?:\.\d+)?) ?h|(\d+(?:\.\d+)?) ?hourly)$/.exec(w);
  if (hours) {
    const h = Number(hours[1] ?? hours[2] ?? hours[3]);
    if (h >= 24 && h % 24 === 0 && h > 24) return { everyDays: h / 24, text: `every ${h / 24} days` };
    const times = 24 / h;
    return {
      everyHours: h,
      ...(Number.isInteger(times) ? { timesPerDay: times } : {}),
      text: `every ${formatNumber(h)} hours`,
    };
  }
  return null;
}

export interface WrittenInput {
  line: ProductLine;
  /** The strength's label (as in `line.strengths`). */
  strength: string;
  /** Tablets, capsules, patches, sprays or mL per dose. */
  units: number;
  doseKind: 'regular' | 'prn' | 'patch';
  /** Frequency words (regular: od/bd/...; as needed: "every 4 hours"; patches: "every 3 days"). */
  frequency?: string | undefined;
}

/** One component of one dose, and per 24 hours for regular doses. */
export interface ComponentDose {
  generic: string;
  perDose: number;
  unit: 'mg' | 'mcg';
  /** Regular doses: per 24 hours (null for as needed and patches). */
  per24h: number | null;
}

/** What was written and what it means, as stored on the medicine line. */
export interface WrittenDose {
  productId: string;
  product: string;
  brand: string | null;
  strength: string;
  units: number;
  unit: DoseUnit;
  frequency: string;
  /** In words: `2 × co-codamol 30/500 tablets twice a day`. */
  text: string;
  components: ComponentDose[];
  /** The formulary strength the line stores. */
  formularyStrength: string;
  /** The main (formulary generic) ingredient per dose, in mg (micrograms converted); null for patches. */
  doseMg: number | null;
  timesPerDay: number | null;
  everyHours: number | null;
  patchMcgPerHour: number | null;
  patchChangeEveryDays: number | null;
}

/** A refusal of a written dose: field (`units`, `strength`, `frequency`) and message. */
export type WrittenResult = { ok: true; value: WrittenDose } | { ok: false; field: string; message: string };

const UNIT_WORDS: Record<DoseUnit, [string, string]> = {
  tablet: ['tablet', 'tablets'],
  capsule: ['capsule', 'capsules'],
  patch: ['patch', 'patches'],
  mL: ['mL', 'mL'],
  spray: ['spray', 'sprays'],
};

function amountText(amount: number, unit: 'mg' | 'mcg'): string {
  return `${formatNumber(amount)} ${unit === 'mcg' ? 'micrograms' : 'mg'}`;
}

/**
 * Works out a dose written as units × strength with frequency words. Refused (field + message): a strength the
 * product does not have; part of a tablet that may not be divided (modified-release, capsules, unscored);
 * more than one patch on a line; frequency words not understood, or a patch change interval that is not the
 * product's.
 */
export function writtenDose(input: WrittenInput): WrittenResult {
  const { line, units } = input;
  const fail = (field: string, message: string): WrittenResult => ({ ok: false, field, message });
  const strength = line.strengths.find((s) => s.label === input.strength);
  if (!strength) return fail('strength', `Choose one of the strengths of ${line.brand ?? line.label}.`);
  if (!Number.isFinite(units) || units <= 0) return fail('units', 'Enter how many are taken each time.');
  if (line.unit === 'patch' && units !== 1)
    return fail('units', 'Record one patch per line: add each patch worn at the same time as its own line.');
  if (line.unit === 'mL') {
    if (Math.abs(units * 10 - Math.round(units * 10)) > 1e-9 || units > 100)
      return fail('units', 'Enter the volume in mL to one decimal place (at most 100 mL).');
  } else if (!Number.isInteger(units)) {
    const half = Number.isInteger(units * 2);
    if (!half || !line.halvesAllowed)
      return fail(
        'units',
        line.unit === 'tablet' && half
          ? 'This tablet must not be halved (only scored immediate-release tablets may be). Choose a strength that gives the dose in whole tablets.'
          : `Enter whole ${UNIT_WORDS[line.unit][1]}.`,
      );
  }
  if (units > 20) return fail('units', `At most 20 ${UNIT_WORDS[line.unit][1]} a dose.`);
  const words = (input.frequency ?? '').trim();
  let freq: Frequency | null = null;
  if (words !== '') {
    freq = parseFrequency(words);
    if (!freq)
      return fail(
        'frequency',
        'Write the frequency as od, bd, tds, qds, nocte, "every 4 hours" or, for a patch, "every 3 days".',
      );
  }
  if (input.doseKind === 'patch' || line.unit === 'patch') {
    if (input.doseKind !== 'patch' || line.unit !== 'patch')
      return fail(
        'units',
        input.doseKind === 'patch' ? 'This medicine is not a patch.' : 'A patch is recorded as a patch.',
      );
    const days = freq?.everyDays ?? line.changeEveryDays;
    if (days === undefined)
      return fail('frequency', 'Write how often the patch is changed, e.g. "every 3 days".');
    if (freq && freq.everyDays === undefined)
      return fail(
        'frequency',
        'Write how often the patch is changed in days, e.g. "every 3 days" or "every 7 days".',
      );
    if (line.changeEveryDays !== undefined && days !== line.changeEveryDays)
      return fail(
        'frequency',
        `${line.brand ?? line.label} patches are changed every ${line.changeEveryDays} days, not every ${days}.`,
      );
    const mcgh = strength.mcgPerHour!;
    return {
      ok: true,
      value: {
        ...recordBase(input, line, strength, `every ${days} days`),
        text: `one ${line.shortName} ${strength.label} patch, changed every ${days} days`,
        components: [],
        doseMg: null,
        timesPerDay: null,
        everyHours: null,
        patchMcgPerHour: mcgh,
        patchChangeEveryDays: days,
      },
    };
  }
  let timesPerDay: number | null = null;
  let everyHours: number | null = null;
  if (input.doseKind === 'regular') {
    if (!freq) return fail('frequency', 'Write how often it is taken, e.g. bd or tds.');
    if (freq.everyDays !== undefined)
      return fail('frequency', 'Every few days is for patches; write od, bd, tds or qds.');
    if (freq.timesPerDay === undefined)
      return fail(
        'frequency',
        'Every that many hours does not divide the day evenly: write the times a day.',
      );
    timesPerDay = freq.timesPerDay;
    everyHours = freq.everyHours ?? null;
  } else if (freq) {
    if (freq.everyHours === undefined)
      return fail('frequency', 'For as needed, write the shortest time between doses, e.g. "every 4 hours".');
    everyHours = freq.everyHours;
  }
  const components: ComponentDose[] = strength.components.map((c) => {
    const perDose = cleanNumber(c.amount * units);
    return {
      generic: c.generic,
      perDose,
      unit: c.unit,
      per24h: timesPerDay === null ? null : cleanNumber(perDose * timesPerDay),
    };
  });
  const main = components.find((c) => c.generic === line.generic) ?? components[0]!;
  const doseMg = cleanNumber(main.unit === 'mcg' ? main.perDose / 1000 : main.perDose);
  const unitWord = UNIT_WORDS[line.unit][units === 1 ? 0 : 1];
  const what =
    line.unit === 'mL'
      ? `${formatNumber(units)} mL of ${line.shortName} ${strength.label.replace(/ \(.*\)$/, '')}`
      : `${formatNumber(units)} × ${line.shortName} ${strength.label} ${unitWord}`;
  const when = freq?.text ?? '';
  return {
    ok: true,
    value: {
      ...recordBase(input, line, strength, when),
      text: `${what}${when ? ` ${input.doseKind === 'prn' ? `when needed, at most ${when}` : when}` : input.doseKind === 'prn' ? ' when needed' : ''} (${components.map((c) => `${c.generic} ${amountText(c.perDose, c.unit)}`).join(' + ')} a dose)`,
      components,
      doseMg,
      timesPerDay,
      everyHours,
      patchMcgPerHour: null,
      patchChangeEveryDays: null,
    },
  };
}

function recordBase(input: WrittenInput, line: ProductLine, strength: ProductStrength, frequency: string) {
  return {
    productId: line.id,
    product: line.label,
    brand: line.brand,
    strength: strength.label,
    units: input.units,
    unit: line.unit,
    frequency,
    formularyStrength: strength.formularyStrength,
  };
}
