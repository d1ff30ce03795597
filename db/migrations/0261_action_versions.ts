import type { Kysely } from 'kysely';

/**
 * Issue 19: an MDT action's status carries a version (`mdt_actions.version`, moved on by every status change,
 * by hand or by its linked item), so that marking it done from a worklist read before someone else changed it
 * is refused, naming who and when, instead of writing over their completion (who did it, when, their note).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mdt_actions')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
