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

export interface MigrateResult {
  from: number;
  to: number;
  backup: string | null;
}

export function schemaVersion(conn: Connection): number {
  return conn.sqlite.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the latest schema:
 * 1. refuses a database newer than the app (nothing written);
 * 2. backs up a non-empty database first (online backup, integrity-checked);
 * 3. runs each pending migration in its own transaction with its `user_version` bump, so a failing
 *    migration leaves nothing behind and the version says exactly what was applied;
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
  if (from === latest) return { from, to: from, backup: null };

  let backup: string | null = null;
  if (from > 0 && options.backup !== false) {
    backup = await backupDatabase(
      conn.sqlite,
      options.backupDir ?? defaultBackupDir(conn.file),
      `pre-migrate-v${from}-to-v${latest}`,
      options.now,
    );
  }

  for (const migration of migrations) {
    if (migration.version <= from) continue;
    await conn.db.transaction().execute(async (trx) => {
      await migration.up(trx as never);
      // user_version is part of the database header, written inside the same transaction.
      await sql.raw(`PRAGMA user_version = ${Math.trunc(migration.version)}`).execute(trx);
    });
  }

  const fkProblems = conn.sqlite.pragma('foreign_key_check') as unknown[];
  if (fkProblems.length > 0)
    throw new Error(`Foreign key check failed after migrating: ${fkProblems.length} problem(s).`);
  return { from, to: latest, backup };
}
