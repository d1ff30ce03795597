import { sql } from 'kysely';
import { backupDatabase, defaultBackupDir } from './backup';
import type { Connection } from './connection';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations/index';

/** The database was written by a newer Alongside: opening it here could damage it. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `This database was made by a newer version of Alongside (schema ${fileVersion}; this app knows up to ${appVersion}). ` +
        'Install the newer version; nothing has been changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * The database's record of migrations does not fit this app: it lacks a migration this app knows below the
 * highest one it has (it was upgraded by another build), or it holds a migration this app does not know.
 * Migrating such a database could leave it without tables or columns the app relies on: it is refused,
 * with nothing changed, and the message is written for IT.
 */
export class DatabaseHistoryError extends Error {
  constructor(
    readonly missing: readonly { version: number; name: string }[],
    readonly unknown: readonly number[],
    readonly disagreement: string | null = null,
  ) {
    const what: string[] = [];
    if (missing.length)
      what.push(
        `it lacks ${missing.length === 1 ? 'upgrade' : 'upgrades'} ${missing.map((m) => `${m.version} (${m.name})`).join(', ')} although later upgrades were applied`,
      );
    if (unknown.length)
      what.push(
        `it has ${unknown.length === 1 ? 'upgrade' : 'upgrades'} ${unknown.join(', ')}, which this version of Alongside does not know`,
      );
    if (disagreement) what.push(disagreement);
    super(
      `Alongside has not opened this database, and nothing has been changed: its record of upgrades does not match this version of Alongside (${what.join('; ')}). ` +
        'It was probably upgraded by a different build of Alongside. IT: keep the file exactly as it is and give this message to the Alongside supplier.',
    );
    this.name = 'DatabaseHistoryError';
  }
}

/**
 * Checks a database's applied versions against the app's migrations (both engines): null when every
 * applied version is known and no known version below the highest applied is missing.
 */
export function historyProblem(
  applied: Iterable<number>,
  migrations: readonly Migration[],
): DatabaseHistoryError | null {
  const have = new Set(applied);
  const highest = Math.max(0, ...have);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...have].filter((v) => !known.has(v)).sort((a, b) => a - b);
  const missing = migrations
    .filter((m) => m.version < highest && !have.has(m.version))
    .map((m) => ({ version: m.version, name: m.name.replace(/^\d+_/, '') }));
  return missing.length || unknown.length ? new DatabaseHistoryError(missing, unknown) : null;
}

export interface MigrateResult {
  from: number;
  to: number;
  backup: string | null;
}

export function schemaVersion(conn: Connection): number {
  return conn.sqlite.pragma('user_version', { simple: true }) as number;
}

/** The table of applied migrations (created by migration 250; the same table as on PostgreSQL). */
export const HISTORY_TABLE = 'alongside_schema_version';
/** The migration that creates the table: a database at or past it without the table has lost its record. */
const HISTORY_VERSION = 250;

function hasHistoryTable(conn: Connection): boolean {
  return (
    conn.sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(HISTORY_TABLE) !== undefined
  );
}

/**
 * The versions this database has, read without writing anything: its record when it has one; otherwise
 * (a database from before the record) every known version up to its `user_version`, which is how such a
 * database is backfilled. Refuses (DatabaseHistoryError) a record that lacks a known lower version or holds
 * an unknown one, a record that disagrees with `user_version`, and an unrecorded database at a version the
 * app does not know.
 */
export function appliedVersions(conn: Connection, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const from = schemaVersion(conn);
  if (!hasHistoryTable(conn)) {
    if (from === 0) return [];
    if (!migrations.some((m) => m.version === from)) throw new DatabaseHistoryError([], [from]);
    if (from >= HISTORY_VERSION && migrations.some((m) => m.version === HISTORY_VERSION))
      throw new DatabaseHistoryError([], [], 'its record of upgrades has been removed');
    return migrations.filter((m) => m.version <= from).map((m) => m.version);
  }
  const recorded = (
    conn.sqlite.prepare(`SELECT version FROM ${HISTORY_TABLE} ORDER BY version`).pluck().all() as number[]
  ).map(Number);
  const problem = historyProblem(recorded, migrations);
  if (problem) throw problem;
  const highest = Math.max(0, ...recorded);
  if (highest !== from)
    throw new DatabaseHistoryError(
      [],
      [],
      `its record ends at upgrade ${highest} but its header says ${from}`,
    );
  return recorded;
}

/**
 * Brings the database to the latest schema:
 * 1. refuses a database newer than the app, and one whose record of migrations does not fit the app's
 *    (a lower version missing, an unknown version: see appliedVersions), with nothing written;
 * 2. backs up a non-empty database first (online backup, integrity-checked);
 * 3. runs each pending migration in its own transaction with its `user_version` bump and its row in
 *    alongside_schema_version (once that table exists: migration 250 creates it and the versions before it,
 *    applied now or earlier, are recorded in the same transaction), so a failing migration leaves nothing
 *    behind and the record says exactly what was applied;
 * 4. checks foreign keys afterwards.
 */
export async function migrate(
  conn: Connection,
  options: {
    backupDir?: string;
    migrations?: readonly Migration[];
    now?: Date;
    /** false: no backup first (a private copy being brought up to date during a restore). */
    backup?: boolean;
  } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : LATEST_VERSION;
  const from = schemaVersion(conn);
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  const recorded = hasHistoryTable(conn);
  const applied = new Set(appliedVersions(conn, migrations));
  const pending = migrations.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return { from, to: from, backup: null };

  let backup: string | null = null;
  if (from > 0 && options.backup !== false) {
    backup = await backupDatabase(
      conn.sqlite,
      options.backupDir ?? defaultBackupDir(conn.file),
      `pre-migrate-v${from}-to-v${latest}`,
      options.now,
    );
  }

  // Applied but not yet in the record: a database from before the record (backfilled at the time of this
  // upgrade), and the migrations of this run before the one that creates the table.
  let unrecorded = recorded ? [] : migrations.filter((m) => applied.has(m.version));
  const at = (options.now ?? new Date()).toISOString();
  for (const migration of pending) {
    await conn.db.transaction().execute(async (trx) => {
      await migration.up(trx as never);
      // user_version is part of the database header, written inside the same transaction.
      await sql.raw(`PRAGMA user_version = ${Math.trunc(migration.version)}`).execute(trx);
      const table = await sql<{ one: number }>`SELECT 1 AS one FROM sqlite_master
        WHERE type = 'table' AND name = ${HISTORY_TABLE}`.execute(trx);
      if (table.rows.length === 0) {
        unrecorded.push(migration);
        return;
      }
      for (const m of [...unrecorded, migration])
        await sql`INSERT INTO alongside_schema_version (version, name, applied_at)
          VALUES (${m.version}, ${m.name}, ${at})`.execute(trx);
    });
    // Only once the transaction has committed: a failure above leaves the list as it was.
    if (hasHistoryTable(conn)) unrecorded = [];
  }

  const fkProblems = conn.sqlite.pragma('foreign_key_check') as unknown[];
  if (fkProblems.length > 0)
    throw new Error(`Foreign key check failed after migrating: ${fkProblems.length} problem(s).`);
  return { from, to: latest, backup };
}
