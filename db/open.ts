import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { backupLocation, fileStamp, listBackups, networkWarning, rememberNativeBinding } from './backup';
import { openDatabase, type Connection, type OpenOptions } from './connection';
import { DatabaseTooNewError, migrate, type MigrateResult } from './migrate';

/** Opens (creating if needed) and migrates the database; closes it again if migrating fails. */
export async function openAndMigrate(
  file: string,
  options: OpenOptions & { backupDir?: string } = {},
): Promise<{ conn: Connection; migration: MigrateResult }> {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
  const conn = openDatabase(file, options);
  rememberNativeBinding(conn.sqlite, options.nativeBinding);
  try {
    const migration = await migrate(conn, options.backupDir ? { backupDir: options.backupDir } : {});
    return { conn, migration };
  } catch (err) {
    await conn.close();
    throw err;
  }
}

/** Why the database could not be opened at start-up, and the newest backup that passes its check. */
export interface StartupProblem {
  kind: 'damaged' | 'too-new' | 'unreadable';
  message: string;
  file: string;
  backupDir: string;
  newestGoodBackup: { name: string; takenAt: string } | null;
}

export type StartupResult =
  | { ok: true; conn: Connection; migration: MigrateResult; networkWarning: string | null }
  | { ok: false; problem: StartupProblem };

/**
 * Start-up for the hosts: opens, checks (`PRAGMA quick_check`) and migrates. A damaged or unreadable file
 * is never replaced by a silent empty database and never crashes the host: the answer says what is wrong
 * and which backup is the newest good one, for a recovery screen.
 */
export async function openForStartup(
  file: string,
  options: OpenOptions & { backupDir?: string } = {},
): Promise<StartupResult> {
  const backupDir = options.backupDir ?? backupLocation(file).dir;
  const existed = existsSync(file);
  let conn: Connection | null = null;
  try {
    if (existed) {
      conn = openDatabase(file, options);
      const check = conn.sqlite.pragma('quick_check', { simple: true }) as string;
      await conn.close();
      conn = null;
      if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${check}`), { code: 'SQLITE_CORRUPT' });
    }
    const opened = await openAndMigrate(file, { ...options, backupDir });
    return { ok: true, ...opened, networkWarning: networkWarning(file) };
  } catch (err) {
    if (conn) await conn.close().catch(() => undefined);
    const code = String((err as { code?: unknown }).code ?? '');
    const kind: StartupProblem['kind'] =
      err instanceof DatabaseTooNewError ? 'too-new' : /CORRUPT|NOTADB/.test(code) ? 'damaged' : 'unreadable';
    const message =
      kind === 'too-new'
        ? (err as Error).message
        : kind === 'damaged'
          ? 'The database file is damaged, so Alongside has not opened it (nothing has been changed).'
          : `The database file could not be opened (${code || (err as Error).name}); nothing has been changed.`;
    return {
      ok: false,
      problem: {
        kind,
        message,
        file,
        backupDir,
        newestGoodBackup: kind === 'too-new' ? null : newestGoodBackup(backupDir, options.nativeBinding),
      },
    };
  }
}

function checkFile(file: string, nativeBinding?: string): boolean {
  try {
    const db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    try {
      return (
        db.pragma('quick_check', { simple: true }) === 'ok' &&
        (db.pragma('user_version', { simple: true }) as number) > 0
      );
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The newest backup in the folder that opens and passes `PRAGMA quick_check`. */
export function newestGoodBackup(
  backupDir: string,
  nativeBinding?: string,
): { name: string; takenAt: string } | null {
  for (const b of listBackups(backupDir)) {
    if (checkFile(join(backupDir, b.name), nativeBinding)) return { name: b.name, takenAt: b.takenAt };
  }
  return null;
}

/**
 * Recovery at start-up (no connection open): moves the damaged file (and its -wal/-shm) aside as
 * `alongside.sqlite.damaged-<time>` (kept, never deleted) and copies the chosen backup into place with
 * SQLite's backup API. Returns where the damaged file went.
 */
export async function recoverFromBackup(
  file: string,
  backupDir: string,
  backupName: string,
  options: { nativeBinding?: string; now?: Date } = {},
): Promise<{ damagedCopy: string | null }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.sqlite$/.test(backupName))
    throw new Error('Choose a backup from the list.');
  const source = join(backupDir, backupName);
  if (!checkFile(source, options.nativeBinding)) throw new Error('That backup does not pass its check.');
  let damagedCopy: string | null = null;
  if (existsSync(file)) {
    damagedCopy = `${file}.damaged-${fileStamp(options.now)}`;
    renameSync(file, damagedCopy);
  }
  for (const suffix of ['-wal', '-shm', '-journal'])
    if (existsSync(file + suffix)) renameSync(file + suffix, `${damagedCopy ?? file}${suffix}.old`);
  const db = new Database(source, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  return { damagedCopy };
}
