import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0270_taper_step_length.ts: why a taper step lasts longer than planned. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('taper_steps').addColumn('length_causes', 'text').execute();
}
