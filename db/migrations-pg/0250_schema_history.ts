import { sql, type Kysely } from 'kysely';

/**
 * PostgreSQL twin of db/migrations/0250_schema_history.ts. On PostgreSQL the table has existed from the
 * start (db/migrate-pg.ts creates it before the first migration and writes a row per migration), so this
 * only states it; the version keeps the two engines' numbering in step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS alongside_schema_version (
    version integer primary key, name text not null, applied_at text not null)`.execute(db);
}
