import type { BenchContext, BenchRow } from './context';

/** Benchmarks of the interventions operations (issue targets), each beside a hand-written SQL baseline. */
export async function interventionsBench(_ctx: BenchContext): Promise<BenchRow[]> {
  return [];
}
