import type { Kysely } from 'kysely';

/** Data safety (issue 7): a record of each patient-list import (who, when, how many, which ids). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('data_imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('patient_count', 'integer', (c) => c.notNull())
    .addColumn('first_patient_id', 'integer')
    .addColumn('last_patient_id', 'integer')
    .execute();
  await db.schema.createIndex('data_imports_imported_by').on('data_imports').column('imported_by').execute();
}
