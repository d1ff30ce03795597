/**
 * GAS T-score: every expected value below was worked out by hand from the Kiresuk & Sherman formula
 * T = 50 + 10·Σ(wᵢxᵢ) / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²) (Turner-Stokes, Clin Rehabil 2009), not by calling the code.
 */
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../../../shared/clinical/errors';
import {
  GAS_DEFAULT_RHO,
  GAS_RULE_SET,
  formatGasTScore,
  gasLevelForScoring,
  gasLevelFromReview,
  gasSummary,
  gasTScore,
  type GasGoal,
  type GasReviewOutcome,
} from '../../../shared/clinical/rehab/index';

function goals(levels: number[], weights?: number[]): GasGoal[] {
  return levels.map((level, i) => {
    const w = weights?.[i];
    return w === undefined ? { level } : { level, weight: w };
  });
}

describe('gasTScore, unweighted (ρ = 0.3)', () => {
  // Three unweighted goals: Σw = 3, Σw² = 3, denominator √(0.7·3 + 0.3·9) = √4.8 = 2.190890.
  // Two unweighted goals: denominator √(0.7·2 + 0.3·4) = √2.6 = 1.612452.
  // One goal: denominator √(0.7 + 0.3) = 1.
  it.each([
    { name: '3 goals all at 0: Σx = 0 → 50', levels: [0, 0, 0], expected: 50 },
    { name: '(+1, 0, −1): Σx = 0 → 50', levels: [1, 0, -1], expected: 50 },
    { name: '(1, 1, 1): 50 + 30/2.190890 = 63.69306', levels: [1, 1, 1], expected: 63.69306 },
    {
      name: '(−1, −1, −1): 50 − 30/2.190890 = 36.30694 (reference: 36.3)',
      levels: [-1, -1, -1],
      expected: 36.30694,
    },
    {
      name: '(−2, −2, −2): 50 − 60/2.190890 = 22.61387 (reference: 22.6)',
      levels: [-2, -2, -2],
      expected: 22.61387,
    },
    {
      name: '(2, 2, 2): 50 + 60/2.190890 = 77.38613 (reference: 77.4)',
      levels: [2, 2, 2],
      expected: 77.38613,
    },
    { name: '(1, 1, 0): 50 + 20/2.190890 = 59.12871', levels: [1, 1, 0], expected: 59.12871 },
    { name: '(0, 1): 50 + 10/1.612452 = 56.20174', levels: [0, 1], expected: 56.20174 },
    { name: 'one goal at +2: 50 + 20/1 = 70 (reference: one goal spans 30–70)', levels: [2], expected: 70 },
    { name: 'one goal at −2: 50 − 20/1 = 30', levels: [-2], expected: 30 },
    { name: 'one goal at 0: 50', levels: [0], expected: 50 },
  ])('$name', ({ levels, expected }) => {
    expect(gasTScore(goals(levels))).toBeCloseTo(expected, 4);
  });

  it('uses ρ = 0.3 by default', () => {
    expect(GAS_DEFAULT_RHO).toBe(0.3);
    expect(gasTScore(goals([1, 1, 1]))).toBeCloseTo(gasTScore(goals([1, 1, 1]), 0.3), 12);
  });

  it('returns the unrounded value', () => {
    // 63.69306… is not a one-decimal number: rounding inside the function would give 63.7.
    const t = gasTScore(goals([1, 1, 1]));
    expect(Math.abs(t - 63.7)).toBeGreaterThan(0.001);
  });
});

describe('gasTScore, other ρ', () => {
  it.each([
    // ρ = 0: denominator √Σw² = √3 = 1.7320508; T = 50 + 30/1.7320508 = 67.32051.
    { rho: 0, levels: [1, 1, 1], expected: 67.32051 },
    // ρ = 0.5, two goals (1, 0): denominator √(0.5·2 + 0.5·4) = √3 = 1.7320508; T = 50 + 10/1.7320508 = 55.77350.
    { rho: 0.5, levels: [1, 0], expected: 55.7735 },
    // ρ = 0.9, one goal: denominator √(0.1 + 0.9) = 1; T = 50 + 10 = 60.
    { rho: 0.9, levels: [1], expected: 60 },
  ])('ρ = $rho, levels $levels → $expected', ({ rho, levels, expected }) => {
    expect(gasTScore(goals(levels), rho)).toBeCloseTo(expected, 4);
  });
});

