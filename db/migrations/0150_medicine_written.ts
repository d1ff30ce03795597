import type { Kysely } from 'kysely';

/**
 * Issue 13 (entering medicines as clinicians write them):
 * - medicine_entries.written_json: the dose as written (product or brand, strength, units, frequency words)
 *   with every component it means per dose and per 24 hours (co-codamol's codeine and paracetamol); the mg
 *   columns keep what it means for the totals;
 * - medicine_entries.as_written: a medicine not on the formulary, recorded as written (never counted in the
 *   OME; formulary_id 'not-on-formulary').
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('medicine_entries').addColumn('written_json', 'text').execute();
  await db.schema.alterTable('medicine_entries').addColumn('as_written', 'text').execute();
}
