import { sql, type Kysely } from 'kysely';

/**
 * Rehabilitation goals and outcome measures (issue 6): plans, goals with GAS levels, reviews with their
 * stored T-score and rule set, measure administrations with their stored score, and two precomputed tables
 * kept in step by the services (measure change per patient, no-progress status per patient).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rehab_plans')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'text')
    .addColumn('treatment_start_date', 'text')
    .addColumn('discharge_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('carried_from_plan_id', 'integer', (c) => c.references('rehab_plans.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rehab_plans_patient')
    .on('rehab_plans')
    .columns(['patient_id', 'status'])
    .execute();
  await db.schema.createIndex('rehab_plans_status').on('rehab_plans').column('status').execute();
  await db.schema
    .createIndex('rehab_plans_carried')
    .on('rehab_plans')
    .column('carried_from_plan_id')
    .execute();
  await db.schema.createIndex('rehab_plans_created_by').on('rehab_plans').column('created_by').execute();

  await db.schema
    .createTable('rehab_goals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('rehab_plans.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('what_matters', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('set_on', 'text', (c) => c.notNull())
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.references('users.id'))
    .addColumn('baseline', 'integer', (c) => c.notNull().check(sql`baseline in (-1, -2)`))
    .addColumn('level_minus2', 'text', (c) => c.notNull())
    .addColumn('level_minus1', 'text', (c) => c.notNull())
    .addColumn('level_zero', 'text', (c) => c.notNull())
    .addColumn('level_plus1', 'text', (c) => c.notNull())
    .addColumn('level_plus2', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer')
    .addColumn('carried_from_goal_id', 'integer', (c) => c.references('rehab_goals.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('rehab_goals_plan').on('rehab_goals').column('plan_id').execute();
  await db.schema.createIndex('rehab_goals_patient').on('rehab_goals').column('patient_id').execute();
  await db.schema.createIndex('rehab_goals_owner').on('rehab_goals').column('owner_id').execute();
  await db.schema.createIndex('rehab_goals_domain').on('rehab_goals').column('domain').execute();
  await db.schema
    .createIndex('rehab_goals_carried')
    .on('rehab_goals')
    .column('carried_from_goal_id')
    .execute();
  await db.schema.createIndex('rehab_goals_created_by').on('rehab_goals').column('created_by').execute();

  await db.schema
    .createTable('rehab_reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('rehab_plans.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('review_date', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('patient_view', 'text')
    .addColumn('t_score', 'real')
    .addColumn('baseline_t_score', 'real')
    .addColumn('change', 'real')
    .addColumn('rated_count', 'integer', (c) => c.notNull())
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('no_progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('rho', 'real', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('rehab_reviews_plan')
    .on('rehab_reviews')
    .columns(['plan_id', 'review_date'])
    .execute();
  await db.schema.createIndex('rehab_reviews_patient').on('rehab_reviews').column('patient_id').execute();
  await db.schema.createIndex('rehab_reviews_created_by').on('rehab_reviews').column('created_by').execute();

  await db.schema
    .createTable('rehab_review_ratings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('review_id', 'integer', (c) => c.notNull().references('rehab_reviews.id'))
    .addColumn('goal_id', 'integer', (c) => c.notNull().references('rehab_goals.id'))
    .addColumn('outcome', 'text')
    .addColumn('level', 'integer', (c) => c.check(sql`level between -2 and 2`))
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('rehab_review_ratings_review')
    .on('rehab_review_ratings')
    .column('review_id')
    .execute();
  await db.schema
    .createIndex('rehab_review_ratings_goal')
    .on('rehab_review_ratings')
    .column('goal_id')
    .execute();

  await db.schema
    .createTable('rehab_measures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('plan_id', 'integer', (c) => c.references('rehab_plans.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('time_point', 'text', (c) => c.notNull())
    .addColumn('administered_on', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('activities_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('total', 'real')
    .addColumn('band', 'text')
    .addColumn('score_json', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('rehab_measures_patient')
    .on('rehab_measures')
    .columns(['patient_id', 'measure', 'administered_on'])
    .execute();
  await db.schema.createIndex('rehab_measures_plan').on('rehab_measures').column('plan_id').execute();
  await db.schema
    .createIndex('rehab_measures_created_by')
    .on('rehab_measures')
    .column('created_by')
    .execute();

  await db.schema
    .createTable('rehab_measure_change')
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('first_id', 'integer', (c) => c.notNull())
    .addColumn('latest_id', 'integer', (c) => c.notNull())
    .addColumn('change', 'real')
    .addColumn('meaningful', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('improved', 'integer')
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rehab_measure_change_pk', ['patient_id', 'measure'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createIndex('rehab_measure_change_service')
    .on('rehab_measure_change')
    .columns(['measure', 'pathway', 'change', 'meaningful', 'improved'])
    .execute();
  await db.schema
    .createTable('rehab_patient_status')
    .addColumn('patient_id', 'integer', (c) => c.primaryKey().references('patients.id'))
    .addColumn('active_plan_id', 'integer', (c) => c.references('rehab_plans.id'))
    .addColumn('latest_review_id', 'integer', (c) => c.references('rehab_reviews.id'))
    .addColumn('no_progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rehab_patient_status_plan')
    .on('rehab_patient_status')
    .column('active_plan_id')
    .execute();
  await db.schema
    .createIndex('rehab_patient_status_review')
    .on('rehab_patient_status')
    .column('latest_review_id')
    .execute();
  await sql`CREATE INDEX rehab_patient_status_no_progress ON rehab_patient_status (patient_id) WHERE no_progress = 1`.execute(
    db,
  );
}
