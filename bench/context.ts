import type Database from 'better-sqlite3';
import type { Dispatcher } from '../db/dispatcher';
import type { Timing } from './measure';

/** One benchmark row: our path (dispatcher + services) beside a hand-written SQL baseline. */
export interface BenchRow {
  operation: string;
  target: string;
  ours: Timing;
  baseline: Timing | null;
  /** ours.p95 / baseline.p95 */
  ratio: number | null;
  /** Whether the ratio is within the 2× budget for what our layers may cost (null: no baseline). */
  ratioMet: boolean | null;
  targetMs: number | null;
  met: boolean | null;
  /**
   * Whether ours and the baseline were checked to return the same result (deep-equal on a sample of
   * inputs): true, or null when not compared (writes, or no baseline), with the reason in `note`.
   */
  sameResult: boolean | null;
  note?: string;
}

/** What a module's benchmark gets. `call` goes through the dispatcher as a signed-in consultant. */
export interface BenchContext {
  dispatcher: Dispatcher;
  sqlite: Database.Database;
  iterations: number;
  patients: number;
  call(channel: string, payload: unknown): Promise<unknown>;
  row(
    operation: string,
    targetMs: number | null,
    ours: Timing,
    baseline: Timing | null,
    check?: { sameResult: boolean | null; note?: string },
  ): BenchRow;
  /**
   * Asserts that our path and the hand-written baseline give the same result (deep-equal after a JSON
   * round trip, which is what crosses the IPC boundary) for `samples` inputs; throws on the first
   * difference. Returns the `check` argument for `row`.
   */
  /**
   * One row: checks the results are the same (`same`), then times ours and the baseline in alternation.
   */
  compare(
    operation: string,
    targetMs: number,
    ours: (i: number) => Promise<unknown>,
    baseline: (i: number) => unknown,
    options?: { iterations?: number; samples?: number; warmup?: number },
  ): Promise<BenchRow>;
  same(
    operation: string,
    ours: (i: number) => Promise<unknown>,
    baseline: (i: number) => unknown,
    samples?: number,
  ): Promise<{ sameResult: true }>;
}
