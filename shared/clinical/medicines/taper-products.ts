import { addCalendarDays } from '../calendar';
import { ClinicalInputError } from '../errors';
import type { RuleSetMeta } from '../errors';
import { cleanNumber, formatNumber, requirePositive } from './numbers';
import type { DrugClass } from './types';
import { doseStepFromStrengths, roundToAvailableStrengths } from './taper';
import { reduceLargerDoseFirst } from './taper-doses';

/**
 * A taper engine that writes prescriptions real products can give (issue 13):
 * - every step is made of the product's real strengths (tablets/capsules, with halves only for scored
 *   immediate-release tablets; patches of the real strengths, the fentanyl 12 counted as its delivered 12.5;
 *   liquids to 0.5 mL), written as the product combination;
 * - doses at each time of day may differ (larger dose first, ties the earlier dose), so steps stay near the
 *   chosen size instead of jumping (tramadol 400 mg a day goes 400, 350, 300..., never 400 -> 200 -> stop);
 * - a step larger than the chosen size is marked with the reason, for the prescriber to see before sign-off;
 * - no step is ever an increase, and the plan never goes faster than chosen except where the smallest
 *   dose the products can give forces it (marked).
 */

export type TaperProduct =
  | {
      kind: 'solid';
      strengthsMg: number[];
      halvable: boolean;
      unit: string;
      /**
       * Diazepam (Ashton): a part of a dose smaller than half the smallest tablet is given as oral solution
       * (0.5 mg = 1.25 mL of 2 mg/5 mL); its strength in mg/mL, so the step's supply includes the mL.
       */
      liquidTopUpMgPerMl?: number;
    }
  | { kind: 'patch'; patches: { labelled: number; delivered: number }[]; changeEveryDays: number }
  | { kind: 'liquid'; mgPerMl: number; measureMl: number };

export interface ProductTaperInput {
  /** The doses at each time of day now (mg), or `[delivered micrograms/hour]` for patches. */
  startAdministrations: number[];
  product: TaperProduct;
  /** The reduction per step, in the dose's unit per day (mg a day, or micrograms/hour). */
  stepAmount: number;
  intervalDays: number;
  startDate: string;
  /** Stop at this daily dose instead of 0 (a "reduce to" goal). */
  targetDose?: number;
}

export interface ProductTaperStep {
  date: string;
  /** Daily dose (mg a day), or micrograms/hour delivered for patches. */
  dose: number;
  administrations: number[];
  /** The products for this step, e.g. "one 75 and one 12 micrograms/hour patch" or "2 × 50 mg capsules". */
  products: string;
  /** Why this step is larger than the chosen step, or null. */
  note: string | null;
}

const EPS = 1e-9;
const sum = (xs: number[]) => cleanNumber(xs.reduce((a, b) => a + b, 0));

function allowedStrengths(p: TaperProduct): number[] {
  // Scored tablets: only the smallest strength is halved (UKMi/SPS: diazepam 2 mg tablets halve to 1 mg).
  if (p.kind === 'solid')
    return p.halvable ? [...p.strengthsMg, Math.min(...p.strengthsMg) / 2] : p.strengthsMg;
  if (p.kind === 'patch') return p.patches.map((x) => x.delivered);
  return [];
}

/** The smallest dose step the products allow (mg, or micrograms/hour delivered). */
export function taperGrid(p: TaperProduct): number {
  if (p.kind === 'liquid') return cleanNumber(p.mgPerMl * p.measureMl);
  return doseStepFromStrengths(allowedStrengths(p));
}

function round(x: number, p: TaperProduct, direction: 'up' | 'down'): number {
  if (x <= EPS) return 0;
  if (p.kind === 'liquid') {
    const g = taperGrid(p);
    const n = direction === 'up' ? Math.ceil(cleanNumber(x / g)) : Math.floor(cleanNumber(x / g));
    return cleanNumber(n * g);
  }
  return roundToAvailableStrengths(x, allowedStrengths(p), direction);
}

function reduceTo(current: number[], target: number, p: TaperProduct): number[] {
  const g = taperGrid(p);
  return reduceLargerDoseFirst(current, Math.max(0, target), g).map((d, i) =>
    Math.min(current[i]!, round(d, p, 'up')),
  );
}

/** The smallest reduction possible: the largest dose (ties: the earliest) goes down to the next dose below. */
function smallestReduction(current: number[], p: TaperProduct): number[] {
  let best = 0;
  current.forEach((d, i) => {
    if (d > current[best]!) best = i;
  });
  const out = [...current];
  out[best] = round(cleanNumber(current[best]! - taperGrid(p)), p, 'down');
  return out;
}

