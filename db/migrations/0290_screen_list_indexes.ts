import type { Kysely } from 'kysely';

/**
 * Issue 18, screens at 100,000 patients:
 * - Rehab "Social prescribing" (rehab:spList) lists the newest referrals first, 200 at a time. Without an
 *   index on the referral date SQLite read every referral, with its attendance counts, and sorted them all
 *   to keep 200 (10.6 ms of CPU a call on the 100,000-patient copy); by this index it reads the newest 200
 *   and stops (2.1 ms).
 * - The medicines service view (meds:serviceView) reads the starting and current OME of every started plan
 *   for the median reduction: covered by (status, start_ome, current_ome), no plan row is read (8.1 ms of
 *   CPU a call, 4.8 ms).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('rehab_sp_referrals_referred_on')
    .on('rehab_sp_referrals')
    .column('referred_on')
    .execute();
  await db.schema
    .createIndex('taper_plans_status_ome')
    .on('taper_plans')
    .columns(['status', 'start_ome', 'current_ome'])
    .execute();
}
