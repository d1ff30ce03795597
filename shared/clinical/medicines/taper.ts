import { epochDay, fromEpochDay, readCalendarDate } from '../calendar';
import { ClinicalInputError } from '../errors';
import type { RuleSetMeta } from '../errors';
import { cleanNumber, describe, requireNonNegative, requirePositive } from './numbers';

/** `percent-of-start`: a fixed step, a percentage of the starting dose. `percent-of-current`: a percentage of the current dose. */
export type TaperMode = 'percent-of-start' | 'percent-of-current';

/** Input to {@link planTaper}. Doses are in any one unit (mg/day, mcg/h); the plan keeps that unit. */
export interface TaperInput {
  /** The dose the taper starts from (> 0). */
  startDose: number;
  mode: TaperMode;
  /** Reduction per step, as a percentage (> 0 and <= 100). */
  percent: number;
  /** Days between steps (a whole number, 1 or more). */
  intervalDays: number;
  /** First day of the plan, `YYYY-MM-DD`. */
  startDate: string;
  /** The smallest dose step the formulary strengths can give; every planned dose is a multiple of it. */
  roundTo?: number;
  /**
   * Stop rule: when the next (unrounded) dose would be below this, the next step is 0. Required for
   * `percent-of-current`, which would otherwise never reach 0; optional for `percent-of-start`.
   */
  stopBelow?: number;
}

/** One step of a taper plan: from `date`, take `dose`. */
export interface TaperStep {
  date: string;
  dose: number;
}

/** The default taper engine settings, as a versioned rule set. */
export interface TaperDefaults {
  meta: RuleSetMeta;
  mode: TaperMode;
  percent: number;
  intervalDays: number;
}

/**
 * Default taper: 10% of the starting dose every 2 weeks (product decision, medicines 9). The engine plans and
 * never dictates; a clinician chooses and can change every setting.
 */
export const TAPER_DEFAULTS: TaperDefaults = {
  meta: {
    id: 'taper-default',
    name: 'Default opioid taper: 10% of the starting dose every 2 weeks',
    version: '1.0.0',
    source:
      'Service decision, within FPM Opioids Aware "Tapering and stopping" (5-10% every 2-6 weeks; older text ' +
      '10% weekly or two-weekly).',
  },
  mode: 'percent-of-start',
  percent: 10,
  intervalDays: 14,
};

/** The most intervals a plan may span before {@link planTaper} refuses (a guard against endless plans). */
export const MAX_TAPER_INTERVALS = 1000;

/** The start date as a day number for calendar arithmetic. */
function parseStartDay(value: unknown): number {
  if (typeof value !== 'string') {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `The start date must be YYYY-MM-DD (got ${describe(value)}).`,
      'startDate',
    );
  }
  if (readCalendarDate(value)) return epochDay(value, 'startDate');
  throw new ClinicalInputError(
    'INVALID_DATE',
    `The start date "${value}" is not a real date (YYYY-MM-DD).`,
    'startDate',
  );
}

/** Rounds `x` up to the next multiple of `step` (a value already on a multiple stays put). */
function roundUpTo(x: number, step: number): number {
  return cleanNumber(Math.ceil(cleanNumber(x / step)) * step);
}

/**
 * Plans a taper as dated steps. The first step is the start dose on the start date; the last step is 0.
 *
 * How each step is found, interval by interval (k = 1, 2, ...):
 * 1. The unrounded target: `percent-of-start`: `start × (1 − k × percent/100)`;
 *    `percent-of-current`: `start × (1 − percent/100)^k`.
 * 2. If the target is 0 or less, or below `stopBelow`, the step is 0 and the plan ends.
 * 3. With `roundTo`, the target is rounded **up** to a multiple of `roundTo`, so a planned dose is never
 *    below the configured schedule (the engine never tapers faster than configured).
 * 4. A step is written only when the dose goes down. When rounding would give a zero-size step the dose is
 *    held and the next reduction comes at a later interval, so every written step reduces the dose (by at
 *    least `roundTo` once the dose is on the `roundTo` grid), and doses never go up or below 0.
 *
 * The plan always ends: `percent-of-start` reaches 0 after at most `ceil(100 / percent)` intervals and
 * `percent-of-current` falls below `stopBelow` (which must be above 0); plans longer than
 * {@link MAX_TAPER_INTERVALS} intervals are refused.
 *
 * @throws ClinicalInputError for a start dose that is not above 0, a percentage outside (0, 100], an interval
 *   that is not a whole number of days, an invalid date, a `roundTo` or `stopBelow` that is not above 0, a
 *   `stopBelow` at or above the start dose, a missing `stopBelow` in `percent-of-current` mode, or a plan
 *   longer than {@link MAX_TAPER_INTERVALS} intervals.
 */
