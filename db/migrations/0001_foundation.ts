import { sql, type Kysely } from 'kysely';

/**
 * Users, settings, patients with allergies, and the append-only audit trail.
 * Never edit a shipped migration: add the next number instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('patients')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('nhs_number', 'text')
    .addColumn('hospital_number', 'text')
    .addColumn('surname', 'text', (c) => c.notNull())
    .addColumn('forename', 'text', (c) => c.notNull())
    .addColumn('surname_key', 'text', (c) => c.notNull())
    .addColumn('forename_key', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('gp_practice', 'text')
    .addColumn('referral_date', 'text')
    .addColumn('referral_source', 'text')
    .addColumn('lead_clinician_id', 'integer', (c) => c.references('users.id'))
    .addColumn('diagnosis_code', 'text')
    .addColumn('diagnosis_site', 'text')
    .addColumn('diagnosis_notes', 'text')
    .addColumn('what_matters', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // NULLs never collide in a unique index, so patients without a number are allowed.
  await db.schema.createIndex('patients_nhs_number').unique().on('patients').column('nhs_number').execute();
  await db.schema
    .createIndex('patients_hospital_number')
    .unique()
    .on('patients')
    .column('hospital_number')
    .execute();
  await db.schema
    .createIndex('patients_name')
    .on('patients')
    .columns(['surname_key', 'forename_key'])
    .execute();
  await db.schema.createIndex('patients_forename').on('patients').column('forename_key').execute();

  await db.schema
    .createTable('allergies')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('reaction', 'text', (c) => c.notNull())
    .addColumn('recorded_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('allergies_patient').on('allergies').column('patient_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('patient_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_patient').on('audit_log').columns(['patient_id', 'id']).execute();
  await db.schema
    .createIndex('audit_log_entity')
    .on('audit_log')
    .columns(['entity', 'entity_id', 'id'])
    .execute();

  // The audit trail is append-only, whoever holds the file: even raw SQL cannot change or remove a row.
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
}
