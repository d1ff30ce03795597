import type { Kysely } from 'kysely';

/**
 * Issue 8 (every hot query on an index): the MDT suggested list looks for intervention outcomes recorded
 * since a date, newest first. Without this index SQLite scanned every outcome; with it, it walks the
 * newest dates and stops at the list's limit. Found by the benchmark smoke test's full-scan check.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('intervention_outcomes_procedure_date')
    .on('intervention_outcomes')
    .column('procedure_date')
    .execute();
}
