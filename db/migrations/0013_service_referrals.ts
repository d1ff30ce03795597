import { sql, type Kysely } from 'kysely';

/**
 * Referral sifting (issue 3): new referrals into the pain service wait in a triage queue until a clinician
 * sends each to a pathway (clinic, a named MDT, the pain management programme, or discharge with advice)
 * with a reason. A referral sent to an MDT links to the MDT referral created in the same transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_referrals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('gp','consultant','self','other')`))
    .addColumn('referrer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('referral_reason', 'text', (c) => c.notNull().check(sql`length(trim(referral_reason)) > 0`))
    .addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('routine','urgent')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('awaiting','triaged')`))
    .addColumn('pathway', 'text', (c) => c.check(sql`pathway in ('clinic','mdt','pmp','discharge')`))
    .addColumn('meeting_type_id', 'integer', (c) => c.references('mdt_meeting_types.id'))
    .addColumn('decision_reason', 'text')
    .addColumn('triaged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('triaged_at', 'text')
    .addColumn('mdt_referral_id', 'integer', (c) => c.references('mdt_referrals.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'service_referrals_triaged_complete',
      sql`status = 'awaiting' or (pathway is not null and decision_reason is not null and triaged_at is not null)`,
    )
    .addCheckConstraint(
      'service_referrals_mdt_type',
      sql`pathway is null or pathway <> 'mdt' or meeting_type_id is not null`,
    )
    .execute();
  await db.schema
    .createIndex('service_referrals_queue')
    .on('service_referrals')
    .columns(['status', 'received_on'])
    .execute();
  await db.schema
    .createIndex('service_referrals_patient')
    .on('service_referrals')
    .column('patient_id')
    .execute();
  await db.schema
    .createIndex('service_referrals_meeting_type')
    .on('service_referrals')
    .column('meeting_type_id')
    .execute();
  await db.schema
    .createIndex('service_referrals_mdt_referral')
    .on('service_referrals')
    .column('mdt_referral_id')
    .execute();
}
