import type { Kysely } from 'kysely';

/**
 * Issue 17 (who looked at whom; sign-in; accounts):
 * - each audit row records the user's name and role as they were at the time (a restore that rewinds user
 *   ids, or a later rename or role change, can no longer make history read as someone else's);
 * - indexes for the information-governance audit screen (by user, by event) and the unusual-access rule
 *   (distinct records one user opened in a window);
 * - accounts: "change the password at next sign-in" and the clinical-lead mark (who may approve a clinical
 *   rule-set change);
 * - sign-in throttling per attempted name (failures, when the next attempt is allowed, lock until);
 * - proposed clinical rule-set changes waiting for a clinical lead's approval.
 * Older audit rows keep NULL name and role (the append-only triggers forbid rewriting them); the audit
 * screen labels them as such.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('user_name', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('user_role', 'text').execute();
  await db.schema
    .createIndex('audit_log_user')
    .on('audit_log')
    .columns(['user_id', 'action', 'at'])
    .execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();

  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('clinical_lead', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .execute();

  await db.schema
    .createTable('rule_set_proposals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('request_json', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'integer', (c) => c.notNull())
    .addColumn('proposed_by_name', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('version_id', 'integer')
    .execute();
  await db.schema
    .createIndex('rule_set_proposals_status')
    .on('rule_set_proposals')
    .columns(['status', 'id'])
    .execute();
}
