import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0261_action_versions.ts: an MDT action's version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mdt_actions')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
