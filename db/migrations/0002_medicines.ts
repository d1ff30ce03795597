import { sql, type Kysely } from 'kysely';

/**
 * Medicines and deprescribing: versioned medicine lines, the per-patient OME total and flags (kept in step
 * on every medicine write), OME snapshots for the chart, taper plans, steps, reviews and events.
 * The formulary itself is read from shared/clinical/medicines/formulary.ts (each line stores its id and
 * version).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('medicine_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('formulary_id', 'text', (c) => c.notNull())
    .addColumn('formulary_version', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('generic', 'text', (c) => c.notNull())
    .addColumn('drug_class', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('strength', 'text', (c) => c.notNull())
    .addColumn('dose_kind', 'text', (c) => c.notNull())
    .addColumn('dose_mg', 'real')
    .addColumn('times_per_day', 'integer')
    .addColumn('prn_max_mg_per_24h', 'real')
    .addColumn('patch_mcg_per_hour', 'real')
    .addColumn('patch_change_every_days', 'integer')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('prescriber', 'text', (c) => c.notNull())
    .addColumn('indication', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stopped_on', 'text')
    .addColumn('change_reason', 'text')
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('ome_mg_per_24h', 'real')
    .addColumn('ome_json', 'text')
    .addColumn('rule_set_id', 'text')
    .addColumn('rule_set_version', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('medicine_entries_patient')
    .on('medicine_entries')
    .columns(['patient_id', 'current'])
    .execute();
  await db.schema
    .createIndex('medicine_entries_item')
    .unique()
    .on('medicine_entries')
    .columns(['item_id', 'version'])
    .execute();
  await db.schema
    .createIndex('medicine_entries_recorded_by')
    .on('medicine_entries')
    .column('recorded_by')
    .execute();

  await db.schema
    .createTable('patient_ome')
    .addColumn('patient_id', 'integer', (c) => c.primaryKey().references('patients.id'))
    .addColumn('total_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('estimated', 'integer', (c) => c.notNull())
    .addColumn('high_dose', 'integer', (c) => c.notNull())
    .addColumn('harm_rises', 'integer', (c) => c.notNull())
    .addColumn('flag_opioid_benzo', 'integer', (c) => c.notNull())
    .addColumn('flag_opioid_gabapentinoid', 'integer', (c) => c.notNull())
    .addColumn('flag_multiple_opioids', 'integer', (c) => c.notNull())
    .addColumn('flag_gabapentin_pregabalin', 'integer', (c) => c.notNull())
    .addColumn('active_count', 'integer', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patient_ome_total').on('patient_ome').column('total_mg_per_24h').execute();
  for (const flag of [
    'flag_opioid_benzo',
    'flag_opioid_gabapentinoid',
    'flag_multiple_opioids',
    'flag_gabapentin_pregabalin',
  ]) {
    await sql
      .raw(`CREATE INDEX patient_ome_${flag} ON patient_ome (patient_id) WHERE ${flag} = 1`)
      .execute(db);
  }

  await db.schema
    .createTable('ome_snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('total_mg_per_24h', 'real', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ome_snapshots_patient')
    .on('ome_snapshots')
    .columns(['patient_id', 'effective_date'])
    .execute();

  await db.schema
    .createTable('taper_plans')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('medicine_name', 'text', (c) => c.notNull())
    .addColumn('generic', 'text', (c) => c.notNull())
    .addColumn('is_opioid', 'integer', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('target_dose', 'real')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('times_per_day', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('percent', 'real', (c) => c.notNull())
    .addColumn('interval_days', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('start_dose', 'real', (c) => c.notNull())
    .addColumn('round_to', 'real')
    .addColumn('current_step', 'integer', (c) => c.notNull())
    .addColumn('current_dose', 'real', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('patient_agreed', 'integer', (c) => c.notNull())
    .addColumn('agreement_note', 'text')
    .addColumn('signed_off_by', 'integer', (c) => c.references('users.id'))
    .addColumn('signed_off_at', 'text')
    .addColumn('nurse_id', 'integer', (c) => c.references('users.id'))
    .addColumn('next_review_date', 'text')
    .addColumn('holds', 'integer', (c) => c.notNull())
    .addColumn('step_backs', 'integer', (c) => c.notNull())
    .addColumn('start_ome', 'real')
    .addColumn('current_ome', 'real')
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('taper_plans_patient').on('taper_plans').column('patient_id').execute();
  await db.schema.createIndex('taper_plans_item').on('taper_plans').column('item_id').execute();
  await db.schema
    .createIndex('taper_plans_review')
    .on('taper_plans')
    .columns(['status', 'next_review_date'])
    .execute();
  await db.schema
    .createIndex('taper_plans_nurse')
    .on('taper_plans')
    .columns(['nurse_id', 'status', 'next_review_date'])
    .execute();
  await db.schema
    .createIndex('taper_plans_signed_off_by')
    .on('taper_plans')
    .column('signed_off_by')
    .execute();
  await db.schema.createIndex('taper_plans_created_by').on('taper_plans').column('created_by').execute();
  await sql
    .raw(
      'CREATE INDEX taper_plans_concerns ON taper_plans ((holds + step_backs)) WHERE holds + step_backs > 0',
    )
    .execute(db);

  await db.schema
    .createTable('taper_steps')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('taper_plans.id'))
    .addColumn('step_no', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('dose', 'real', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('taper_steps_plan')
    .unique()
    .on('taper_steps')
    .columns(['plan_id', 'step_no'])
    .execute();

  await db.schema
    .createTable('taper_reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('taper_plans.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('step_no', 'integer', (c) => c.notNull())
    .addColumn('review_date', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('cows_json', 'text')
    .addColumn('cows_total', 'integer')
    .addColumn('cows_band', 'text')
    .addColumn('withdrawal_symptoms', 'text', (c) => c.notNull())
    .addColumn('pain_score', 'integer', (c) => c.notNull())
    .addColumn('function_score', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('next_review_date', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('taper_reviews_plan').on('taper_reviews').column('plan_id').execute();
  await db.schema.createIndex('taper_reviews_patient').on('taper_reviews').column('patient_id').execute();
  await db.schema
    .createIndex('taper_reviews_recorded_by')
    .on('taper_reviews')
    .column('recorded_by')
    .execute();

  await db.schema
    .createTable('taper_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('taper_plans.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('taper_events_plan').on('taper_events').column('plan_id').execute();
  await db.schema.createIndex('taper_events_by_user').on('taper_events').column('by_user').execute();
}
