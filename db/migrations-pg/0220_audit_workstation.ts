import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0220_audit_workstation.ts: the audit row's workstation (nullable text). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('workstation', 'text').execute();
}
