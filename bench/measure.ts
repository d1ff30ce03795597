/** Timing helpers for the benchmark: warm-up, many iterations, median and p95 in milliseconds. */
export interface Timing {
  median: number;
  p95: number;
  iterations: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export async function time(
  fn: (i: number) => unknown,
  options: { warmup?: number; iterations?: number } = {},
): Promise<Timing> {
  const warmup = options.warmup ?? 20;
  const iterations = options.iterations ?? 200;
  for (let i = 0; i < warmup; i += 1) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p95: percentile(samples, 95), iterations };
}

/**
 * Times our path and the baseline in alternation (ours, baseline, ours, ...), so that both see the same
 * machine: on a shared machine a burst of load otherwise lands on one side only and skews the ratio.
 */
export async function timePair(
  ours: (i: number) => unknown,
  baseline: (i: number) => unknown,
  options: { warmup?: number; iterations?: number } = {},
): Promise<{ ours: Timing; baseline: Timing }> {
  const warmup = options.warmup ?? 20;
  const iterations = options.iterations ?? 200;
  for (let i = 0; i < warmup; i += 1) {
    await ours(i);
    await baseline(i);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    let t0 = performance.now();
    await ours(i);
    a.push(performance.now() - t0);
    t0 = performance.now();
    await baseline(i);
    b.push(performance.now() - t0);
  }
  const stats = (s: number[]): Timing => {
    s.sort((x, y) => x - y);
    return { median: percentile(s, 50), p95: percentile(s, 95), iterations };
  };
  return { ours: stats(a), baseline: stats(b) };
}
