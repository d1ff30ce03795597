import { sql } from 'kysely';
import type { Connection } from './connection';
import type { Migration } from './migrations/index';
import { PG_MIGRATIONS } from './migrations-pg/index';
import { DatabaseTooNewError, type MigrateResult } from './migrate';

/** Any fixed number: every server instance migrating the same database takes this lock first. */
const MIGRATION_LOCK = 0x616c6f6e; // "alon"

async function ensureVersionTable(conn: Connection): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS alongside_schema_version (
    version integer primary key, name text not null, applied_at text not null)`.execute(conn.db);
}

/** The PostgreSQL schema version (0 for an empty database). */
export async function pgSchemaVersion(conn: Connection): Promise<number> {
  await ensureVersionTable(conn);
  const r = await sql<{ v: number | null }>`SELECT max(version) AS v FROM alongside_schema_version`.execute(
    conn.db,
  );
  return Number(r.rows[0]?.v ?? 0);
}

/**
 * Brings a PostgreSQL database to the latest schema: refuses a database newer than the server, then runs
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
    const r = await sql<{ v: number | null }>`SELECT max(version) AS v FROM alongside_schema_version`.execute(
      outer,
    );
    const from = Number(r.rows[0]?.v ?? 0);
    if (from > latest) throw new DatabaseTooNewError(from, latest);
    for (const m of migrations) {
      if (m.version <= from) continue;
      // One transaction for all pending steps, holding the lock: PostgreSQL's DDL is transactional, so a
      // failing step leaves the database as it was.
      await m.up(outer as never);
      await sql`INSERT INTO alongside_schema_version (version, name, applied_at)
        VALUES (${m.version}, ${m.name}, ${(options.now ?? new Date()).toISOString()})`.execute(outer);
    }
    return { from, to: latest, backup: null };
  });
}
