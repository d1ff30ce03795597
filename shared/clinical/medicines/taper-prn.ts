import { addCalendarDays } from '../calendar';
import { ClinicalInputError } from '../errors';
import { cleanNumber, formatNumber, requirePositive } from './numbers';
import { roundToAvailableStrengths } from './taper';
import { taperGrid, unitsFor, type TaperProduct } from './taper-products';

/**
 * Tapering an as-needed (PRN) line (issue 13). The line counts at its 24-hour maximum (the dose each time ×
 * the most doses in 24 hours; the service's clinical decisions (clinical lead), medicines 7), and the plan reduces that maximum:
 * - step k aims at `start − k × stepAmount` (a fixed step, like the regular engine);
 * - each step is the smallest maximum at or above the aim that the products can give as a dose each time
 *   (real strengths, halves only of scored immediate-release tablets, or 0.5 mL of a liquid) × a whole
 *   number of doses, **never raising** the dose each time or the number of doses (no step is an increase),
 *   so it is never faster than chosen; between equal maxima the larger dose each time (fewer doses) wins, as
 *   a dose too small to relieve pain would only be taken more often;
 * - when no maximum lies between the aim and the present one the present one is held, and the reduction
 *   comes at a later interval; at the end it comes down at most one step at a time, and a step that must be
 *   larger than chosen (the smallest dose the products give) is marked with the reason;
 * - the minimum interval between doses stays as prescribed.
 */
export interface PrnTaperInput {
  dosePerTimeMg: number;
  maxDoses: number;
  product: TaperProduct;
  /** The reduction of the 24-hour maximum per step, mg. */
  stepAmount: number;
  intervalDays: number;
  startDate: string;
  /** Stop at this 24-hour maximum instead of 0 (a "reduce to" goal). */
  targetDose?: number;
}

export interface PrnTaperStep {
  date: string;
  /** The 24-hour maximum, mg. */
  dose: number;
  dosePerTime: number;
  maxDoses: number;
  /** The dose each time repeated once per dose allowed in 24 hours (how the step is stored). */
  administrations: number[];
  /** The product for one dose, e.g. "1 × 5 mg capsule each time" or "4.5 mL (9 mg) each time". */
  products: string;
  note: string | null;
}

const EPS = 1e-9;

/** The doses each time the product can give, from the largest not above `most`. */
function dosesEachTime(product: TaperProduct, most: number): number[] {
  const grid = taperGrid(product);
  const out: number[] = [];
  for (let j = Math.floor(cleanNumber(most / grid)); j >= 1; j--) {
    const d = cleanNumber(j * grid);
    if (product.kind === 'liquid') out.push(d);
    else if (product.kind === 'solid') {
      const allowed = product.halvable
        ? [...product.strengthsMg, Math.min(...product.strengthsMg) / 2]
        : product.strengthsMg;
      if (roundToAvailableStrengths(d, allowed, 'down') === d) out.push(d);
    }
  }
  return out;
}

/** The product for one dose, in words. */
export function prnProductsText(dose: number, product: TaperProduct): string {
  if (dose <= EPS) return 'none (stopped)';
  if (product.kind === 'liquid')
    return `${formatNumber(cleanNumber(dose / product.mgPerMl))} mL (${formatNumber(dose)} mg) each time`;
  if (product.kind !== 'solid') return `${formatNumber(dose)} mg each time`;
  const halves = product.halvable ? [Math.min(...product.strengthsMg) / 2] : [];
  const parts = unitsFor(dose, [...product.strengthsMg, ...halves]).map(([s, n]) =>
    product.strengthsMg.includes(s)
      ? `${n} × ${formatNumber(s)} mg ${product.unit}${n === 1 ? '' : 's'}`
      : `${n === 1 ? 'half' : `${n} halves`} of a ${formatNumber(s * 2)} mg ${product.unit}`,
  );
  return `${parts.join(' + ')} each time`;
}