/** The fewest units of the strengths making `dose` (largest first), as [strength, count] pairs. */
export function unitsFor(dose: number, strengths: number[]): [number, number][] {
  const sorted = [...new Set(strengths)].sort((a, b) => b - a);
  const scale = 1000;
  const goal = Math.round(dose * scale);
  const units = sorted.map((s) => Math.round(s * scale));
  const best: (number[] | null)[] = [[]];
  for (let n = 1; n <= goal; n++) {
    let pick: number[] | null = null;
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      const rest = n >= u ? best[n - u] : null;
      if (rest && (pick === null || rest.length + 1 < pick.length)) pick = [...rest, i];
    }
    best.push(pick);
  }
  const chosen = best[goal] ?? [];
  const counts = new Map<number, number>();
  for (const i of chosen) counts.set(sorted[i]!, (counts.get(sorted[i]!) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]);
}

const TIMES: Record<number, string[]> = {
  1: ['once a day'],
  2: ['morning', 'evening'],
  3: ['morning', 'midday', 'evening'],
  4: ['morning', 'midday', 'late afternoon', 'bedtime'],
};

/** The product combination for one step, in words. */
export function productsText(administrations: number[], p: TaperProduct): string {
  if (sum(administrations) === 0) return 'none (stopped)';
  if (p.kind === 'patch') {
    const byDelivered = unitsFor(
      administrations[0]!,
      p.patches.map((x) => x.delivered),
    );
    const parts = byDelivered.map(([d, n]) => {
      const labelled = p.patches.find((x) => x.delivered === d)!.labelled;
      return `${n === 1 ? 'one' : n} ${formatNumber(labelled)} micrograms/hour patch${n === 1 ? '' : 'es'}`;
    });
    return `${parts.join(' and ')}, changed every ${p.changeEveryDays} days (remove the old patches)`;
  }
  const labels = TIMES[administrations.length] ?? administrations.map((_, i) => `dose ${i + 1}`);
  const each = administrations.map((mg, i) => {
    if (mg === 0) return `nothing at ${labels[i]}`;
    if (p.kind === 'liquid')
      return `${formatNumber(cleanNumber(mg / p.mgPerMl))} mL (${formatNumber(mg)} mg) ${labels[i]}`;
    const whole = unitsFor(mg, allowedStrengths(p)).map(([s, n]) => {
      const half = !p.strengthsMg.includes(s);
      return half
        ? `${n === 1 ? 'half' : `${n} halves`} of a ${formatNumber(s * 2)} mg ${p.unit}`
        : `${n} × ${formatNumber(s)} mg ${p.unit}${n === 1 ? '' : 's'}`;
    });
    return `${whole.join(' + ')} ${labels[i]}`;
  });
  return each.join('; ');
}

/**
 * Plans the steps (see the file comment). Step k aims at `start − k × stepAmount` (a fixed step); each step
 * is rounded up to what the products can give, so a step is never below the plan. Near the end the dose
 * comes down by at most one step at a time, so the last steps do not jump to 0 from more than one step.
 */
export function planProductTaper(input: ProductTaperInput): ProductTaperStep[] {
  const step = requirePositive(input.stepAmount, 'stepAmount', 'The reduction per step');
  const interval = requirePositive(input.intervalDays, 'intervalDays', 'The interval between steps');
  const p = input.product;
  const start = input.startAdministrations;
  const startDose = sum(start);
  if (startDose <= 0)
    throw new ClinicalInputError('INVALID_DOSE', 'The starting dose must be above 0.', 'startDose');
  const floor = input.targetDose ?? 0;
  const steps: ProductTaperStep[] = [
    {
      date: input.startDate,
      dose: startDose,
      administrations: start,
      products: productsText(start, p),
      note: null,
    },
  ];
  let current = start;
  for (let k = 1; k <= 1000; k++) {
    const date = addCalendarDays(input.startDate, k * interval);
    const planned = cleanNumber(startDose - k * step);
    let next: number[];
    let forced = false;
    if (planned > floor + EPS) {
      next = reduceTo(current, planned, p);
    } else {
      // The plan has reached its end: come down at most one step at a time.
      const aim = Math.max(floor, cleanNumber(sum(current) - step));
      next = aim <= EPS ? current.map(() => 0) : reduceTo(current, aim, p);
      if (sum(next) >= sum(current) - EPS) {
        next = smallestReduction(current, p);
        forced = true;
      }
      if (sum(next) < floor - EPS) next = reduceTo(current, floor, p);
    }
    if (sum(next) >= sum(current) - EPS) continue;
    const drop = cleanNumber(sum(current) - sum(next));
    const unit = p.kind === 'patch' ? 'micrograms/hour' : 'mg a day';
    let note: string | null = null;
    if (drop > step + EPS) {
      const pct = formatNumber(cleanNumber((drop / startDose) * 100));
      note =
        `This step is ${formatNumber(drop)} ${unit} (${pct}% of the starting dose), more than the chosen ` +
        `${formatNumber(step)} ${unit}: ` +
        (forced || sum(next) === 0 || planned <= floor + EPS
          ? `${formatNumber(sum(current))} ${unit} is the smallest dose the products can give in this pattern.`
          : // The true reason: the plan for this date (start − k × step) rounded up to a dose the products
            // give. "Cannot give a dose between" was wrong when a dose in between exists (oxycodone MR 75 -> 65
            // while 70 can be given): the step follows the cumulative plan, not the previous step.
            `the plan for this date is ${formatNumber(planned)} ${unit} (the starting ${formatNumber(startDose)} ` +
            `${unit} less ${k} step${k === 1 ? '' : 's'} of ${formatNumber(step)} ${unit})` +
            (sum(next) > planned + EPS
              ? `, rounded up to a dose the products can give: ${formatNumber(sum(next))} ${unit}.`
              : `; the dose before it (${formatNumber(sum(current))} ${unit}) was rounded up to a dose the ` +
                `products can give.`));
    }
    steps.push({ date, dose: sum(next), administrations: next, products: productsText(next, p), note });
    current = next;
    if (sum(current) <= floor + EPS) return steps;
  }
  throw new ClinicalInputError('INVALID_INPUT', 'This taper would need more than 1000 steps.', 'stepAmount');
}

