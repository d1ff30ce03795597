import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, follow-up: an outcome has the date it was assessed (not only when it was typed in), and a
 * diagnostic block's relief can be recorded in hours (a medial branch block's local anaesthetic lasts
 * hours; Cohen et al. 2010 and the 2020 facet consensus, same-day diary). Outcomes recorded before this keep their recording date as
 * the assessment date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('intervention_outcomes').addColumn('assessed_on', 'text').execute();
  await db.schema.alterTable('intervention_outcomes').addColumn('relief_duration_hours', 'integer').execute();
  await sql`update intervention_outcomes set assessed_on = substr(recorded_at, 1, 10)`.execute(db);
}
