import type { Kysely } from 'kysely';

/**
 * Issue 15, the rehab service view by period: the episodes referred in a period and the scores completed in
 * it are found by date through an index, not by reading every plan and every score (100,000 patients).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('rehab_plans_referral_date')
    .on('rehab_plans')
    .column('referral_date')
    .execute();
  await db.schema
    .createIndex('rehab_measures_administered_on')
    .on('rehab_measures')
    .column('administered_on')
    .execute();
  await db.schema
    .createIndex('rehab_measure_change_latest')
    .on('rehab_measure_change')
    .column('latest_id')
    .execute();
}
