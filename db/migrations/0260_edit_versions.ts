import type { Kysely } from 'kysely';

/**
 * Issue 19 (two people saving the same thing): the two writes that still overwrote silently in team mode now
 * carry a version the editor read. `mdt_listings.question_version` counts the saves of the listing's own
 * question (only the question: reordering the list or changing minutes must not refuse a question edit);
 * `rehab_programme_sessions.register_version` counts the saves of one session's register. A save made
 * against an older number is refused and names who changed it and when (db/services/stale-edit.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mdt_listings')
    .addColumn('question_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('rehab_programme_sessions')
    .addColumn('register_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
