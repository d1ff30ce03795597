import type { Kysely } from 'kysely';

/**
 * Issue 19, team mode: which workstation made the request that an audit row records (the name the desktop
 * declares and the address the server saw, e.g. "PAIN-CLINIC-03 (10.1.2.3)"). Null on a single computer and
 * on rows written before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('workstation', 'text').execute();
}
