/**
 * Goal Attainment Scaling (GAS): the Kiresuk & Sherman T-score, with the Turner-Stokes baseline convention
 * (baseline −1 or −2) adopted in the product decisions.
 *
 * Pure functions: no I/O, no clock. Numbers are computed in double precision and never rounded on the way;
 * only the label rounds, to one decimal place.
 */
import { ClinicalInputError, type RuleSetMeta } from '../errors';

/** The rule set every GAS result records (formula, convention, default ρ). */
export const GAS_RULE_SET: RuleSetMeta = {
  id: 'gas-kiresuk-sherman',
  name: 'Goal Attainment Scaling T-score, unweighted by default, baseline −1 or −2',
  version: '1.0.0',
  source:
    'Kiresuk & Sherman 1968 formula as corrected in the erratum to Turner-Stokes, Clin Rehabil 2009;23:362–70; ' +
    'baseline convention from the KCL Cicely Saunders Institute GAS overview',
};

/** Assumed correlation between goals (ρ) used when none is given. */
export const GAS_DEFAULT_RHO = 0.3;

/** One goal as the T-score formula sees it: its attainment level and an optional weight (default 1). */
export interface GasGoal {
  /** Attainment level: a whole number from −2 to +2. */
  level: number;
  /** Optional weight, greater than 0. Leave out for unweighted GAS (every weight 1). */
  weight?: number;
}

/** One goal for {@link gasSummary}: its baseline, its current level (null if not yet rated) and weight. */
export interface GasSummaryGoal {
  /** Attainment level at review, or null while the goal has not been rated. */
  level: number | null;
  /** Level recorded when the goal was set: −1 (some ability) or −2 (none). */
  baseline: number;
  /** Optional weight, greater than 0 (default 1). */
  weight?: number;
}

/** What {@link gasSummary} returns. */
export interface GasSummary {
  /** T-score on the rated goals, unrounded; null when no goal has been rated. */
  tScore: number | null;
  /**
   * Baseline T-score, unrounded. Computed on the same goals as `tScore` (the rated ones) so that
   * `change = tScore − baselineTScore` compares like with like; when no goal is rated yet it is the baseline
   * of the whole goal set.
   */
  baselineTScore: number | null;
  /** `tScore − baselineTScore`, unrounded; null when no goal has been rated. */
  change: number | null;
  /** Goals with a level. */
  ratedCount: number;
  /** All goals in the set. */
  totalCount: number;
  /** Plain-language line for the screen, e.g. "T-score 54.3 on 2 of 3 goals". */
  label: string;
}

/** How a goal came out at review (GAS-light style categories). */
export type GasReviewOutcome =
  | 'achieved as expected'
  | 'a little more than expected'
  | 'a lot more than expected'
  | 'partial progress'
  | 'no change'
  | 'worse than baseline';

function goalName(index: number): string {
  return `Goal ${index + 1}`;
}

