import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0260_edit_versions.ts: the question's and the register's versions. */
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
