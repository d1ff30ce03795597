import type { Kysely } from 'kysely';

/**
 * Issue 18, Rehab "Measures due" (rehab:worklist, 2.3 s on screen at 100,000 patients): each collection
 * point is now counted over the active plans whose anchor date (referral, start of treatment, discharge)
 * puts it due in the worklist's window. These indexes find those plans by (status, anchor date) in due-date
 * order, carrying the patient id, so no plan row is read to count them (db/queries/rehab-worklist.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['referral_date', 'treatment_start_date', 'discharge_date'])
    await db.schema
      .createIndex(`rehab_plans_status_${column}`)
      .on('rehab_plans')
      .columns(['status', column, 'patient_id'])
      .execute();
}
