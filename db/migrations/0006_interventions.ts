import { sql, type Kysely } from 'kysely';

/**
 * Intervention scheduling: waiting-list requests (with their readiness record), antithrombotic entries and
 * proposed hold plans, procedure sessions, bookings (with on-the-day times) and outcomes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intervention_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('catalogue_version', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('indication', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_rank', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('requested_clinician_id', 'integer', (c) => c.references('users.id'))
    .addColumn('rtt_clock_start', 'text', (c) => c.notNull())
    .addColumn('rtt_breach_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rebook_by', 'text')
    .addColumn('readiness_json', 'text', (c) => c.notNull())
    .addColumn('commissioner_rule_set', 'text', (c) => c.notNull())
    .addColumn('anticoagulant_rule_set', 'text', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('override_items_json', 'text')
    .addColumn('override_by', 'integer', (c) => c.references('users.id'))
    .addColumn('override_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intervention_requests_list')
    .on('intervention_requests')
    .columns(['status', 'priority_rank', 'rtt_breach_date', 'id'])
    .execute();
  await db.schema
    .createIndex('intervention_requests_procedure')
    .on('intervention_requests')
    .columns(['procedure_code', 'status', 'priority_rank', 'rtt_breach_date'])
    .execute();
  await db.schema
    .createIndex('intervention_requests_patient')
    .on('intervention_requests')
    .column('patient_id')
    .execute();
  await db.schema
    .createIndex('intervention_requests_clinician')
    .on('intervention_requests')
    .columns(['requested_clinician_id', 'status'])
    .execute();
  await db.schema
    .createIndex('intervention_requests_override_by')
    .on('intervention_requests')
    .column('override_by')
    .execute();
  await db.schema
    .createIndex('intervention_requests_created_by')
    .on('intervention_requests')
    .column('created_by')
    .execute();

  await db.schema
    .createTable('intervention_antithrombotics')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('intervention_requests.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('drug', 'text', (c) => c.notNull())
    .addColumn('dose', 'text', (c) => c.notNull())
    .addColumn('dose_times', 'text', (c) => c.notNull())
    .addColumn('plan_json', 'text', (c) => c.notNull())
    .addColumn('plan_for', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  for (const col of ['request_id', 'patient_id', 'approved_by'] as const)
    await db.schema
      .createIndex(`intervention_antithrombotics_${col}`)
      .on('intervention_antithrombotics')
      .column(col)
      .execute();

  await db.schema
    .createTable('intervention_sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('clinician_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('radiographer', 'text')
    .addColumn('equipment', 'text', (c) => c.notNull())
    .addColumn('unavailable_minutes', 'integer', (c) => c.notNull())
    .addColumn('turnaround_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intervention_sessions_date')
    .on('intervention_sessions')
    .columns(['date', 'start_time'])
    .execute();
  await db.schema
    .createIndex('intervention_sessions_clinician')
    .on('intervention_sessions')
    .columns(['clinician_id', 'date'])
    .execute();

  await db.schema
    .createTable('intervention_bookings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('intervention_requests.id'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('intervention_sessions.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('clinician_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('planned_minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('short_notice_agreed', 'integer', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('overridden_json', 'text')
    .addColumn('cancel_kind', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_on_day', 'integer', (c) => c.notNull())
    .addColumn('consent2_at', 'text')
    .addColumn('checklist_at', 'text')
    .addColumn('in_room_start', 'text')
    .addColumn('in_room_end', 'text')
    .addColumn('actual_minutes', 'integer')
    .addColumn('follow_up_due', 'text')
    .addColumn('booked_at', 'text', (c) => c.notNull())
    .addColumn('booked_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('intervention_bookings_session')
    .on('intervention_bookings')
    .columns(['session_id', 'status'])
    .execute();
  await db.schema
    .createIndex('intervention_bookings_patient')
    .on('intervention_bookings')
    .columns(['patient_id', 'status', 'session_date'])
    .execute();
  await db.schema
    .createIndex('intervention_bookings_request')
    .on('intervention_bookings')
    .column('request_id')
    .execute();
  await db.schema
    .createIndex('intervention_bookings_clinician')
    .on('intervention_bookings')
    .column('clinician_id')
    .execute();
  await db.schema
    .createIndex('intervention_bookings_booked_by')
    .on('intervention_bookings')
    .column('booked_by')
    .execute();
  await db.schema
    .createIndex('intervention_bookings_duration')
    .on('intervention_bookings')
    .columns(['procedure_code', 'actual_minutes'])
    .where(sql.ref('actual_minutes'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('intervention_bookings_duration_clinician')
    .on('intervention_bookings')
    .columns(['procedure_code', 'clinician_id', 'actual_minutes'])
    .where(sql.ref('actual_minutes'), 'is not', null)
    .execute();
  // The follow-up worklist: done procedures without an outcome, by due date.
  await db.schema
    .createIndex('intervention_bookings_follow_up')
    .on('intervention_bookings')
    .columns(['follow_up_due'])
    .where(sql.ref('follow_up_due'), 'is not', null)
    .execute();

  await db.schema
    .createTable('intervention_outcomes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('booking_id', 'integer', (c) => c.notNull().unique().references('intervention_bookings.id'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('intervention_requests.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('procedure_date', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('relief_percent', 'integer', (c) => c.notNull())
    .addColumn('relief_duration_weeks', 'integer')
    .addColumn('complications', 'text', (c) => c.notNull())
    .addColumn('pgic', 'integer', (c) => c.notNull())
    .addColumn('successful', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  for (const col of ['request_id', 'patient_id', 'recorded_by'] as const)
    await db.schema
      .createIndex(`intervention_outcomes_${col}`)
      .on('intervention_outcomes')
      .column(col)
      .execute();
}
