import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0210_scs_trials.ts (SCS trial episodes; issue 14). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intervention_scs_trials')
    .addColumn('id', 'integer', (c) => c.generatedByDefaultAsIdentity().primaryKey())
    .addColumn('request_id', 'integer', (c) => c.notNull().unique().references('intervention_requests.id'))
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('inserted_on', 'text', (c) => c.notNull())
    .addColumn('leads_removed_on', 'text')
    .addColumn('relief_percent', 'integer')
    .addColumn('analgesia', 'text')
    .addColumn('patient_satisfied', 'integer')
    .addColumn('successful', 'integer')
    .addColumn('outcome_on', 'text')
    .addColumn('decision', 'text')
    .addColumn('decision_on', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('intervention_scs_trials_patient')
    .on('intervention_scs_trials')
    .column('patient_id')
    .execute();
}
