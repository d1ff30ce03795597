import { sql, type Kysely } from 'kysely';
import { EXAMPLE_LETTER_TEMPLATES_V1 as EXAMPLE_LETTER_TEMPLATES } from '../../shared/clinical/mdt/letter-templates-v1';

/**
 * MDT meetings, second part (issue 3):
 * - mdt_attendance_intervals: several join/leave intervals per attendee (rejoining after leaving); quorum
 *   is evaluated over them. Existing attendance rows become one interval each.
 * - mdt_letters: a letter of an amended outcome is marked superseded (by the amended version), and the
 *   letter issued from the amended version names the one it replaces. A sent letter still never changes,
 *   except for being marked superseded once.
 * - mdt_letter_templates: versioned letter templates a clinical lead writes and approves; the shipped
 *   examples are seeded as version 1.0.0 (labelled examples).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mdt_attendance_intervals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('attendance_id', 'integer', (c) => c.notNull().references('mdt_attendance.id'))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('mdt_meetings.id'))
    .addColumn('joined_at', 'text')
    .addColumn('left_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'mdt_attendance_intervals_order',
      sql`joined_at is null or left_at is null or left_at >= joined_at`,
    )
    .execute();
  await db.schema
    .createIndex('mdt_attendance_intervals_meeting')
    .on('mdt_attendance_intervals')
    .columns(['meeting_id', 'attendance_id'])
    .execute();
  await db.schema
    .createIndex('mdt_attendance_intervals_attendance')
    .on('mdt_attendance_intervals')
    .column('attendance_id')
    .execute();
  await sql`INSERT INTO mdt_attendance_intervals (attendance_id, meeting_id, joined_at, left_at, created_at)
    SELECT id, meeting_id, joined_at, left_at, updated_at FROM mdt_attendance
    WHERE status IN ('present', 'remote', 'deputy')`.execute(db);

  await db.schema.alterTable('mdt_letters').addColumn('superseded_at', 'text').execute();
  await db.schema
    .alterTable('mdt_letters')
    .addColumn('superseded_by_outcome_id', 'integer', (c) => c.references('mdt_outcomes.id'))
    .execute();
  await db.schema
    .alterTable('mdt_letters')
    .addColumn('replaces_letter_id', 'integer', (c) => c.references('mdt_letters.id'))
    .execute();
  await db.schema
    .createIndex('mdt_letters_superseded_by')
    .on('mdt_letters')
    .column('superseded_by_outcome_id')
    .execute();
  await db.schema
    .createIndex('mdt_letters_replaces')
    .on('mdt_letters')
    .column('replaces_letter_id')
    .execute();
  // A sent letter never changes, except that it may be marked superseded once (kept exactly as sent).
  await sql`DROP TRIGGER mdt_letters_sent_frozen`.execute(db);
  await sql`CREATE TRIGGER mdt_letters_sent_frozen BEFORE UPDATE ON mdt_letters
    WHEN OLD.status = 'sent' AND (
      OLD.superseded_at IS NOT NULL
      OR NEW.status IS NOT OLD.status OR NEW.body IS NOT OLD.body OR NEW.problem IS NOT OLD.problem
      OR NEW.outcome_id IS NOT OLD.outcome_id OR NEW.patient_id IS NOT OLD.patient_id
      OR NEW.audience IS NOT OLD.audience OR NEW.recipient_name IS NOT OLD.recipient_name
      OR NEW.template_id IS NOT OLD.template_id OR NEW.template_version IS NOT OLD.template_version
      OR NEW.generated_at IS NOT OLD.generated_at OR NEW.sent_at IS NOT OLD.sent_at
      OR NEW.sent_by IS NOT OLD.sent_by OR NEW.replaces_letter_id IS NOT OLD.replaces_letter_id)
    BEGIN SELECT RAISE(ABORT, 'a sent letter cannot be changed'); END`.execute(db);

  await db.schema
    .createTable('mdt_letter_templates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('gp','referrer','patient')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .execute();
  await db.schema
    .createIndex('mdt_letter_templates_version')
    .unique()
    .on('mdt_letter_templates')
    .columns(['template_id', 'version'])
    .execute();
  await db.schema
    .createIndex('mdt_letter_templates_audience')
    .on('mdt_letter_templates')
    .columns(['audience', 'id'])
    .execute();
  await db.schema
    .createIndex('mdt_letter_templates_approved_by')
    .on('mdt_letter_templates')
    .column('approved_by')
    .execute();
  // Approved templates are kept as approved: a new wording is a new version.
  await sql`CREATE TRIGGER mdt_letter_templates_frozen BEFORE UPDATE ON mdt_letter_templates
    BEGIN SELECT RAISE(ABORT, 'a letter template version cannot be changed; create a new version'); END`.execute(
    db,
  );
  const at = '2026-01-01T00:00:00.000Z';
  for (const t of EXAMPLE_LETTER_TEMPLATES) {
    await sql`INSERT INTO mdt_letter_templates (template_id, audience, name, version, body, source,
      change_note, example, created_at, approved_by, approved_at)
      VALUES (${t.id}, ${t.audience}, ${t.name}, ${t.version}, ${t.body}, ${t.source},
        'Shipped example', 1, ${at}, NULL, NULL)`.execute(db);
  }
}
