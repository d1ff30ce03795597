import type { Kysely } from 'kysely';

/**
 * Issue 16 (the meeting list): a listing's own question for the MDT, written or edited by the coordinator or a
 * clinician (a suggested case has no referral, so it had no question at all), and the listing a case was moved
 * to when it was taken off one meeting and put on another (the old listing is kept, withdrawn, as history).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mdt_listings').addColumn('question', 'text').execute();
  await db.schema.alterTable('mdt_listings').addColumn('moved_to_listing_id', 'integer').execute();
}
