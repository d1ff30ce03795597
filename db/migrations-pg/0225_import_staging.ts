import type { Kysely } from 'kysely';

/** PostgreSQL twin of db/migrations/0225_import_staging.ts: CSV imports staged in the database. */
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