export function planTaper(input: TaperInput): TaperStep[] {
  if (!input || typeof input !== 'object') {
    throw new ClinicalInputError('INVALID_INPUT', 'The taper settings are missing.', 'input');
  }
  const startDose = requirePositive(input.startDose, 'startDose', 'The starting dose', 'INVALID_DOSE');
  if (input.mode !== 'percent-of-start' && input.mode !== 'percent-of-current') {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Unknown taper mode ${describe(input.mode)}: use percent-of-start or percent-of-current.`,
      'mode',
    );
  }
  const percent = requirePositive(input.percent, 'percent', 'The reduction percentage');
  if (percent > 100) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'The reduction percentage cannot be more than 100.',
      'percent',
    );
  }
  const intervalDays = requirePositive(input.intervalDays, 'intervalDays', 'The interval between steps');
  if (!Number.isInteger(intervalDays)) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'The interval between steps must be a whole number of days.',
      'intervalDays',
    );
  }
  const startDay = parseStartDay(input.startDate);
  const roundTo =
    input.roundTo === undefined
      ? undefined
      : requirePositive(input.roundTo, 'roundTo', 'The dose step (round to)');
  let stopBelow: number | undefined;
  if (input.stopBelow !== undefined) {
    stopBelow = requirePositive(input.stopBelow, 'stopBelow', 'The stop level');
    if (stopBelow >= startDose) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        'The stop level is at or above the starting dose, so the plan would stop at once. Choose a lower stop level.',
        'stopBelow',
      );
    }
  }
  if (input.mode === 'percent-of-current' && stopBelow === undefined) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'A taper by a percentage of the current dose never reaches 0 by itself: set the dose below which the ' +
        'next step is 0 (stop rule).',
      'stopBelow',
    );
  }

  const steps: TaperStep[] = [{ date: fromEpochDay(startDay), dose: startDose }];
  let current = startDose;
  for (let k = 1; ; k++) {
    if (k > MAX_TAPER_INTERVALS) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `This taper would need more than ${MAX_TAPER_INTERVALS} steps. Use a larger percentage or stop level.`,
        'percent',
      );
    }
    const date = fromEpochDay(startDay + k * intervalDays);
    const target =
      input.mode === 'percent-of-start'
        ? cleanNumber(startDose * (1 - cleanNumber((k * percent) / 100)))
        : cleanNumber(startDose * Math.pow(1 - percent / 100, k));
    if (target <= 0 || (stopBelow !== undefined && target < stopBelow)) {
      steps.push({ date, dose: 0 });
      return steps;
    }
    const dose = roundTo === undefined ? target : roundUpTo(target, roundTo);
    if (dose < current) {
      steps.push({ date, dose });
      current = dose;
    }
  }
}

function decimals(x: number): number {
  const s = String(x);
  if (s.includes('e')) return Number.POSITIVE_INFINITY;
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function checkStrengths(strengthsMg: unknown): { units: number[]; scale: number; g: number } {
  if (!Array.isArray(strengthsMg) || strengthsMg.length === 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'At least one available strength is needed.',
      'strengthsMg',
    );
  }
  const values = strengthsMg.map((s, i) => requirePositive(s, `strengthsMg.${i}`, 'Each strength'));
  const places = Math.max(...values.map(decimals));
  if (places > 4) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'Strengths may have at most 4 decimal places.',
      'strengthsMg',
    );
  }
  const scale = 10 ** places;
  const ints = values.map((v) => Math.round(v * scale));
  const g = ints.reduce((acc, v) => gcd(acc, v));
  return { units: ints.map((v) => v / g), scale, g };
}

/**
 * The smallest dose step the given strengths can make: the greatest common divisor of the strengths
 * (e.g. 5, 10 and 20 mg → 5 mg; 2.5 and 10 → 2.5; 10 and 15 → 5). Use it as `roundTo` for
 * {@link planTaper}. Every dose made from these strengths is a multiple of it; every large enough multiple
 * can be made, but some small ones may not (10 and 15 cannot make 5), so check low steps with
 * {@link roundToAvailableStrengths}.
 *
 * @throws ClinicalInputError for an empty list or a strength that is not above 0.
 */
export function doseStepFromStrengths(strengthsMg: number[]): number {
  const { scale, g } = checkStrengths(strengthsMg);
  return cleanNumber(g / scale);
}

/** Largest `units` total the rounding helper will search (guards against absurd inputs). */
const MAX_UNITS = 2_000_000;

/**
 * The dose nearest to `dose` that can be given as a whole number of units of the available strengths
 * (any number of each, including none, so 0 is always possible).
 *
 * Choice (documented): combinations of strengths, not just multiples of the smallest one, so 10 mg and
 * 15 mg tablets can make 25 mg but not 5 mg. Tablet splitting is not assumed: add the half-tablet strength
 * to the list when the product is scored for halving. Exact search over the multiples of the strengths'
 * greatest common divisor.
 *
 * `direction`: `nearest` (default; an exact tie goes to the higher dose, the slower taper), `down` (the
 * largest achievable dose not above `dose`) or `up` (the smallest achievable dose not below `dose`).
 *
 * @throws ClinicalInputError for a negative or non-numeric dose, no strengths, a strength not above 0, or
 *   a dose too large to search.
 */
export function roundToAvailableStrengths(
  dose: number,
  strengthsMg: number[],
  direction: 'nearest' | 'up' | 'down' = 'nearest',
): number {
  const d = requireNonNegative(dose, 'dose', 'The dose');
  const { units, scale, g } = checkStrengths(strengthsMg);
  const target = cleanNumber((d * scale) / g); // in units of the common step
  const largest = Math.max(...units);
  const hi = Math.floor(target) + largest;
  if (hi > MAX_UNITS) {
    throw new ClinicalInputError(
      'INVALID_DOSE',
      'The dose is too large to round to the available strengths.',
      'dose',
    );
  }
  const reachable = new Uint8Array(hi + 1);
  reachable[0] = 1;
  for (let n = 1; n <= hi; n++) {
    for (const u of units) {
      if (u <= n && reachable[n - u] === 1) {
        reachable[n] = 1;
        break;
      }
    }
  }
  let lower = Math.floor(target);
  while (lower > 0 && reachable[lower] !== 1) lower--;
  let upper = Math.ceil(target);
  while (upper < hi && reachable[upper] !== 1) upper++;
  const toDose = (n: number): number => cleanNumber((n * g) / scale);
  if (direction === 'down') return toDose(lower);
  if (direction === 'up') return toDose(upper);
  return target - lower < upper - target ? toDose(lower) : toDose(upper);
}
