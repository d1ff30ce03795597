import { sql, type Kysely } from 'kysely';
import { EXAMPLE_LETTER_TEMPLATES } from '../../shared/clinical/mdt/letter-templates';

/**
 * MDT letters follow NHS letter conventions (issue 16, "Letters"):
 * - the referring clinician (name, role, organisation, address) is kept on the referral, apart from who keyed
 *   it (mdt_referrals.requested_by); a referral from triage carries what the service referral recorded;
 * - a letter template version may be marked approved locally by a clinical lead, once (nothing else about a
 *   version ever changes);
 * - the example templates 2.0.0 (date, NHS number 3-3-4, address block, medicines and changes, signatory's
 *   role, copies; a patient letter written to the patient) become current for each audience whose current
 *   template is still an unapproved shipped example. A template a clinical lead wrote is left as it is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['referrer_name', 'referrer_role', 'referrer_organisation', 'referrer_address']) {
    await db.schema.alterTable('mdt_referrals').addColumn(column, 'text').execute();
  }
  for (const column of ['referrer_role', 'referrer_organisation', 'referrer_address']) {
    await db.schema
      .alterTable('service_referrals')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }

  await sql`DROP TRIGGER mdt_letter_templates_frozen`.execute(db);
  await sql`CREATE TRIGGER mdt_letter_templates_frozen BEFORE UPDATE ON mdt_letter_templates
    WHEN NOT (OLD.approved_at IS NULL AND NEW.approved_at IS NOT NULL AND NEW.approved_by IS NOT NULL
      AND NEW.template_id IS OLD.template_id AND NEW.audience IS OLD.audience AND NEW.name IS OLD.name
      AND NEW.version IS OLD.version AND NEW.body IS OLD.body AND NEW.source IS OLD.source
      AND NEW.change_note IS OLD.change_note AND NEW.example IS OLD.example
      AND NEW.created_at IS OLD.created_at)
    BEGIN SELECT RAISE(ABORT, 'a letter template version cannot be changed; create a new version'); END`.execute(
    db,
  );

  const at = '2026-12-07T00:00:00.000Z';
  for (const t of EXAMPLE_LETTER_TEMPLATES) {
    await sql`INSERT INTO mdt_letter_templates (template_id, audience, name, version, body, source,
      change_note, example, created_at, approved_by, approved_at)
      SELECT ${t.id}, ${t.audience}, ${t.name}, ${t.version}, ${t.body}, ${t.source},
        'Shipped example: NHS letter conventions; the patient letter is written to the patient', 1, ${at},
        NULL, NULL
      WHERE (SELECT example = 1 AND approved_at IS NULL FROM mdt_letter_templates
             WHERE audience = ${t.audience} ORDER BY id DESC LIMIT 1)
        AND NOT EXISTS (SELECT 1 FROM mdt_letter_templates WHERE template_id = ${t.id} AND version = ${t.version})`.execute(
      db,
    );
  }
}
