import type { Kysely } from 'kysely';

/**
 * Issue 13 (medicines safety):
 * - medicine_entries.prn_min_interval_hours: an as-needed line is dose + minimum interval + most doses in
 *   24 hours, with the 24-hour maximum derived (never three fields that can contradict each other);
 * - medicine_entries.confirmed_warnings_json: the entry warnings a prescriber confirmed, with the reason;
 * - taper_plans.needs_review_reason / needs_review_since: a dose changed outside an active plan marks the plan
 *   "needs review" at once (plan, worklist and letter show it);
 * - taper_steps.products_text / note: the product combination of each step, and why a step is larger than
 *   the chosen step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('medicine_entries').addColumn('prn_min_interval_hours', 'real').execute();
  await db.schema.alterTable('medicine_entries').addColumn('confirmed_warnings_json', 'text').execute();
  await db.schema.alterTable('taper_plans').addColumn('needs_review_reason', 'text').execute();
  await db.schema.alterTable('taper_plans').addColumn('needs_review_since', 'text').execute();
  // Each step's product combination and, when the step is larger than chosen, why.
  await db.schema.alterTable('taper_steps').addColumn('products_text', 'text').execute();
  await db.schema.alterTable('taper_steps').addColumn('note', 'text').execute();
}
