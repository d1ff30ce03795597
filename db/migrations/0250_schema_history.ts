import { sql, type Kysely } from 'kysely';

/**
 * Hygiene (H-TRU-106): the record of which migrations a database has, one row per migration (version, name,
 * when it was applied), the same table the team server has always kept on PostgreSQL. Until now a SQLite
 * database recorded only its highest version (`PRAGMA user_version`), so a database upgraded by another build
 * could lack a lower-numbered migration without anyone knowing. The migrator (db/migrate.ts) fills the table:
 * on an existing database every version up to the one it was at is taken as applied at the time of this
 * upgrade; from then on each migration writes its row in its own transaction, and at start-up a database
 * whose record lacks a known version below its highest, or holds one the app does not know, is refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE alongside_schema_version (
    version integer primary key, name text not null, applied_at text not null)`.execute(db);
}