describe('gasTScore, weighted', () => {
  it.each([
    {
      // Σwx = 2·1 + 1·(−1) = 1; Σw² = 4 + 1 = 5; Σw = 3;
      // denominator √(0.7·5 + 0.3·9) = √6.2 = 2.489980; T = 50 + 10/2.489980 = 54.01610.
      name: 'levels (1, −1), weights (2, 1)',
      levels: [1, -1],
      weights: [2, 1],
      expected: 54.0161,
    },
    {
      // Σwx = 3·2 + 2·0 + 1·(−1) = 5; Σw² = 9 + 4 + 1 = 14; Σw = 6;
      // denominator √(0.7·14 + 0.3·36) = √20.6 = 4.538722; T = 50 + 50/4.538722 = 61.01631.
      name: 'levels (2, 0, −1), weights (3, 2, 1)',
      levels: [2, 0, -1],
      weights: [3, 2, 1],
      expected: 61.01631,
    },
    {
      // Equal weights cancel: Σwx = 2·(1+1+0) = 4; Σw² = 12; Σw = 6;
      // denominator √(0.7·12 + 0.3·36) = √19.2 = 4.381780; T = 50 + 40/4.381780 = 59.12871 (same as unweighted).
      name: 'levels (1, 1, 0), all weights 2 = unweighted',
      levels: [1, 1, 0],
      weights: [2, 2, 2],
      expected: 59.12871,
    },
    {
      // Weight only on the first goal of two: Σwx = 1·(−2) + 1·2 = 0 → 50 whatever the weights sum to.
      name: 'levels (−2, 2), weights (1, 1) → 50',
      levels: [-2, 2],
      weights: [1, 1],
      expected: 50,
    },
    {
      // Σwx = 0.5·1 + 1.5·1 = 2; Σw² = 0.25 + 2.25 = 2.5; Σw = 2;
      // denominator √(0.7·2.5 + 0.3·4) = √2.95 = 1.7175564; T = 50 + 20/1.7175564 = 61.64445.
      name: 'fractional weights (0.5, 1.5), levels (1, 1)',
      levels: [1, 1],
      weights: [0.5, 1.5],
      expected: 61.64445,
    },
  ])('$name → $expected', ({ levels, weights, expected }) => {
    expect(gasTScore(goals(levels, weights))).toBeCloseTo(expected, 4);
  });

  it('treats a missing weight as 1', () => {
    // (1, −1) with weights (1, 1): Σwx = 0 → 50.
    expect(gasTScore([{ level: 1 }, { level: -1, weight: 1 }])).toBeCloseTo(50, 10);
  });
});

