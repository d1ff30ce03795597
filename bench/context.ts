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
  targetMs: number | null;
  met: boolean | null;
}

/** What a module's benchmark gets. `call` goes through the dispatcher as a signed-in consultant. */
export interface BenchContext {
  dispatcher: Dispatcher;
  sqlite: Database.Database;
  iterations: number;
  patients: number;
  call(channel: string, payload: unknown): Promise<unknown>;
  row(operation: string, targetMs: number | null, ours: Timing, baseline: Timing | null): BenchRow;
}
