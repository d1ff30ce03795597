import type { Kysely } from 'kysely';

/**
 * Issue 14, follow-up: a spinal cord stimulator trial is an episode, not one visit (Neuromodulation Foundation practice parameters:
 * insertion, 3-8 days with the external generator, lead removal and review, then the implant decision;
 * Neuromodulation Foundation practice parameters; NICE TA159). One row per SCS trial request: the day the
 * leads went in, the day they came out, the outcome at the end of the trial (relief with activity,
 * analgesia, satisfaction: success is the rule's, stored with it) and the decision to implant or not.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intervention_scs_trials')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
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
