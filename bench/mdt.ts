import type { BenchContext, BenchRow } from './context';

/** Benchmarks of the mdt operations (issue targets), each beside a hand-written SQL baseline. */
export async function mdtBench(_ctx: BenchContext): Promise<BenchRow[]> {
  return [];
}
