import type { Kysely } from 'kysely';

/**
 * Issue 13 (medicine checks):
 * - `medicine_patient_facts`: facts the checks need that the record did not hold, each row dated and by whom:
 *   kind 'renal' (weight, serum creatinine and the date of the result, for Cockcroft-Gault) or kind
 *   'pregnancy' (pregnant / breastfeeding / neither). The latest row of each kind is used; older rows are history.
 * - `medicine_check_acks`: a prescriber's reason for a check that needs judgement (or a note of what was done
 *   for a prompt), for one check key (rule, medicines and doses), with the rule set version it answered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('medicine_patient_facts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'real')
    .addColumn('creatinine_umol_l', 'real')
    .addColumn('result_date', 'text')
    .addColumn('pregnancy_status', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('medicine_patient_facts_patient')
    .on('medicine_patient_facts')
    .columns(['patient_id', 'kind'])
    .execute();
  await db.schema
    .createTable('medicine_check_acks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('check_key', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('medicine_check_acks_patient')
    .on('medicine_check_acks')
    .columns(['patient_id', 'check_key'])
    .execute();
}
