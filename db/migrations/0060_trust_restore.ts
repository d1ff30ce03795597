import { sql, type Kysely } from 'kysely';

/**
 * Issue 17 (restore that cannot be poisoned):
 * - `audit_log.carried_over` / `original_id`: a restore carries the replaced database's audit trail into
 *   the restored one; such rows are marked ('replaced-database', or 'backup' for a backup row moved to a
 *   new id so that no id ever names two different events) with the id they had before.
 * - `database_generation`: one row, a random value changed by every restore and recovery. The dispatcher
 *   compares it on each request, so every session ends when the database underneath changes (in the app,
 *   from the command line, or from another process).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('carried_over', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('original_id', 'integer').execute();
  await db.schema
    .createTable('database_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('generation', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO database_generation (id, generation, changed_at)
    VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.execute(db);
}