describe('gasTScore, invalid input', () => {
  it.each([
    { name: 'empty goal list', input: [] as GasGoal[], rho: 0.3 },
    { name: 'level 3', input: goals([0, 3]), rho: 0.3 },
    { name: 'level −3', input: goals([-3]), rho: 0.3 },
    { name: 'level 0.5', input: goals([0.5]), rho: 0.3 },
    { name: 'level −0.5 (must be converted to −1 first)', input: goals([-0.5]), rho: 0.3 },
    { name: 'level NaN', input: goals([Number.NaN]), rho: 0.3 },
    { name: 'weight 0', input: goals([1, 0], [1, 0]), rho: 0.3 },
    { name: 'negative weight', input: goals([1], [-1]), rho: 0.3 },
    { name: 'NaN weight', input: goals([1], [Number.NaN]), rho: 0.3 },
    { name: 'infinite weight', input: goals([1], [Number.POSITIVE_INFINITY]), rho: 0.3 },
    { name: 'ρ = 1', input: goals([1]), rho: 1 },
    { name: 'ρ < 0', input: goals([1]), rho: -0.1 },
    { name: 'ρ NaN', input: goals([1]), rho: Number.NaN },
  ])('$name throws ClinicalInputError', ({ input, rho }) => {
    expect(() => gasTScore(input, rho)).toThrow(ClinicalInputError);
  });

  it('names the goal and the allowed levels in the message', () => {
    try {
      gasTScore(goals([0, 3]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClinicalInputError);
      const err = e as ClinicalInputError;
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toContain('Goal 2');
      expect(err.message).toContain('−2 to +2');
      expect(err.field).toBe('goals[1].level');
    }
  });
});

describe('gasSummary', () => {
  it('scores the rated goals only and says "on n of m goals"', () => {
    // Rated: goal 1 (baseline −1, level 1) and goal 2 (baseline −2, level 0); goal 3 unrated.
    // Two goals: denominator √2.6 = 1.612452.
    // T = 50 + 10·(1 + 0)/1.612452 = 56.20174 → "56.2".
    // Baseline on the same two goals: 50 + 10·(−1 − 2)/1.612452 = 50 − 18.60521 = 31.39479.
    // Change = 56.20174 − 31.39479 = 24.80695 (= 40/1.612452).
    const s = gasSummary([
      { baseline: -1, level: 1 },
      { baseline: -2, level: 0 },
      { baseline: -1, level: null },
    ]);
    expect(s.tScore).toBeCloseTo(56.20174, 4);
    expect(s.baselineTScore).toBeCloseTo(31.39479, 4);
    expect(s.change).toBeCloseTo(24.80695, 4);
    expect(s.ratedCount).toBe(2);
    expect(s.totalCount).toBe(3);
    expect(s.label).toBe('T-score 56.2 on 2 of 3 goals');
  });

  it('all goals rated', () => {
    // Levels (0, 0, 1): T = 50 + 10/2.190890 = 54.56435 → "54.6"; baseline (−1, −1, −1) = 36.30694;
    // change = 40/2.190890 = 18.25742.
    const s = gasSummary([
      { baseline: -1, level: 0 },
      { baseline: -1, level: 0 },
      { baseline: -1, level: 1 },
    ]);
    expect(s.tScore).toBeCloseTo(54.56435, 4);
    expect(s.baselineTScore).toBeCloseTo(36.30694, 4);
    expect(s.change).toBeCloseTo(18.25742, 4);
    expect(s.label).toBe('T-score 54.6 on 3 of 3 goals');
  });

  it('no goal rated: baseline of the whole set, no T-score', () => {
    // Baselines (−2, −1): 50 − 30/1.612452 = 31.39479 → "31.4".
    const s = gasSummary([
      { baseline: -2, level: null },
      { baseline: -1, level: null },
    ]);
    expect(s.tScore).toBeNull();
    expect(s.change).toBeNull();
    expect(s.baselineTScore).toBeCloseTo(31.39479, 4);
    expect(s.ratedCount).toBe(0);
    expect(s.totalCount).toBe(2);
    expect(s.label).toBe('No T-score yet: 0 of 2 goals rated (baseline T-score 31.4)');
  });

  it('single goal uses "goal"', () => {
    // One goal at 0: T = 50; baseline −2 → 30; change 20.
    const s = gasSummary([{ baseline: -2, level: 0 }]);
    expect(s.tScore).toBeCloseTo(50, 10);
    expect(s.baselineTScore).toBeCloseTo(30, 10);
    expect(s.change).toBeCloseTo(20, 10);
    expect(s.label).toBe('T-score 50.0 on 1 of 1 goal');
  });

  it('weighted summary', () => {
    // Levels (1, −1), weights (2, 1) → 54.01610 (see weighted table), label "54.0".
    // Baselines (−1, −2), same weights: Σwx = −2 − 2 = −4 → 50 − 40/2.489980 = 50 − 16.06439 = 33.93561.
    const s = gasSummary([
      { baseline: -1, level: 1, weight: 2 },
      { baseline: -2, level: -1, weight: 1 },
    ]);
    expect(s.tScore).toBeCloseTo(54.0161, 4);
    expect(s.baselineTScore).toBeCloseTo(33.93561, 4);
    expect(s.label).toBe('T-score 54.0 on 2 of 2 goals');
  });

  it.each([
    { name: 'empty list', input: [] },
    { name: 'baseline 0', input: [{ baseline: 0, level: 1 }] },
    { name: 'baseline −3', input: [{ baseline: -3, level: 1 }] },
    { name: 'baseline +1', input: [{ baseline: 1, level: 1 }] },
    { name: 'level 5', input: [{ baseline: -1, level: 5 }] },
    { name: 'weight 0', input: [{ baseline: -1, level: 1, weight: 0 }] },
  ])('$name throws ClinicalInputError', ({ input }) => {
    expect(() => gasSummary(input)).toThrow(ClinicalInputError);
  });

  it('rejects ρ outside [0, 1)', () => {
    expect(() => gasSummary([{ baseline: -1, level: 0 }], 1)).toThrow(ClinicalInputError);
  });
});

describe('formatGasTScore', () => {
  it.each([
    { value: 63.69306, expected: '63.7' },
    { value: 36.30694, expected: '36.3' },
    { value: 22.61387, expected: '22.6' },
    { value: 50, expected: '50.0' },
    { value: 54.25, expected: '54.3' },
    { value: -0.04, expected: '0.0' },
    { value: -3.25, expected: '-3.3' },
  ])('$value → $expected', ({ value, expected }) => {
    expect(formatGasTScore(value)).toBe(expected);
  });
});

describe('gasLevelFromReview (rating rules, Turner-Stokes 2009)', () => {
  it.each<{ baseline: number; outcome: GasReviewOutcome; expected: number }>([
    { baseline: -1, outcome: 'no change', expected: -1 },
    { baseline: -2, outcome: 'no change', expected: -2 },
    { baseline: -2, outcome: 'partial progress', expected: -1 },
    { baseline: -1, outcome: 'partial progress', expected: -1 },
    { baseline: -1, outcome: 'worse than baseline', expected: -2 },
    { baseline: -2, outcome: 'worse than baseline', expected: -2 },
    { baseline: -1, outcome: 'achieved as expected', expected: 0 },
    { baseline: -2, outcome: 'achieved as expected', expected: 0 },
    { baseline: -1, outcome: 'a little more than expected', expected: 1 },
    { baseline: -2, outcome: 'a lot more than expected', expected: 2 },
  ])('baseline $baseline, $outcome → $expected', ({ baseline, outcome, expected }) => {
    expect(gasLevelFromReview(baseline, outcome)).toBe(expected);
  });

  it('rejects a baseline other than −1 or −2 and an unknown outcome', () => {
    expect(() => gasLevelFromReview(0, 'no change')).toThrow(ClinicalInputError);
    expect(() => gasLevelFromReview(-1, 'better' as GasReviewOutcome)).toThrow(ClinicalInputError);
  });
});

describe('gasLevelForScoring', () => {
  it('converts −0.5 to −1 and passes whole levels through', () => {
    expect(gasLevelForScoring(-0.5)).toBe(-1);
    for (const level of [-2, -1, 0, 1, 2]) expect(gasLevelForScoring(level)).toBe(level);
  });

  it('rejects other values', () => {
    expect(() => gasLevelForScoring(0.5)).toThrow(ClinicalInputError);
    expect(() => gasLevelForScoring(-3)).toThrow(ClinicalInputError);
  });
});

describe('GAS rule set', () => {
  it('is named and versioned', () => {
    expect(GAS_RULE_SET.id).toBeTruthy();
    expect(GAS_RULE_SET.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(GAS_RULE_SET.source).toContain('Kiresuk');
  });
});