/** One class default: a reduction as a % of the starting dose, or a fixed mg step, every so many days. */
export interface TaperClassRule {
  key: string;
  label: string;
  drugClasses: DrugClass[];
  /** Applies only to these generics (checked before class-only rules). */
  generics?: string[];
  percentOfStart?: number;
  stepMg?: number;
  intervalDays: number;
  source: string;
}

export interface TaperClassRuleSet {
  meta: RuleSetMeta;
  rules: TaperClassRule[];
}

/** Taper defaults per class, as versioned data with sources (issue 13). A prescriber can change every one. */
export const TAPER_CLASS_DEFAULTS: TaperClassRuleSet = {
  meta: {
    id: 'taper-class-defaults-uk',
    name: 'Taper defaults by medicine class',
    version: '1.1.0',
    source:
      'FPM Opioids Aware "Tapering and stopping" (5-10% every 2-6 weeks); Ashton H. Benzodiazepines: How ' +
      'they work and how to withdraw, 2002 (diazepam reduction, 1.1.0); UKMi/SPS "Calculating equivalent ' +
      'doses of oral benzodiazepines" (diazepam 2 mg halves to 1 mg, 1 mg steps every 1-4 weeks); Scottish ' +
      'Government benzodiazepine and Z-drug guide 2024-27 (reduce every 2-4 weeks, switching to diazepam is an ' +
      'option); NHS Fife gabapentinoid reduction (gabapentin 300 mg, pregabalin 75 mg a week).',
  },
  rules: [
    {
      key: 'diazepam',
      label:
        'Diazepam (Ashton): 2 mg a day less every 2 weeks above 20 mg a day, 1 mg from 20 mg, 0.5 mg from 5 mg',
      drugClasses: ['benzodiazepine-z-drug'],
      generics: ['diazepam'],
      // The steps come from shared/clinical/medicines/benzo-ashton.ts (the step shrinks with the dose); this
      // row names the default and its source.
      stepMg: 1,
      intervalDays: 14,
      source:
        'Ashton H. Benzodiazepines: How they work and how to withdraw, 2002; UKMi/SPS "Calculating equivalent ' +
        'doses of oral benzodiazepines" (2 mg tablets halve to 1 mg).',
    },
    {
      key: 'gabapentin',
      label: 'Gabapentin: 300 mg a day less every week',
      drugClasses: ['gabapentinoid'],
      generics: ['gabapentin'],
      stepMg: 300,
      intervalDays: 7,
      source: 'NHS Fife gabapentinoid reduction guidance (2025).',
    },
    {
      key: 'pregabalin',
      label: 'Pregabalin: 75 mg a day less every week',
      drugClasses: ['gabapentinoid'],
      generics: ['pregabalin'],
      stepMg: 75,
      intervalDays: 7,
      source: 'NHS Fife gabapentinoid reduction guidance (2025).',
    },
    {
      key: 'benzodiazepine',
      label:
        'Benzodiazepines and Z-drugs: 10% of the starting dose every 2 weeks, or switch to diazepam first (Ashton)',
      drugClasses: ['benzodiazepine-z-drug'],
      percentOfStart: 10,
      intervalDays: 14,
      source:
        'Scottish Government benzodiazepine and Z-drug guide 2024-27 (reduce every 2-4 weeks; consider switching ' +
        'short-acting drugs to diazepam); Ashton Manual (2002).',
    },
    {
      key: 'opioid',
      label: 'Opioids: 10% of the starting dose every 2 weeks',
      drugClasses: ['strong-opioid', 'weak-opioid'],
      percentOfStart: 10,
      intervalDays: 14,
      source: 'FPM Opioids Aware, "Tapering and stopping": 5-10% every 2-6 weeks.',
    },
  ],
};

/** The class default for a medicine: a generic-specific rule first, then the class rule. */
export function taperClassRule(
  generic: string,
  drugClass: string,
  rules: TaperClassRuleSet = TAPER_CLASS_DEFAULTS,
): TaperClassRule | null {
  return (
    rules.rules.find((r) => r.generics?.includes(generic)) ??
    rules.rules.find((r) => !r.generics && (r.drugClasses as string[]).includes(drugClass)) ??
    null
  );
}