/** The step as a GP and a patient read it: the dose each time, the gap, the most doses and the maximum. */
export function prnStepInstruction(
  dosePerTime: number,
  maxDoses: number,
  minIntervalHours: number | null,
  products: string | null,
): string {
  if (dosePerTime <= EPS || maxDoses <= 0) return 'Stop taking it';
  const each = products ? ` (${products})` : '';
  const gap = minIntervalHours ? `, at least ${formatNumber(minIntervalHours)} hours apart` : '';
  return (
    `Take ${formatNumber(dosePerTime)} mg${each} when needed${gap}, no more than ${maxDoses} ` +
    `dose${maxDoses === 1 ? '' : 's'} in 24 hours (at most ${formatNumber(cleanNumber(dosePerTime * maxDoses))} mg in 24 hours)`
  );
}

export function planPrnTaper(input: PrnTaperInput): PrnTaperStep[] {
  const step = requirePositive(input.stepAmount, 'stepAmount', 'The reduction per step');
  const interval = requirePositive(input.intervalDays, 'intervalDays', 'The interval between steps');
  const d0 = requirePositive(input.dosePerTimeMg, 'dosePerTimeMg', 'The dose each time', 'INVALID_DOSE');
  const n0 = requirePositive(input.maxDoses, 'maxDoses', 'The most doses in 24 hours');
  const p = input.product;
  const start = cleanNumber(d0 * n0);
  const floor = input.targetDose ?? 0;
  const make = (date: string, d: number, n: number, note: string | null): PrnTaperStep => ({
    date,
    dose: cleanNumber(d * n),
    dosePerTime: d,
    maxDoses: n,
    administrations: Array.from({ length: n }, () => d),
    products: prnProductsText(d, p),
    note,
  });
  const steps: PrnTaperStep[] = [make(input.startDate, d0, n0, null)];
  let d = d0;
  let n = n0;
  /** The smallest maximum in [low, below) without raising d or n: ties go to the larger dose each time. */
  const pick = (low: number, below: number): [number, number] | null => {
    let best: [number, number] | null = null;
    for (const dd of dosesEachTime(p, d)) {
      for (let nn = n; nn >= 1; nn--) {
        const t = cleanNumber(dd * nn);
        if (t < low - EPS || t >= below - EPS || t < floor - EPS) continue;
        if (!best || t < cleanNumber(best[0] * best[1]) - EPS) best = [dd, nn];
      }
    }
    return best;
  };
  const unit = 'mg in 24 hours';
  for (let k = 1; k <= 1000; k++) {
    const date = addCalendarDays(input.startDate, k * interval);
    const current = cleanNumber(d * n);
    const planned = cleanNumber(start - k * step);
    let next: [number, number] | null;
    let forced = false;
    if (planned > floor + EPS) next = pick(planned, current);
    else {
      const aim = Math.max(floor, cleanNumber(current - step));
      next = aim <= EPS ? [0, 0] : pick(aim, current);
      if (!next) {
        // Nothing within one step: the smallest reduction the products give (or stop).
        forced = true;
        let largest: [number, number] | null = null;
        for (const dd of dosesEachTime(p, d))
          for (let nn = n; nn >= 1; nn--) {
            const t = cleanNumber(dd * nn);
            if (t < current - EPS && t >= floor - EPS && (!largest || t > largest[0] * largest[1]))
              largest = [dd, nn];
          }
        next = largest ?? (floor > EPS ? null : [0, 0]);
      }
    }
    if (!next) continue;
    const total = cleanNumber(next[0] * next[1]);
    const drop = cleanNumber(current - total);
    let note: string | null = null;
    if (drop > step + EPS) {
      const pct = formatNumber(cleanNumber((drop / start) * 100));
      note =
        `This step is ${formatNumber(drop)} ${unit} (${pct}% of the starting maximum), more than the chosen ` +
        `${formatNumber(step)} ${unit}: ` +
        (forced || total === 0
          ? `${formatNumber(current)} ${unit} is the smallest maximum the products can give without raising the dose or the number of doses.`
          : `the products cannot give a maximum between ${formatNumber(total)} and ${formatNumber(current)} ${unit}.`);
    }
    steps.push(make(date, next[0], next[1], note));
    d = next[0];
    n = next[1];
    if (total <= floor + EPS) return steps;
  }
  throw new ClinicalInputError('INVALID_INPUT', 'This taper would need more than 1000 steps.', 'stepAmount');
}
