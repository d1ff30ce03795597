import type { Kysely } from 'kysely';

/**
 * Interventions linked to the medicines list: each antithrombotic row of a request records the medicine
 * line (item id and version) it was read from (null for a manual entry of a drug not on the list), and why
 * an approved hold plan was flagged for re-approval after a medicine change. Plus an index for the waiting
 * list's at-risk count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('intervention_antithrombotics')
    .addColumn('medicine_item_id', 'integer')
    .execute();
  await db.schema
    .alterTable('intervention_antithrombotics')
    .addColumn('medicine_version', 'integer')
    .execute();
  await db.schema.alterTable('intervention_antithrombotics').addColumn('basis', 'text').execute();
  await db.schema.alterTable('intervention_antithrombotics').addColumn('reapproval_note', 'text').execute();
  await db.schema
    .createIndex('intervention_antithrombotics_medicine')
    .on('intervention_antithrombotics')
    .column('medicine_item_id')
    .execute();
  // The waiting list's "at risk of breaching" count and filter.
  await db.schema
    .createIndex('intervention_requests_breach')
    .on('intervention_requests')
    .columns(['status', 'rtt_breach_date'])
    .execute();
}
