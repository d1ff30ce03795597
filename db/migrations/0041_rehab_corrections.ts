import { sql, type Kysely } from 'kysely';

/**
 * Issue 15 (episodes and corrections): measures, goals and reviews can be marked "entered in error" with a
 * reason (kept, shown struck through, left out of scores, changes and service figures); goals have a status
 * (active, achieved, withdrawn, or superseded by an edited version) with the reason and date of the change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rehab_measures', 'rehab_goals', 'rehab_reviews']) {
    await db.schema.alterTable(table).addColumn('entered_in_error_at', 'text').execute();
    await db.schema
      .alterTable(table)
      .addColumn('entered_in_error_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await db.schema.alterTable(table).addColumn('entered_in_error_reason', 'text').execute();
  }
  await db.schema
    .alterTable('rehab_goals')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'achieved', 'withdrawn', 'superseded')`),
    )
    .execute();
  await db.schema.alterTable('rehab_goals').addColumn('status_reason', 'text').execute();
  await db.schema.alterTable('rehab_goals').addColumn('status_on', 'text').execute();
  await db.schema
    .alterTable('rehab_goals')
    .addColumn('replaces_goal_id', 'integer', (c) => c.references('rehab_goals.id'))
    .execute();
  await db.schema.createIndex('rehab_goals_replaces').on('rehab_goals').column('replaces_goal_id').execute();
  for (const table of ['rehab_measures', 'rehab_goals', 'rehab_reviews'])
    await db.schema
      .createIndex(`${table}_entered_in_error_by`)
      .on(table)
      .column('entered_in_error_by')
      .execute();
}
