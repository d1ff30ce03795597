import { sql, type Kysely } from 'kysely';

/**
 * Rehabilitation, second part (issue 6): social prescribing referrals with their attendance log, and pain
 * management programme groups (programme, sessions, enrolments, attendance per session).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rehab_sp_referrals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('referred_on', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'integer', (c) => c.references('users.id'))
    .addColumn('route', 'text', (c) => c.notNull().check(sql`route in ('link-worker', 'community-activity')`))
    .addColumn('link_worker', 'text')
    .addColumn('activity_type', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('frequency', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('referred', 'attending', 'completed', 'stopped', 'declined')`),
    )
    .addColumn('snomed_code', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('declined_on', 'text')
    .addColumn('declined_reason', 'text')
    .addColumn('outcome_measure', 'text')
    .addColumn('before_measure_id', 'integer', (c) => c.references('rehab_measures.id'))
    .addColumn('after_measure_id', 'integer', (c) => c.references('rehab_measures.id'))
    .addColumn('outcome_notes', 'text')
    .addColumn('patient_experience', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('rehab_sp_referrals_patient')
    .on('rehab_sp_referrals')
    .columns(['patient_id', 'referred_on'])
    .execute();
  await db.schema
    .createIndex('rehab_sp_referrals_status')
    .on('rehab_sp_referrals')
    .columns(['status', 'referred_on'])
    .execute();
  await db.schema
    .createIndex('rehab_sp_referrals_referrer')
    .on('rehab_sp_referrals')
    .column('referrer_id')
    .execute();
  await db.schema
    .createIndex('rehab_sp_referrals_before')
    .on('rehab_sp_referrals')
    .column('before_measure_id')
    .execute();
  await db.schema
    .createIndex('rehab_sp_referrals_after')
    .on('rehab_sp_referrals')
    .column('after_measure_id')
    .execute();
  await db.schema
    .createIndex('rehab_sp_referrals_created_by')
    .on('rehab_sp_referrals')
    .column('created_by')
    .execute();

  await db.schema
    .createTable('rehab_sp_attendance')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('referral_id', 'integer', (c) => c.notNull().references('rehab_sp_referrals.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('attended', 'integer', (c) => c.notNull().check(sql`attended in (0, 1)`))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('rehab_sp_attendance_referral')
    .on('rehab_sp_attendance')
    .columns(['referral_id', 'session_date'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rehab_sp_attendance_patient')
    .on('rehab_sp_attendance')
    .column('patient_id')
    .execute();
  await db.schema
    .createIndex('rehab_sp_attendance_created_by')
    .on('rehab_sp_attendance')
    .column('created_by')
    .execute();

  await db.schema
    .createTable('rehab_programmes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('facilitators', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('completion_percent', 'integer', (c) =>
      c.notNull().check(sql`completion_percent between 1 and 100`),
    )
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('rehab_programmes_start').on('rehab_programmes').column('start_date').execute();
  await db.schema
    .createIndex('rehab_programmes_created_by')
    .on('rehab_programmes')
    .column('created_by')
    .execute();

  await db.schema
    .createTable('rehab_programme_sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('rehab_programmes.id'))
    .addColumn('session_no', 'integer', (c) => c.notNull())
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .execute();
  await db.schema
    .createIndex('rehab_programme_sessions_programme')
    .on('rehab_programme_sessions')
    .columns(['programme_id', 'session_no'])
    .unique()
    .execute();

  await db.schema
    .createTable('rehab_programme_enrolments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('rehab_programmes.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('plan_id', 'integer', (c) => c.references('rehab_plans.id'))
    .addColumn('enrolled_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('enrolled', 'withdrawn')`))
    .addColumn('withdrawn_on', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('rehab_programme_enrolments_programme')
    .on('rehab_programme_enrolments')
    .columns(['programme_id', 'patient_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rehab_programme_enrolments_patient')
    .on('rehab_programme_enrolments')
    .column('patient_id')
    .execute();
  await db.schema
    .createIndex('rehab_programme_enrolments_plan')
    .on('rehab_programme_enrolments')
    .column('plan_id')
    .execute();
  await db.schema
    .createIndex('rehab_programme_enrolments_created_by')
    .on('rehab_programme_enrolments')
    .column('created_by')
    .execute();

  await db.schema
    .createTable('rehab_programme_attendance')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('rehab_programme_sessions.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('rehab_programme_enrolments.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('attended', 'apologies', 'dna')`))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('rehab_programme_attendance_session')
    .on('rehab_programme_attendance')
    .columns(['session_id', 'enrolment_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rehab_programme_attendance_enrolment')
    .on('rehab_programme_attendance')
    .column('enrolment_id')
    .execute();
  await db.schema
    .createIndex('rehab_programme_attendance_recorded_by')
    .on('rehab_programme_attendance')
    .column('recorded_by')
    .execute();
}
