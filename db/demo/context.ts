import type Database from 'better-sqlite3';
import type { Random } from './random';

/** What a module's demo generator gets: the raw handle (bulk inserts), the seeded PRNG, and who exists. */
export interface DemoContext {
  sqlite: Database.Database;
  rnd: Random;
  now: Date;
  /** Patients have ids firstPatientId .. firstPatientId + patientCount - 1. */
  firstPatientId: number;
  patientCount: number;
  users: { id: number; role: string; displayName: string }[];
  onProgress?: ((label: string, done: number, total: number) => void) | undefined;
}