function checkLevel(level: unknown, index: number, field: string): number {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < -2 || level > 2) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${goalName(index)}: level ${String(level)} is not a GAS level. Use a whole number from −2 to +2 ` +
        '(a recorded −0.5 counts as −1 for scoring).',
      field,
    );
  }
  return level;
}

function checkWeight(weight: unknown, index: number, field: string): number {
  if (weight === undefined) return 1;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `${goalName(index)}: weight ${String(weight)} is not allowed. A weight must be a number greater than 0 ` +
        '(leave it out for unweighted GAS).',
      field,
    );
  }
  return weight;
}

function checkRho(rho: unknown): number {
  if (typeof rho !== 'number' || !Number.isFinite(rho) || rho < 0 || rho >= 1) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `GAS correlation (rho) ${String(rho)} is not allowed. It must be at least 0 and less than 1; the ` +
        `convention is ${GAS_DEFAULT_RHO}.`,
      'rho',
    );
  }
  return rho;
}

function checkGoalList(goals: unknown): asserts goals is readonly unknown[] {
  if (!Array.isArray(goals) || goals.length === 0) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      'A GAS T-score needs at least one goal; none were given.',
      'goals',
    );
  }
}

/** The formula itself, on inputs that are already checked. */
function tScoreOf(levels: readonly number[], weights: readonly number[], rho: number): number {
  let weightedSum = 0;
  let sumOfWeights = 0;
  let sumOfSquaredWeights = 0;
  levels.forEach((level, i) => {
    const w = weights[i] ?? 1;
    weightedSum += w * level;
    sumOfWeights += w;
    sumOfSquaredWeights += w * w;
  });
  const denominator = Math.sqrt((1 - rho) * sumOfSquaredWeights + rho * sumOfWeights * sumOfWeights);
  return 50 + (10 * weightedSum) / denominator;
}

/**
 * GAS T-score by the Kiresuk & Sherman formula:
 * `T = 50 + 10·Σ(wᵢxᵢ) / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²)`.
 *
 * T is 50 when every goal is met exactly as expected. The result is NOT rounded; round only for display
 * (one decimal place, see {@link formatGasTScore}).
 *
 * @param goals - one entry per goal: `level` a whole number −2..+2, `weight` greater than 0 (default 1).
 * @param rho - assumed correlation between goals, 0 ≤ ρ < 1 (default 0.3).
 * @throws ClinicalInputError (`INVALID_INPUT`) for an empty list, a level that is not a whole number from −2
 *   to +2, a weight that is not a number greater than 0, or ρ outside [0, 1).
 */
export function gasTScore(goals: readonly GasGoal[], rho: number = GAS_DEFAULT_RHO): number {
  checkGoalList(goals);
  const r = checkRho(rho);
  const levels = goals.map((g, i) => checkLevel(g.level, i, `goals[${i}].level`));
  const weights = goals.map((g, i) => checkWeight(g.weight, i, `goals[${i}].weight`));
  return tScoreOf(levels, weights, r);
}

/**
 * Display a T-score (or a change in T) to one decimal place, halves rounded away from zero.
 *
 * @example formatGasTScore(63.6931) === '63.7'
 */
export function formatGasTScore(value: number): string {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 10)) / 10;
  // `+ 0` turns −0 into 0 so a tiny negative value never shows as "-0.0".
  return (rounded + 0).toFixed(1);
}

/**
 * Summary of a goal set for the screen: the T-score on the goals rated so far, the baseline T-score on the
 * same goals, the change, and a label that always says how many goals the score covers ("T-score 54.3 on 2
 * of 3 goals"). Unrated goals (level null) are never silently dropped: they are counted in `totalCount` and
 * named in the label.
 *
 * @param goals - each with `baseline` −1 or −2, `level` −2..+2 or null, optional `weight` greater than 0.
 * @param rho - assumed correlation between goals (default 0.3).
 * @throws ClinicalInputError (`INVALID_INPUT`) for an empty list, a baseline other than −1 or −2, an invalid
 *   level or weight, or ρ outside [0, 1).
 */
export function gasSummary(goals: readonly GasSummaryGoal[], rho: number = GAS_DEFAULT_RHO): GasSummary {
  checkGoalList(goals);
  const r = checkRho(rho);
  const checked = goals.map((g, i) => {
    const baseline = g.baseline;
    if (baseline !== -1 && baseline !== -2) {
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `${goalName(i)}: baseline ${String(baseline)} is not allowed. Record −1 if the patient has some ` +
          'ability towards the goal, or −2 if they have none.',
        `goals[${i}].baseline`,
      );
    }
    const level = g.level === null ? null : checkLevel(g.level, i, `goals[${i}].level`);
    const weight = checkWeight(g.weight, i, `goals[${i}].weight`);
    return { level, baseline, weight };
  });

  const totalCount = checked.length;
  const rated = checked.filter(
    (g): g is { level: number; baseline: -1 | -2; weight: number } => g.level !== null,
  );
  const ratedCount = rated.length;

  if (ratedCount === 0) {
    const baselineTScore = tScoreOf(
      checked.map((g) => g.baseline),
      checked.map((g) => g.weight),
      r,
    );
    return {
      tScore: null,
      baselineTScore,
      change: null,
      ratedCount,
      totalCount,
      label:
        `No T-score yet: 0 of ${totalCount} ${totalCount === 1 ? 'goal' : 'goals'} rated ` +
        `(baseline T-score ${formatGasTScore(baselineTScore)})`,
    };
  }

  const weights = rated.map((g) => g.weight);
  const tScore = tScoreOf(
    rated.map((g) => g.level),
    weights,
    r,
  );
  const baselineTScore = tScoreOf(
    rated.map((g) => g.baseline),
    weights,
    r,
  );
  return {
    tScore,
    baselineTScore,
    change: tScore - baselineTScore,
    ratedCount,
    totalCount,
    label: `T-score ${formatGasTScore(tScore)} on ${ratedCount} of ${totalCount} ${totalCount === 1 ? 'goal' : 'goals'}`,
  };
}

/**
 * The level to score for a goal, from its baseline and how it came out at review (rating rules in
 * Turner-Stokes, Clin Rehabil 2009;23:362-70):
 * achieved as expected → 0; a little more → +1; a lot more → +2; partial progress → −1;
 * no change → the baseline (−1 or −2); worse than baseline → −2 (the floor; there is no −3).
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) for a baseline other than −1 or −2 or an unknown outcome.
 */
export function gasLevelFromReview(baseline: number, outcome: GasReviewOutcome): number {
  if (baseline !== -1 && baseline !== -2) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Baseline ${String(baseline)} is not allowed; use −1 or −2.`,
      'baseline',
    );
  }
  switch (outcome) {
    case 'achieved as expected':
      return 0;
    case 'a little more than expected':
      return 1;
    case 'a lot more than expected':
      return 2;
    case 'partial progress':
      return -1;
    case 'no change':
      return baseline;
    case 'worse than baseline':
      return -2;
    default:
      throw new ClinicalInputError(
        'INVALID_INPUT',
        `"${String(outcome)}" is not a GAS review outcome.`,
        'outcome',
      );
  }
}

/**
 * Convert a recorded GAS level to the level used for scoring: −0.5 ("partial achievement" from a −1
 * baseline, allowed for display and recording only) becomes −1; whole levels −2..+2 are returned unchanged.
 *
 * @throws ClinicalInputError (`INVALID_INPUT`) for any other value.
 */
export function gasLevelForScoring(recorded: number): number {
  if (recorded === -0.5) return -1;
  if (!Number.isInteger(recorded) || recorded < -2 || recorded > 2) {
    throw new ClinicalInputError(
      'INVALID_INPUT',
      `Level ${String(recorded)} is not a GAS level. Use a whole number from −2 to +2, or −0.5 for partial ` +
        'achievement from a −1 baseline.',
      'level',
    );
  }
  return recorded;
}
