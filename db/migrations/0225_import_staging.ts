import type { Kysely } from 'kysely';

/**
 * Issue 19 (team mode): a CSV import being sent in parts and previewed is kept in the database, not in one
 * server instance's memory, so that whichever instance the load balancer picks can take the next part or
 * the commit. Rows live until the import is committed, or 30 minutes after the last part (then deleted).
 * - `owner_hash`: SHA-256 of the session key that started it (only that signed-in window may continue it);
 * - `body`: the parts received so far (emptied once checked); `checked_json`: the checked rows and errors.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('data_import_staging')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('chars', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('checked_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('touched_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('data_import_staging_touched')
    .on('data_import_staging')
    .column('touched_at')
    .execute();
}
