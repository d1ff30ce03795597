import type { Kysely } from 'kysely';

/**
 * Issue 13 (taper plan versions):
 * - `taper_plans.plan_version`, `version_reason`, `version_from`: the clinical version of the plan (1 at
 *   creation), why it was made and the day it took effect. A new version is made when the dose is changed
 *   outside the plan (the plan moves to the new dose; no step left is an increase) and when a prescriber
 *   revises an active plan with a reason. (`version` stays the optimistic-concurrency counter.)
 * - `taper_plans.avoid_weekends`: step dates move to the next working day (not a weekend or an England and
 *   Wales bank holiday), later steps moving with them so no interval gets shorter.
 * - `taper_plan_versions`: each superseded version, with its steps as they were, so the letter for a new
 *   version names the letters it replaces.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('taper_plans')
    .addColumn('plan_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('taper_plans').addColumn('version_reason', 'text').execute();
  await db.schema.alterTable('taper_plans').addColumn('version_from', 'text').execute();
  await db.schema
    .alterTable('taper_plans')
    .addColumn('avoid_weekends', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('taper_plan_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('taper_plans.id'))
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('superseded_on', 'text', (c) => c.notNull())
    .addColumn('current_dose', 'real', (c) => c.notNull())
    .addColumn('steps_json', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text', (c) => c.notNull())
    .addColumn('superseded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('taper_plan_versions_plan')
    .on('taper_plan_versions')
    .columns(['plan_id', 'plan_version'])
    .execute();
}
