import type { BenchContext, BenchRow } from './context';

/** Benchmarks of the rehab operations (issue targets), each beside a hand-written SQL baseline. */
export async function rehabBench(_ctx: BenchContext): Promise<BenchRow[]> {
  return [];
}
