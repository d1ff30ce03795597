import type { Kysely } from 'kysely';

/**
 * Issue 18: the Rehab "Measures due" worklist (rehab:worklist) took 483-942 ms at 100,000 patients. It read
 * every completed measure of every active plan as its own row, from rehab_measures_plan then the table. With
 * this covering index the worklist reads each plan's recorded (time point, measure) pairs from the index
 * alone, in the same pass as the plans (db/queries/rehab.ts worklistPlans). Measures entered in error
 * (migration 0041) do not count as done: the index carries that column too, so the filter is read from it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('rehab_measures_plan_point')
    .on('rehab_measures')
    .columns(['plan_id', 'time_point', 'measure', 'entered_in_error_at'])
    .execute();
}
