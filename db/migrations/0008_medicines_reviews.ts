import { sql, type Kysely } from 'kysely';

/**
 * Medicines reviews (issue 4, second round):
 * - `medicine_reviews`: a review of the patient's opioid load on a date (at a taper review or on its own),
 *   with the OME worked out for that review (PRN doses at the amount taken, where recorded) and its rule set.
 * - `prn_taken`: the amount of an as-needed medicine actually taken per 24 hours, recorded at a review,
 *   for one version of the medicine line (a changed prescription starts again from its maximum).
 * - `ome_snapshots.review_id`: the OME history point that came from a review.
 * - `medicine_entries.administrations_json`: regular doses that differ through the day (mg at each time).
 * - `taper_steps.administrations_json` and `taper_plans.mg_per_ml`: the dose at each time of day for every
 *   step, and the liquid's concentration (for mL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('medicine_reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('review_date', 'text', (c) => c.notNull())
    .addColumn('taper_review_id', 'integer', (c) => c.references('taper_reviews.id'))
    .addColumn('total_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('estimated', 'integer', (c) => c.notNull())
    .addColumn('ome_json', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('medicine_reviews_patient')
    .on('medicine_reviews')
    .columns(['patient_id', 'review_date'])
    .execute();
  await db.schema
    .createIndex('medicine_reviews_taper_review')
    .on('medicine_reviews')
    .column('taper_review_id')
    .execute();
  await db.schema
    .createIndex('medicine_reviews_recorded_by')
    .on('medicine_reviews')
    .column('recorded_by')
    .execute();

  await db.schema
    .createTable('prn_taken')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('review_id', 'integer', (c) => c.notNull().references('medicine_reviews.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('medicine_entries.id'))
    .addColumn('review_date', 'text', (c) => c.notNull())
    .addColumn('taken_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('prescribed_max_mg_per_24h', 'real')
    .execute();
  await db.schema.createIndex('prn_taken_review').on('prn_taken').column('review_id').execute();
  await db.schema.createIndex('prn_taken_patient').on('prn_taken').column('patient_id').execute();
  await db.schema.createIndex('prn_taken_item').on('prn_taken').column('item_id').execute();
  await db.schema
    .createIndex('prn_taken_entry')
    .on('prn_taken')
    .columns(['entry_id', 'review_date'])
    .execute();

  await db.schema
    .alterTable('ome_snapshots')
    .addColumn('review_id', 'integer', (c) => c.references('medicine_reviews.id'))
    .execute();
  await sql
    .raw('CREATE INDEX ome_snapshots_review ON ome_snapshots (review_id) WHERE review_id IS NOT NULL')
    .execute(db);
  await db.schema.alterTable('medicine_entries').addColumn('administrations_json', 'text').execute();
  await db.schema.alterTable('taper_steps').addColumn('administrations_json', 'text').execute();
  await db.schema.alterTable('taper_plans').addColumn('mg_per_ml', 'real').execute();
}
