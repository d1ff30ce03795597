import { sql } from 'kysely';
import type { Connection } from './connection';
import type { Migration } from './migrations/index';
import { PG_MIGRATIONS } from './migrations-pg/index';
import { DatabaseTooNewError, historyProblem, type MigrateResult } from './migrate';

/** Any fixed number: every server instance migrating the same database takes this lock first. */
const MIGRATION_LOCK = 0x616c6f6e; // "alon"

async function ensureVersionTable(conn: Connection): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS alongside_schema_version (
    version integer primary key, name text not null, applied_at text not null)`.execute(conn.db);
}

/**
 * The versions recorded, checked as on SQLite (db/migrate.ts): a record lacking a known version below its
 * highest, or holding one this server does not know (other than a newer server's, refused as too new by the
 * caller), is refused with DatabaseHistoryError.
 */
async function recordedVersions(db: Connection['db'], migrations: readonly Migration[]): Promise<number[]> {
  const r = await sql<{
    version: number;
  }>`SELECT version FROM alongside_schema_version ORDER BY version`.execute(db);
  const versions = r.rows.map((row) => Number(row.version));
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (Math.max(0, ...versions) <= latest) {
    const problem = historyProblem(versions, migrations);
    if (problem) throw problem;
  }
  return versions;
}

/** The PostgreSQL schema version (0 for an empty database), its record of migrations checked. */
export async function pgSchemaVersion(conn: Connection): Promise<number> {
  await ensureVersionTable(conn);
  return Math.max(0, ...(await recordedVersions(conn.db, PG_MIGRATIONS)));
}

/**
 * Brings a PostgreSQL database to the latest schema: refuses a database newer than the server or whose
 * record of migrations lacks a known version below its highest or holds an unknown one, then runs
 * each pending migration in its own transaction with its version row, under an advisory lock so that two
 * server instances starting together cannot both migrate. Backups are the trust's (pg_dump before an
 * upgrade: see the README), not the server's.
 */
export async function migratePostgres(
  conn: Connection,
  options: { migrations?: readonly Migration[]; now?: Date } = {},
): Promise<MigrateResult> {
  if (conn.engine !== 'postgres') throw new Error('migratePostgres needs a PostgreSQL connection.');
  const migrations = options.migrations ?? PG_MIGRATIONS;
  const latest = migrations[migrations.length - 1]!.version;
  await ensureVersionTable(conn);
  return conn.db.transaction().execute(async (outer) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(outer);
    const applied = await recordedVersions(outer, migrations);
    const from = Math.max(0, ...applied);
    if (from > latest) throw new DatabaseTooNewError(from, latest);
    for (const m of migrations) {
      if (applied.includes(m.version)) continue;
      // One transaction for all pending steps, holding the lock: PostgreSQL's DDL is transactional, so a
      // failing step leaves the database as it was.
      await m.up(outer as never);
      await sql`INSERT INTO alongside_schema_version (version, name, applied_at)
        VALUES (${m.version}, ${m.name}, ${(options.now ?? new Date()).toISOString()})`.execute(outer);
    }
    return { from, to: latest, backup: null };
  });
}
