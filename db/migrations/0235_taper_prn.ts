import type { Kysely } from 'kysely';

/**
 * Issue 13 (as-needed lines can be tapered): `taper_plans.prn_min_interval_hours` is set when the plan tapers
 * an as-needed line (0 when the prescription gives no minimum interval; null for regular doses and patches). Such a plan counts the line at its 24-hour maximum
 * (the service's clinical decisions (clinical lead), medicines 7) and each step's stored doses are the dose each time repeated once for every
 * dose allowed in 24 hours, so the step gives the dose each time and the most doses in 24 hours; the minimum
 * interval between doses is kept from the prescription.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('taper_plans').addColumn('prn_min_interval_hours', 'real').execute();
}
