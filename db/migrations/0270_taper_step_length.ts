import type { Kysely } from 'kysely';

/**
 * Why a taper step lasts longer than the plan's interval (the GP letter asked for 28 days of a step in a
 * 2-weekly plan without saying why): `taper_steps.length_causes` holds the reasons as sentences (a JSON array
 * of strings), added when they arise: a reduction the products cannot give, a step moved off a weekend or
 * bank holiday, a hold or step back at a review, a pause, a change of plan. Null for steps with none and for
 * steps stored before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('taper_steps').addColumn('length_causes', 'text').execute();
}
