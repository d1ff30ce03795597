import type { Kysely } from 'kysely';

/**
 * Issue 14 (sessions): a list created past a warning (a bank holiday, the clinician on another list at the
 * same time) keeps the warnings and the reason given beside it, and a list made from a term template keeps
 * the template's note (the bank holidays it skipped). The room-overlap check reads a day's lists by date
 * (index intervention_sessions_date).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('intervention_sessions').addColumn('warnings_json', 'text').execute();
  await db.schema.alterTable('intervention_sessions').addColumn('override_reason', 'text').execute();
  await db.schema.alterTable('intervention_sessions').addColumn('term_note', 'text').execute();
}
