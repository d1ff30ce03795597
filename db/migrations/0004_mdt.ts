import { sql, type Kysely } from 'kysely';
import { EXAMPLE_MEETING_TYPES, EXAMPLE_QUORUM_RULES } from '../../shared/clinical/mdt/index';

/**
 * MDT meetings (issue 3): meeting types, meetings, referrals, listings, attendance, versioned outcomes,
 * actions, letters as sent, and a per-patient state row kept in step with them.
 * Seeds the two example meeting types (labelled examples) with the example quorum rules.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mdt_meeting_types')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recurrence_json', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('cut_off_hours', 'real', (c) => c.notNull())
    .addColumn('chair_id', 'integer', (c) => c.references('users.id'))
    .addColumn('core_member_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('default_minutes_per_case', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('quorum_rules_json', 'text', (c) => c.notNull())
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mdt_meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_type_id', 'integer', (c) => c.notNull().references('mdt_meeting_types.id'))
    .addColumn('meeting_date', 'text', (c) => c.notNull())
    .addColumn('start_local', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('cut_off_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('planned')
        .check(sql`status in ('planned','in-progress','closed')`),
    )
    .addColumn('chair_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actual_start_at', 'text')
    .addColumn('actual_end_at', 'text')
    .addColumn('current_listing_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mdt_meetings_type_date')
    .unique()
    .on('mdt_meetings')
    .columns(['meeting_type_id', 'meeting_date'])
    .execute();
  await db.schema.createIndex('mdt_meetings_start').on('mdt_meetings').columns(['start_at']).execute();
  await db.schema.createIndex('mdt_meetings_chair').on('mdt_meetings').column('chair_id').execute();

  await db.schema
    .createTable('mdt_listings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('mdt_meetings.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('referral','carried','suggested')`))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('full-discussion','protocol-noted','for-information')`),
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('proposed','accepted','discussed','deferred','withdrawn')`),
    )
    .addColumn('planned_minutes', 'integer', (c) => c.notNull())
    .addColumn('presenter_id', 'integer', (c) => c.references('users.id'))
    .addColumn('case_categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('urgency', 'text', (c) => c.notNull().defaultTo('routine'))
    .addColumn('is_late_addition', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('late_approved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('late_approved_at', 'text')
    .addColumn('deferral_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('defer_reason', 'text')
    .addColumn('carried_from_listing_id', 'integer', (c) => c.references('mdt_listings.id'))
    .addColumn('escalate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suggestion_json', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mdt_listings_meeting_patient')
    .unique()
    .on('mdt_listings')
    .columns(['meeting_id', 'patient_id'])
    .execute();
  await db.schema
    .createIndex('mdt_listings_patient')
    .on('mdt_listings')
    .columns(['patient_id', 'meeting_id'])
    .execute();
  await db.schema
    .createIndex('mdt_listings_carried')
    .on('mdt_listings')
    .column('carried_from_listing_id')
    .execute();
  await db.schema.createIndex('mdt_listings_presenter').on('mdt_listings').column('presenter_id').execute();
  await db.schema
    .createIndex('mdt_listings_approver')
    .on('mdt_listings')
    .column('late_approved_by')
    .execute();

  await db.schema
    .createTable('mdt_referrals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('meeting_type_id', 'integer', (c) => c.notNull().references('mdt_meeting_types.id'))
    .addColumn('meeting_id', 'integer', (c) => c.references('mdt_meetings.id'))
    .addColumn('listing_id', 'integer', (c) => c.references('mdt_listings.id'))
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull().check(sql`length(trim(question)) > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('presenter_id', 'integer', (c) => c.references('users.id'))
    .addColumn('patient_aware', 'integer', (c) => c.notNull())
    .addColumn('what_matters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('listed'))
    .execute();
  await db.schema
    .createIndex('mdt_referrals_patient')
    .on('mdt_referrals')
    .columns(['patient_id', 'requested_at'])
    .execute();
  await db.schema.createIndex('mdt_referrals_listing').on('mdt_referrals').column('listing_id').execute();
  await db.schema.createIndex('mdt_referrals_meeting').on('mdt_referrals').column('meeting_id').execute();
  await db.schema.createIndex('mdt_referrals_type').on('mdt_referrals').column('meeting_type_id').execute();
  await db.schema.createIndex('mdt_referrals_requester').on('mdt_referrals').column('requested_by').execute();
  await db.schema.createIndex('mdt_referrals_presenter').on('mdt_referrals').column('presenter_id').execute();

  await db.schema
    .createTable('mdt_attendance')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('mdt_meetings.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('discipline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('present','remote','apologies','absent','deputy')`),
    )
    .addColumn('deputy_for_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('joined_at', 'text')
    .addColumn('left_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mdt_attendance_meeting_user')
    .unique()
    .on('mdt_attendance')
    .columns(['meeting_id', 'user_id'])
    .execute();
  await db.schema.createIndex('mdt_attendance_user').on('mdt_attendance').column('user_id').execute();
  await db.schema
    .createIndex('mdt_attendance_deputy')
    .on('mdt_attendance')
    .column('deputy_for_user_id')
    .execute();

  await db.schema
    .createTable('mdt_outcomes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('listing_id', 'integer', (c) => c.notNull().references('mdt_listings.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('previous_version_id', 'integer', (c) => c.references('mdt_outcomes.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','confirmed','superseded')`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rationale', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('preferences_considered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('review_date', 'text')
    .addColumn('patient_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('meeting_date', 'text', (c) => c.notNull())
    .addColumn('no_action', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('draft_actions_json', 'text')
    .addColumn('quorum_json', 'text')
    .addColumn('quorum_met', 'integer')
    .addColumn('quorum_rule_set', 'text')
    .addColumn('amend_reason', 'text')
    .addColumn('amended_at', 'text')
    .addColumn('amended_by', 'integer', (c) => c.references('users.id'))
    .addColumn('confirmed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('patient_decision', 'text')
    .addColumn('patient_decision_notes', 'text')
    .addColumn('patient_decision_at', 'text')
    .addColumn('implementation_review_due', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'mdt_outcomes_amend_reason',
      sql`version = 1 or (previous_version_id is not null and amend_reason is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('mdt_outcomes_listing_version')
    .unique()
    .on('mdt_outcomes')
    .columns(['listing_id', 'version'])
    .execute();
  await db.schema
    .createIndex('mdt_outcomes_patient')
    .on('mdt_outcomes')
    .columns(['patient_id', 'meeting_date'])
    .execute();
  await db.schema
    .createIndex('mdt_outcomes_previous')
    .on('mdt_outcomes')
    .column('previous_version_id')
    .execute();
  await db.schema
    .createIndex('mdt_outcomes_awaiting_decision')
    .on('mdt_outcomes')
    .columns(['kind', 'status', 'patient_decision', 'meeting_date'])
    .execute();
  await db.schema
    .createIndex('mdt_outcomes_review_due')
    .on('mdt_outcomes')
    .columns(['status', 'implementation_review_due'])
    .execute();
  await db.schema.createIndex('mdt_outcomes_amended_by').on('mdt_outcomes').column('amended_by').execute();
  await db.schema
    .createIndex('mdt_outcomes_confirmed_by')
    .on('mdt_outcomes')
    .column('confirmed_by')
    .execute();

  await db.schema
    .createTable('mdt_actions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('outcome_id', 'integer', (c) => c.notNull().references('mdt_outcomes.id'))
    .addColumn('listing_id', 'integer', (c) => c.notNull().references('mdt_listings.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('patient_wording', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open','in-progress','done','cancelled')`),
    )
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('completion_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mdt_actions_outcome').on('mdt_actions').column('outcome_id').execute();
  await db.schema.createIndex('mdt_actions_listing').on('mdt_actions').column('listing_id').execute();
  await db.schema
    .createIndex('mdt_actions_patient')
    .on('mdt_actions')
    .columns(['patient_id', 'status'])
    .execute();
  await db.schema
    .createIndex('mdt_actions_owner')
    .on('mdt_actions')
    .columns(['owner_id', 'status', 'due_date'])
    .execute();
  await db.schema.createIndex('mdt_actions_due').on('mdt_actions').columns(['status', 'due_date']).execute();
  await db.schema.createIndex('mdt_actions_completed_by').on('mdt_actions').column('completed_by').execute();

  await db.schema
    .createTable('mdt_letters')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('outcome_id', 'integer', (c) => c.notNull().references('mdt_outcomes.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('gp','referrer','patient')`))
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('problem', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ready','needs-attention','sent')`))
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('sent_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('mdt_letters_outcome').on('mdt_letters').column('outcome_id').execute();
  await db.schema.createIndex('mdt_letters_patient').on('mdt_letters').column('patient_id').execute();
  await db.schema.createIndex('mdt_letters_sent_by').on('mdt_letters').column('sent_by').execute();
  // A letter as sent never changes.
  await sql`CREATE TRIGGER mdt_letters_sent_frozen BEFORE UPDATE ON mdt_letters
    WHEN OLD.status = 'sent'
    BEGIN SELECT RAISE(ABORT, 'a sent letter cannot be changed'); END`.execute(db);

  await db.schema
    .createTable('mdt_patient_state')
    .addColumn('patient_id', 'integer', (c) => c.primaryKey().references('patients.id'))
    .addColumn('last_discussed_on', 'text')
    .addColumn('last_outcome_id', 'integer', (c) => c.references('mdt_outcomes.id'))
    .addColumn('earliest_open_action_due', 'text')
    .addColumn('listed_meeting_id', 'integer', (c) => c.references('mdt_meetings.id'))
    .execute();
  await db.schema
    .createIndex('mdt_patient_state_overdue')
    .on('mdt_patient_state')
    .column('earliest_open_action_due')
    .where(sql.ref('earliest_open_action_due'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('mdt_patient_state_outcome')
    .on('mdt_patient_state')
    .column('last_outcome_id')
    .execute();
  await db.schema
    .createIndex('mdt_patient_state_listed')
    .on('mdt_patient_state')
    .column('listed_meeting_id')
    .execute();

  const at = '2026-01-01T00:00:00.000Z';
  for (const t of EXAMPLE_MEETING_TYPES) {
    await sql`INSERT INTO mdt_meeting_types (code, name, purpose, recurrence_json, duration_minutes,
      cut_off_hours, chair_id, core_member_ids_json, default_minutes_per_case, quorum_rules_json, example,
      created_at, updated_at)
      VALUES (${t.id}, ${t.name}, ${t.id === 'neuromodulation-mdt' ? 'Spinal cord stimulation and other neuromodulation decisions' : 'Weekly discussion of complex pain cases'},
        ${JSON.stringify(t.recurrence)}, ${t.durationMinutes}, ${t.cutOffHours}, NULL, '[]',
        ${t.defaultMinutesPerCase}, ${JSON.stringify(EXAMPLE_QUORUM_RULES)}, 1, ${at}, ${at})`.execute(db);
  }
}
