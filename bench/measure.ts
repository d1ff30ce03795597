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

/**
 * Warm-up before timing: at least `warmup` calls (default 20; 0 for none) and, if given, at least
 * `warmupMs` of calls (at most 5,000). The time-based part is for repeatable reads (`compare` in
 * bench/suite.ts asks for it; callers that use up a pool of inputs, such as requests to book, must not): it
 * lets V8 optimise the JavaScript of fast operations before they are timed, as it has in an app where they
 * run all day. Without it a 10 µs lookup is timed while our layers are still interpreted but the SQL
 * baseline (almost all native code) is not, which inflates the ratio.
 */
/** The time-based warm-up before each compared pair of repeatable reads (`compare` in bench/suite.ts). */
export const WARMUP_MS = 300;

async function warmUp(
  options: { warmup?: number; warmupMs?: number },
  call: (i: number) => Promise<void>,
): Promise<void> {
  const minCalls = options.warmup ?? 20;
  if (minCalls === 0) return;
  const minMs = options.warmupMs ?? 0;
  const start = performance.now();
  for (let i = 0; i < 5000 && (i < minCalls || performance.now() - start < minMs); i += 1) await call(i);
}

export async function time(
  fn: (i: number) => unknown,
  options: { warmup?: number; warmupMs?: number; iterations?: number } = {},
): Promise<Timing> {
  const iterations = options.iterations ?? 200;
  await warmUp(options, async (i) => {
    await fn(i);
  });
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
 * Times our path and the baseline in alternation, so that both see the same machine: on a shared machine a
 * burst of load otherwise lands on one side only and skews the ratio. The order swaps on every input.
 */
export async function timePair(
  ours: (i: number) => unknown,
  baseline: (i: number) => unknown,
  options: { warmup?: number; warmupMs?: number; iterations?: number } = {},
): Promise<{ ours: Timing; baseline: Timing }> {
  const iterations = options.iterations ?? 200;
  await warmUp(options, async (i) => {
    await ours(i);
    await baseline(i);
  });
  const a: number[] = [];
  const b: number[] = [];
  const timed = async (fn: (i: number) => unknown, i: number, into: number[]) => {
    const t0 = performance.now();
    await fn(i);
    into.push(performance.now() - t0);
  };
  for (let i = 0; i < iterations; i += 1) {
    // Each goes first on every other input, so neither always meets the other's freshly cached pages.
    if (i % 2 === 0) {
      await timed(ours, i, a);
      await timed(baseline, i, b);
    } else {
      await timed(baseline, i, b);
      await timed(ours, i, a);
    }
  }
  const stats = (s: number[]): Timing => {
    s.sort((x, y) => x - y);
    return { median: percentile(s, 50), p95: percentile(s, 95), iterations };
  };
  return { ours: stats(a), baseline: stats(b) };
}
