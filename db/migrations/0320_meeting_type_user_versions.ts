import type { Kysely } from 'kysely';

/**
 * Issue 19, two administration writes that still wrote over a colleague's newer change without a word:
 * - `mdt_meeting_types.version`: a meeting type (its quorum rules, recurrence, chair), moved on by every save.
 *   Saving a meeting type from a screen read before a colleague saved it (one changing the quorum rule, the
 *   other the time) is refused, naming who and when, instead of silently putting the old quorum rule back.
 * - `users.version`: a staff account (name, role, active, clinical lead, password reset), moved on by every
 *   change. An administrator's out-of-date screen can no longer re-activate a leaver another administrator
 *   had just deactivated, or undo a role change.
 * The same migration exists for PostgreSQL (db/migrations-pg/0320_meeting_type_user_versions.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mdt_meeting_types')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
