import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0235_taper_prn.ts: an as-needed plan's minimum interval between doses. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('taper_plans').addColumn('prn_min_interval_hours', 'double precision').execute();
}
