import type { BenchContext, BenchRow } from './context';

/** Benchmarks of the medicines operations (issue targets), each beside a hand-written SQL baseline. */
export async function medicinesBench(_ctx: BenchContext): Promise<BenchRow[]> {
  return [];
}
