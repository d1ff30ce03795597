import { sql, type Kysely } from 'kysely';

/**
 * MDT actions -> linked draft items in the modules (issue 3, "Actions").
 *
 * - mdt_actions.link_json: what the MDT asked for (procedure, side and level; the medicine and the change;
 *   the goal's wording), kept with the action.
 * - source_mdt_action_id on intervention_requests and taper_plans: the draft request or taper plan an MDT
 *   action created (at most one per action: partial unique indexes), and on rehab_goals: the goal a draft
 *   goal was completed into.
 * - rehab_goal_drafts: a rehab goal the MDT agreed, in its wording, waiting for a clinician to write it as a
 *   goal with its GAS levels (rehab_goals needs all five levels, so a draft cannot live there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mdt_actions').addColumn('link_json', 'text').execute();

  for (const table of ['intervention_requests', 'taper_plans', 'rehab_goals'] as const) {
    await db.schema
      .alterTable(table)
      .addColumn('source_mdt_action_id', 'integer', (c) => c.references('mdt_actions.id'))
      .execute();
  }
  // One draft per action, enforced by the database too (an amendment never duplicates a draft).
  await sql`CREATE UNIQUE INDEX intervention_requests_mdt_action ON intervention_requests (source_mdt_action_id) WHERE source_mdt_action_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX taper_plans_mdt_action ON taper_plans (source_mdt_action_id) WHERE source_mdt_action_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX rehab_goals_mdt_action ON rehab_goals (source_mdt_action_id) WHERE source_mdt_action_id IS NOT NULL`.execute(
    db,
  );

  await db.schema
    .createTable('rehab_goal_drafts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('source_mdt_action_id', 'integer', (c) => c.notNull().unique().references('mdt_actions.id'))
    .addColumn('wording', 'text', (c) => c.notNull().check(sql`length(trim(wording)) > 0`))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('what_matters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'integer', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','completed','dismissed')`))
    .addColumn('goal_id', 'integer', (c) => c.references('rehab_goals.id'))
    .addColumn('resolve_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('rehab_goal_drafts_status')
    .on('rehab_goal_drafts')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('rehab_goal_drafts_patient')
    .on('rehab_goal_drafts')
    .columns(['patient_id', 'status'])
    .execute();
  await db.schema.createIndex('rehab_goal_drafts_owner').on('rehab_goal_drafts').column('owner_id').execute();
  await db.schema.createIndex('rehab_goal_drafts_goal').on('rehab_goal_drafts').column('goal_id').execute();
  await db.schema
    .createIndex('rehab_goal_drafts_created_by')
    .on('rehab_goal_drafts')
    .column('created_by')
    .execute();
  await db.schema
    .createIndex('rehab_goal_drafts_resolved_by')
    .on('rehab_goal_drafts')
    .column('resolved_by')
    .execute();
}
