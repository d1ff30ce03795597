import {
  formatGasTScore,
  GAS_DEFAULT_RHO,
  gasSummary,
  type GasSummary,
} from '../../shared/clinical/rehab/gas';

/** One goal as rated at a review, for the summary and its arithmetic. */
export interface RatedGoal {
  baseline: -1 | -2;
  level: number | null;
  weight: number | null;
}

function n(value: number): string {
  const r = Math.round(value * 1000) / 1000;
  return (r + 0).toString().replace('-', '−');
}

/** The T-score formula written out with this review's numbers (for "show the arithmetic"). */
export function gasArithmetic(
  goals: readonly RatedGoal[],
  summary: GasSummary,
  rho = GAS_DEFAULT_RHO,
): string {
  const lines = ['T = 50 + 10 × Σ(wᵢ·xᵢ) / √((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²), ρ = ' + n(rho)];
  const rated = goals.filter((g) => g.level !== null);
  if (rated.length === 0) {
    lines.push(`No goal rated: ${summary.label}.`);
    return lines.join('\n');
  }
  const w = rated.map((g) => g.weight ?? 1);
  const sumW = w.reduce((a, b) => a + b, 0);
  const sumW2 = w.reduce((a, b) => a + b * b, 0);
  const denom = Math.sqrt((1 - rho) * sumW2 + rho * sumW * sumW);
  const describe = (levels: number[], label: string, t: number | null) => {
    const wx = levels.reduce((acc, x, i) => acc + (w[i] ?? 1) * x, 0);
    lines.push(
      `${label}: levels x = [${levels.map(n).join(', ')}], weights w = [${w.map(n).join(', ')}]`,
      `  Σ(wᵢ·xᵢ) = ${n(wx)}; Σwᵢ² = ${n(sumW2)}; (Σwᵢ)² = ${n(sumW * sumW)}; ` +
        `denominator = √(${n(1 - rho)} × ${n(sumW2)} + ${n(rho)} × ${n(sumW * sumW)}) = ${n(denom)}`,
      `  T = 50 + 10 × ${n(wx)} / ${n(denom)} = ${t === null ? '—' : formatGasTScore(t)}`,
    );
  };
  describe(
    rated.map((g) => g.level ?? 0),
    'At review',
    summary.tScore,
  );
  describe(
    rated.map((g) => g.baseline),
    'At baseline (same goals)',
    summary.baselineTScore,
  );
  if (summary.change !== null)
    lines.push(
      `Change = ${formatGasTScore(summary.tScore ?? 0)} − ${formatGasTScore(summary.baselineTScore ?? 0)} = ` +
        `${summary.change >= 0 ? '+' : ''}${formatGasTScore(summary.change)}`,
    );
  if (summary.ratedCount < summary.totalCount)
    lines.push(`${summary.totalCount - summary.ratedCount} goal(s) not rated: ${summary.label}.`);
  return lines.join('\n');
}

/** GAS summary of a review (unweighted unless weights were given), computed by shared/clinical. */
export function summariseGoals(goals: readonly RatedGoal[], rho = GAS_DEFAULT_RHO): GasSummary {
  return gasSummary(
    goals.map((g) =>
      g.weight === null ? { baseline: g.baseline, level: g.level } : { ...g, weight: g.weight },
    ),
    rho,
  );
}

/** Reviewed with no progress: at least one goal rated, and every rated goal at or below its baseline. */
export function isNoProgress(goals: readonly RatedGoal[]): boolean {
  const rated = goals.filter((g) => g.level !== null);
  return rated.length > 0 && rated.every((g) => (g.level ?? 0) <= g.baseline);
}
