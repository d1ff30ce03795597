import { sql, type Kysely } from 'kysely';

/**
 * Issue 18, the rehab service view for a period (rehab:servicePeriod, 1.8 s median at 100,000 patients, the
 * slowest read in the service benchmark): its three period reads each walked rows one at a time.
 * - Paired completeness: the scores of the episodes referred in the period are read from an index holding
 *   every column the count needs, not from each score's row (it replaces the index on plan_id alone).
 * - Outcomes: each change row now carries the date of its latest administration (`latest_on`), so the
 *   changes completed in a period are one range of an index that holds what the view counts, instead of a
 *   look-up of every score given in the period (about 88,000 in 20 months) for the few that are latest.
 * - GAS: reviews are found by their date through an index holding what the view reads, not by reading
 *   every review.
 * The same migration exists for PostgreSQL (db/migrations-pg/0300_rehab_period_cover.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('rehab_measures_plan_cover')
    .on('rehab_measures')
    .columns(['plan_id', 'measure', 'administered_on', 'total', 'entered_in_error_at'])
    .execute();
  // Its first column is the old index's only one: the old index would only compete with it.
  await db.schema.dropIndex('rehab_measures_plan').execute();
  await db.schema.alterTable('rehab_measure_change').addColumn('latest_on', 'text').execute();
  await sql`UPDATE rehab_measure_change SET latest_on =
    (SELECT m.administered_on FROM rehab_measures m WHERE m.id = rehab_measure_change.latest_id)`.execute(db);
  await db.schema
    .createIndex('rehab_measure_change_latest_on')
    .on('rehab_measure_change')
    .columns(['latest_on', 'measure', 'pathway', 'change', 'meaningful', 'improved'])
    .execute();
  await db.schema
    .createIndex('rehab_reviews_review_date')
    .on('rehab_reviews')
    .columns(['review_date', 'plan_id', 't_score', 'no_progress', 'entered_in_error_at'])
    .execute();
  // The planner's statistics for the three tables, so the new indexes are weighed on what they hold from
  // the first query (without them, the plan-and-time-point index was chosen over the covering one).
  for (const table of ['rehab_measures', 'rehab_measure_change', 'rehab_reviews'])
    await sql`ANALYZE ${sql.table(table)}`.execute(db);
}
